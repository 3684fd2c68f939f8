package study

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
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

// canonical sorts the OK results of rs as the panel's rows are meant to be:
// by event identity, then content (the definition, with a comparison sort of
// whole results; the Accumulator sorts a permutation of its compact rows).
func canonical(rs []Result) []Result {
	var ok []Result
	for _, r := range rs {
		if r.Status == StatusOK {
			ok = append(ok, r)
		}
	}
	slices.SortStableFunc(ok, func(a, b Result) int {
		if c := compareEvents(a.Event, b.Event); c != 0 {
			return c
		}
		for k := range a.Days {
			if c := cmp.Compare(a.Days[k].AR, b.Days[k].AR); c != 0 { // NaN first
				return c
			}
			if c := cmp.Compare(a.Days[k].SE, b.Days[k].SE); c != 0 {
				return c
			}
		}
		for j := range a.CARs {
			if c := cmp.Compare(a.CARs[j].CAR, b.CARs[j].CAR); c != 0 {
				return c
			}
			if c := cmp.Compare(a.CARs[j].SE, b.CARs[j].SE); c != 0 {
				return c
			}
		}
		return cmp.Compare(a.Fit.DF, b.Fit.DF)
	})
	return ok
}

// The accumulated panel holds, in canonical order, each OK result's
// identity, fit fields, CARs, ARs, variances and (if kept) residuals; more
// than one block of rows is used.
func TestAccumulatorPanel(t *testing.T) {
	p, rs := accResults(t, 6000)
	want := canonical(rs)
	for _, keep := range []bool{false, true} {
		acc := NewAccumulator(p, keep)
		for i := range rs {
			r := rs[i]
			acc.Add(&r)
		}
		got := acc.Panel()
		if acc.Panel() != got {
			t.Fatal("a second call of Panel built another panel")
		}
		if len(got.Rows) != len(want) || len(want) <= grownRows {
			t.Fatalf("keep=%v: %d rows, want %d (> %d)", keep, len(got.Rows), len(want), grownRows)
		}
		for i, w := range want {
			g := got.Rows[i]
			if g.Event != w.Event || g.Fit != rowFit(&w.Fit) || got.DF[i] != w.Fit.DF {
				t.Fatalf("keep=%v row %d: %+v %+v, want %+v %+v", keep, i, g.Event, g.Fit, w.Event, w.Fit)
			}
			for j, c := range w.CARs {
				if gc := g.CARs[j]; gc.NDays != c.NDays || !same(gc.CAR, c.CAR) || !same(gc.SE, c.SE) || !same(gc.BHAR, c.BHAR) {
					t.Fatalf("keep=%v row %d CAR %d: %+v, want %+v", keep, i, j, gc, c)
				}
			}
			for k, d := range w.Days {
				if !same(got.AR[i][k], d.AR) || !same(got.ARVar[i][k], d.SE*d.SE) {
					t.Fatalf("keep=%v row %d day %d: %g %g, want %g %g", keep, i, k, got.AR[i][k], got.ARVar[i][k], d.AR, d.SE*d.SE)
				}
			}
			wantEst := w.EstAR
			if !keep {
				wantEst = nil
			}
			if fmt.Sprint(g.EstAR) != fmt.Sprint(wantEst) {
				t.Fatalf("keep=%v row %d: EstAR differs", keep, i)
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
	if acc.Len() != 0 || len(acc.Panel().Rows) != 0 {
		t.Fatal("failed result kept")
	}
}

// Blocks tile the rows: each row lies in its block, and each block starts
// where the previous one ended.
func TestLocateBlocks(t *testing.T) {
	end := 0
	prev := -1
	for i := range 100_000 {
		b, start, size := locate(i)
		if i < start || i >= start+size {
			t.Fatalf("locate(%d) = block %d [%d, %d)", i, b, start, start+size)
		}
		if b != prev {
			if b != prev+1 || start != end {
				t.Fatalf("locate(%d) = block %d at %d, want block %d at %d", i, b, start, prev+1, end)
			}
			prev, end = b, start+size
		}
	}
}

// The side arrays of --model garch and --by (Panel.EstVar, Panel.Group) are
// nil in a plain run and, when they start late (the first GARCH variance or
// the first group other than 0 after more than one block of rows), still
// give each row its own result's values, in canonical order.
func TestAccumulatorSideArrays(t *testing.T) {
	p, rs := accResults(t, 6000)
	plain := NewAccumulator(p, true)
	for i := range rs {
		plain.AddGroup(&rs[i], 0)
	}
	if pan := plain.Panel(); pan.EstVar != nil || pan.Group != nil {
		t.Fatalf("plain run: EstVar %d rows, Group %d rows, want none", len(pan.EstVar), len(pan.Group))
	}

	const late = grownRows + 100
	acc := NewAccumulator(p, true)
	early := 0
	for i := range rs {
		r, g := rs[i], 0
		if i >= late {
			r.EstVar, g = []float64{float64(i)}, i%3+1 // a marker: the result's index
		} else if r.Status == StatusOK {
			early++
		}
		acc.AddGroup(&r, g)
	}
	pan := acc.Panel()
	if len(pan.EstVar) != len(pan.Rows) || len(pan.Group) != len(pan.Rows) {
		t.Fatalf("EstVar %d, Group %d, want %d rows each", len(pan.EstVar), len(pan.Group), len(pan.Rows))
	}
	unmarked := 0
	for row, ev := range pan.EstVar {
		if ev == nil {
			unmarked++
			if pan.Group[row] != 0 {
				t.Fatalf("row %d: no variances but group %d", row, pan.Group[row])
			}
			continue
		}
		i := int(ev[0])
		if want := int32(i%3 + 1); pan.Group[row] != want {
			t.Fatalf("row %d (result %d): group %d, want %d", row, i, pan.Group[row], want)
		}
		for k, d := range rs[i].Days {
			if !same(pan.AR[row][k], d.AR) {
				t.Fatalf("row %d holds the variances of result %d but not its ARs", row, i)
			}
		}
	}
	if unmarked != early {
		t.Errorf("%d rows without variances, want %d", unmarked, early)
	}
	sub := pan.Subset([]int{0, len(pan.Rows) - 1})
	if sub.Group[1] != pan.Group[len(pan.Rows)-1] || fmt.Sprint(sub.EstVar[1]) != fmt.Sprint(pan.EstVar[len(pan.Rows)-1]) {
		t.Errorf("Subset lost the side arrays")
	}
}
