package charts_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/eventstudy/eventstudy/charts"
	"github.com/eventstudy/eventstudy/internal/svgread"
	"github.com/eventstudy/eventstudy/study"
	"gonum.org/v1/plot/vg"
)

// What a person reads off a chart, parsed back from its SVG: the tests below
// check titles, marks and labels the way a reader would, so that a wrong
// chart fails for a reason a person would name.

func render(t *testing.T, ch *charts.Chart, format string) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := charts.Render(ch, format, &b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func checkDayZero(t *testing.T, d svgread.Doc, lbl string) {
	t.Helper()
	if err := d.DayZero(lbl); err != nil {
		t.Error(err)
	}
}

func checkShaded(t *testing.T, d svgread.Doc, from, to string, day int, label string) {
	t.Helper()
	if err := d.Shaded(from, to, day, label); err != nil {
		t.Error(err)
	}
}

// fbNews is the bank-data event as the events file describes it, with the
// earnings release of Jul 25 after the close (day 0 Jul 26, day −7) inside
// its window.
var fbNews = charts.News{
	Headline: "Reports that Facebook asked US banks for customer data",
	Company:  "Facebook",
	Others:   []charts.Other{{Day: time.Date(2018, 7, 26, 0, 0, 0, 0, time.UTC), Label: "Q2 earnings"}},
}

func TestARChartReads(t *testing.T) {
	s := spec
	s.News = fbNews
	s.Note = "Abnormal return: market model"
	ch, err := charts.ARChart(s, fbResult())
	if err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"svg", "svg-inline"} {
		b := render(t, ch, format)
		d := svgread.Parse(b)
		if d.Title != fbNews.Headline {
			t.Errorf("%s: <title> %q, want the headline", format, d.Title)
		}
		if tx, ok := d.Find(fbNews.Headline); !ok || tx.Size < 18 {
			t.Errorf("%s: headline not drawn as a title of at least 18 px: %+v", format, tx)
		}
		if _, ok := d.Find("Facebook (FB) around Aug 6, 2018"); !ok {
			t.Errorf("%s: the subtitle does not name the company:\n%s", format, d.All())
		}
		checkDayZero(t, d, "Day 0: Aug 6")
		checkShaded(t, d, "−5", "0", -7, "Q2 earnings")
		if _, ok := d.Find("Shaded: other news of the firm, day −7 (Jul 26): Q2 earnings"); !ok {
			t.Errorf("%s: subtitle does not name the other news:\n%s", format, d.All())
		}
		for _, want := range []string{"AR (bars), CAR (line), %", "Abnormal return: market model", spec.Source} {
			if _, ok := d.Find(want); !ok {
				t.Errorf("%s: no text %q", format, want)
			}
		}
		for _, tx := range d.Texts {
			if tx.Size < 12 {
				t.Errorf("%s: text %q is %.0f px, under 12", format, tx.S, tx.Size)
			}
			if strings.Contains(tx.S, "-") && !strings.Contains(tx.S, "Q2") {
				t.Errorf("%s: hyphen-minus in %q (want U+2212)", format, tx.S)
			}
		}
		if format == "svg-inline" && d.Size > 150_000 {
			t.Errorf("%s: %d bytes, want < 150 KB", format, d.Size)
		}
	}
}

func TestPriceChartReads(t *testing.T) {
	s := spec
	s.News = fbNews
	s.Note = "Abnormal return: market model"
	ch, err := charts.PriceChart(s, fbPrices())
	if err != nil {
		t.Fatal(err)
	}
	d := svgread.Parse(render(t, ch, "svg-inline"))
	if d.Title != fbNews.Headline {
		t.Errorf("<title> %q, want the headline", d.Title)
	}
	if _, ok := d.Find("Facebook +4.4% on Aug 6, 2018"); !ok {
		t.Errorf("subtitle does not name the company:\n%s", d.All())
	}
	if _, ok := d.Find("Facebook (FB)"); !ok {
		t.Errorf("no line label naming company and ticker:\n%s", d.All())
	}
	checkDayZero(t, d, "Day 0")
	checkShaded(t, d, "−5", "0", -7, "Q2 earnings")
	if _, ok := d.Find("Price index (day −1 = 100)"); !ok {
		t.Error("no y label")
	}
	if _, ok := d.Find("Abnormal return"); ok {
		t.Error("the price chart draws no model, but carries the model note")
	}

	// Without news: generic title with the ticker, nothing shaded.
	ch, err = charts.PriceChart(spec, fbPrices())
	if err != nil {
		t.Fatal(err)
	}
	d = svgread.Parse(render(t, ch, "svg-inline"))
	if d.Title != "FB and S&P 500 around Aug 6, 2018" {
		t.Errorf("<title> %q", d.Title)
	}
	if f := d.Fills(svgread.ShadeFill); len(f) != 0 {
		t.Errorf("shaded days %v without other news", f)
	}
}

