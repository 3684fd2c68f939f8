package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"image/png"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/eventstudy/eventstudy/internal/browser"
	"github.com/eventstudy/eventstudy/internal/shareddata"
)

// TestRenderSample runs on the built-in sample with every format: PNGs decode
// at 1200×675, SVG/PDF/tables/report exist, nothing lands outside --out, and
// no temporary file is left.
func TestRenderSample(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	code, stdout, stderr := runCLI(t, "run", "--out", out, "--quiet", "--charts", "png,svg,pdf", "--stars")
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	pngs, _ := filepath.Glob(filepath.Join(out, "charts", "*.png"))
	if len(pngs) < 3 {
		t.Fatalf("%d PNG charts, want per-event and study charts", len(pngs))
	}
	for _, p := range pngs {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if s := img.Bounds().Size(); s.X != 1200 || s.Y != 675 {
			t.Errorf("%s: %v, want 1200×675", filepath.Base(p), s)
		}
	}
	for _, name := range []string{"charts/caar.svg", "charts/caar.pdf", "charts/histogram.svg", "tables/summary.md",
		"tables/car.tex", "tables/aar.html", "tables/results.xlsx", "report.html"} {
		if st, err := os.Stat(filepath.Join(out, name)); err != nil || st.Size() == 0 {
			t.Errorf("%s missing or empty: %v", name, err)
		}
	}
	filepath.Walk(out, func(p string, info os.FileInfo, err error) error {
		if err == nil && strings.Contains(info.Name(), ".tmp-") {
			t.Errorf("temporary file left: %s", p)
		}
		return nil
	})
	if code, _, stderr := runCLI(t, "run", "--out", out, "--quiet", "--charts", "gif"); code != exitUsage {
		t.Errorf("--charts gif: exit %d, want usage error\n%s", code, stderr)
	}
}

// fbRun runs the three FB events of the core issue on real Yahoo prices.
func fbRun(t *testing.T, extra ...string) string {
	t.Helper()
	shareddata.Path(t, "yahoo_bluefin_2020", "FB.csv")
	shareddata.Path(t, "yahoo_kriti_2020", "GSPC.csv")
	out := filepath.Join(t.TempDir(), "fb")
	args := append([]string{"run", "../../examples/fb.yaml", "--out", out, "--quiet"}, extra...)
	code, stdout, stderr := runCLI(t, args...)
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	return out
}

// TestFBChartGoldens guards each chart type drawn from the real FB estimates
// (testdata/fb_*.svg.golden; go test -update rewrites them; review the diff
// and look at the PNGs in the run's charts folder).
func TestFBChartGoldens(t *testing.T) {
	out := fbRun(t, "--charts", "svg")
	for _, name := range []string{"banks.price", "banks.ar", "caar", "histogram", "multiples"} {
		b, err := os.ReadFile(filepath.Join(out, "charts", name+".svg"))
		if err != nil {
			t.Fatal(err)
		}
		// the embedded font data is the charts package's business, not the drawing's
		b = regexp.MustCompile(`base64,[A-Za-z0-9+/=]+`).ReplaceAll(b, []byte("base64,…"))
		golden(t, "fb_"+name+".svg", string(b))
	}
}

