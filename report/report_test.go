package report_test

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"html"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/image/font/sfnt"

	"github.com/eventstudy/eventstudy/data/tables"
	"github.com/eventstudy/eventstudy/report"
	"github.com/eventstudy/eventstudy/study"
)

func write(t *testing.T, p report.Page) string {
	t.Helper()
	var b bytes.Buffer
	if err := report.Write(&b, p); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// text is the page without tags, entities decoded as a reader sees them
// (enough of them for these checks).
func text(page string) string {
	s := regexp.MustCompile(`(?s)<style>.*?</style>|<svg.*?</svg>`).ReplaceAllString(page, "")
	s = regexp.MustCompile(`<[^>]+>`).ReplaceAllString(s, " ")
	s = html.UnescapeString(s)
	s = regexp.MustCompile(`\s+`).ReplaceAllString(s, " ")
	return regexp.MustCompile(` ([.,;:)])`).ReplaceAllString(s, "$1")
}

func contains(t *testing.T, what, s string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(s, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}

// TestHeadings: the page and each event are named by the news and the
// company, not by a ticker and an id.
func TestHeadings(t *testing.T) {
	p := fixture(false)
	page := write(t, p)
	contains(t, "page", page, "<h1>Event study of Facebook, Inc.: 4 events</h1>",
		"<h3>Cambridge Analytica data scandal breaks</h3>", "<h3>Q2 2018 earnings released after the close</h3>",
		"<h3>Reports that Facebook asked US banks for customer data</h3>")
	contains(t, "page", text(page), "Facebook, Inc. (FB) · news on Jul 25, 2018 · day 0 Jul 26, 2018 · event earnings")
	if strings.Contains(page, "cambridge: FB on") {
		t.Error("page still names an event by id and ticker")
	}
	// one event: its headline is the page's title
	one := p
	one.Results, one.Events, one.Charts = p.Results[2:3], p.Events[2:3], nil
	page = write(t, one)
	contains(t, "one-event page", page, "<title>Reports that Facebook asked US banks for customer data</title>",
		"<h1>Reports that Facebook asked US banks for customer data</h1>")
	// the answer first: the event's numbers and sentence under the heading,
	// before the tables; no events table, no second heading; the
	// parameters after the results
	card, results, params := strings.Index(page, `<dl class="stats">`), strings.Index(page, `id="summary"`), strings.Index(page, `id="parameters"`)
	if card < 0 || results < card || params < results || strings.Contains(page, `id="table-events"`) || strings.Contains(page, "<h3>Reports that") {
		t.Errorf("one-event page: card at %d, results at %d, parameters at %d, events table %v: want card, results, parameters and no events table",
			card, results, params, strings.Contains(page, `id="table-events"`))
	}
	// without a headline: the company the price source named, and the date
	one.Events = nil
	one.Results = []study.Result{p.Results[2]}
	one.Results[0].Event.Name = "Meta Platforms, Inc."
	contains(t, "page without headline", write(t, one), "<h1>Meta Platforms, Inc. (FB) on Aug 6, 2018</h1>")
	// nor a name: the ticker and the date
	one.Results[0].Event.Name = ""
	contains(t, "page without headline or name", write(t, one), "<h1>FB on Aug 6, 2018</h1>")
	// several companies: no company in the title
	two := p
	two.Events = append([]report.Event{{Company: "Alphabet Inc."}}, p.Events[1:]...)
	contains(t, "two companies", write(t, two), "<h1>Event study: 4 events</h1>")
}

// TestQualityNotes: every event's data note is on the page, and other news
// of the firm inside an event's windows is called out with where it falls.
func TestQualityNotes(t *testing.T) {
	p := fixture(false)
	s := text(write(t, p))
	for i, e := range p.Events {
		if !strings.Contains(s, e.Quality.Note) {
			t.Errorf("event %s: quality note %q not shown", p.Results[i].Event.ID, e.Quality.Note)
		}
	}
	contains(t, "page", s,
		// earnings (day 0 Jul 26) is day −7 of banks (Aug 6): in its window
		`Other news in the event window. Other news of the same company, "Q2 2018 earnings released after the close" (event earnings) on Jul 26, 2018, falls on day −7 of this event's window: its price move is part of these abnormal returns and of the CAR.`,
		// banks is day +7 of earnings
		`"Reports that Facebook asked US banks for customer data" (event banks) on Aug 6, 2018, falls on day +7`,
		// cambridge is in the estimation windows
		`Other news in the estimation window. Other news of the same company, "Cambridge Analytica data scandal breaks" (event cambridge) on Mar 19, 2018, falls inside this event's estimation window`,
		"3 events have a data note; 2 events have other news of the same company inside their windows",
		"Data note: no prices after 2018-09-28")
}

// TestEventsTable: the events table says which statistic each number is
// (the day-0 AR with its t and p, the CAR with its p), and tiny p-values
// read "< 0.001".
func TestEventsTable(t *testing.T) {
	p := fixture(false)
	page := write(t, p)
	i := strings.Index(page, `id="table-events"`)
	j := strings.Index(page[i:], "</table>")
	tab := text(page[i : i+j])
	contains(t, "events table", tab, "Abnormal return on day 0", "CAR over days −1 to +1", "AR t p CAR p",
		"Q2 2018 earnings released after the close FB · earnings 2018-07-26 −", "< 0.001", "other news in event window")
	var d0 study.Day
	for _, d := range p.Results[1].Days {
		if d.RelDay == 0 {
			d0 = d
		}
	}
	want := fmt.Sprintf("−%.2f%% %s < 0.001", -100*d0.AR, strings.Replace(fmt.Sprintf("%.2f", d0.T), "-", "−", 1))
	if d0.P >= 0.001 || !strings.Contains(tab, want) {
		t.Errorf("earnings row: want %q (day-0 AR, t, p < 0.001), p = %g:\n%s", want, d0.P, tab)
	}
	contains(t, "page", text(page), "AR is the abnormal return on day 0 alone", "a different statistic with its own p-value",
		"Abnormal return on day 0 −", "CAR over days −1 to +1 −")
}

// TestTablesAndStars: every table scrolls in its own box; the table notes
// sit under the box; the stars' rule is on the page when stars are asked.
func TestTablesAndStars(t *testing.T) {
	page := write(t, fixture(true))
	n := strings.Count(page, "<table")
	if boxed := strings.Count(page, "<div class=\"scroll\">\n<table") + strings.Count(page, "<div class=\"scroll\"><table"); boxed != n || n < 6 {
		t.Errorf("%d tables, %d in a scrolling box: want all (and at least 6)", n, boxed)
	}
	if strings.Contains(page, "<tfoot>") {
		t.Error("a table note inside the table: it would scroll with a wide table")
	}
	contains(t, "page with stars", text(page), tables.StarsNote, "Stars only where at least 30 events", "Small sample: N = 3")
	if strings.Contains(text(write(t, fixture(false))), tables.StarsNote) {
		t.Error("stars' note without stars")
	}
	contains(t, "page", page, "Cross-sectional t", "Patell Z (Kolari–Pynnönen adj.)")
}

// TestSelfContained: no scripts, no external files, careful language.
func TestSelfContained(t *testing.T) {
	page := write(t, fixture(false))
	for _, bad := range []string{"<script", `src="`, `href="http`, "url(http", "<link", "<img", "caused"} {
		if strings.Contains(page, bad) {
			t.Errorf("page contains %q", bad)
		}
	}
	contains(t, "page", page, "@font-face", "<svg")
}

// TestPageFonts: the page embeds its two faces reduced to what it shows:
// every character of the page (its text, its tables, its charts) has a
// glyph in both, and both together are far smaller than the 1.1 MB of the
// whole faces in base64. A character missing from the subset would be drawn
// in another font, or as a box.
func TestPageFonts(t *testing.T) {
	p := fixture(false)
	p.Events[2].Headline = "Zürich › “Facebook” asks banks for data — €5 bn, ½ of it ≥ ±3%"
	page := write(t, p)
	faces := regexp.MustCompile(`@font-face\{font-family:"Liberation Sans";font-weight:(normal|bold);[^}]*base64,([A-Za-z0-9+/=]+)\)`).FindAllStringSubmatch(page, -1)
	if len(faces) != 2 {
		t.Fatalf("page embeds %d faces of Liberation Sans, want 2 (normal, bold)", len(faces))
	}
	shown := regexp.MustCompile(`(?s)<style>.*?</style>`).ReplaceAllString(html.UnescapeString(page), "")
	css := 0
	for _, f := range faces {
		css += len(f[2])
		ttf, err := base64.StdEncoding.DecodeString(f[2])
		if err != nil {
			t.Fatal(err)
		}
		font, err := sfnt.Parse(ttf)
		if err != nil {
			t.Fatalf("%s face: %v", f[1], err)
		}
		var buf sfnt.Buffer
		missing := map[rune]bool{}
		for _, r := range shown {
			if unicode.IsSpace(r) || unicode.IsControl(r) {
				continue
			}
			if g, err := font.GlyphIndex(&buf, r); err != nil || g == 0 {
				missing[r] = true
			}
		}
		if len(missing) > 0 {
			t.Errorf("%s face lacks %d characters the page shows: %q", f[1], len(missing), slices.Sorted(maps.Keys(missing)))
		}
	}
	if css > 200<<10 {
		t.Errorf("fonts take %d KB of the page, want a subset under 200 KB", css>>10)
	}
}

// TestFigures: a chart carries its desktop drawing and its phone variant,
// switched by the width of the screen; without a phone variant the chart
// is redrawn on the phone's canvas.
func TestFigures(t *testing.T) {
	p := fixture(false)
	page := write(t, p)
	if n := strings.Count(page, `<figure id="chart-`); n != len(p.Charts) {
		t.Errorf("%d figures, want %d", n, len(p.Charts))
	}
	if n := strings.Count(page, `class="two"`); n != len(p.Charts) {
		t.Errorf("%d figures with a phone variant, want %d", n, len(p.Charts))
	}
	contains(t, "page", page, "@media (max-width:599.98px)", "figure.two .wide{display:none}", `<figure id="chart-banks_ar" class="two">`)
	p.Charts[0].Narrow = nil
	page = write(t, p)
	if strings.Count(page, `class="two"`) != len(p.Charts) || strings.Count(page, "<svg") != 2*len(p.Charts) {
		t.Error("a chart without a phone variant: want it redrawn for the phone")
	}
	// the redrawn variant is 400 pt wide (charts.NarrowSpec), its desktop one 600
	i := strings.Index(page, `<div class="narrow">`)
	if i < 0 || !regexp.MustCompile(`^<div class="narrow"><svg[^>]*width="400pt"`).MatchString(page[i:]) {
		t.Errorf("phone variant: %.200s", page[i:])
	}
}

// TestLargeBatch: a table longer than MaxTableRows shows its first rows and
// says where the rest is.
func TestLargeBatch(t *testing.T) {
	p := fixture(false)
	car := p.Tables[2]
	rows := car.AllRows()
	for len(rows) <= report.MaxTableRows {
		rows = append(rows, rows...)
	}
	p.Tables[2] = &tables.Table{Name: car.Name, Title: car.Title, Columns: car.Columns, Rows: rows, Note: car.Note}
	n := len(rows)
	page := write(t, p)
	i := strings.Index(page, `id="table-car"`)
	j := strings.Index(page[i:], "</table>")
	if rows := strings.Count(page[i:i+j], "<tr>") - 1; rows != report.MaxTableRows {
		t.Errorf("car table shows %d rows, want %d", rows, report.MaxTableRows)
	}
	contains(t, "page", page, fmt.Sprintf("The first 1,000 of %s rows; every row is in the CSV files and tables/results.xlsx", thousandsOf(n)))
	if err := report.Write(&bytes.Buffer{}, report.Page{}); err == nil {
		t.Error("a page without a manifest: want an error")
	}
}

func thousandsOf(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// TestVolumeStudy: a volume study's page speaks of abnormal log volume, in
// log units, not of returns in percent.
func TestVolumeStudy(t *testing.T) {
	p := fixture(false)
	p.Params.Measure = study.MeasureVolume
	s := text(write(t, p))
	contains(t, "volume page", s, "Abnormal log volume on day 0", "AR is the abnormal log volume on day 0 alone")
	if strings.Contains(s, "Abnormal return on day 0") {
		t.Error("a volume study's page speaks of the abnormal return on day 0")
	}
	if regexp.MustCompile(`Abnormal log volume on day 0 [−+][0-9.]+%`).MatchString(s) {
		t.Error("a log volume shown as a percentage")
	}
}

// TestEventsPastTheTable: the events past the events table (no card, no
// row) still count in the page's data-quality summary and in "more
// events", and a failed event after them still gets its card.
func TestEventsPastTheTable(t *testing.T) {
	fx := fixture(false)
	p := fx
	p.Results, p.Events, p.Charts = nil, nil, nil
	const n = report.MaxTableRows + 200
	for i := range n {
		r := fx.Results[2] // banks: OK
		r.Event.ID = fmt.Sprintf("E%05d", i)
		var e report.Event
		switch {
		case i >= report.MaxTableRows && i%2 == 0:
			e.Quality.Note = "stale prices"
		case i >= report.MaxTableRows && i%5 == 1:
			e.Quality.Note = "other news"
			e.Quality.Confounding = fmt.Sprintf("E%05d", i-1)
		}
		p.Results, p.Events = append(p.Results, r), append(p.Events, e)
	}
	p.Results, p.Events = append(p.Results, fx.Results[3]), append(p.Events, report.Event{}) // late: fails
	if p.Results[n].Status == study.StatusOK {
		t.Fatal("fixture: the last event should fail")
	}
	s := text(write(t, p))
	// 100 even events past the table have a note, and 20 of the odd ones
	// (i%10 == 1) a note with other news.
	contains(t, "page", s, "120 events have a data note; 20 events have other news of the same company",
		fmt.Sprintf("The table shows the first %d events; 200 more are in events.csv", report.MaxTableRows),
		"late")
}
