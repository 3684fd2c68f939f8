package tables_test

import (
	"fmt"
	"io"
	"math"
	"testing"

	"github.com/eventstudy/eventstudy/data/tables"
	"github.com/eventstudy/eventstudy/study"
)

// batch is n events with four CAR windows each (the default windows of run).
func batch(n int) []study.Result {
	rs := make([]study.Result, n)
	for i := range rs {
		rs[i] = study.Result{Event: study.Event{ID: fmt.Sprintf("E%05d", i), Symbol: "SYM"}, Status: study.StatusOK}
		for w := range 4 {
			x := math.Sin(float64(i*4 + w))
			rs[i].CARs = append(rs[i].CARs, study.CAR{Window: study.Window{Start: -w, End: w}, NDays: 2*w + 1,
				CAR: x / 10, SE: 0.02, T: x * 5, P: math.Abs(x) / 100, BHAR: x / 11})
		}
	}
	return rs
}

// BenchmarkXLSX writes the per-event CAR table of 1,000 and 10,000 events
// (four windows each: 4,000 and 40,000 rows) as a workbook, the bulk of
// results.xlsx; reports events/s and rows/s.
func BenchmarkXLSX(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("events=%d", n), func(b *testing.B) {
			ts := []*tables.Table{tables.CARs(batch(n), tables.Options{})}
			b.ReportAllocs()
			for b.Loop() {
				if err := tables.WriteXLSX(io.Discard, ts); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N*n)/b.Elapsed().Seconds(), "events/s")
			b.ReportMetric(float64(b.N*len(ts[0].Rows))/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

// BenchmarkAllFormats is the table cost of a default run on 10,000 events:
// the CAR table built once and written as Markdown, LaTeX, HTML and XLSX
// (what run does for --tables md,tex,html,xlsx); reports events/s.
func BenchmarkAllFormats(b *testing.B) {
	const n = 10000
	rs := batch(n)
	o := tables.Options{}
	b.ReportAllocs()
	for b.Loop() {
		ts := []*tables.Table{tables.CARs(rs, o)}
		for _, f := range []string{"md", "tex", "html"} {
			if err := tables.Write(io.Discard, ts[0], f, o); err != nil {
				b.Fatal(err)
			}
		}
		if err := tables.WriteXLSX(io.Discard, ts); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*n)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkLaTeX formats the CAR table of 1,000 events as LaTeX; reports rows/s.
func BenchmarkLaTeX(b *testing.B) {
	t := tables.CARs(batch(1000), tables.Options{})
	for b.Loop() {
		_ = tables.LaTeX(t, tables.Options{Stars: true})
	}
	b.ReportMetric(float64(b.N*len(t.Rows))/b.Elapsed().Seconds(), "rows/s")
}
