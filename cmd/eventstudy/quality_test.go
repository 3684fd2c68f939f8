package main

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/eventstudy/eventstudy/data"
	"github.com/eventstudy/eventstudy/data/calendar"
	"github.com/eventstudy/eventstudy/data/tidy"
	"github.com/eventstudy/eventstudy/internal/engine"
	"github.com/eventstudy/eventstudy/internal/replay"
	"github.com/eventstudy/eventstudy/study"
)

// A hand-made series over NYSE days of January–February 2018: one trading day
// removed (2018-01-10), a run of 6 equal closes (5 zero returns on
// 2018-01-17..23 … counted as stale days), and an unadjusted 2:1 split
// (100 → 50.5) on 2018-02-01.
func TestQualityChecker(t *testing.T) {
	var b strings.Builder
	b.WriteString("date,close\n")
	price := 100.0
	d := time.Date(2018, 1, 2, 0, 0, 0, 0, time.UTC)
	end := time.Date(2018, 2, 28, 0, 0, 0, 0, time.UTC)
	holidays := map[string]bool{"2018-01-15": true, "2018-02-19": true} // MLK, Presidents Day
	for ; !d.After(end); d = d.AddDate(0, 0, 1) {
		ds := d.Format(time.DateOnly)
		if d.Weekday() == time.Saturday || d.Weekday() == time.Sunday || holidays[ds] || ds == "2018-01-10" {
			continue
		}
		switch {
		case ds >= "2018-01-16" && ds <= "2018-01-23":
			// flat: 100 on the 16th and five more equal closes
		case ds == "2018-02-01":
			price = 50.5
		default:
			price *= 1.001
		}
		if ds == "2018-01-16" {
			price = 100
		}
		fmt.Fprintf(&b, "%s,%.4f\n", ds, price)
	}
	src, err := data.OpenCSVFS(fstest.MapFS{"XYZ.csv": {Data: []byte(b.String())}}, []string{"XYZ.csv"}, data.PriceOptions{})
	if err != nil {
		t.Fatal(err)
	}
	p := study.DefaultParams()
	day := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	events := []engine.Event{
		{Event: study.Event{ID: "a", Symbol: "XYZ", Date: day("2018-02-20")}},
		{Event: study.Event{ID: "b", Symbol: "xyz", Date: day("2018-01-20")}},
		{Event: study.Event{ID: "c", Symbol: "XYZ", Date: day("2019-06-01")}},
	}
	qc := newQualityChecker(&engine.Options{Source: src, Params: p}, events)
	r := &study.Result{Event: events[0].Event, Fit: study.Fit{EstStart: day("2018-01-02")},
		Days: []study.Day{{Date: day("2018-02-28")}}}
	q := qc.check(context.Background(), r)
	if q.MissingDays != 1 || q.StaleDays != 5 || q.SplitJumps != 1 || q.Confounding != "b" {
		t.Errorf("quality = %+v; want 1 missing day, 5 stale days, 1 split jump, confounding b", q)
	}
	for _, want := range []string{"2018-01-10", "stale", "split", "other events of XYZ"} {
		if !strings.Contains(q.Note, want) {
			t.Errorf("note %q does not mention %q", q.Note, want)
		}
	}
	// An event that failed before its estimation window has no report.
	if q := qc.check(context.Background(), &study.Result{Event: events[2].Event}); q != (tidy.Quality{}) {
		t.Errorf("failed event quality = %+v, want empty", q)
	}
}

// rangeSource serves a complete NYSE-day series but, like the price cache,
// only the requested range of it.
type rangeSource struct{ s data.Series }

func (r rangeSource) Series(_ context.Context, symbol string, from, to time.Time) (data.Series, error) {
	out := data.Series{Symbol: symbol}
	for i, d := range r.s.Dates {
		if !d.Before(from) && !d.After(to) {
			out.Dates = append(out.Dates, d)
			out.Values = append(out.Values, r.s.Values[i])
		}
	}
	return out, nil
}

// The data-quality columns of an event do not depend on which event of the
// same firm is checked first (the engine's workers check them concurrently):
// issue 13 saw the FB earnings event get 6 missing days, 2017-07-28..08-04,
// when the banks event (two weeks later) was checked first and the firm's
// prices were read over the banks event's range only.
func TestQualityCheckOrderIndependent(t *testing.T) {
	cal := calendar.NYSE()
	s := data.Series{Symbol: "FB"}
	price := 100.0
	for d := time.Date(2016, 1, 4, 0, 0, 0, 0, time.UTC); d.Year() < 2019; d = d.AddDate(0, 0, 1) {
		if cal.IsOpen(d) {
			price *= 1 + 0.001*float64(d.Day()%7-3)
			s.Dates = append(s.Dates, d)
			s.Values = append(s.Values, price)
		}
	}
	day := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	events := []engine.Event{
		{Event: study.Event{ID: "cambridge", Symbol: "FB", Market: "^GSPC", Date: day("2018-03-19")}},
		{Event: study.Event{ID: "earnings", Symbol: "FB", Market: "^GSPC", Date: day("2018-07-26")}},
		{Event: study.Event{ID: "banks", Symbol: "FB", Market: "^GSPC", Date: day("2018-08-06")}},
	}
	p := study.DefaultParams()
	// A result whose estimation window starts 250 trading days before day 0
	// and whose event window ends 10 after, as the engine computes it.
	result := func(e study.Event) *study.Result {
		i := sort.Search(len(s.Dates), func(i int) bool { return !s.Dates[i].Before(e.Date) })
		return &study.Result{Event: e, Fit: study.Fit{EstStart: s.Dates[i+p.Estimation.Start]},
			Days: []study.Day{{Date: s.Dates[i+p.Event.End]}}}
	}
	for _, order := range [][]int{{0, 1, 2}, {2, 1, 0}, {2, 0, 1}, {1, 2, 0}} {
		qc := newQualityChecker(&engine.Options{Source: rangeSource{s}, Params: p}, events)
		for _, k := range order {
			q := qc.check(context.Background(), result(events[k].Event))
			if q.MissingDays != 0 || strings.Contains(q.Note, "missing") {
				t.Errorf("order %v: event %s: missing_days = %d, note %q; want none (the series is complete)",
					order, events[k].Event.ID, q.MissingDays, q.Note)
			}
		}
	}
}

