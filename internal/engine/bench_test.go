package engine

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/eventstudy/eventstudy/data"
	"github.com/eventstudy/eventstudy/internal/shareddata"
	"github.com/eventstudy/eventstudy/study"
)

// panelEvents draws n events on random tickers of the S&P 500 panel and random
// trading days late enough for a −250..−11 estimation window (seeded).
func panelEvents(b *testing.B, src data.Source, n int) []Event {
	b.Helper()
	ctx := context.Background()
	m, err := src.Series(ctx, "^GSPC", time.Time{}, time.Time{})
	if err != nil {
		b.Fatal(err)
	}
	var days []time.Time
	lo := time.Date(2018, 6, 1, 0, 0, 0, 0, time.UTC)
	hi := time.Date(2019, 3, 15, 0, 0, 0, 0, time.UTC)
	for _, d := range m.Dates {
		if !d.Before(lo) && !d.After(hi) {
			days = append(days, d)
		}
	}
	tickers := []string{"AAPL", "AMZN", "FB", "GOOGL", "JPM", "WFC", "C", "USB", "MSFT", "XOM", "JNJ", "PG", "KO", "PFE", "BHF", "T", "VZ", "INTC", "CSCO", "ORCL"}
	rng := rand.New(rand.NewPCG(1, 1))
	ev := make([]Event, n)
	for i := range ev {
		ev[i] = Event{Event: study.Event{ID: "e", Symbol: tickers[rng.IntN(len(tickers))], Market: "^GSPC", Date: days[rng.IntN(len(days))]}}
	}
	return ev
}

// BenchmarkPanel runs the market model with the four default CAR windows on
// the S&P 500 panel (../shared/data/sp500_panel_yahoo_2017_2019) against
// ^GSPC, from loaded prices to aggregated results.
func BenchmarkPanel(b *testing.B) {
	panel := shareddata.Path(b, "sp500_panel_yahoo_2017_2019", "sp500_daily_2017-06-01_2019-03-29.csv")
	gspc := shareddata.Path(b, "yahoo_kriti_2020", "GSPC.csv")
	src, err := data.OpenCSV([]string{panel, gspc}, data.PriceOptions{})
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range []int{1000, 10000} {
		events := panelEvents(b, src, n)
		b.Run(fmt.Sprintf("events=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			p := study.DefaultParams()
			for b.Loop() {
				results := make([]study.Result, 0, n)
				err := Run(context.Background(), Options{Params: p, Source: src}, events, func(_ int, r *study.Result) error {
					if r.Status != study.StatusOK {
						b.Fatalf("%s %s: %s", r.Event.Symbol, r.Event.Date, r.Message)
					}
					results = append(results, *r)
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
				study.Aggregate(p, results)
			}
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "events/s")
		})
	}
}
