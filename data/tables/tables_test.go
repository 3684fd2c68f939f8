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
// that an XLSX round trip that rounds would show. The summary has a small
// window (N = 2) and a large one (N = 40), the cross-sectional t, Wilcoxon
// and the bootstrap.
func fixture() (study.Summary, []study.Result) {
	w := study.Window{Start: -1, End: 1}
	big := study.Window{Start: -10, End: 10}
	rs := []study.Result{
		{Event: study.Event{ID: "=cmd|' /C calc'!A0", Symbol: "AAA"}, Status: study.StatusOK, Day0: time.Date(2018, 8, 6, 0, 0, 0, 0, time.UTC),
			CARs: []study.CAR{{Window: w, NDays: 3, CAR: 0.0123456789012345, SE: 0.00987654321, T: 1.2499999, P: 0.0049, BHAR: 1e-7}}},
		{Event: study.Event{ID: "b_2&%", Symbol: "BBB"}, Status: study.StatusOK,
			CARs: []study.CAR{{Window: w, NDays: 3, CAR: -0.031, SE: math.NaN(), T: math.NaN(), P: math.NaN(), BHAR: -0.03}}},
		{Event: study.Event{ID: "c", Symbol: "CCC"}, Status: study.StatusUnknownSymbol},
	}
	nan := math.NaN()
	sum := study.Summary{Tests: []string{"cs_t", "wilcoxon", "bootstrap"},
		Windows: []study.WindowStats{
			{Window: w, N: 2, CAAR: -0.00933215, Tests: []study.Stat{
				{Test: "cs_t", Stat: -0.3, P: 0.08, CILow: nan, CIHigh: nan},
				{Test: "wilcoxon", Stat: 1, P: 1, CILow: nan, CIHigh: nan},
				{Test: "bootstrap", Stat: -0.00933215, P: 0.5, CILow: -0.031, CIHigh: 0.0123456789012345}}},
			{Window: big, N: 40, CAAR: -0.0812, Tests: []study.Stat{
				{Test: "cs_t", Stat: -4.1, P: 0.0002, CILow: nan, CIHigh: nan},
				{Test: "wilcoxon", Stat: 22683, P: 0.0004, CILow: nan, CIHigh: nan},
				{Test: "bootstrap", Stat: -0.0812, P: 0.001, CILow: -0.1201, CIHigh: -0.0402}}}},
		Days: []study.DayStats{
			{RelDay: -1, N: 2, AAR: -0.002, CAAR: -0.002, Tests: []study.Stat{{Test: "cs_t", Stat: -5, P: 0.0001}}},
			{RelDay: 0, N: 40, AAR: 0.001, CAAR: -0.001, Tests: []study.Stat{{Test: "cs_t", Stat: 2.5, P: 0.04}}}}}
	return sum, rs
}