// TestReportInBrowser opens the FB report.html in Debian's headless chromium:
// no console errors, one <svg> per chart, and a screenshot in
// $EVENTSTUDY_SCREENSHOTS (or the test's temp folder). Skips without
// chromium outside CI; fails under CI=true.
func TestReportInBrowser(t *testing.T) {
	bin := browser.Chromium(t)
	out := fbRun(t, "--stars")
	report, _ := filepath.Abs(filepath.Join(out, "report.html"))
	html, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{`src="`, `href="http`, "url(http", "<script", "<link", "<img", "caused"} {
		if bytes.Contains(html, []byte(bad)) {
			t.Errorf("report.html contains %q (want self-contained, careful language)", bad)
		}
	}
	shots := os.Getenv("EVENTSTUDY_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	}
	shot := filepath.Join(shots, "report.png")
	flags := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--no-first-run", "--user-data-dir=" + t.TempDir(),
		"--window-size=1200,2400", "--virtual-time-budget=3000", "--enable-logging=stderr", "--v=0"}
	ctx, cancel := context.WithTimeout(context.Background(), 90*1e9)
	defer cancel()
	dom, err := exec.CommandContext(ctx, bin, append(flags, "--dump-dom", "file://"+report)...).Output()
	if err != nil {
		t.Fatalf("chromium --dump-dom: %v", err)
	}
	// 3 events × (price + AR) + CAAR + histogram + multiples, each drawn for
	// a desktop and for a phone
	if n, m := bytes.Count(dom, []byte("<figure")), bytes.Count(dom, []byte("<svg")); n != 9 || m != 18 {
		t.Errorf("rendered DOM has %d figures and %d <svg> drawings, want 9 and 18", n, m)
	}
	for _, id := range []string{`id="table-summary"`, `id="table-car"`, `id="table-events"`, `id="table-inputs"`} {
		if !bytes.Contains(dom, []byte(id)) {
			t.Errorf("rendered DOM lacks %s", id)
		}
	}
	// the detector must see a console error on a page that has one
	bad := filepath.Join(t.TempDir(), "bad.html")
	os.WriteFile(bad, []byte(`<!DOCTYPE html><html><body><script>console.error("boom")</script></body></html>`), 0o644)
	if msgs := consoleMessages(ctx, t, bin, flags, bad, filepath.Join(t.TempDir(), "bad.png")); len(msgs) == 0 {
		t.Fatal("console detector saw nothing on a page that logs an error: check the chromium logging flags")
	}
	for _, m := range consoleMessages(ctx, t, bin, flags, report, shot) {
		t.Errorf("browser console: %s", m)
	}
	if st, err := os.Stat(shot); err != nil || st.Size() == 0 {
		t.Fatalf("no screenshot: %v", err)
	}
	t.Logf("screenshot: %s", shot)
	readReport(t, bin, report, shots)
}

// readReport reads the FB report as a person would, at a phone's width
// (400 px) and a desktop's (1400 px): the page never scrolls sideways, the
// charts fill the column with text of a readable size, wide tables scroll in
// their own boxes; the headings name the news, every data note is shown, the
// stars' rule is stated, tiny p-values read "< 0.001", and the events table
// says which number is the day-0 AR and which the CAR.
func readReport(t *testing.T, bin, report, shots string) {
	for _, width := range []int{400, 1400} {
		pg := browser.Open(t, bin, report, width, 900, width < 600)
		l := pg.Measure(t)
		if l.InnerWidth != float64(width) || l.ScrollWidth > l.InnerWidth {
			t.Errorf("%d px: the page is %v px wide and scrolls to %v px: want neither beyond the screen", width, l.InnerWidth, l.ScrollWidth)
		}
		if len(l.Charts) != 9 {
			t.Errorf("%d px: %d charts visible, want 9", width, len(l.Charts))
		}
		for _, w := range l.Charts {
			if width == 400 && w < 360 || width == 1400 && w < 600 {
				t.Errorf("%d px: a chart is %v px wide", width, w)
			}
		}
		if l.MinChartText < 9 {
			t.Errorf("%d px: the smallest chart text is %.1f px high, want at least 9", width, l.MinChartText)
		}
		for _, tb := range l.Tables {
			if tb.Box == 0 || tb.Width > tb.Box+1 && tb.Overflow != "auto" {
				t.Errorf("%d px: table %s (%v px) is not in a box that scrolls it (box %v px, overflow %q)", width, tb.ID, tb.Width, tb.Box, tb.Overflow)
			}
		}
		var text string
		pg.Eval(t, "document.body.innerText", &text)
		for _, want := range []string{
			"Reports that Facebook asked US banks for customer data", // a card's heading: the headline
			"Q2 2018 earnings released after the close",
			"Data note: other events of FB inside the estimation or event window", // the quality note
			"Other news in the event window.",                                     // earnings inside the banks window
			"falls on day −7 of this event's window",
			"Stars only where at least 30 events", // the stars' rule, with stars asked for
			"< 0.001",
			"Abnormal return on day 0", "CAR over days −1 to +1", // which statistic is which
		} {
			if !strings.Contains(text, want) {
				t.Errorf("%d px: the page does not say %q", width, want)
			}
		}
		var h3 []string
		pg.Eval(t, `Array.from(document.querySelectorAll("article h3")).map(h => h.textContent)`, &h3)
		if strings.Join(h3, "|") != "Cambridge Analytica data scandal breaks|Q2 2018 earnings released after the close|Reports that Facebook asked US banks for customer data" {
			t.Errorf("%d px: event headings %q, want the three headlines", width, h3)
		}
		pg.Screenshot(t, filepath.Join(shots, fmt.Sprintf("report-fb-%d.png", width)))
		t.Logf("%d px: charts %v px wide, smallest chart text %.1f px", width, l.Charts, l.MinChartText)
	}
}

