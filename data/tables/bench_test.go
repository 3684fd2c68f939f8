package tables_test

import (
	"fmt"
	"io"
	"math"
	"testing"
	"time"

	"github.com/eventstudy/eventstudy/data/tables"
	"github.com/eventstudy/eventstudy/internal/cpuclock"
	"github.com/eventstudy/eventstudy/study"
)

// batch is n events with four CAR windows each (the default windows of run),
// shaped like the S&P 500 batch of docs/scale.md: ids E0000000 …, 500
// symbols, day 0 spread over two years, CARs of full float64 precision.
func batch(n int) []study.Result {
	rs := make([]study.Result, n)
	start := time.Date(2017, 10, 2, 0, 0, 0, 0, time.UTC)
	for i := range rs {
		rs[i] = study.Result{Event: study.Event{ID: fmt.Sprintf("E%07d", i), Symbol: fmt.Sprintf("S%03d", i*7%500)},
			Status: study.StatusOK, Day0: start.AddDate(0, 0, i*13%520)}
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
// results.xlsx; reports events/s, rows/s, CPU ms per workbook (with the
// garbage collector's) and the workbook's size.
//
// 10,000 events, 20 workbooks, three runs each, on the 2-core machine shared
// with two other helpers (load average 2-3), 23:46 UTC 2026-12-04: before
// (main at e34cf2d) 110-114 cpu-ms/op, 7.7 MB and 334 allocations per
// workbook; with the sheet built from pieces made once per sheet and one
// compressor for every part, 99-104 cpu-ms/op, 2.9 MB, 283 allocations;
// the same bytes (3.63 MB). Three quarters of what is left is Deflate.
// With the parts deflated in segments of 256 KB on GOMAXPROCS goroutines
// while the XML is built (23:56, same machine, load average 3.5-4): 56 ms
// of wall time when the second core was free, 100-106 cpu-ms/op (as
// before), 4.7 MB per workbook, 3.638 MB (0.1% larger); with -cpu 1,
// 101-105 cpu-ms/op.
func BenchmarkXLSX(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("events=%d", n), func(b *testing.B) {
			ts := []*tables.Table{tables.CARs(batch(n), tables.Options{})}
			var size counter
			b.ReportAllocs()
			c0 := cpuclock.Used()
			for b.Loop() {
				size = 0
				if err := tables.WriteXLSX(&size, ts); err != nil {
					b.Fatal(err)
				}
			}
			reportCPU(b, c0)
			b.ReportMetric(float64(b.N*n)/b.Elapsed().Seconds(), "events/s")
			b.ReportMetric(float64(b.N*ts[0].Len())/b.Elapsed().Seconds(), "rows/s")
			b.ReportMetric(float64(size)/1e6, "MB")
		})
	}
}

// reportCPU reports the CPU milliseconds per operation since c0.
func reportCPU(b *testing.B, c0 time.Duration) {
	b.ReportMetric(float64(cpuclock.Used()-c0)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}

// counter counts the bytes written to it.
type counter int

func (c *counter) Write(p []byte) (int, error) { *c += counter(len(p)); return len(p), nil }

// BenchmarkAll builds the tables of a default run on 10,000 events
// (tables.All: the summary, tests, per-event CAR and AAR tables), the
// part of the tables' cost before any is written; reports events/s and
// CPU ms per call.
//
// Same conditions as BenchmarkXLSX: before 27-30 cpu-ms/op, 33.7 MB and
// 150,041 allocations (a slice of cells and a window label per row); with
// one array of cells for all rows and a label per window, 10-13 cpu-ms/op,
// 26.7 MB, 10,032 allocations.
//
// With the per-event table's rows made on demand (Table.Row; 00:50 UTC
// 2026-12-05, same machine shared with another helper, load average 3.5,
// before and after run in turn): 2.2-2.6 cpu-ms/op and 1.8 MB (before 14.6-16.4
// and 26.7 MB); BenchmarkXLSX, which now makes the rows it writes, 108-113
// cpu-ms/op (before 103-108), the same 3.638 MB: the two together 111-116
// cpu-ms and 6.5 MB allocated instead of 117-124 and 31.5 MB.
// With the days 0 in one string (00:56, same conditions): 1.3-1.4 cpu-ms/op,
// 0.63 MB and 36 allocations (before 2.0 cpu-ms/op, 1.8 MB, 10,052).
func BenchmarkAll(b *testing.B) {
	const n = 10000
	rs := batch(n)
	b.ReportAllocs()
	c0 := cpuclock.Used()
	for b.Loop() {
		_ = tables.All(study.Summary{}, rs, tables.Options{})
	}
	reportCPU(b, c0)
	b.ReportMetric(float64(b.N*n)/b.Elapsed().Seconds(), "events/s")
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
	b.ReportMetric(float64(b.N*t.Len())/b.Elapsed().Seconds(), "rows/s")
}
