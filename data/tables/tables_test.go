package tables_test

import (
	"bytes"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/eventstudy/eventstudy/data/tables"
	"github.com/eventstudy/eventstudy/study"
)

// fixture: two OK events and a failed one, CAR values with many digits so
// that an XLSX round trip that rounds would show.
func fixture() (study.Summary, []study.Result) {
	w := study.Window{Start: -1, End: 1}
	rs := []study.Result{
		{Event: study.Event{ID: "=cmd|' /C calc'!A0", Symbol: "AAA"}, Status: study.StatusOK, Day0: time.Date(2018, 8, 6, 0, 0, 0, 0, time.UTC),
			CARs: []study.CAR{{Window: w, NDays: 3, CAR: 0.0123456789012345, SE: 0.00987654321, T: 1.2499999, P: 0.0049, BHAR: 1e-7}}},
		{Event: study.Event{ID: "b_2&%", Symbol: "BBB"}, Status: study.StatusOK,
			CARs: []study.CAR{{Window: w, NDays: 3, CAR: -0.031, SE: math.NaN(), T: math.NaN(), P: math.NaN(), BHAR: -0.03}}},
		{Event: study.Event{ID: "c", Symbol: "CCC"}, Status: study.StatusUnknownSymbol},
	}
	sum := study.Summary{Tests: []string{"cs_t"},
		Windows: []study.WindowStats{{Window: w, N: 2, CAAR: -0.00933215, Tests: []study.Stat{{Test: "cs_t", Stat: -0.3, P: 0.08}}}},
		Days:    []study.DayStats{{RelDay: 0, N: 2, AAR: 0.001, CAAR: 0.001, Tests: []study.Stat{{Test: "cs_t", Stat: 2.5, P: 0.04}}}}}
	return sum, rs
}

// TestXLSXRoundTrip reads the workbook back with excelize and compares every
// number with the float64 it came from, exactly, and checks that formula-like
// text is neutralised.
func TestXLSXRoundTrip(t *testing.T) {
	sum, rs := fixture()
	ts := tables.All(sum, rs, tables.Options{})
	var b bytes.Buffer
	if err := tables.WriteXLSX(&b, ts); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); strings.Join(got, ",") != "summary,tests,car,aar" {
		t.Fatalf("sheets %v", got)
	}
	rows, err := f.GetRows("car", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Event", "Symbol", "Day 0", "Window", "Days", "CAR, %", "CAR, % t", "SE, %", "t", "p", "BHAR, %"}
	if strings.Join(rows[0], "|") != strings.Join(want, "|") {
		t.Fatalf("header %q, want %q", rows[0], want)
	}
	if len(rows) < 3 {
		t.Fatalf("%d rows, want header + 2 OK events", len(rows))
	}
	if rows[1][0] != "'=cmd|' /C calc'!A0" {
		t.Errorf("formula-like id written as %q, want it neutralised with a leading quote", rows[1][0])
	}
	c := rs[0].CARs[0]
	for j, x := range []float64{c.CAR, c.T, c.SE, c.T, c.P, c.BHAR} {
		got, err := strconv.ParseFloat(rows[1][5+j], 64)
		if err != nil || got != x {
			t.Errorf("row 1 col %d: %q, want exactly %v", 5+j, rows[1][5+j], x)
		}
	}
	if len(rows[2]) > 7 && rows[2][7] != "" {
		t.Errorf("NaN SE written as %q, want an empty cell", rows[2][7])
	}
	tr, _ := f.GetRows("tests", excelize.Options{RawCellValue: true})
	if len(tr) < 2 || strings.Join(tr[0], "|") != "Test|[-1, +1]|[-1, +1] p" || tr[1][1] != "-0.3" || tr[1][2] != "0.08" {
		t.Errorf("tests sheet %q", tr)
	}
	s, _ := f.GetCellValue("summary", "C2", excelize.Options{RawCellValue: true})
	if got, _ := strconv.ParseFloat(s, 64); got != sum.Windows[0].CAAR {
		t.Errorf("summary CAAR %q, want %v", s, sum.Windows[0].CAAR)
	}
}

func TestMarkdownAndHTML(t *testing.T) {
	sum, rs := fixture()
	car := tables.CARs(rs, tables.Options{})
	md := tables.Markdown(car, tables.Options{Stars: true})
	for _, want := range []string{"| Event | Symbol |", "| ---: |", "| 1.23*** |", `=cmd\|' /C calc'!A0`, tables.StarsNote} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	h := tables.HTML(tables.Summary(sum), tables.Options{})
	for _, want := range []string{"<caption>", `<td class="num">-0.93</td>`, "<tfoot>"} {
		if !strings.Contains(h, want) {
			t.Errorf("html lacks %q:\n%s", want, h)
		}
	}
	tm := tables.Markdown(tables.Tests(sum), tables.Options{Stars: true})
	if !strings.Contains(tm, "| cs_t | -0.30* (0.080) |") {
		t.Errorf("tests table: want the statistic, stars and p inline:\n%s", tm)
	}
	if h2 := tables.HTML(tables.CARs([]study.Result{{Event: study.Event{ID: "<script>"}, Status: study.StatusOK,
		CARs: []study.CAR{{}}}}, tables.Options{}), tables.Options{}); strings.Contains(h2, "<script>") {
		t.Error("html does not escape text")
	}
}

// TestLaTeX checks the booktabs structure, the parenthesised t under the
// CAR, the stars and their note, escaping; and compiles the tables when
// pdflatex is installed (skipped otherwise; CI installs it).
func TestLaTeX(t *testing.T) {
	sum, rs := fixture()
	var docs []string
	for _, tb := range tables.All(sum, rs, tables.Options{Stars: true}) {
		s := tables.LaTeX(tb, tables.Options{Stars: true})
		for _, want := range []string{"\\toprule", "\\midrule", "\\bottomrule", "\\begin{tabular}", "\\end{table}"} {
			if strings.Count(s, want) != 1 {
				t.Errorf("%s: %q appears %d times", tb.Name, want, strings.Count(s, want))
			}
		}
		docs = append(docs, s)
	}
	car := docs[2]
	for _, want := range []string{"1.23$^{***}$", "(1.25)", `b\_2\&\%`, "Significance: * p < 0.10", "t of the CAR in parentheses"} {
		if !strings.Contains(car, want) {
			t.Errorf("car table lacks %q:\n%s", want, car)
		}
	}
	se := tables.LaTeX(tables.CARs(rs, tables.Options{SE: true}), tables.Options{SE: true})
	if !strings.Contains(se, "(0.99)") || !strings.Contains(se, "SE of the CAR") {
		t.Errorf("SE option: want (0.99) and its note:\n%s", se)
	}
	engine, err := exec.LookPath("pdflatex")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdflatex not found; .ci/run installs texlive")
		}
		t.Skip("pdflatex not installed: structure checked, not compiled")
	}
	dir := t.TempDir()
	doc := "\\documentclass{article}\n\\usepackage{booktabs}\n\\begin{document}\n" + strings.Join(docs, "\n") + "\\end{document}\n"
	if err := os.WriteFile(filepath.Join(dir, "t.tex"), []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(engine, "-interaction=nonstopmode", "-halt-on-error", "t.tex")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("pdflatex: %v\n%s", err, out)
	}
}
