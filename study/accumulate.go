package study

import (
	"cmp"
	"fmt"
	"slices"
)

// An Accumulator builds the [Panel] of a batch one result at a time, keeping
// only what the tests across events read: per event its identity, fit and CARs
// (a [Result] without Days), its ARs and their variances in two flat arrays,
// and, when asked for, its estimation-window residuals (EstAR). A batch of a
// million events thus holds about 1 KB per event instead of the full results
// (≈ 4 KB with Days and EstAR).
//
// The panel it builds is the one [NewPanel] builds from the same results
// (same rows, same canonical order, same cells), so that
//
//	AggregatePanel(acc.Panel(), tests) == AggregateWith(p, results, tests)
//
// with one caveat on ties: NewPanel breaks ties between events of the same
// identity and ARs by SE, the Accumulator by SE², which orders the same unless
// two different SEs round to the same square.
type Accumulator struct {
	p        Params
	keepEst  bool
	rows     []Result  // OK results without Days (and without EstAR unless keepEst)
	ar, v    []float64 // flat: Event.Len() cells per row
	m        []float64 // flat like ar: R_mτ per cell, under Conventions.Estudy2 only (Panel.MarketRet)
	cars     []CAR     // backing store of rows[i].CARs
	panelled bool
}

// NewAccumulator starts an empty panel for p. keepEstAR keeps each event's
// estimation residuals (Result.EstAR), for tests that read them (rank and
// sign tests); without it Panel().Results[i].EstAR is nil.
func NewAccumulator(p Params, keepEstAR bool) *Accumulator {
	return &Accumulator{p: p, keepEst: keepEstAR}
}

// Add records r if its status is [StatusOK]; other results are ignored, as
// by [NewPanel]. r is not retained: its slices may be reused by the caller.
// Add panics if r does not match the params (number of days or CARs), or if
// called after [Accumulator.Panel].
func (a *Accumulator) Add(r *Result) {
	if a.panelled {
		panic("study: Accumulator.Add after Panel")
	}
	if r.Status != StatusOK {
		return
	}
	if len(r.Days) != a.p.Event.Len() || len(r.CARs) != len(a.p.CARs) {
		panic(fmt.Sprintf("study: event %q has %d days and %d CARs; params want %d and %d",
			r.Event.ID, len(r.Days), len(r.CARs), a.p.Event.Len(), len(a.p.CARs)))
	}
	c := *r
	c.Days = nil
	c.EstAR = nil
	if a.keepEst && r.EstAR != nil {
		c.EstAR = slices.Clone(r.EstAR)
	}
	// CARs go into a shared backing array, re-sliced at Panel time (append may move it).
	a.cars = append(a.cars, r.CARs...)
	c.CARs = nil
	a.rows = append(a.rows, c)
	for _, d := range r.Days {
		a.ar = append(a.ar, d.AR)
		a.v = append(a.v, d.SE*d.SE)
	}
	if a.p.Conventions.Estudy2 {
		for _, d := range r.Days {
			a.m = append(a.m, d.MarketRet)
		}
	}
}

// Len is the number of OK results added.
func (a *Accumulator) Len() int { return len(a.rows) }

// Panel returns the panel of the results added, in the canonical order of
// [NewPanel]. The accumulator is finished: Add panics afterwards.
func (a *Accumulator) Panel() *Panel {
	a.panelled = true
	n, k, nc := len(a.rows), a.p.Event.Len(), len(a.p.CARs)
	for i := range a.rows {
		a.rows[i].CARs = a.cars[i*nc : (i+1)*nc : (i+1)*nc]
	}
	// Sort a permutation (stable: input order breaks full ties, as in NewPanel),
	// then apply it in place by following its cycles.
	perm := make([]int32, n)
	for i := range perm {
		perm[i] = int32(i)
	}
	slices.SortStableFunc(perm, func(x, y int32) int { return a.compare(int(x), int(y)) })
	tmpAR, tmpV, tmpM := make([]float64, k), make([]float64, k), make([]float64, k)
	hasM := a.m != nil
	tmpCAR := make([]CAR, nc)
	for start := range perm {
		if perm[start] < 0 {
			continue
		}
		// Position i receives row perm[i]; walk the cycle through start.
		row := a.rows[start]
		copy(tmpAR, a.ar[start*k:])
		copy(tmpV, a.v[start*k:])
		if hasM {
			copy(tmpM, a.m[start*k:])
		}
		copy(tmpCAR, a.cars[start*nc:(start+1)*nc])
		i := start
		for {
			j := int(perm[i])
			perm[i] = -1
			if j == start {
				a.rows[i] = row
				copy(a.ar[i*k:(i+1)*k], tmpAR)
				copy(a.v[i*k:(i+1)*k], tmpV)
				if hasM {
					copy(a.m[i*k:(i+1)*k], tmpM)
				}
				copy(a.cars[i*nc:(i+1)*nc], tmpCAR)
				break
			}
			a.rows[i] = a.rows[j]
			copy(a.ar[i*k:(i+1)*k], a.ar[j*k:(j+1)*k])
			copy(a.v[i*k:(i+1)*k], a.v[j*k:(j+1)*k])
			if hasM {
				copy(a.m[i*k:(i+1)*k], a.m[j*k:(j+1)*k])
			}
			copy(a.cars[i*nc:(i+1)*nc], a.cars[j*nc:(j+1)*nc])
			i = j
		}
	}
	pan := &Panel{Params: a.p, Results: a.rows, AR: make([][]float64, n), ARVar: make([][]float64, n), DF: make([]int, n)}
	for i := range a.rows {
		a.rows[i].CARs = a.cars[i*nc : (i+1)*nc : (i+1)*nc]
		pan.AR[i] = a.ar[i*k : (i+1)*k : (i+1)*k]
		pan.ARVar[i] = a.v[i*k : (i+1)*k : (i+1)*k]
		pan.DF[i] = a.rows[i].Fit.DF
	}
	if hasM {
		pan.MarketRet = make([][]float64, n)
		for i := range n {
			pan.MarketRet[i] = a.m[i*k : (i+1)*k : (i+1)*k]
		}
	}
	return pan
}

// Summary is [AggregatePanel] of the accumulated panel with tests.
func (a *Accumulator) Summary(tests []Test) Summary {
	return AggregatePanel(a.Panel(), tests)
}

// compare is compareResults on the compact rows x and y (before Panel has
// permuted them): SE² stands in for SE.
func (a *Accumulator) compare(x, y int) int {
	ra, rb := &a.rows[x], &a.rows[y]
	if c := compareEvents(ra.Event, rb.Event); c != 0 {
		return c
	}
	k, nc := a.p.Event.Len(), len(a.p.CARs)
	for d := range k {
		if c := cmp.Compare(a.ar[x*k+d], a.ar[y*k+d]); c != 0 {
			return c
		}
		if c := cmp.Compare(a.v[x*k+d], a.v[y*k+d]); c != 0 {
			return c
		}
	}
	for j := range nc {
		ca, cb := &a.cars[x*nc+j], &a.cars[y*nc+j]
		if c := cmp.Compare(ca.CAR, cb.CAR); c != 0 {
			return c
		}
		if c := cmp.Compare(ca.SE, cb.SE); c != 0 {
			return c
		}
	}
	return cmp.Compare(ra.Fit.DF, rb.Fit.DF)
}
