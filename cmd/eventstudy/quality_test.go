package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/eventstudy/eventstudy/data"
	"github.com/eventstudy/eventstudy/data/tidy"
	"github.com/eventstudy/eventstudy/internal/engine"
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
	qc := newQualityChecker(src, false, p, events)
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
