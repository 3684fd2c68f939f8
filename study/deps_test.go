package study

import (
	"go/build"
	"strings"
	"testing"
)

// TestImports checks the policy of doc.go: study does no I/O and imports none of
// the project's other packages (STYLE.md §1). Standard packages are checked as
// direct imports (fmt itself imports os). A failure is a design question: move
// the code, do not edit this list.
func TestImports(t *testing.T) {
	pkg, err := build.ImportDir(".", 0)
	if err != nil {
		t.Fatal(err)
	}
	forbidden := []string{"os", "os/exec", "net", "net/http", "io/fs", "io/ioutil", "log", "log/slog",
		"math/rand", "math/rand/v2", "time/tzdata", "syscall", "unsafe"}
	for _, imp := range pkg.Imports {
		for _, f := range forbidden {
			if imp == f {
				t.Errorf("study imports %s", imp)
			}
		}
		if strings.HasPrefix(imp, "github.com/eventstudy/eventstudy/") {
			t.Errorf("study imports %s: it must import none of ours", imp)
		}
	}
}
