package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/eventstudy/eventstudy/internal/shareddata"
	"github.com/eventstudy/eventstudy/internal/svgread"
)

// readChart parses an SVG chart of a run.
func readChart(t *testing.T, path string) svgread.Doc {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return svgread.Parse(b)
}

// TestFBChartsRead reads the FB run's charts as a desk editor would: the
// headline is the title, the earnings release of Jul 25 (after the close,
// day 0 Jul 26) is shaded at day −7 of the bank-data event and named in its
// subtitle, day 0 is marked, the source line names the vendor's files and the
// credit, and only charts that draw a model carry the model note.
func TestFBChartsRead(t *testing.T) {
	out := fbRun(t, "--charts", "svg", "--tables", "none", "--no-report", "--credit", "Test Desk")
	dir := filepath.Join(out, "charts")
	ar := readChart(t, filepath.Join(dir, "banks.ar.svg"))
	if ar.Title != "Reports that Facebook asked US banks for customer data" {
		t.Errorf("banks.ar title %q, want the headline", ar.Title)
	}
	if err := ar.DayZero("Day 0: Aug 6"); err != nil {
		t.Error(err)
	}
	if err := ar.Shaded("−5", "0", -7, "Q2 2018 earnings"); err != nil {
		t.Error(err)
	}
	if _, ok := ar.Find("day −7 (Jul 26): Q2 2018 earnings released after the close"); !ok {
		t.Errorf("banks.ar subtitle does not name the earnings release:\n%s", ar.All())
	}
	for name, d := range map[string]svgread.Doc{"banks.ar": ar, "banks.price": readChart(t, filepath.Join(dir, "banks.price.svg")),
		"caar": readChart(t, filepath.Join(dir, "caar.svg"))} {
		if _, ok := d.Find("Source: FB.csv and GSPC.csv. Chart: Test Desk"); !ok {
			t.Errorf("%s: source line does not name the files and the credit:\n%s", name, d.All())
		}
		if strings.Contains(d.All(), "yahoo_bluefin_2020") {
			t.Errorf("%s names a local folder", name)
		}
		_, note := d.Find("Abnormal return: actual minus expected return, market model estimated over trading days −250..−11")
		if want := name != "banks.price"; note != want {
			t.Errorf("%s: model note shown = %v, want %v", name, note, want)
		}
	}
	// The cambridge event (March) has no other news in its window.
	if f := readChart(t, filepath.Join(dir, "cambridge.ar.svg")).Fills(svgread.ShadeFill); len(f) != 0 {
		t.Errorf("cambridge.ar: shaded days %v, but no other event falls in its window", f)
	}
}

// TestRunCompanyName: an events column "name" replaces the ticker.
func TestRunCompanyName(t *testing.T) {
	fb := shareddata.Path(t, "yahoo_bluefin_2020", "FB.csv")
	gspc := shareddata.Path(t, "yahoo_kriti_2020", "GSPC.csv")
	dir := t.TempDir()
	events := filepath.Join(dir, "events.csv")
	if err := os.WriteFile(events, []byte("event_id,symbol,date,name\nbanks,FB,2018-08-06,Facebook\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	if code, so, se := runCLI(t, "run", "--events", events, "--prices", fb, "--prices", gspc, "--market", "^GSPC",
		"--out", out, "--quiet", "--charts", "svg", "--tables", "none", "--no-report"); code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, so, se)
	}
	d := readChart(t, filepath.Join(out, "charts", "banks.ar.svg"))
	if d.Title != "Facebook: abnormal returns around Aug 6, 2018" {
		t.Errorf("title %q, want the company's name (no headline column)", d.Title)
	}
	p := readChart(t, filepath.Join(out, "charts", "banks.price.svg"))
	if _, ok := p.Find("Facebook (FB)"); !ok {
		t.Errorf("price chart does not label the line with the company:\n%s", p.All())
	}
}

// TestRunChartSelection: --max-event-charts and --chart-events choose the
// per-event charts.
func TestRunChartSelection(t *testing.T) {
	has := func(out, name string) bool {
		_, err := os.Stat(filepath.Join(out, "charts", name+".svg"))
		return err == nil
	}
	// The earnings release moved FB most over −1..+1 (−19%).
	out := fbRun(t, "--charts", "svg", "--tables", "none", "--no-report", "--max-event-charts", "1")
	if !has(out, "earnings.ar") || has(out, "banks.ar") || has(out, "cambridge.ar") || !has(out, "caar") {
		t.Errorf("--max-event-charts 1: want the largest mover's charts only")
	}
	out = fbRun(t, "--charts", "svg", "--tables", "none", "--no-report", "--max-event-charts", "0", "--chart-events", "banks")
	if !has(out, "banks.ar") || !has(out, "banks.price") || has(out, "earnings.ar") || has(out, "cambridge.ar") {
		t.Errorf("--max-event-charts 0 --chart-events banks: want the banks charts only")
	}
}

// TestQuickTitleCredit: quick --title and --credit set the chart's title and
// source line.
func TestQuickTitleCredit(t *testing.T) {
	fb := shareddata.Path(t, "yahoo_bluefin_2020", "FB.csv")
	gspc := shareddata.Path(t, "yahoo_kriti_2020", "GSPC.csv")
	path := filepath.Join(t.TempDir(), "fb.svg")
	if code, so, se := runCLI(t, "quick", "FB", "2018-08-06", "--prices", fb, "--prices", gspc, "--chart", path,
		"--title", "Facebook asked banks for data", "--credit", "Test Desk"); code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, so, se)
	}
	d := readChart(t, path)
	if d.Title != "Facebook asked banks for data" {
		t.Errorf("title %q, want --title", d.Title)
	}
	if _, ok := d.Find("Source: FB.csv and GSPC.csv. Chart: Test Desk"); !ok {
		t.Errorf("source line lacks the credit:\n%s", d.All())
	}
	if err := d.DayZero("Day 0"); err != nil {
		t.Error(err)
	}
}
