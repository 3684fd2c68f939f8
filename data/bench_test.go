package data

import (
	"bytes"
	"os"
	"testing"

	"github.com/eventstudy/eventstudy/internal/shareddata"
)

// BenchmarkReadPanel parses the S&P 500 panel (15.6 MB, 208,349 rows, 453
// symbols) from memory.
func BenchmarkReadPanel(b *testing.B) {
	p := shareddata.Path(b, "sp500_panel_yahoo_2017_2019", "sp500_daily_2017-06-01_2019-03-29.csv")
	buf, err := os.ReadFile(p)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(buf)))
	b.ReportAllocs()
	rows := 0
	for b.Loop() {
		ss, err := ReadSeries(bytes.NewReader(buf), p, "", PriceOptions{})
		if err != nil {
			b.Fatal(err)
		}
		rows = 0
		for _, s := range ss {
			rows += len(s.Dates)
		}
	}
	b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
}
