package study

import (
	"cmp"
	"fmt"
	"math/bits"
	"slices"
)

// PanelRow is what the tests across events read of one event's [Result]: its
// identity, the parts of its fit that the standardized tests use, its CARs
// and, when kept, its estimation-window residuals. What only some runs need
// (GARCH's in-sample variances, the `--by` group) is kept beside the rows, in
// [Panel.EstVar] and [Panel.Group], so that a plain run's row stays small:
// unsafe.Sizeof(PanelRow{}) is 216 bytes (TestPanelRowSize) plus 32 per CAR,
// about half of a Result without its days, which matters for a million events.
type PanelRow struct {
	Event Event
	Fit   RowFit
	CARs  []RowCAR  // parallel to Params.CARs
	EstAR []float64 // Result.EstAR, or nil when not kept (see [NewAccumulator])
}

// RowFit holds the fields of an event's [Fit] that the tests across events
// read, with the same names and meanings.
type RowFit struct {
	Model            Model
	Sigma            float64
	N, DF, LAll      int
	MeanMAll, SxxAll float64
}

// RowCAR holds the fields of a [CAR] that the tests across events read.
type RowCAR struct {
	NDays         int
	CAR, SE, BHAR float64
}

func rowFit(f *Fit) RowFit {
	return RowFit{Model: f.Model, Sigma: f.Sigma, N: f.N, DF: f.DF, LAll: f.LAll, MeanMAll: f.MeanMAll, SxxAll: f.SxxAll}
}

// An Accumulator builds the [Panel] of a batch one result at a time, keeping
// per event only its [PanelRow], its ARs and their variances (and R_mτ under
// Conventions.Estudy2) and, when asked for, its estimation residuals: about
// 650 bytes an event with the default design and without residuals, instead
// of ≈ 4 KB for a full Result. Everything is stored in blocks that never
// move, so that growing never copies (appending to one slice would briefly hold its
// old and new arrays: 2.25 times its size at a million events).
//
// [NewPanel] is an Accumulator fed with every result.
type Accumulator struct {
	p        Params
	keepEst  bool
	n        int              // OK results added
	rows     blocks[PanelRow] // one per OK result
	cars     blocks[RowCAR]   // len(Params.CARs) per row: backing store of rows' CARs
	ar, v, m blocks[float64]  // Event.Len() per row; m only under Conventions.Estudy2 (Panel.MarketRet)
	est      blocks[float64]  // Estimation.Len() per row, when keepEst
	// estVar and group exist only once a row has an EstVar (GARCH) or a
	// group other than 0 (--by); they then have one entry per row.
	estVar blocks[[]float64]
	group  blocks[int32]
	pan    *Panel // built by the first call of Panel
}

// NewAccumulator starts an empty panel for p. keepEstAR keeps each event's
// estimation residuals (Result.EstAR), for tests that read them (rank and
// sign tests); without it Panel().Rows[i].EstAR is nil.
func NewAccumulator(p Params, keepEstAR bool) *Accumulator {
	return &Accumulator{p: p, keepEst: keepEstAR}
}

// Add records r if its status is [StatusOK]; other results are ignored, as
// by [NewPanel]. r is not retained: its slices may be reused by the caller.
// Add panics if r does not match the params (number of days or CARs), or if
// called after [Accumulator.Panel].
func (a *Accumulator) Add(r *Result) { a.AddGroup(r, 0) }

// AddGroup is [Accumulator.Add] for an event of group g (an index into the
// group names given to [GroupSummaries] and [CompareGroups]).
func (a *Accumulator) AddGroup(r *Result, g int) {
	if a.pan != nil {
		panic("study: Accumulator.Add after Panel")
	}
	if r.Status != StatusOK {
		return
	}
	k, nc := a.p.Event.Len(), len(a.p.CARs)
	if len(r.Days) != k || len(r.CARs) != nc {
		panic(fmt.Sprintf("study: event %q has %d days and %d CARs; params want %d and %d",
			r.Event.ID, len(r.Days), len(r.CARs), k, nc))
	}
	row := a.rows.next(1)
	row[0] = PanelRow{Event: r.Event, Fit: rowFit(&r.Fit)}
	if g != 0 || a.group.n > 0 {
		sideNext(&a.group, a.n)[0] = int32(g)
	}
	cars := a.cars.next(nc)
	for j, c := range r.CARs {
		cars[j] = RowCAR{NDays: c.NDays, CAR: c.CAR, SE: c.SE, BHAR: c.BHAR}
	}
	row[0].CARs = cars
	if a.keepEst && r.EstAR != nil {
		// Residual vectors of another length than the window's (none from
		// Estimate) get their own array.
		e := r.EstAR
		if l1 := a.p.Estimation.Len(); len(e) == l1 {
			row[0].EstAR = a.est.next(l1)
			copy(row[0].EstAR, e)
		} else {
			row[0].EstAR = slices.Clone(e)
		}
		if r.EstVar != nil || a.estVar.n > 0 { // GARCH
			sideNext(&a.estVar, a.n)[0] = slices.Clone(r.EstVar)
		}
	}
	ar, v := a.ar.next(k), a.v.next(k)
	for d := range r.Days {
		ar[d], v[d] = r.Days[d].AR, r.Days[d].SE*r.Days[d].SE
	}
	if a.p.Conventions.Estudy2 {
		m := a.m.next(k)
		for d := range r.Days {
			m[d] = r.Days[d].MarketRet
		}
	}
	a.n++
}