// TestTestNames: every test of the battery has a readable name, written out
// here independently of the package's map, and the tables use it.
func TestTestNames(t *testing.T) {
	want := map[string]string{
		"cs_t":          "Cross-sectional t",
		"j1":            "J1 (Campbell–Lo–MacKinlay)",
		"j2":            "J2 (Campbell–Lo–MacKinlay)",
		"bw1980":        "Brown–Warner t (1980)",
		"bw1985":        "Brown–Warner t, dependence adj. (1985)",
		"patell":        "Patell Z",
		"patell_kp":     "Patell Z (Kolari–Pynnönen adj.)",
		"bmp":           "BMP t",
		"bmp_kp":        "BMP t (Kolari–Pynnönen adj.)",
		"lamb":          "Lamb Z",
		"corrado_rank":  "Corrado rank",
		"cz_rank":       "Corrado–Zivney rank",
		"cowan_rank":    "Cowan rank",
		"grank":         "Generalized rank (GRANK)",
		"sign":          "Sign test",
		"gen_sign":      "Generalized sign (Cowan)",
		"cz_sign":       "Corrado–Zivney sign",
		"wilcoxon":      "Wilcoxon signed-rank V",
		"skew_t":        "Skewness-adjusted t",
		"skew_t_bhar":   "Skewness-adjusted t (BHAR)",
		"bootstrap":     "Bootstrap CAAR, % [95% percentile interval]",
		"bootstrap_bca": "Bootstrap CAAR, % [95% BCa interval]",
	}
	battery := study.BatteryTests()
	if len(battery) != len(want) {
		t.Errorf("the battery has %d tests, this test names %d: name the new ones", len(battery), len(want))
	}
	seen := map[string]bool{}
	for _, tt := range battery {
		got := tables.TestName(tt.Name)
		if w, ok := want[tt.Name]; !ok || got != w {
			t.Errorf("TestName(%q) = %q, want %q", tt.Name, got, w)
		}
		if seen[got] {
			t.Errorf("two tests are called %q", got)
		}
		seen[got] = true
	}
	if got := tables.TestName("volume_t"); got != "volume_t" {
		t.Errorf("TestName of an unknown code = %q, want the code", got)
	}
	// the names reach every table that names a test
	sum, _ := fixture()
	md := tables.Markdown(tables.Tests(sum), tables.Options{})
	for _, n := range []string{"| Cross-sectional t |", "| Wilcoxon signed-rank V |", "| Bootstrap CAAR, % [95% percentile interval] |"} {
		if !strings.Contains(md, n) {
			t.Errorf("tests table lacks the row %q:\n%s", n, md)
		}
	}
	for _, tb := range []*tables.Table{tables.Summary(sum), tables.AAR(sum)} {
		if h := tables.XLSXColumns(tb); !strings.Contains(strings.Join(h, "|"), "|Cross-sectional t|p") {
			t.Errorf("%s header %q: want the first test by name, then p", tb.Name, h)
		}
		if strings.Contains(tables.Markdown(tb, tables.Options{}), "cs_t") {
			t.Errorf("%s shows the code cs_t", tb.Name)
		}
	}
}

// TestNumbers checks what a reader sees in each cell kind: "< 0.001" below
// 0.001, true minus signs, percent, counts and rank sums as integers.
func TestNumbers(t *testing.T) {
	sum, rs := fixture()
	md := tables.Markdown(tables.Tests(sum), tables.Options{})
	for _, want := range []string{
		"| Wilcoxon signed-rank V | 1 (1.000) | 22,683 (< 0.001) |", // V whole and grouped as the charts group counts, p < 0.001
		"| Cross-sectional t | −0.30 (0.080) | −4.10 (< 0.001) |",   // U+2212
		"| Bootstrap CAAR, % [95% percentile interval] | −0.93% [−3.10%, 1.23%] (0.500) | −8.12% [−12.01%, −4.02%] (0.001) |",
		"| Test | [−1, +1] | [−10, +10] |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("tests table lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "0.000") || strings.Contains(md, "22683.00") || strings.Contains(md, "-0") {
		t.Errorf("tests table shows 0.000, 22683.00 or a hyphen-minus:\n%s", md)
	}
	h := tables.HTML(tables.Summary(sum), tables.Options{})
	for _, want := range []string{`<td class="num">−0.93</td>`, `<td class="num">2</td>`, `<td class="num">< 0.001</td>`, `<td>[−10, +10]</td>`} {
		if !strings.Contains(h, strings.ReplaceAll(want, "< ", "&lt; ")) {
			t.Errorf("summary html lacks %q:\n%s", want, h)
		}
	}
	// a value that rounds to zero has no sign; a tied Wilcoxon V keeps its .5
	sum.Windows[0].CAAR = -0.000001
	sum.Windows[0].Tests[1].Stat = 10.5
	if md := tables.Markdown(tables.Summary(sum), tables.Options{}); !strings.Contains(md, "| [−1, +1] | 2 | 0.00 |") {
		t.Errorf("−0.0001%% should show 0.00:\n%s", md)
	}
	if md := tables.Markdown(tables.Tests(sum), tables.Options{}); !strings.Contains(md, "| 10.5 (1.000) |") {
		t.Errorf("V = 10.5 should show 10.5:\n%s", md)
	}
	car := tables.Markdown(tables.CARs(rs, tables.Options{}), tables.Options{})
	if !strings.Contains(car, "| −3.10 |") || !strings.Contains(car, "| 3 |") || !strings.Contains(car, "| 0.005 |") {
		t.Errorf("car table: want −3.10, 3 days, p 0.005:\n%s", car)
	}
}

