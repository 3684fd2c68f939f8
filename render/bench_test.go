package render_test

import (
	"fmt"
	"math"
	"runtime"
	"testing"
	"time"

	"github.com/eventstudy/eventstudy/charts"
	"github.com/eventstudy/eventstudy/data/tables"
	"github.com/eventstudy/eventstudy/data/tidy"
	"github.com/eventstudy/eventstudy/internal/cpuclock"
	"github.com/eventstudy/eventstudy/render"
	"github.com/eventstudy/eventstudy/study"
)

// batchRun is a batch of n events of 50 made-up firms (returns β·market +
// a wiggle of the firm's own, with a jump on each event's day 0) over 1,200
// trading days, estimated with the default parameters; Prices makes up the
// closing prices of the price charts.
func batchRun(n int) render.Run {
	var days []time.Time
	for d := time.Date(2014, 1, 2, 0, 0, 0, 0, time.UTC); len(days) < 1200; d = d.AddDate(0, 0, 1) {
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			days = append(days, d)
		}
	}
	mkt := study.Series{Dates: days}
	for k := range days {
		mkt.Values = append(mkt.Values, 0.008*math.Sin(float64(k)*0.7)+0.003*math.Cos(float64(k)*1.3))
	}
	const firms = 50
	at := func(k int) int { return 260 + (k*37)%900 }
	series := make([]study.Series, firms)
	for f := range series {
		s := study.Series{Dates: days}
		for k, m := range mkt.Values {
			s.Values = append(s.Values, 0.0002+(0.6+float64(f)/50)*m+0.006*math.Sin(float64(k)*(1.1+float64(f)/17)+float64(f)))
		}
		series[f] = s
	}
	for k := range n { // the news: a jump on each event's day
		f := k % firms
		series[f].Values[at(k)] += 0.04 * math.Sin(float64(3*k+1))
	}
	p := study.DefaultParams()
	r := render.Run{Params: p, Manifest: tidy.NewManifest()}
	r.Manifest.Parameters = tidy.NewParameters(p)
	for k := range n {
		f := k % firms
		e := study.Event{ID: fmt.Sprintf("E%05d", k), Symbol: fmt.Sprintf("F%02d", f), Market: "^GSPC", Date: days[at(k)]}
		r.Results = append(r.Results, study.Estimate(p, study.Input{Event: e, Firm: series[f], Market: mkt}))
	}
	r.Summary = study.Aggregate(p, r.Results)
	r.Prices = func(symbol string, from, to time.Time) (study.Series, error) {
		var s study.Series
		for i, d := range days {
			if !d.Before(from) && !d.After(to) {
				s.Dates, s.Values = append(s.Dates, d), append(s.Values, 100+10*math.Sin(float64(i)/20+float64(len(symbol))))
			}
		}
		return s, nil
	}
	return r
}

// BenchmarkWrite renders what a default `run` renders for a 10,000-event
// batch (PNG charts, the four table formats, report.html) into a sink that
// keeps nothing: the render phase of issue 11's budget, without the events,
// the tests across events and the disk. Reports events/s, and cpu-ms/batch
// (user + system time of the process, garbage collection included: the
// figure to read when other work loads the machine).
//
// 00:47 UTC 2026-12-05, 2-core machine shared with another helper (load
// average 1-1.7), before and after run in turn, three rounds of 3 batches:
// before (main at 030dedb) 256-327 cpu-ms/batch, 77-78 MB allocated per
// batch; with the per-event table's rows made on demand 240-273 and 52 MB;
// with the workbook's and the page's buffers also sized up front 240-252
// and 47.4 MB. 00:56, load average 3-3.7, four rounds in turn: before
// 258-271 cpu-ms/batch and 77-78 MB, at a301e9c (the days 0 of the
// per-event table in one string too) 247-257 and 46-48 MB, 10,000 fewer
// allocations.
func BenchmarkWrite(b *testing.B) {
	const n = 10000
	r := batchRun(n)
	o := render.Options{Charts: []string{"png"}, Tables: tables.Formats, Report: true, Spec: charts.DefaultSpec(),
		MaxTableRows: 1000, Jobs: runtime.GOMAXPROCS(0)}
	discard := func(string, []byte) error { return nil }
	b.ReportAllocs()
	cpu0 := cpuclock.Used()
	for b.Loop() {
		if err := render.Write(r, o, discard); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cpuclock.Used()-cpu0)/1e6/float64(b.N), "cpu-ms/batch")
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "events/s")
}
