// Package layout checks the direction of the project's imports, so that the
// layout stays easy to see: study is pure computation, data does the I/O of
// prices and factors, charts draws, cmd wires. A package that reaches
// backwards fails this test.
package layout

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/eventstudy/eventstudy/"

// allowed lists, per package prefix, the project packages it may import
// (prefixes). Packages under cmd/ may import anything and none may import them.
var allowed = map[string][]string{
	"study":     {},
	"narrative": {"study", "internal/numfmt"},
	"charts":    {"study", "internal/numfmt"},
	// report writes the HTML page of a run's results: the tables' and
	// charts' output, the sentence and the manifest; nothing reads or fetches.
	"report": {"study", "charts", "narrative", "data/tables", "data/tidy", "internal/numfmt"},
	// render writes a run's charts, tables and report through a sink the
	// caller gives: it draws and formats, it opens no file.
	"render":               {"study", "charts", "report", "data/tables", "data/tidy"},
	"data/tidy":            {"study", "data"}, // writes study results; reads a finished run back (data's table reader, for regress)
	"data/tables":          {"study", "data/tidy", "internal/numfmt"},
	"data":                 {"data"}, // readers, providers, cache, calendar: no study
	"internal/engine":      {"data", "study"},
	"internal/simulate":    {"study"},
	"internal/journal":     {"study"},
	"internal/convflag":    {"study"},
	"internal/estudy2ref":  {}, // reference implementation of estudy2 for tests: imports none of ours
	"internal/factors":     {"data", "study"},
	"internal/replay":      {"internal/shareddata"},
	"internal/scale":       {},
	"internal/testsummary": {}, // make test's output: imports none of ours
	"internal/cpuclock":    {}, // CPU time for benchmarks: imports none of ours
	"internal/numfmt":      {}, // numbers written alike by charts, tables, the report and the sentences
	"internal/browser":     {},
	"internal/shareddata":  {},
	"internal/layout":      {},
	"internal/testdate":    {},
	"internal/svgread":     {},                                                          // reads charts back in tests
	"quick":                {"data", "study", "charts", "narrative", "internal/engine"}, // one event: quick and serve
	"web":                  {"data", "study", "charts", "quick"},                        // the page of serve; never cmd
}

func TestImportDirections(t *testing.T) {
	out, err := exec.Command("go", "list", "-json=ImportPath,Imports", "../../...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	n := 0
	for dec.More() {
		var p struct {
			ImportPath string
			Imports    []string
		}
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		n++
		name := strings.TrimPrefix(p.ImportPath, module)
		if strings.HasPrefix(name, "cmd/") {
			continue
		}
		rule, ok := rule(name)
		if !ok {
			t.Errorf("package %s has no import rule in layout_test.go: add one", name)
			continue
		}
		for _, imp := range p.Imports {
			if !strings.HasPrefix(imp, module) {
				continue
			}
			dep := strings.TrimPrefix(imp, module)
			if !permitted(dep, rule) {
				t.Errorf("%s imports %s: not allowed by the layout (allowed: %v)", name, dep, rule)
			}
		}
	}
	if n < 10 {
		t.Fatalf("go list found %d packages, want the whole module", n)
	}
}

// rule returns the rule of the longest matching prefix.
func rule(name string) ([]string, bool) {
	best, found := "", false
	for k := range allowed {
		if (name == k || strings.HasPrefix(name, k+"/")) && len(k) >= len(best) {
			best, found = k, true
		}
	}
	return allowed[best], found
}

func permitted(dep string, rule []string) bool {
	for _, r := range rule {
		if dep == r || strings.HasPrefix(dep, r+"/") {
			return true
		}
	}
	return false
}
