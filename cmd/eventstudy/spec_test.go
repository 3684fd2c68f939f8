package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Spec files: every unknown key is listed with its line (and the flag it
// probably meant), a bad value is named in the user's terms with its line,
// and a spec without keys is an error instead of a run of the built-in
// sample into ./out (issue 13).
func TestSpecErrors(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	for _, c := range []struct {
		name, body string
		want       []string
		not        []string
	}{
		{"two-unknown", "# study\nevents: e.csv\nmodle: market\nestimation: [-250, -11]\nwindw: [-5, 5]\n",
			[]string{`s.yaml:3: "modle" (did you mean "model"?)`, `s.yaml:5: "windw" (did you mean "window"?)`}, nil},
		{"bad-int", "events: e.csv\n\nmin-est: abc\n",
			[]string{`s.yaml:3: min-est: "abc" is not a whole number`}, []string{"strconv", "ParseInt"}},
		{"empty", "", []string{"has no keys"}, nil},
		{"comments-only", "# a study, one day\n", []string{"has no keys"}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			spec := filepath.Join(dir, "s.yaml")
			if err := os.WriteFile(spec, []byte(c.body), 0o644); err != nil {
				t.Fatal(err)
			}
			code, _, stderr := runCLI(t, "run", spec)
			if code != exitUsage {
				t.Errorf("exit %d, want %d; stderr %q", code, exitUsage, stderr)
			}
			for _, w := range c.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr %q lacks %q", stderr, w)
				}
			}
			for _, w := range c.not {
				if strings.Contains(stderr, w) {
					t.Errorf("stderr %q says %q", stderr, w)
				}
			}
			if _, err := os.Stat(filepath.Join(dir, "out")); !os.IsNotExist(err) {
				t.Errorf("the bad spec wrote ./out: %v", err)
			}
		})
	}
}

// A spec's symbols file, like its other files, is relative to the spec's
// folder: the error of a malformed one names that path and its line.
func TestSpecSymbolsRelative(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "study")
	os.MkdirAll(dir, 0o755)
	os.WriteFile(filepath.Join(dir, "e.csv"), []byte("symbol,date\nFB,2018-08-06\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "syms.csv"), []byte("old,new,date\nFB,META,June 9\n"), 0o644)
	spec := filepath.Join(dir, "s.yaml")
	os.WriteFile(spec, []byte("events: e.csv\nsymbols: syms.csv\nsource: yahoo\n"), 0o644)
	t.Chdir(t.TempDir())
	code, _, stderr := runCLI(t, "run", spec, "--offline", "--cache", filepath.Join(dir, "c.db"), "--out", filepath.Join(dir, "out"))
	if code == exitOK || !strings.Contains(stderr, filepath.Join(dir, "syms.csv")+`:2: column "date"`) {
		t.Errorf("exit %d, stderr %q; want the spec folder's syms.csv:2 named", code, stderr)
	}
}