// TestStarsRule: stars across events only from MinStarsN events on, with
// the rule in the note and a small-sample warning when some N is smaller;
// a per-event CAR keeps its stars whatever the number of events.
func TestStarsRule(t *testing.T) {
	sum, rs := fixture()
	o := tables.Options{Stars: true}
	tm := tables.Markdown(tables.Tests(sum), o)
	if !strings.Contains(tm, "| −0.30 (0.080) | −4.10*** (< 0.001) |") {
		t.Errorf("cs_t: want no star at N = 2 (p = 0.08) and *** at N = 40:\n%s", tm)
	}
	sm := tables.Markdown(tables.Summary(sum), o)
	for _, want := range []string{"| [−1, +1] | 2 | −0.93 |", "| [−10, +10] | 40 | −8.12*** |",
		"Stars only where at least 30 events", "Small sample: N = 2 (under 30 events)"} {
		if !strings.Contains(sm, want) {
			t.Errorf("summary lacks %q:\n%s", want, sm)
		}
	}
	am := tables.Markdown(tables.AAR(sum), o)
	if !strings.Contains(am, "| −1 | 2 | −0.20 |") || !strings.Contains(am, "| 0 | 40 | 0.10** |") {
		t.Errorf("aar: want no stars on day −1 (N = 2, p = 0.0001), ** on day 0:\n%s", am)
	}
	car := tables.Markdown(tables.CARs(rs, o), o)
	if !strings.Contains(car, "| 1.23*** |") || strings.Contains(car, "Small sample") || !strings.Contains(car, tables.StarsNote) {
		t.Errorf("car: want the event's own stars, the stars note, no small-sample warning:\n%s", car)
	}
	for _, w := range sum.Windows {
		w.N = 40
	}
	sum.Windows[0].N, sum.Days[0].N = 40, 40
	if sm := tables.Markdown(tables.Summary(sum), tables.Options{}); strings.Contains(sm, "Small sample") || strings.Contains(sm, "Stars only") {
		t.Errorf("N ≥ 30 everywhere and no stars asked: want neither warning nor stars rule:\n%s", sm)
	}
}

// TestWrite: each format of Write is its function's output; an unknown
// format is an error that names it.
func TestWrite(t *testing.T) {
	sum, _ := fixture()
	tb := tables.Summary(sum)
	o := tables.Options{Stars: true}
	for format, want := range map[string]string{"md": tables.Markdown(tb, o), "tex": tables.LaTeX(tb, o), "html": tables.HTML(tb, o)} {
		var b bytes.Buffer
		if err := tables.Write(&b, tb, format, o); err != nil || b.String() != want {
			t.Errorf("Write(%s): %v\n%s", format, err, b.String())
		}
	}
	if err := tables.Write(&bytes.Buffer{}, tb, "xlsx", o); err == nil || !strings.Contains(err.Error(), `"xlsx"`) {
		t.Errorf("Write(xlsx) = %v, want an error naming the format (XLSX is WriteXLSX)", err)
	}
}