// End to end through the Yahoo provider (a local server replaying Yahoo's
// answers) and a fresh cache per run: the quality columns of the Facebook
// events are the same for --jobs 1, 2 and 4 and for the events in reverse
// order, and the earnings event has no missing day (issue 13 saw 6, in about
// 3 runs of 10 with --jobs 2).
func TestQualityStableAcrossRuns(t *testing.T) {
	srv := replay.Yahoo(t)
	t.Setenv("EVENTSTUDY_YAHOO_URL", srv.URL)
	dir := t.TempDir()
	b, err := os.ReadFile("../../examples/fb_events.csv")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	rev := append([]string{lines[0]}, lines[1:]...)
	slices.Reverse(rev[1:])
	reversed := filepath.Join(dir, "reversed.csv")
	os.WriteFile(reversed, []byte(strings.Join(rev, "\n")+"\n"), 0o644)

	quality := func(events, jobs string, k int) map[string]string {
		out := filepath.Join(dir, fmt.Sprintf("out-%s-%d-%s", jobs, k, filepath.Base(events)))
		code, _, stderr := runCLI(t, "run", "--events", events, "--source", "yahoo", "--cache", filepath.Join(out+".db"),
			"--jobs", jobs, "--charts", "none", "--tables", "none", "--no-report", "-q", "--out", out)
		if code != exitOK {
			t.Fatalf("run: exit %d: %s", code, stderr)
		}
		rows := readCSV(t, filepath.Join(out, "events.csv"))
		col := func(name string) int { return slices.Index(rows[0], name) }
		got := map[string]string{}
		for _, r := range rows[1:] {
			got[r[col("event_id")]] = strings.Join([]string{r[col("missing_days")], r[col("stale_days")], r[col("split_jumps")],
				r[col("confounding")], r[col("quality_note")]}, "|")
		}
		return got
	}
	ref := quality("../../examples/fb_events.csv", "1", 0)
	if !strings.HasPrefix(ref["earnings"], "0|") {
		t.Errorf("earnings: missing_days|… = %q, want 0 missing days", ref["earnings"])
	}
	for k := range 3 {
		for _, jobs := range []string{"2", "4"} {
			for _, events := range []string{"../../examples/fb_events.csv", reversed} {
				if got := quality(events, jobs, k); !maps.Equal(got, ref) {
					t.Errorf("--jobs %s, %s, run %d: quality %v, want %v", jobs, filepath.Base(events), k, got, ref)
				}
			}
		}
	}
}

// Under --refresh the quality checks read the firm from the cache the
// engine has just refreshed: one request per symbol, not two, and the same
// quality columns as without --refresh.
func TestRefreshFetchesOnce(t *testing.T) {
	srv := replay.Yahoo(t)
	t.Setenv("EVENTSTUDY_YAHOO_URL", srv.URL)
	dir := t.TempDir()
	db := filepath.Join(dir, "cache.db")
	args := []string{"run", "--events", "../../examples/fb_events.csv", "--source", "yahoo", "--cache", db,
		"--charts", "none", "--tables", "none", "--no-report", "-q"}
	if code, _, stderr := runCLI(t, append(args, "--out", filepath.Join(dir, "a"))...); code != exitOK {
		t.Fatalf("first run: exit %d: %s", code, stderr)
	}
	before := srv.Hits("/v8/finance/chart/META")
	if code, _, stderr := runCLI(t, append(args, "--refresh", "--out", filepath.Join(dir, "b"))...); code != exitOK {
		t.Fatalf("--refresh: exit %d: %s", code, stderr)
	}
	if n := srv.Hits("/v8/finance/chart/META") - before; n != 1 {
		t.Errorf("--refresh asked Yahoo for META %d times, want once", n)
	}
	a, _ := os.ReadFile(filepath.Join(dir, "a", "events.csv"))
	b, _ := os.ReadFile(filepath.Join(dir, "b", "events.csv"))
	if string(a) != string(b) {
		t.Errorf("events.csv differs with --refresh:\n%s\n%s", a, b)
	}
}
