package study

import (
	"fmt"
	"testing"
)

// An accumulator grown beforehand (more room than results, some results
// not OK) gives the same panel as one that grows as it goes, and does not
// reallocate its slices while the results are added.
func TestAccumulatorGrow(t *testing.T) {
	p, rs := accResults(t, 300)
	plain, grown := NewAccumulator(p, true), NewAccumulator(p, true)
	grown.Grow(len(rs) + 7)
	rows0, ar0 := cap(grown.rows), cap(grown.ar)
	for i := range rs {
		r := rs[i]
		plain.Add(&r)
		grown.Add(&r)
	}
	if cap(grown.rows) != rows0 || cap(grown.ar) != ar0 {
		t.Errorf("grown accumulator reallocated: cap %d → %d rows, %d → %d cells", rows0, cap(grown.rows), ar0, cap(grown.ar))
	}
	a, b := plain.Panel(), grown.Panel()
	if fmt.Sprint(a.Results, a.AR, a.ARVar, a.DF) != fmt.Sprint(b.Results, b.AR, b.ARVar, b.DF) {
		t.Error("grown accumulator: panel differs")
	}
}