// TestXLSXRoundTrip reads the workbook back with excelize and compares every
// number with the float64 it came from, exactly, and checks that formula-like
// text is neutralised and the number formats (percent, "< 0.001").
func TestXLSXRoundTrip(t *testing.T) {
	sum, rs := fixture()
	ts := tables.All(sum, rs, tables.Options{})
	var b bytes.Buffer
	if err := tables.WriteXLSX(&b, ts); err != nil {
		t.Fatal(err)
	}
	var again bytes.Buffer
	if err := tables.WriteXLSX(&again, tables.All(sum, rs, tables.Options{})); err != nil || !bytes.Equal(again.Bytes(), b.Bytes()) {
		t.Errorf("the same tables gave another workbook (err %v): want the same bytes", err)
	}
	if err := tables.WriteXLSX(&again, []*tables.Table{{Name: "a/b"}}); err == nil || !strings.Contains(err.Error(), `"a/b"`) {
		t.Errorf("sheet name a/b: err %v, want one naming it", err)
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
	want := []string{"Event", "Symbol", "Day 0", "Window", "Days", "CAR, %", "SE, %", "t", "p", "BHAR, %"}
	if strings.Join(rows[0], "|") != strings.Join(want, "|") {
		t.Fatalf("header %q, want %q (each value once)", rows[0], want)
	}
	if len(rows) < 3 {
		t.Fatalf("%d rows, want header + 2 OK events", len(rows))
	}
	if rows[1][0] != "'=cmd|' /C calc'!A0" {
		t.Errorf("formula-like id written as %q, want it neutralised with a leading quote", rows[1][0])
	}
	c := rs[0].CARs[0]
	for j, x := range []float64{3, c.CAR, c.SE, c.T, c.P, c.BHAR} {
		got, err := strconv.ParseFloat(rows[1][4+j], 64)
		if err != nil || got != x {
			t.Errorf("row 1 col %d: %q, want exactly %v", 4+j, rows[1][4+j], x)
		}
	}
	if len(rows[2]) > 6 && rows[2][6] != "" {
		t.Errorf("NaN SE written as %q, want an empty cell", rows[2][6])
	}
	tr, _ := f.GetRows("tests", excelize.Options{RawCellValue: true})
	if len(tr) < 4 || strings.Join(tr[0], "|") != "Test|[−1, +1]|[−1, +1] p|[−1, +1] low|[−1, +1] high|[−10, +10]|[−10, +10] p|[−10, +10] low|[−10, +10] high" ||
		strings.Join(tr[1][:3], "|") != "Cross-sectional t|-0.3|0.08" || tr[2][5] != "22683" {
		t.Errorf("tests sheet %q", tr)
	}
	boot := sum.Windows[1].Tests[2]
	for j, x := range []float64{boot.Stat, boot.P, boot.CILow, boot.CIHigh} {
		if got, err := strconv.ParseFloat(tr[3][5+j], 64); err != nil || got != x {
			t.Errorf("bootstrap [−10, +10] col %d: %q, want exactly %v", 5+j, tr[3][5+j], x)
		}
	}
	s, _ := f.GetCellValue("summary", "C2", excelize.Options{RawCellValue: true})
	if got, _ := strconv.ParseFloat(s, 64); got != sum.Windows[0].CAAR {
		t.Errorf("summary CAAR %q, want %v", s, sum.Windows[0].CAAR)
	}
	numFmt := func(sheet, cell string) string {
		id, err := f.GetCellStyle(sheet, cell)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil || st.CustomNumFmt == nil {
			t.Fatalf("%s!%s: style %d %v", sheet, cell, id, err)
		}
		return *st.CustomNumFmt
	}
	for _, c := range []struct{ sheet, cell, want string }{
		{"summary", "C2", "0.00%"}, {"summary", "B2", "0"}, {"summary", "F3", `[<0.001]"< 0.001";0.000`},
		{"tests", "F4", "0.00%"}, {"tests", "H4", "0.00%"}, {"tests", "F2", "0.00"}, {"tests", "F3", "General"},
	} {
		if got := numFmt(c.sheet, c.cell); got != c.want {
			t.Errorf("%s!%s number format %q, want %q", c.sheet, c.cell, got, c.want)
		}
	}
	note, _ := f.GetCellValue("summary", "A5")
	if !strings.Contains(note, "Small sample") {
		t.Errorf("summary sheet note %q: want the small-sample warning", note)
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
	for _, want := range []string{"<caption>", "<tfoot>"} {
		if !strings.Contains(h, want) {
			t.Errorf("html lacks %q:\n%s", want, h)
		}
	}
	if h2 := tables.HTML(tables.CARs([]study.Result{{Event: study.Event{ID: "<script>"}, Status: study.StatusOK,
		CARs: []study.CAR{{}}}}, tables.Options{}), tables.Options{}); strings.Contains(h2, "<script>") {
		t.Error("html does not escape text")
	}
}

// TestLaTeX checks the booktabs structure, the parenthesised t under the
// CAR printed once (its own column left out), the stars and their note,
// escaping, math minus and <; and compiles the tables when pdflatex is
// installed (skipped otherwise; CI installs it).
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
	summary, tests, car := docs[0], docs[1], docs[2]
	// the summary's t: once, in parentheses under the CAAR; no column of its own
	for _, want := range []string{"Window & N & CAAR, \\% & Mean BHAR, \\% & p \\\\", "$-$8.12$^{***}$", "($-$4.10)", "$<$ 0.001",
		"Cross-sectional t in parentheses", "{}[$-$10, +10]"} {
		if !strings.Contains(summary, want) {
			t.Errorf("summary lacks %q:\n%s", want, summary)
		}
	}
	if n := strings.Count(summary, "4.10"); n != 1 {
		t.Errorf("summary prints the t statistic 4.10 %d times, want once:\n%s", n, summary)
	}
	if !strings.Contains(tests, " & $-$8.12\\%$^{***}$ \\\\*\n & {}[$-$3.10, 1.23] & {}[$-$12.01, $-$4.02] \\\\*\n & (0.500) & (0.001) \\\\\n") {
		t.Errorf("tests: want the bootstrap CAAR in percent with stars, its interval on the line under, then p:\n%s", tests)
	}
	if strings.Contains(tests, "\\small\n") || strings.Contains(tests, "makebox") {
		t.Errorf("tests (3 columns): want normal type, no box:\n%s", tests)
	}
	// the event (Event, Symbol, Day 0) heads its rows once instead of
	// widening every row; the page still has six columns, set \small
	if !strings.Contains(car, "\\small\n\\setlength{\\tabcolsep}{4pt}") || !strings.Contains(car, "\\begin{tabular}{lrrrrr}") ||
		!strings.Contains(car, "\\multicolumn{6}{@{}l}{Event b\\_2\\&\\%; Symbol BBB} \\\\*\n") ||
		!strings.Contains(car, "\\addlinespace\n") || strings.Contains(car, "Event &") || strings.Contains(car, "makebox") {
		t.Errorf("car table: want \\small, the event as a heading over its rows, no Event column:\n%s", car)
	}
	for _, want := range []string{"1.23$^{***}$", "(1.25)", `b\_2\&\%`, "Significance: * p $<$ 0.10", "t of the CAR in parentheses",
		"Window & Days & CAR, \\% & SE, \\% & p & BHAR, \\% \\\\"} {
		if !strings.Contains(car, want) {
			t.Errorf("car table lacks %q:\n%s", want, car)
		}
	}
	se := tables.LaTeX(tables.CARs(rs, tables.Options{SE: true}), tables.Options{SE: true})
	if !strings.Contains(se, "(0.99)") || !strings.Contains(se, "SE of the CAR") || !strings.Contains(se, "CAR, \\% & t & p") {
		t.Errorf("SE option: want (0.99), its note, and the t column instead of the SE column:\n%s", se)
	}
	if strings.Contains(strings.Join(docs, ""), "−") {
		t.Error("LaTeX contains a raw U+2212 (pdflatex would drop it)")
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

// TestVolume: in a volume study the abnormal "returns" are abnormal log
// volumes: shown with 3 decimals, not ×100 as percent, and named so.
func TestVolume(t *testing.T) {
	sum, rs := fixture()
	o := tables.Options{Measure: study.MeasureVolume}
	ts := tables.All(sum, rs, o)
	md := tables.Markdown(ts[0], o)
	for _, want := range []string{"Cumulative average abnormal log volume (CAAR) by window", "| Window | N | CAAR, log volume | Mean BHAR, log volume |",
		"| [−10, +10] | 40 | −0.081 |", "Volume study: AR, CAR and CAAR are abnormal log volumes"} {
		if !strings.Contains(md, want) {
			t.Errorf("volume summary lacks %q:\n%s", want, md)
		}
	}
	if tm := tables.Markdown(ts[1], o); !strings.Contains(tm, "| Bootstrap CAAR, log volume [95% percentile interval] | −0.009 [−0.031, 0.012] (0.500) |") {
		t.Errorf("volume tests table: want the bootstrap CAAR as a log volume:\n%s", tm)
	}
	var b bytes.Buffer
	if err := tables.WriteXLSX(&b, ts); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	id, _ := f.GetCellStyle("summary", "C2")
	if st, err := f.GetStyle(id); err != nil || st.CustomNumFmt == nil || *st.CustomNumFmt != "0.000" {
		t.Errorf("volume CAAR number format: %v %v, want 0.000", st, err)
	}
	// returns and volatility studies keep percent
	for _, m := range []study.Measure{study.MeasureReturns, study.MeasureVolatility} {
		if md := tables.Markdown(tables.All(sum, rs, tables.Options{Measure: m})[0], tables.Options{}); !strings.Contains(md, "| −8.12 |") {
			t.Errorf("measure %v: want the CAAR in percent:\n%s", m, md)
		}
	}
}

// TestHTMLTableAndNote: HTMLTable is HTML without its note, which NoteText
// gives with the stars' rule when stars are shown.
func TestHTMLTableAndNote(t *testing.T) {
	sum, _ := fixture()
	tb := tables.Summary(sum)
	o := tables.Options{Stars: true}
	full, bare := tables.HTML(tb, o), tables.HTMLTable(tb, o)
	if strings.Contains(bare, "<tfoot>") || !strings.Contains(full, "<tfoot>") || !strings.HasPrefix(full, strings.TrimSuffix(bare, "</table>\n")) {
		t.Errorf("HTMLTable should be HTML without the note:\n%s\n%s", bare, full)
	}
	if n := tb.NoteText(o); !strings.Contains(n, "Small sample") || !strings.Contains(n, "Stars only where") {
		t.Errorf("NoteText = %q", n)
	}
	if n := tb.NoteText(tables.Options{}); strings.Contains(n, "Significance") {
		t.Errorf("NoteText without stars = %q", n)
	}
}

// TestLaTeXLongAndParts: five windows are set in three parts of at most two
// windows, each repeating the test names, captioned "part i of 3" with its
// own label and the note only under the last; a table of more lines than a
// page holds (the CARs of 20 events) is a longtable with its header
// repeated under "(continued)" and a "continued on next page" footer, and
// its first line says it needs longtable; a short one is a float needing
// booktabs only.
func TestLaTeXLongAndParts(t *testing.T) {
	sum, rs := fixture()
	for i := range 3 {
		sum.Windows = append(sum.Windows, sum.Windows[i%2])
	}
	tests := tables.LaTeX(tables.Tests(sum), tables.Options{})
	if n := strings.Count(tests, "\\begin{table}"); n != 3 {
		t.Errorf("tests with 5 windows: %d parts, want 3:\n%s", n, tests)
	}
	for _, want := range []string{"(part 1 of 3)}\n\\label{tab:tests}\n\\begin{tabular}{lr}", "(part 2 of 3)}\n\\label{tab:tests-2}\n\\begin{tabular}{lrr}",
		"(part 3 of 3)}\n\\label{tab:tests-3}\n\\begin{tabular}{lrr}", `% eventstudy table "tests": needs \usepackage{booktabs} in the preamble.`} {
		if !strings.Contains(tests, want) {
			t.Errorf("tests with 5 windows lack %q:\n%s", want, tests)
		}
	}
	if strings.Count(tests, "Cross-sectional t\\strut}") != 3 || strings.Count(tests, "p-value in parentheses.") != 1 ||
		strings.Index(tests, "p-value in parentheses.") < strings.Index(tests, "(part 3 of 3)") {
		t.Errorf("want the test names in each part and the note once, under the last:\n%s", tests)
	}
	var many []study.Result
	for range 20 {
		many = append(many, rs[0])
	}
	car := tables.LaTeX(tables.CARs(many, tables.Options{}), tables.Options{})
	for _, want := range []string{`% eventstudy table "car": needs \usepackage{booktabs} and \usepackage{longtable} in the preamble.`,
		"\\begin{longtable}{lrrrrr}\n\\caption{Cumulative abnormal returns (CAR) by event}\\label{tab:car}\\\\\n\\toprule\n",
		"\\endfirsthead\n\\caption[]{Cumulative abnormal returns (CAR) by event (continued)}\\\\\n\\toprule\nWindow & Days",
		"\\endhead\n\\midrule\n\\multicolumn{6}{r}{\\footnotesize\\itshape continued on next page}\\\\\n\\endfoot\n\\bottomrule\n\\endlastfoot\n"} {
		if !strings.Contains(car, want) {
			t.Errorf("CARs of 20 events lack %q:\n%s", want, car)
		}
	}
	if strings.Contains(car, "\\begin{table}") {
		t.Error("a long table in a float would run off the page")
	}
	if short := tables.LaTeX(tables.CARs(rs, tables.Options{}), tables.Options{}); strings.Contains(short, "longtable") {
		t.Errorf("the CARs of 2 events need no longtable:\n%s", short)
	}
	rs[0].Event.ID = "Cambridge Analytica: Facebook suspends the firm, 17 March"
	short := tables.LaTeX(tables.CARs(rs, tables.Options{}), tables.Options{})
	if !strings.Contains(short, "\\multicolumn{6}{@{}l}{\\parbox[t]{0.6\\linewidth}{\\raggedright Event Cambridge Analytica: Facebook") ||
		!strings.Contains(short, "\\multicolumn{6}{@{}l}{Event b\\_2") {
		t.Errorf("want a long event heading wrapped, narrower than the table, and a short one on its line:\n%s", short)
	}
}