// Len is the number of OK results added.
func (a *Accumulator) Len() int { return a.n }

// Panel returns the panel of the results added, in the canonical order of
// [NewPanel]. The accumulator is finished: Add panics afterwards, and later
// calls return the same panel.
func (a *Accumulator) Panel() *Panel {
	if a.pan != nil {
		return a.pan
	}
	n, k := a.n, a.p.Event.Len()
	// Sort a permutation (stable: input order breaks full ties).
	perm := make([]int32, n)
	for i := range perm {
		perm[i] = int32(i)
	}
	slices.SortStableFunc(perm, func(x, y int32) int { return a.compare(int(x), int(y)) })
	pan := &Panel{Params: a.p, Rows: make([]PanelRow, n), AR: make([][]float64, n), ARVar: make([][]float64, n), DF: make([]int, n)}
	if a.p.Conventions.Estudy2 {
		pan.MarketRet = make([][]float64, n)
	}
	if a.estVar.n > 0 {
		pan.EstVar = make([][]float64, n)
	}
	if a.group.n > 0 {
		pan.Group = make([]int32, n)
	}
	for i, j := range perm {
		pan.Rows[i] = *a.rows.at(int(j), 1)
		pan.AR[i] = a.ar.row(int(j), k)
		pan.ARVar[i] = a.v.row(int(j), k)
		pan.DF[i] = pan.Rows[i].Fit.DF
		if pan.MarketRet != nil {
			pan.MarketRet[i] = a.m.row(int(j), k)
		}
		if j := int(j); j < a.estVar.n {
			pan.EstVar[i] = a.estVar.row(j, 1)[0]
		}
		if j := int(j); j < a.group.n {
			pan.Group[i] = a.group.row(j, 1)[0]
		}
	}
	a.rows, a.estVar, a.group = blocks[PanelRow]{}, blocks[[]float64]{}, blocks[int32]{} // copied into pan
	a.pan = pan
	return pan
}

// Summary is [AggregatePanel] of the accumulated panel with tests.
func (a *Accumulator) Summary(tests []Test) Summary {
	return AggregatePanel(a.Panel(), tests)
}

// compare orders rows x and y by event identity, then by content (ARs and
// their variances, CARs and their SEs, degrees of freedom; NaN first), so
// that the order is total for distinct results and sums across events do
// not depend on the input order.
func (a *Accumulator) compare(x, y int) int {
	ra, rb := a.rows.at(x, 1), a.rows.at(y, 1)
	if c := compareEvents(ra.Event, rb.Event); c != 0 {
		return c
	}
	k := a.p.Event.Len()
	arx, ary, vx, vy := a.ar.row(x, k), a.ar.row(y, k), a.v.row(x, k), a.v.row(y, k)
	for d := range k {
		if c := cmp.Compare(arx[d], ary[d]); c != 0 {
			return c
		}
		if c := cmp.Compare(vx[d], vy[d]); c != 0 {
			return c
		}
	}
	for j := range ra.CARs {
		ca, cb := &ra.CARs[j], &rb.CARs[j]
		if c := cmp.Compare(ca.CAR, cb.CAR); c != 0 {
			return c
		}
		if c := cmp.Compare(ca.SE, cb.SE); c != 0 {
			return c
		}
	}
	return cmp.Compare(ra.Fit.DF, rb.Fit.DF)
}

// blocks is an append-only sequence of rows of T of a fixed width, stored in
// blocks that never move: 64 rows in the first, doubling up to 4096 rows
// (small panels stay small), so that it grows without copying.
type blocks[T any] struct {
	bs [][]T
	n  int // rows handed out
}

const (
	firstBlockRows = 64
	growBlocks     = 6                                    // blocks of 64, 128, …, 2048 rows
	grownRows      = firstBlockRows * (1<<growBlocks - 1) // rows in them: 4032
	maxBlockRows   = firstBlockRows << growBlocks         // rows per block after them: 4096
)

// locate returns the block of row i, its first row and its size in rows.
func locate(i int) (b, start, size int) {
	if i < grownRows {
		b = bits.Len(uint(i/firstBlockRows+1)) - 1
		return b, firstBlockRows * (1<<b - 1), firstBlockRows << b
	}
	b = growBlocks + (i-grownRows)/maxBlockRows
	return b, grownRows + (b-growBlocks)*maxBlockRows, maxBlockRows
}

// next returns the next row of width w (the same w on every call).
func (b *blocks[T]) next(w int) []T {
	bl, start, size := locate(b.n)
	if bl == len(b.bs) {
		b.bs = append(b.bs, make([]T, size*w))
	}
	j := b.n - start
	b.n++
	return b.bs[bl][j*w : (j+1)*w : (j+1)*w]
}

// row returns row i of width w.
func (b *blocks[T]) row(i, w int) []T {
	bl, start, _ := locate(i)
	j := i - start
	return b.bs[bl][j*w : (j+1)*w : (j+1)*w]
}

// sideNext returns the entry of row i (the row being added) of a side array
// of width 1 that is started only when first needed: the rows before it get
// zero values.
func sideNext[T any](b *blocks[T], i int) []T {
	for b.n < i {
		b.next(1)
	}
	return b.next(1)
}

// at returns a pointer to the first element of row i of width w.
func (b *blocks[T]) at(i, w int) *T { return &b.row(i, w)[0] }
