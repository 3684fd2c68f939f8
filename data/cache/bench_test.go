package cache

import (
	"context"
	"fmt"
	"testing"

	"github.com/eventstudy/eventstudy/data/calendar"
)

// BenchmarkBars reads whole cached series; the metric is bars per second.
func BenchmarkBars(b *testing.B) {
	for _, years := range []int{1, 10} {
		b.Run(fmt.Sprintf("years=%d", years), func(b *testing.B) {
			c := open(b, "")
			ctx := context.Background()
			from, to := day("2000-01-01").AddDate(0, 0, 0), day("2000-01-01").AddDate(years, 0, -1)
			bars := synth(from, to, 10)
			if err := c.Put(ctx, "yahoo", "X", Range{from, to}, bars); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				got, err := c.Bars(ctx, "yahoo", "X", from, to)
				if err != nil || len(got) != len(bars) {
					b.Fatal(err, len(got))
				}
				n += len(got)
			}
			b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "bars/s")
		})
	}
}

// BenchmarkMissing measures the coverage check done before every read.
func BenchmarkMissing(b *testing.B) {
	c := open(b, "")
	ctx := context.Background()
	from, to := day("2010-01-01"), day("2019-12-31")
	if err := c.Put(ctx, "yahoo", "X", Range{from, to}, synth(from, to, 10)); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Missing(ctx, "yahoo", "X", from, to, calendar.NYSE()); err != nil {
			b.Fatal(err)
		}
	}
}
