package report_test

import (
	"fmt"
	"io"
	"testing"

	"github.com/eventstudy/eventstudy/data/tables"
	"github.com/eventstudy/eventstudy/report"
	"github.com/eventstudy/eventstudy/study"
)

// BenchmarkWrite writes the page of a 10,000-event batch (the fixture's
// results repeated, each with other news of its firm in its windows, as on
// the S&P 500 panel), with its tables but without charts (drawn by package
// charts; the fixture's charts are benchmarked apart in BenchmarkWriteCharts);
// reports events/s.
func BenchmarkWrite(b *testing.B) {
	const n = 10000
	fx := fixture(false)
	p := fx
	p.Results, p.Events, p.Charts = nil, nil, nil
	for i := range n {
		r := fx.Results[i%3]
		r.Event.ID = fmt.Sprintf("E%05d", i)
		e := fx.Events[i%3]
		e.Quality.Confounding = fmt.Sprintf("E%05d;E%05d", (i+1)%n, (i+2)%n)
		p.Results, p.Events = append(p.Results, r), append(p.Events, e)
	}
	p.Summary = study.Aggregate(p.Params, p.Results)
	p.Tables = tables.All(p.Summary, p.Results, p.TableOptions)
	b.ReportAllocs()
	for b.Loop() {
		if err := report.Write(io.Discard, p); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkWriteCharts writes the fixture's page: three events, four charts
// each rendered as inline SVG for the desktop and the phone; reports charts/s.
func BenchmarkWriteCharts(b *testing.B) {
	p := fixture(false)
	b.ReportAllocs()
	for b.Loop() {
		if err := report.Write(io.Discard, p); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(p.Charts)*b.N)/b.Elapsed().Seconds(), "charts/s")
}
