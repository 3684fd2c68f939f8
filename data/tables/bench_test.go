package tables_test

import (
	"io"
	"math"
	"testing"

	"github.com/eventstudy/eventstudy/data/tables"
	"github.com/eventstudy/eventstudy/study"
)

// batch is n events with four CAR windows each.
func batch(n int) []study.Result {
	rs := make([]study.Result, n)
	for i := range rs {
		rs[i] = study.Result{Event: study.Event{ID: "e", Symbol: "SYM"}, Status: study.StatusOK}
		for w := range 4 {
			x := math.Sin(float64(i*4 + w))
			rs[i].CARs = append(rs[i].CARs, study.CAR{Window: study.Window{Start: -w, End: w}, NDays: 2*w + 1,
				CAR: x / 10, SE: 0.02, T: x * 5, P: 0.5, BHAR: x / 11})
		}
	}
	return rs
}

// BenchmarkXLSX writes the per-event CAR table of 1,000 events (4,000 rows)
// as a workbook; reports rows/s.
func BenchmarkXLSX(b *testing.B) {
	ts := []*tables.Table{tables.CARs(batch(1000), tables.Options{})}
	for b.Loop() {
		if err := tables.WriteXLSX(io.Discard, ts); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*len(ts[0].Rows))/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkLaTeX formats the same table as LaTeX; reports rows/s.
func BenchmarkLaTeX(b *testing.B) {
	t := tables.CARs(batch(1000), tables.Options{})
	for b.Loop() {
		_ = tables.LaTeX(t, tables.Options{Stars: true})
	}
	b.ReportMetric(float64(b.N*len(t.Rows))/b.Elapsed().Seconds(), "rows/s")
}
