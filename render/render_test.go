package render_test

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/eventstudy/eventstudy/charts"
	"github.com/eventstudy/eventstudy/data/tables"
	"github.com/eventstudy/eventstudy/data/tidy"
	"github.com/eventstudy/eventstudy/render"
	"github.com/eventstudy/eventstudy/study"
)

// files is a Sink that keeps what is written, safe for concurrent use.
type files struct {
	mu sync.Mutex
	m  map[string][]byte
}

func (f *files) write(name string, b []byte) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.m == nil {
		f.m = map[string][]byte{}
	}
	f.m[name] = append([]byte(nil), b...)
	return nil
}

func (f *files) names() []string {
	var out []string
	for k := range f.m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// run is a study of n events of one firm on made-up returns (firm = 1.2 ·
// market + a wiggle, with a jump on each event's day 0), each 30 trading
// days after the previous one.
func run(n int) render.Run {
	var days []time.Time
	for d := time.Date(2017, 1, 2, 0, 0, 0, 0, time.UTC); len(days) < 300+30*n; d = d.AddDate(0, 0, 1) {
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			days = append(days, d)
		}
	}
	mkt, firm := study.Series{Dates: days}, study.Series{Dates: days}
	for k := range days {
		m := 0.008*math.Sin(float64(k)*0.7) + 0.003*math.Cos(float64(k)*1.3)
		j := 0.0
		if k >= 260 && (k-260)%30 == 0 {
			j = 0.03 * float64(1+(k-260)/30%3)
		}
		mkt.Values = append(mkt.Values, m)
		firm.Values = append(firm.Values, 0.0002+1.2*m+0.006*math.Sin(float64(k)*2.1+1)+j)
	}
	p := study.DefaultParams()
	r := render.Run{Params: p, Manifest: tidy.NewManifest()}
	r.Manifest.Parameters = tidy.NewParameters(p)
	for i := range n {
		e := study.Event{ID: fmt.Sprintf("e%d", i), Symbol: "FB", Market: "^GSPC", Date: days[260+30*i]}
		r.Results = append(r.Results, study.Estimate(p, study.Input{Event: e, Firm: firm, Market: mkt}))
		r.News = append(r.News, charts.News{Headline: fmt.Sprintf("News number %d", i)})
	}
	r.Summary = study.Aggregate(p, r.Results)
	return r
}

// TestWriteFiles: each format asked for is written, in its folder, and
// nothing else; the report names the news.
func TestWriteFiles(t *testing.T) {
	r := run(4)
	var f files
	o := render.Options{Charts: []string{"png", "svg"}, Tables: []string{"md", "xlsx"}, Report: true, Spec: charts.DefaultSpec(), Jobs: 2}
	if err := render.Write(r, o, f.write); err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, c := range []string{"caar", "histogram", "multiples", "e0.ar", "e1.ar", "e2.ar", "e3.ar"} {
		want = append(want, "charts/"+c+".png", "charts/"+c+".svg")
	}
	for _, tb := range []string{"summary", "tests", "car", "aar"} {
		want = append(want, "tables/"+tb+".md")
	}
	want = append(want, "tables/results.xlsx", "report.html")
	slices.Sort(want)
	if got := f.names(); !slices.Equal(got, want) {
		t.Errorf("files:\n got %v\nwant %v", got, want)
	}
	page := string(f.m["report.html"])
	for _, s := range []string{"News number 2", `id="chart-caar"`, `id="chart-e1_ar"`} {
		if !strings.Contains(page, s) {
			t.Errorf("report.html lacks %q", s)
		}
	}

	f = files{}
	if err := render.Write(r, render.Options{Tables: []string{"tex"}}, f.write); err != nil {
		t.Fatal(err)
	}
	if got := f.names(); len(got) != 4 || !slices.Contains(got, "tables/car.tex") {
		t.Errorf("tables only: wrote %v", got)
	}
}

// TestWriteSkipsLongTables: a table longer than MaxTableRows is left out of
// the text formats, kept in the workbook, and the report says so.
func TestWriteSkipsLongTables(t *testing.T) {
	r := run(3) // 3 events × 4 CAR windows: 12 rows in car
	var f files
	o := render.Options{Tables: []string{"md", "xlsx"}, Report: true, MaxTableRows: 10}
	if err := render.Write(r, o, f.write); err != nil {
		t.Fatal(err)
	}
	if _, ok := f.m["tables/car.md"]; ok {
		t.Error("tables/car.md written: 12 rows, more than MaxTableRows")
	}
	if _, ok := f.m["tables/summary.md"]; !ok {
		t.Error("tables/summary.md missing")
	}
	if !strings.Contains(string(f.m["report.html"]), "tables of more than 10 rows are written only as XLSX") {
		t.Error("report.html does not say that the car table is only in the workbook")
	}
}

// TestWriteVolume: a volume study gets no chart (they draw prices and
// returns) and its report says why.
func TestWriteVolume(t *testing.T) {
	r := run(3)
	r.Params.Measure = study.MeasureVolume
	var f files
	if err := render.Write(r, render.Options{Charts: []string{"png"}, Report: true}, f.write); err != nil {
		t.Fatal(err)
	}
	if got := f.names(); !slices.Equal(got, []string{"report.html"}) {
		t.Errorf("volume study wrote %v, want report.html only", got)
	}
	if !strings.Contains(string(f.m["report.html"]), "no charts for --measure volume") {
		t.Error("report.html does not say why a volume study has no chart")
	}
}

// TestWriteErrors: an error of the sink is returned, for a chart file, a
// table and the report alike, and Write returns only when every goroutine
// has ended (no write after it returns).
func TestWriteErrors(t *testing.T) {
	r := run(3)
	for _, bad := range []string{"charts/caar.png", "tables/results.xlsx", "report.html"} {
		var mu sync.Mutex
		done := false
		errFull := errors.New("disk full")
		sink := func(name string, b []byte) error {
			mu.Lock()
			defer mu.Unlock()
			if done {
				t.Errorf("%s written after Write returned", name)
			}
			if name == bad {
				return errFull
			}
			return nil
		}
		err := render.Write(r, render.Options{Charts: []string{"png"}, Tables: []string{"xlsx"}, Report: true, Jobs: 2}, sink)
		mu.Lock()
		done = true
		mu.Unlock()
		if !errors.Is(err, errFull) {
			t.Errorf("sink fails on %s: Write returned %v", bad, err)
		}
	}
}

// TestWriteErrorsNameTheFile: an error of the report or of a table names
// the file it is about, once ("report.html: report: no manifest", not
// "report: report: no manifest").
func TestWriteErrorsNameTheFile(t *testing.T) {
	r := run(2)
	r.Manifest = nil
	err := render.Write(r, render.Options{Report: true}, (&files{}).write)
	if err == nil || !strings.HasPrefix(err.Error(), "report.html: ") || strings.Count(err.Error(), "report:") != 1 {
		t.Errorf("report without a manifest: %v", err)
	}
	err = render.WriteTables([]*tables.Table{{Name: "summary"}}, []string{"odt"}, tables.Options{}, 0, (&files{}).write)
	if err == nil || !strings.HasPrefix(err.Error(), "tables/summary.odt: ") {
		t.Errorf("unknown table format: %v", err)
	}
	err = render.WriteTables([]*tables.Table{{Name: "a/b"}}, []string{"xlsx"}, tables.Options{}, 0, (&files{}).write)
	if err == nil || !strings.HasPrefix(err.Error(), "tables/results.xlsx: ") || strings.Count(err.Error(), "tables:") != 1 {
		t.Errorf("bad sheet name: %v", err)
	}
}
