package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/eventstudy/eventstudy/data"
	"github.com/eventstudy/eventstudy/internal/shareddata"
)

// panelTickers lists the tickers (second column) of the long panel file, sorted.
func panelTickers(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReaderSize(f, 1<<20))
	r.ReuseRecord = true
	seen := map[string]bool{}
	for first := true; ; first = false {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if !first {
			seen[rec[1]] = true
		}
	}
	return slices.Sorted(maps.Keys(seen)), nil
}

// panelBatch writes n events drawn at random (seeded) from every ticker of
// the S&P 500 panel and the trading days 2018-06-01..2019-03-15 to
// dir/events.csv, as scripts/scale.sh draws them: with a few tickers only,
// each event's windows would hold hundreds of the firm's other events, and
// the confounding-event lists would dominate. It returns the events file,
// the panel and the ^GSPC file.
func panelBatch(b testing.TB, dir string, n int) (events, panel, gspc string) {
	panel, gspc, tickers, days := panelInputs(b)
	events = filepath.Join(dir, "events.csv")
	var sb strings.Builder
	sb.WriteString("event_id,symbol,date\n")
	rng := rand.New(rand.NewPCG(1, 1))
	for i := range n {
		fmt.Fprintf(&sb, "E%05d,%s,%s\n", i, tickers[rng.IntN(len(tickers))], days[rng.IntN(len(days))])
	}
	if err := os.WriteFile(events, []byte(sb.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	return events, panel, gspc
}

// panelInputs returns the S&P 500 panel and the ^GSPC file of the batch
// benchmarks, the panel's tickers and the ^GSPC trading days from
// 2018-06-01 to 2019-03-15 from which events are drawn.
func panelInputs(b testing.TB) (panel, gspc string, tickers, days []string) {
	panel = shareddata.Path(b, "sp500_panel_yahoo_2017_2019", "sp500_daily_2017-06-01_2019-03-29.csv")
	gspc = shareddata.Path(b, "yahoo_kriti_2020", "GSPC.csv")
	src, err := data.OpenCSV([]string{gspc}, data.PriceOptions{})
	if err != nil {
		b.Fatal(err)
	}
	m, err := src.Series(context.Background(), "GSPC", time.Time{}, time.Time{})
	if err != nil {
		b.Fatal(err)
	}
	for _, d := range m.Dates {
		if s := d.Format(time.DateOnly); s >= "2018-06-01" && s <= "2019-03-15" {
			days = append(days, s)
		}
	}
	tickers, err = panelTickers(panel)
	if err != nil {
		b.Fatal(err)
	}
	return panel, gspc, tickers, days
}

// BenchmarkRunPanel is the end-to-end target of issue 6: n events on the S&P
// 500 panel against ^GSPC, market model, the four default CAR windows, from
// the CSV files to the written outputs (no charts, tables or report), with
// the full battery and with the basic tests. It reports events/s; B/op is
// the memory allocated per run.
func BenchmarkRunPanel(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		dir := b.TempDir()
		ev, panel, gspc := panelBatch(b, dir, n)
		for _, tests := range []string{"battery", "basic"} {
			b.Run(fmt.Sprintf("events=%d/tests=%s", n, tests), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					var stdout, stderr strings.Builder
					code := run(context.Background(), []string{"run", "--events", ev, "--prices", panel, "--prices", gspc, "--market", "^GSPC",
						"--tests", tests, "--out", filepath.Join(dir, "out"), "--charts", "none", "--tables", "none", "--no-report", "-q"},
						strings.NewReader(""), &stdout, &stderr)
					if code != exitOK {
						b.Fatal(stderr.String())
					}
				}
				b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "events/s")
			})
		}
	}
}

// BenchmarkRunLiveHeap measures what a 10,000-event batch of the S&P 500
// panel holds once every event is done (the live heap after a collection, at
// afterEvents, before the tests across events), run by default (charts,
// tables, report.html) and bare (--charts none --tables none --no-report),
// with the full battery. What is live then stays live to the end of the run,
// and the process's peak RSS is about twice it (GOGC=100). B/op is the
// memory allocated per run.
func BenchmarkRunLiveHeap(b *testing.B) {
	dir := b.TempDir()
	ev, panel, gspc := panelBatch(b, dir, 10000)
	for _, mode := range []struct {
		name  string
		extra []string
	}{{"default", nil}, {"bare", []string{"--charts", "none", "--tables", "none", "--no-report"}}} {
		b.Run(mode.name, func(b *testing.B) {
			var live uint64
			afterEvents = func() {
				runtime.GC()
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				live = max(live, ms.HeapAlloc)
			}
			defer func() { afterEvents = nil }()
			b.ReportAllocs()
			for b.Loop() {
				var stdout, stderr strings.Builder
				args := append([]string{"run", "--events", ev, "--prices", panel, "--prices", gspc, "--market", "^GSPC",
					"--out", filepath.Join(dir, mode.name), "-q"}, mode.extra...)
				if code := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr); code != exitOK {
					b.Fatal(stderr.String())
				}
			}
			b.ReportMetric(float64(live)/(1<<20), "live-MB")
		})
	}
}
