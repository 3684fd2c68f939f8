package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkByAndRegress measures what --by and regress add to a run of
// 100,000 events on the S&P 500 panel (market model, the four default CAR
// windows, the full battery, CSV outputs without charts): the run alone, the
// run with --by sector (10 groups, so that the battery runs 11 times and
// groups.csv has 4 × (45 × 2 + 2) rows), and regress of CAR(−1,1) on a
// numeric column and the sector factor with HC1 standard errors on the
// finished run. It reports events/s.
func BenchmarkByAndRegress(b *testing.B) {
	panel, gspc, tickers, days := panelInputs(b)
	const n = 100_000
	dir := b.TempDir()
	ev := filepath.Join(dir, "events.csv")
	var sb strings.Builder
	sb.WriteString("event_id,symbol,date,sector,size\n")
	rng := rand.New(rand.NewPCG(1, 1))
	for i := range n {
		k := rng.IntN(len(tickers))
		fmt.Fprintf(&sb, "E%06d,%s,%s,s%d,%.4f\n", i, tickers[k], days[rng.IntN(len(days))], k%10, 5+2*rng.NormFloat64())
	}
	if err := os.WriteFile(ev, []byte(sb.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	cli := func(b *testing.B, args ...string) {
		var stdout, stderr strings.Builder
		if code := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr); code != exitOK {
			b.Fatal(stderr.String())
		}
	}
	runArgs := []string{"run", "--events", ev, "--prices", panel, "--prices", gspc, "--market", "^GSPC",
		"--out", out, "--charts", "none", "--tables", "none", "--no-report", "-q"}
	for _, c := range []struct {
		name string
		args []string
	}{
		{"run", runArgs},
		{"run-by", append(runArgs[:len(runArgs):len(runArgs)], "--by", "sector")},
		{"regress", []string{"regress", out, "--y", "car:-1,1", "--x", "size", "--factor", "sector", "-q"}},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				cli(b, c.args...)
			}
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "events/s")
		})
	}
}