// TestFBCAARBand checks the band of the CAAR chart against an independent
// computation from abnormal_returns.csv: at day +10, CAAR ± t(0.975, 2)·s/√3
// with s the sample SD of the three events' CARs and t(0.975, 2) =
// 4.302652729911275 (a printed t table gives 4.303).
func TestFBCAARBand(t *testing.T) {
	out := fbRun(t, "--charts", "svg", "--tables", "none", "--no-report")
	var cars []float64
	for _, r := range rows(readCSV(t, filepath.Join(out, "abnormal_returns.csv"))) {
		if r["rel_day"] == "10" {
			x, err := strconv.ParseFloat(r["car"], 64)
			if err != nil {
				t.Fatal(err)
			}
			cars = append(cars, x)
		}
	}
	if len(cars) != 3 {
		t.Fatalf("%d CARs on day +10, want 3", len(cars))
	}
	m := (cars[0] + cars[1] + cars[2]) / 3
	ss := 0.0
	for _, c := range cars {
		ss += (c - m) * (c - m)
	}
	half := 4.302652729911275 * math.Sqrt(ss/2) / math.Sqrt(3)
	f := func(x float64) string { return strings.Replace(fmt.Sprintf("%+.1f%%", 100*x), "-", "−", 1) }
	want := fmt.Sprintf("95%% band %s to %s", f(m-half), f(m+half))
	b, err := os.ReadFile(filepath.Join(out, "charts", "caar.svg"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(want)) {
		t.Errorf("caar.svg lacks %q", want)
	}
	if _, err := os.Stat(filepath.Join(out, "report.html")); err == nil {
		t.Error("--no-report wrote report.html")
	}
	if _, err := os.Stat(filepath.Join(out, "tables")); err == nil {
		t.Error("--tables none wrote tables/")
	}
}

// consoleMessages loads page in chromium, saves a screenshot and returns the
// console lines of its log (--enable-logging=stderr --v=0).
func consoleMessages(ctx context.Context, t *testing.T, bin string, flags []string, page, shot string) []string {
	t.Helper()
	cmd := exec.CommandContext(ctx, bin, append(flags, "--screenshot="+shot, "file://"+page)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium --screenshot: %v\n%s", err, stderr.String())
	}
	var out []string
	for _, line := range strings.Split(stderr.String(), "\n") {
		if strings.Contains(line, ":CONSOLE") || strings.Contains(line, "Uncaught") {
			out = append(out, line)
		}
	}
	return out
}

// TestQuickChartAndReport: quick --chart writes the newsroom PNG at 1200×675
// and --report a one-event page with its sentence and two charts.
func TestQuickChartAndReport(t *testing.T) {
	fb := shareddata.Path(t, "yahoo_bluefin_2020", "FB.csv")
	gspc := shareddata.Path(t, "yahoo_kriti_2020", "GSPC.csv")
	dir := t.TempDir()
	code, stdout, stderr := runCLI(t, "quick", "FB", "2018-08-06", "--prices", fb, "--prices", gspc,
		"--chart", filepath.Join(dir, "fb.png"), "--report", filepath.Join(dir, "fb.html"))
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	b, err := os.ReadFile(filepath.Join(dir, "fb.png"))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if s := img.Bounds().Size(); s.X != 1200 || s.Y != 675 {
		t.Errorf("chart %v, want 1200×675", s)
	}
	page, err := os.ReadFile(filepath.Join(dir, "fb.html"))
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(page, []byte("<figure")); n != 2 {
		t.Errorf("report has %d charts, want 2 (price, AR)", n)
	}
	if !bytes.Contains(page, []byte("FB rose 4.4% while the S&amp;P 500 rose 0.4%")) {
		t.Error("report lacks the event's sentence")
	}
	if code, _, _ := runCLI(t, "quick", "FB", "2018-08-06", "--prices", fb, "--prices", gspc, "--chart", filepath.Join(dir, "fb.gif")); code != exitUsage {
		t.Errorf("--chart fb.gif: exit %d, want a usage error", code)
	}
}

// BenchmarkRunSample times `run` on the embedded sample with and without
// the presentation outputs (SVG charts, every table, report.html); reports
// events/s, so the cost of rendering is the difference.
func BenchmarkRunSample(b *testing.B) {
	for _, c := range []struct {
		name  string
		flags []string
	}{
		{"csv-only", []string{"--charts", "none", "--tables", "none", "--no-report"}},
		{"charts-tables-report", []string{"--charts", "png"}},
	} {
		b.Run(c.name, func(b *testing.B) {
			out := filepath.Join(b.TempDir(), "out")
			for b.Loop() {
				var so, se bytes.Buffer
				args := append([]string{"run", "--out", out, "--quiet"}, c.flags...)
				if code := run(context.Background(), args, strings.NewReader(""), &so, &se); code != exitOK {
					b.Fatalf("exit %d: %s", code, se.String())
				}
			}
			rows := readCSVb(b, filepath.Join(out, "events.csv"))
			b.ReportMetric(float64(b.N*(len(rows)-1))/b.Elapsed().Seconds(), "events/s")
		})
	}
}

func readCSVb(b *testing.B, path string) [][]string {
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		b.Fatal(err)
	}
	return recs
}