func TestCAARChartReads(t *testing.T) {
	sum, se := summary()
	s := spec
	s.Note = "Abnormal return: market model"
	ch, err := charts.CAARChart(s, sum, se)
	if err != nil {
		t.Fatal(err)
	}
	d := svgread.Parse(render(t, ch, "svg-inline"))
	checkDayZero(t, d, "Day 0")
	for _, want := range []string{"AAR (bars), CAAR (line), %", "Abnormal return: market model", "Average abnormal returns across 12 events",
		"Small sample: only 12 events, so the band is a rough guide"} {
		if _, ok := d.Find(want); !ok {
			t.Errorf("no text %q:\n%s", want, d.All())
		}
	}
	// The zero line is solid and darker than the grid.
	zero := false
	for _, p := range d.Paths {
		zero = zero || (len(p.Pts) == 2 && p.Pts[0][1] == p.Pts[1][1] && strings.Contains(p.Style, "stroke:#222222") &&
			!strings.Contains(p.Style, "dasharray"))
	}
	if !zero {
		t.Error("no solid dark horizontal zero line")
	}
}

// From charts.SmallSampleN events on, the CAAR chart no longer warns that
// its band rests on a small sample; without a band it never does.
func TestCAARChartSmallSample(t *testing.T) {
	sum, se := summary()
	big := sum
	big.Days = append([]study.DayStats(nil), sum.Days...)
	for i := range big.Days {
		big.Days[i].N = charts.SmallSampleN
	}
	for _, c := range []struct {
		name string
		sum  study.Summary
		se   []float64
		want bool
	}{
		{"12 events with a band", sum, se, true},
		{"30 events with a band", big, se, false},
		{"12 events without a band", sum, nil, false},
	} {
		ch, err := charts.CAARChart(spec, c.sum, c.se)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(ch.Subtitle, "Small sample"); got != c.want {
			t.Errorf("%s: subtitle %q, small-sample warning %v, want %v", c.name, ch.Subtitle, got, c.want)
		}
	}
}

func TestVendorAndNote(t *testing.T) {
	for _, c := range []struct {
		describe string
		files    []string
		want     string
	}{
		{"yahoo (cache /home/x/.cache/eventstudy/prices.db)", nil, "Yahoo Finance"},
		{"stooq (cache /tmp/c.db, offline)", nil, "Stooq"},
		{"csv: ../shared/data/yahoo_bluefin_2020, ../shared/data/yahoo_kriti_2020",
			[]string{"../shared/data/yahoo_bluefin_2020/FB.csv", "../shared/data/yahoo_kriti_2020/GSPC.csv"}, "FB.csv and GSPC.csv"},
		{"csv: /data/panel.csv", nil, "panel.csv"},
		{"csv: a, b", []string{"d/A.csv", "d/B.csv", "d/C.csv", "d/D.csv"}, "4 price files"},
		{"csv: d", []string{"d/A.csv", "d/B.csv", "d/C.csv"}, "A.csv, B.csv and C.csv"},
		{"built-in synthetic sample", nil, "built-in synthetic sample (not market data)"},
	} {
		if got := charts.Vendor(c.describe, c.files); got != c.want {
			t.Errorf("Vendor(%q, %v) = %q, want %q", c.describe, c.files, got, c.want)
		}
	}
	for _, c := range []struct{ vendor, credit, want string }{
		{"Yahoo Finance", "", "Source: Yahoo Finance"},
		{"", "Desk", "Chart: Desk"},
		{"Stooq", "Desk", "Source: Stooq. Chart: Desk"},
		{"", "", ""},
	} {
		if got := charts.SourceLine(c.vendor, c.credit); got != c.want {
			t.Errorf("SourceLine(%q, %q) = %q, want %q", c.vendor, c.credit, got, c.want)
		}
	}
	p := study.DefaultParams()
	for m, want := range map[study.Model]string{
		study.MarketModel:    "market model estimated over trading days −250..−11",
		study.FF3:            "Fama–French three-factor model",
		study.MarketAdjusted: "minus the benchmark's",
		study.Raw:            "raw return",
		study.ConstantMean:   "constant-mean model",
		study.MarketGARCH:    "market model with GARCH(1,1) errors estimated over",
	} {
		p.Model = m
		if got := charts.ModelNote(p); !strings.Contains(got, want) {
			t.Errorf("ModelNote(%v) = %q, want it to contain %q", m, got, want)
		}
	}
}

