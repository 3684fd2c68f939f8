package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/eventstudy/eventstudy/internal/shareddata"
)

// TestLaTeXTablesFitThePage compiles every tables/*.tex of two runs, the
// three Facebook events (examples/fb_events.csv on the Bluefin and Kriti
// prices) and 300 random S&P 500 events (every table written, the CAR
// table's 1,200 rows too: --max-table-rows 0), each table alone in a minimal
// article on a4paper and letterpaper at 10 and 12 pt, loading only the
// packages the file's first line says it needs, as docs/outputs.md tells a
// student to. pdflatex runs until longtable's column widths settle; the log
// must then hold no "Overfull \hbox" (a table wider than the text), no
// "Overfull \vbox" and no "Float too large" (a table taller than the text
// block). A long table (the S&P CAR table, AAR by day, the tests) must be a
// longtable, with the header repeated on each page.
func TestLaTeXTablesFitThePage(t *testing.T) {
	engine, err := exec.LookPath("pdflatex")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdflatex not found; .ci/run installs texlive")
		}
		t.Skip("pdflatex not installed")
	}
	if testing.Short() {
		t.Skip("compiles 32 LaTeX documents")
	}
	bluefin := shareddata.Path(t, "yahoo_bluefin_2020")
	kriti := shareddata.Path(t, "yahoo_kriti_2020")
	dir := t.TempDir()
	fb := filepath.Join(dir, "fb")
	if code, stdout, stderr := runCLI(t, "run", "--events", "../../examples/fb_events.csv", "--prices", bluefin, "--prices", kriti,
		"--out", fb, "--charts", "none", "--no-report", "--quiet"); code != exitOK {
		t.Fatalf("fb run: exit %d\n%s\n%s", code, stdout, stderr)
	}
	events, panel, gspc := panelBatch(t, dir, 300)
	sp := filepath.Join(dir, "sp")
	if code, stdout, stderr := runCLI(t, "run", "--events", events, "--prices", panel, "--prices", gspc, "--market", "^GSPC",
		"--out", sp, "--charts", "none", "--no-report", "--max-table-rows", "0", "--quiet"); code != exitOK {
		t.Fatalf("S&P run: exit %d\n%s\n%s", code, stdout, stderr)
	}
	header := regexp.MustCompile(`^% eventstudy table "\w+": needs (\\usepackage\{booktabs\})( and (\\usepackage\{longtable\}))? in the preamble\.\n`)
	for _, run := range []struct {
		name string
		long []string // the tables that must break across pages
	}{{"fb", []string{"aar", "tests"}}, {"sp", []string{"aar", "tests", "car"}}} {
		files, _ := filepath.Glob(filepath.Join(dir, run.name, "tables", "*.tex"))
		if len(files) != 4 {
			t.Fatalf("%s: %d LaTeX tables, want 4: %v", run.name, len(files), files)
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			tex, name := string(b), strings.TrimSuffix(filepath.Base(f), ".tex")
			m := header.FindStringSubmatch(tex)
			if m == nil {
				t.Errorf("%s/%s.tex: first line does not say which packages it needs:\n%.200s", run.name, name, tex)
				continue
			}
			isLong := strings.Contains(tex, `\begin{longtable}`)
			if isLong != (m[3] != "") || strings.Contains(tex, `\begin{table}`) == isLong {
				t.Errorf("%s/%s.tex: longtable %v, but the header says %q", run.name, name, isLong, m[0])
			}
			if want := slices.Contains(run.long, name); want && (!isLong || !strings.Contains(tex, `\endhead`) || !strings.Contains(tex, "continued on next page")) {
				t.Errorf("%s/%s.tex: a long table, want a longtable with a repeated header and a continued footer", run.name, name)
			}
			for _, class := range []string{"a4paper,10pt", "a4paper,12pt", "letterpaper,10pt", "letterpaper,12pt"} {
				doc := "\\documentclass[" + class + "]{article}\n" + m[1] + "\n" + m[3] + "\n\\begin{document}\nSome text before the table.\n\n" +
					tex + "\nSome text after it.\n\\end{document}\n"
				log := compileTeX(t, engine, doc)
				for _, bad := range []string{"Overfull \\hbox", "Overfull \\vbox", "Float too large"} {
					if i := strings.Index(log, bad); i >= 0 {
						t.Errorf("%s/%s.tex on %s: %s", run.name, name, class, log[i:min(len(log), i+120)])
					}
				}
			}
		}
	}
}

// compileTeX runs pdflatex on doc until no rerun is asked for (longtable
// settles its column widths over passes; at most four) and returns the log.
func compileTeX(t *testing.T, engine, doc string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "t.tex"), []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	var log string
	for range 4 {
		cmd := exec.Command(engine, "-interaction=nonstopmode", "-halt-on-error", "t.tex")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("pdflatex: %v\n%s", err, out)
		}
		b, err := os.ReadFile(filepath.Join(dir, "t.log"))
		if err != nil {
			t.Fatal(err)
		}
		if log = string(b); !strings.Contains(log, "Rerun") {
			return log
		}
	}
	t.Fatalf("pdflatex still asks for a rerun after 4 passes:\n%s", log)
	return ""
}