// TestMaxTableRows: a table of more rows than --max-table-rows (the sample's
// car table: 6 events × 4 CAR windows = 24 rows) is written only into
// results.xlsx, with a note in the report naming it; shorter tables keep
// every format; --max-table-rows 0 writes every table in every format.
func TestMaxTableRows(t *testing.T) {
	out := filepath.Join(t.TempDir(), "cut")
	if code, stdout, stderr := runCLI(t, "run", "--out", out, "--quiet", "--max-table-rows", "23"); code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	for _, f := range []string{"car.md", "car.tex", "car.html"} {
		if _, err := os.Stat(filepath.Join(out, "tables", f)); err == nil {
			t.Errorf("tables/%s written, but car has 24 rows > 23", f)
		}
	}
	for _, f := range []string{"aar.md", "tests.tex", "summary.html", "results.xlsx"} {
		if _, err := os.Stat(filepath.Join(out, "tables", f)); err != nil {
			t.Errorf("tables/%s: %v", f, err)
		}
	}
	xl := xlsxSheets(t, filepath.Join(out, "tables", "results.xlsx"))
	if !slices.Contains(xl, "car") {
		t.Errorf("results.xlsx sheets %v, want car among them", xl)
	}
	page, err := os.ReadFile(filepath.Join(out, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), "tables of more than 23 rows are written only as XLSX (--max-table-rows 0 writes them in every format): car") {
		t.Error("report.html does not say that the car table is only in results.xlsx")
	}

	if _, help, _ := runCLI(t, "run", "--help"); !regexp.MustCompile(`--max-table-rows int +md, tex and html tables .*\(default 1000\)`).MatchString(help) {
		t.Errorf("run --help does not give --max-table-rows with its default 1000 (report.MaxTableRows)")
	}

	all := filepath.Join(t.TempDir(), "all")
	if code, stdout, stderr := runCLI(t, "run", "--out", all, "--quiet", "--max-table-rows", "0"); code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	for _, f := range []string{"car.md", "car.tex", "car.html"} {
		if _, err := os.Stat(filepath.Join(all, "tables", f)); err != nil {
			t.Errorf("--max-table-rows 0: tables/%s: %v", f, err)
		}
	}
	if page, _ := os.ReadFile(filepath.Join(all, "report.html")); strings.Contains(string(page), "written only as XLSX") {
		t.Error("--max-table-rows 0: report.html says a table was left out")
	}
}

// xlsxSheets lists the sheet names of a workbook (xl/workbook.xml).
func xlsxSheets(t *testing.T, path string) []string {
	t.Helper()
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	f, err := z.Open("xl/workbook.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, m := range regexp.MustCompile(`<sheet name="([^"]*)"`).FindAllStringSubmatch(string(b), -1) {
		names = append(names, m[1])
	}
	return names
}
