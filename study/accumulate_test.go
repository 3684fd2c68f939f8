package study

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"
)

// accResults draws n market-model events (some failing, many sharing an
// identity so that the content tie-breaks of the canonical order are used).
func accResults(t *testing.T, n int) (Params, []Result) {
	t.Helper()
	p := DefaultParams()
	p.MinEst = 200
	rng := rand.New(rand.NewPCG(6, 6))
	dates := weekdays(time.Date(2015, 1, 5, 0, 0, 0, 0, time.UTC), 300)
	var rs []Result
	for i := range n {
		in := simInput(rng, simDefault, dates, 270, 0.01*rng.NormFloat64())
		in.Event.ID = fmt.Sprint(i % 7) // identities repeat
		if i%5 == 0 {                   // some firm days missing, some events too short
			for k := range 60 + i%80 {
				in.Firm.Values[10+k] = nan
			}
		}
		rs = append(rs, Estimate(p, in))
	}
	return p, rs
}

func TestAccumulatorMatchesNewPanel(t *testing.T) {
	p, rs := accResults(t, 300)
	for _, keep := range []bool{false, true} {
		acc := NewAccumulator(p, keep)
		for i := range rs {
			r := rs[i]
			acc.Add(&r)
		}
		got, want := acc.Panel(), NewPanel(p, rs)
		if len(got.Results) != len(want.Results) || len(want.Results) == 0 {
			t.Fatalf("keep=%v: %d rows, want %d (> 0)", keep, len(got.Results), len(want.Results))
		}
		for i := range want.Results {
			w := want.Results[i]
			w.Days = nil
			if !keep {
				w.EstAR = nil
			}
			if fmt.Sprint(got.Results[i]) != fmt.Sprint(w) {
				t.Fatalf("keep=%v row %d:\n got %v\nwant %v", keep, i, got.Results[i], w)
			}
			if fmt.Sprint(got.AR[i], got.ARVar[i], got.DF[i]) != fmt.Sprint(want.AR[i], want.ARVar[i], want.DF[i]) {
				t.Fatalf("keep=%v row %d cells differ", keep, i)
			}
		}
	}
}

func TestAccumulatorSummaryMatchesAggregate(t *testing.T) {
	p, rs := accResults(t, 200)
	// Any input order gives Aggregate's summary, exactly (NaN printed as NaN).
	want := fmt.Sprintf("%+v", Aggregate(p, rs))
	rng := rand.New(rand.NewPCG(1, 2))
	for range 3 {
		rng.Shuffle(len(rs), func(i, j int) { rs[i], rs[j] = rs[j], rs[i] })
		acc := NewAccumulator(p, true)
		for i := range rs {
			acc.Add(&rs[i])
		}
		if got := fmt.Sprintf("%+v", acc.Summary(DefaultTests())); got != want {
			t.Fatalf("summary differs:\n got %s\nwant %s", got, want)
		}
	}
}

func TestAccumulatorAddAfterPanelPanics(t *testing.T) {
	acc := NewAccumulator(DefaultParams(), false)
	acc.Panel()
	defer func() {
		if recover() == nil {
			t.Fatal("no panic")
		}
	}()
	acc.Add(&Result{Status: StatusOK})
}

func TestAccumulatorIgnoresFailed(t *testing.T) {
	acc := NewAccumulator(DefaultParams(), false)
	acc.Add(&Result{Status: StatusDegenerate})
	if acc.Len() != 0 || !reflect.DeepEqual(acc.Panel().Results, []Result(nil)) {
		t.Fatal("failed result kept")
	}
}