// TestNarrowReads: the narrow (phone) variant keeps 18 px titles and 12 px
// labels on a 400 pt canvas, wraps the long headline instead of running off
// the canvas, and writes an 800 px wide PNG.
func TestNarrowReads(t *testing.T) {
	s := charts.NarrowSpec()
	s.Source, s.Note, s.News = spec.Source, spec.Note, fbNews
	ch, err := charts.ARChart(s, fbResult())
	if err != nil {
		t.Fatal(err)
	}
	look(t, "ar_narrow", ch)
	d := svgread.Parse(render(t, ch, "svg-inline"))
	lines := 0
	for _, tx := range d.Texts {
		if tx.Size < 12 {
			t.Errorf("text %q is %.0f px, under 12", tx.S, tx.Size)
		}
		// Liberation Sans averages under 0.6 em a character: a line that
		// long would pass the right edge.
		if w := 0.5 * tx.Size * float64(len([]rune(tx.S))); tx.X+w > 400 {
			t.Errorf("text %q (x %.0f, ~%.0f wide) runs past the 400 pt canvas", tx.S, tx.X, w)
		}
		if tx.Size >= 18 {
			lines++
		}
	}
	if lines < 2 {
		t.Errorf("the headline takes %d title line(s) on a phone, want it wrapped", lines)
	}
}

// TestCompanyFromEvent: without News.Company, the event's own name (the
// events file's or the price source's) replaces the ticker.
func TestCompanyFromEvent(t *testing.T) {
	r := fbResult()
	r.Event.Name = "Meta Platforms, Inc."
	ch, err := charts.ARChart(spec, r)
	if err != nil {
		t.Fatal(err)
	}
	if want := "Meta Platforms, Inc.: abnormal returns around Aug 6, 2018"; ch.Title != want {
		t.Errorf("AR title %q, want %q", ch.Title, want)
	}
	in := fbPrices()
	in.Event.Name = "Meta Platforms, Inc."
	ch, err = charts.PriceChart(spec, in)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(ch.Title, "Meta Platforms, Inc. and S&P 500") {
		t.Errorf("price title %q does not name the company", ch.Title)
	}
	if ch.Legend[0].Label != "Meta Platforms, Inc. (FB)" {
		t.Errorf("price legend %q, want name and ticker", ch.Legend[0].Label)
	}
}

// TestSVGSize: every chart, written as a standalone SVG with its fonts, is
// under 150 KB, and carries a <title> and its fonts.
func TestSVGSize(t *testing.T) {
	for _, tc := range goldenCharts {
		ch, err := tc.build()
		if err != nil {
			t.Fatal(err)
		}
		b := render(t, ch, "svg")
		if len(b) >= 150_000 {
			t.Errorf("%s.svg: %d bytes, want < 150 KB", tc.name, len(b))
		}
		d := svgread.Parse(b)
		if d.Title == "" || !bytes.Contains(b, []byte("@font-face")) {
			t.Errorf("%s.svg: no title or no embedded font", tc.name)
		}
	}
}

// TestChartNarrow: the phone variant of a chart is 400 pt wide; small
// multiples are laid out again in fewer columns (each panel as wide as on
// the default canvas) and grow downwards; a dot plot keeps the height its
// rows need.
func TestChartNarrow(t *testing.T) {
	ar, err := charts.ARChart(spec, fbResult())
	if err != nil {
		t.Fatal(err)
	}
	if n := ar.Narrow(); n.Spec.Width != charts.NarrowWidth || n.Spec.Height != charts.NarrowHeight || ar.Spec.Width == charts.NarrowWidth {
		t.Errorf("AR Narrow: %v × %v pt (original %v wide), want %v × %v", n.Spec.Width, n.Spec.Height, ar.Spec.Width, charts.NarrowWidth, charts.NarrowHeight)
	}
	m, err := charts.CARMultiples(spec, batch(36))
	if err != nil {
		t.Fatal(err)
	}
	n := m.Narrow()
	look(t, "multiples_narrow", n)
	if n.Spec.Width != charts.NarrowWidth || n.Cols >= m.Cols || n.Cols < 1 {
		t.Errorf("multiples Narrow: %v pt wide, %d columns (default %d), want 400 pt and fewer columns", n.Spec.Width, n.Cols, m.Cols)
	}
	if rows := (36 + n.Cols - 1) / n.Cols; n.Spec.Height < vg.Length(rows)*80 {
		t.Errorf("multiples Narrow: %v pt high for %d rows of panels", n.Spec.Height, rows)
	}
	many := make([]float64, 12)
	for i := range many {
		many[i] = 0.01 * float64(i)
	}
	dots, err := charts.CARHistogram(spec, withCARs(many...), w11)
	if err != nil {
		t.Fatal(err)
	}
	if nd := dots.Narrow(); nd.Spec.Height < dots.Spec.Height {
		t.Errorf("dot plot Narrow: %v pt high, less than the %v its rows need", nd.Spec.Height, dots.Spec.Height)
	}
}
