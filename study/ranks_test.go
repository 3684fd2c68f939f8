package study

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// averageRanksWalk is the definition: sort the indices of the non-NaN values
// and give each group of equal values the mean of its positions (1-based).
func averageRanksWalk(x, rank []float64) int {
	idx := make([]int, 0, len(x))
	for j, v := range x {
		rank[j] = math.NaN()
		if !math.IsNaN(v) {
			idx = append(idx, j)
		}
	}
	slices.SortFunc(idx, func(a, b int) int { return cmp.Compare(x[a], x[b]) })
	for a := 0; a < len(idx); {
		b := a
		for b+1 < len(idx) && x[idx[b+1]] == x[idx[a]] {
			b++
		}
		for c := a; c <= b; c++ {
			rank[idx[c]] = float64(a+b)/2 + 1
		}
		a = b + 1
	}
	return len(idx)
}

// averageRanks (binary search in the sorted values) equals the walk over
// sorted tie groups, with ties, NaNs, ±0 and infinities.
func TestAverageRanksAgainstWalk(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	pool := []float64{0, math.Copysign(0, -1), 1, -1, 0.5, math.Inf(1), math.Inf(-1), math.NaN()}
	for trial := range 500 {
		x := make([]float64, rng.IntN(40))
		for i := range x {
			if rng.IntN(2) == 0 {
				x[i] = pool[rng.IntN(len(pool))]
			} else {
				x[i] = rng.NormFloat64()
			}
		}
		got, want := make([]float64, len(x)), make([]float64, len(x))
		m, mw := averageRanks(x, got), averageRanksWalk(x, want)
		if m != mw {
			t.Fatalf("trial %d: %d non-missing, want %d", trial, m, mw)
		}
		for i := range x {
			if !same(got[i], want[i]) {
				t.Fatalf("trial %d: x=%v rank[%d] = %g, want %g", trial, x, i, got[i], want[i])
			}
		}
	}
}
