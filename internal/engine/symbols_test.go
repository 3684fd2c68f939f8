package engine

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/eventstudy/eventstudy/data"
	"github.com/eventstudy/eventstudy/data/symbols"
	"github.com/eventstudy/eventstudy/study"
)

// asked records the symbols a source is asked for.
type asked struct {
	data.Source
	mu  sync.Mutex
	got []string
}

func (a *asked) Series(ctx context.Context, symbol string, from, to time.Time) (data.Series, error) {
	a.mu.Lock()
	a.got = append(a.got, symbol)
	a.mu.Unlock()
	return a.Source.Series(ctx, symbol, from, to)
}

// An event on a renamed ticker is computed from the new ticker's history,
// whether the rename comes after the event window or inside it: the source
// is asked for one series, under the new name, and the result is the one of
// the same event given with the new ticker. A delisted company is
// unknown_symbol with the explanation, and the source is not asked.
func TestRenamedSymbols(t *testing.T) {
	src, evs := sampleBatch(t, 1)
	var base Event
	for _, e := range evs {
		if e.Event.Symbol == "SYNA" && base.Event.Symbol == "" {
			base = e
		}
	}
	d := base.Event.Date
	hist, err := symbols.New([]symbols.Change{
		{Old: "OLDA", New: "SYNA", Date: d.AddDate(1, 0, 0)},  // after the event window
		{Old: "MIDA", New: "SYNA", Date: d.AddDate(0, 0, 3)},  // inside it (day +2 or so)
		{Old: "GONE", Date: d.AddDate(0, 6, 0)},               // delisted after the event
		{Old: "LATE", New: "SYNA", Date: d.AddDate(0, 0, -1)}, // renamed before the event: not mapped
	})
	if err != nil {
		t.Fatal(err)
	}
	rec := &asked{Source: src}
	opt := Options{Params: study.DefaultParams(), Source: rec, Jobs: 2, Symbols: hist, SourceName: "yahoo"}
	var in []Event
	for i, sym := range []string{"SYNA", "OLDA", "MIDA", "GONE", "LATE"} {
		e := base
		e.Event.ID, e.Event.Symbol = string(rune('a'+i)), sym
		in = append(in, e)
	}
	var res []study.Result
	if err := Run(context.Background(), opt, in, func(_ int, r *study.Result) error {
		res = append(res, *r)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	want := res[0]
	if want.Status != study.StatusOK {
		t.Fatalf("SYNA: %s %s", want.Status, want.Message)
	}
	for _, r := range res[1:3] {
		if r.Event.VendorSymbol != "SYNA" {
			t.Errorf("%s: VendorSymbol %q, want SYNA", r.Event.Symbol, r.Event.VendorSymbol)
		}
		if r.Status != study.StatusOK || r.Event.Symbol == "SYNA" || r.Fit.Alpha != want.Fit.Alpha || r.Fit.Beta != want.Fit.Beta || r.Fit.N != want.Fit.N || len(r.Days) != len(want.Days) ||
			r.CARs[0].CAR != want.CARs[0].CAR {
			t.Errorf("%s: %s %q, CAR %v; want ok with SYNA's fit and CAR %v, keeping the symbol", r.Event.Symbol, r.Status, r.Message,
				r.CARs, want.CARs[0].CAR)
		}
	}
	if r := res[3]; r.Status != study.StatusUnknownSymbol || r.Event.VendorSymbol != "" || !strings.Contains(r.Message, "Yahoo has no data for GONE: it was delisted on") {
		t.Errorf("GONE: %s %q; want unknown_symbol, delisted", r.Status, r.Message)
	}
	if r := res[4]; r.Status != study.StatusUnknownSymbol {
		t.Errorf("LATE (renamed before its event): %s %q; want unknown_symbol (the source has no LATE)", r.Status, r.Message)
	}
	for _, s := range rec.got {
		if s == "OLDA" || s == "MIDA" || s == "GONE" {
			t.Errorf("the source was asked for %s; want only current tickers", s)
		}
	}
	n := 0
	for _, s := range rec.got {
		if s == "SYNA" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("SYNA asked %d times, want once: OLDA, MIDA and SYNA are one series", n)
	}
}
