package charts_test

import (
	"bytes"
	"image"
	"math"
	"testing"
	"time"

	"github.com/eventstudy/eventstudy/charts"
	"github.com/eventstudy/eventstudy/internal/cpuclock"
	"github.com/eventstudy/eventstudy/study"
)

// batchInput is the input of the charts a default run draws for a batch of
// n events, with prices made up around each event.
func batchInput(n int) charts.StudyInput {
	rs := batch(n)
	p := study.DefaultParams()
	p.CARs = []study.Window{{Start: -1, End: 1}} // the one CAR of batch's results
	sum := study.Aggregate(p, rs)
	loader := func(symbol string, from, to time.Time) (study.Series, error) {
		var s study.Series
		k := float64(len(symbol))
		for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
			if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
				continue
			}
			i := float64(d.Unix() / 86400)
			s.Dates = append(s.Dates, d)
			s.Values = append(s.Values, 100*k+8*math.Sin(i/9+k)+3*math.Cos(i/2.3))
		}
		return s, nil
	}
	return charts.StudyInput{Params: p, Results: rs, Summary: sum,
		BandSE: study.CAARBandSE(p, rs, charts.Z95), Prices: loader, Hist: study.Window{Start: -1, End: 1}}
}

// batchCharts builds the charts a default run draws for a batch of n
// events (n = 10,000: the price and AR charts of the 3 largest movers, the
// CAAR chart, the histogram and the fan chart).
func batchCharts(tb testing.TB, n int) []charts.Named {
	tb.Helper()
	built, _ := charts.StudyCharts(spec, batchInput(n))
	return built
}

// BenchmarkStudyCharts builds (does not draw) the 9 charts of a
// 10,000-event batch: the chart prep of a default run. Reports ms/batch.
func BenchmarkStudyCharts(b *testing.B) {
	in := batchInput(10000)
	b.ReportAllocs()
	for b.Loop() {
		charts.StudyCharts(spec, in)
	}
	b.ReportMetric(b.Elapsed().Seconds()*1000/float64(b.N), "ms/batch")
}

// BenchmarkRenderPNG draws and encodes, one after another on one
// goroutine, the PNG files of a default run on a 10,000-event batch
// (batchCharts: 9 charts, 1200×675 px): the chart files' share of the
// render budget of issue 11. Reports ms/chart and charts/s (wall), and
// cpu-ms/chart (the process's user + system time, garbage collection
// included: the figure to read when other work loads the machine). The
// glyph cache is warm after the first iteration; a run's first charts
// rasterise their glyphs (about 2,100 for these 9, some 10 ms of CPU).
func BenchmarkRenderPNG(b *testing.B) {
	named := batchCharts(b, 10000)
	if len(named) != 9 {
		b.Fatalf("%d charts, want the 9 of a default 10,000-event run", len(named))
	}
	b.ReportAllocs()
	cpu0 := cpuclock.Used()
	for b.Loop() {
		if err := charts.RenderAll(named, []string{"png"}, 1, func(string, []byte) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
	nc := float64(len(named) * b.N)
	b.ReportMetric(float64(cpuclock.Used()-cpu0)/1e6/nc, "cpu-ms/chart")
	b.ReportMetric(b.Elapsed().Seconds()*1000/nc, "ms/chart")
	b.ReportMetric(nc/b.Elapsed().Seconds(), "charts/s")
}

// BenchmarkEncodePNG encodes the 9 images of a 10,000-event batch's charts
// (drawn once); reports ms/chart (wall), cpu-ms/chart and the kB of the 9
// files.
func BenchmarkEncodePNG(b *testing.B) {
	var imgs []*image.RGBA
	for _, n := range batchCharts(b, 10000) {
		imgs = append(imgs, charts.DrawPNG(n.Chart, false))
	}
	size := 0
	cpu0 := cpuclock.Used()
	for b.Loop() {
		size = 0
		for _, m := range imgs {
			var buf bytes.Buffer
			if err := charts.EncodePNG(&buf, m); err != nil {
				b.Fatal(err)
			}
			size += buf.Len()
		}
	}
	nc := float64(len(imgs) * b.N)
	b.ReportMetric(b.Elapsed().Seconds()*1000/nc, "ms/chart")
	b.ReportMetric(float64(cpuclock.Used()-cpu0)/1e6/nc, "cpu-ms/chart")
	b.ReportMetric(float64(size)/1000, "kB")
}
