package study

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// Hand-worked: the finite values are 1..8 and 100 (n = 9). Type 7 puts the
// p-quantile at h = p(n−1) in the sorted sample: Q1 at h = 2 → 3, the
// median at h = 4 → 5, Q3 at h = 6 → 7; the 10% quantile at h = 0.8 →
// 1 + 0.8·(2−1) = 1.8 and the 90% at h = 7.2 → 8 + 0.2·(100−8) = 26.4 (numpy
// percentile and R quantile give the same). Mean 136/9. Freedman–Diaconis:
// 2·IQR·n^(−1/3) = 2·4/9^(1/3) = 8/2.0800838230519 = 3.84599885...
func TestDescribe(t *testing.T) {
	x := []float64{5, 3, 100, math.NaN(), 1, 7, 2, 8, math.Inf(1), 4, 6}
	d := Describe(x)
	near := func(name string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-12*math.Max(1, math.Abs(want)) {
			t.Errorf("%s = %.15g, want %.15g", name, got, want)
		}
	}
	if d.N != 9 {
		t.Errorf("N = %d, want 9 (NaN and Inf left out)", d.N)
	}
	near("Mean", d.Mean, 136.0/9)
	near("Min", d.Min, 1)
	near("Q1", d.Q1, 3)
	near("Median", d.Median, 5)
	near("Q3", d.Q3, 7)
	near("Max", d.Max, 100)
	near("FreedmanDiaconisBin", d.FreedmanDiaconisBin, 8/2.0800838230519041)
	near("Quantile(0.1)", Quantile(x, 0.1), 1.8)
	near("Quantile(0.9)", Quantile(x, 0.9), 26.4)
	near("Quantile(0)", Quantile(x, 0), 1)
	near("Quantile(1)", Quantile(x, 1), 100)

	if e := Describe([]float64{math.NaN()}); e.N != 0 || !math.IsNaN(e.Mean) || !math.IsNaN(e.Median) {
		t.Errorf("Describe(no finite value) = %+v, want N 0 and NaN", e)
	}
	if w := FreedmanDiaconisWidth(0, 10); !math.IsNaN(w) {
		t.Errorf("FreedmanDiaconisWidth(IQR 0) = %v, want NaN", w)
	}
	if w := FreedmanDiaconisWidth(1, 1); !math.IsNaN(w) {
		t.Errorf("FreedmanDiaconisWidth(n 1) = %v, want NaN", w)
	}
	near("FreedmanDiaconisWidth(0.03, 1000)", FreedmanDiaconisWidth(0.03, 1000), 0.006) // 1000^(1/3) = 10
}

// Hand-worked on three OK events and a failed one over days −1..+1:
// day −1 has CARs {1, 3, 5}% (median 3%, 25% quantile at h = 0.5: 2%),
// day 0 has {2, 0}% (event 2's is missing; median 1%), day +1 has
// {3, 5, 1}% (90% quantile at h = 1.8: 3 + 0.8·2 = 4.6%).
func TestPathQuantiles(t *testing.T) {
	p := DefaultParams()
	p.Event = Window{Start: -1, End: 1}
	rs := []Result{
		carPath(StatusOK, 0.01, 0.02, 0.03),
		carPath(StatusOK, 0.03, math.NaN(), 0.05),
		carPath(StatusOK, 0.05, 0.00, 0.01),
		carPath(StatusDegenerate, 9, 9, 9),
	}
	q, n := PathQuantiles(p, rs, []float64{0.25, 0.5, 0.9})
	want := [][]float64{{0.02, 0.005, 0.02}, {0.03, 0.01, 0.03}, {0.046, 0.018, 0.046}}
	for k := range want {
		for i := range want[k] {
			if math.Abs(q[k][i]-want[k][i]) > 1e-12 {
				t.Errorf("q[%d][%d] = %v, want %v", k, i, q[k][i], want[k][i])
			}
		}
	}
	if n[0] != 3 || n[1] != 2 || n[2] != 3 {
		t.Errorf("n = %v, want [3 2 3]", n)
	}
}

// TestSelectRanks: after selectRanks every asked rank holds the value that
// sorting puts there, on random data with and without ties, of every
// length up to 300, against slices.Sort.
func TestSelectRanks(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 3000 {
		n := rng.IntN(300)
		x := make([]float64, n)
		for i := range x {
			if trial%2 == 0 {
				x[i] = float64(rng.IntN(7)) // many ties
			} else {
				x[i] = rng.NormFloat64()
			}
		}
		if trial%5 == 0 {
			slices.Sort(x) // sorted input
		}
		if trial%7 == 0 {
			slices.Reverse(x)
		}
		var ranks []int
		for r := range n {
			if rng.IntN(20) == 0 {
				ranks = append(ranks, r)
			}
		}
		want := slices.Clone(x)
		slices.Sort(want)
		asked := slices.Clone(ranks)
		selectRanks(x, ranks)
		for _, r := range asked {
			if x[r] != want[r] {
				t.Fatalf("trial %d, n = %d: x[%d] = %v, sorting puts %v there", trial, n, r, x[r], want[r])
			}
		}
		slices.Sort(x)
		if !slices.Equal(x, want) {
			t.Fatalf("trial %d: selectRanks lost or changed values", trial)
		}
	}
}

// TestPathQuantilesMatchSorting: the fan's quantiles of 2,000 random CAR
// paths equal, bit for bit, the type-7 quantiles of each day's sorted CARs.
func TestPathQuantilesMatchSorting(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	p := DefaultParams()
	p.Event = Window{Start: -5, End: 5}
	var rs []Result
	for range 2000 {
		r := Result{Status: StatusOK}
		car := 0.0
		for d := p.Event.Start; d <= p.Event.End; d++ {
			car += math.Round(rng.NormFloat64()*200) / 10000 // ties on purpose
			c := car
			if rng.IntN(50) == 0 {
				c = math.NaN()
			}
			r.Days = append(r.Days, Day{RelDay: d, CAR: c})
		}
		rs = append(rs, r)
	}
	probs := []float64{0, 0.1, 0.25, 0.5, 0.75, 0.9, 1}
	q, n := PathQuantiles(p, rs, probs)
	for i := range n {
		var v []float64
		for _, r := range rs {
			if c := r.Days[i].CAR; !math.IsNaN(c) {
				v = append(v, c)
			}
		}
		slices.Sort(v)
		if n[i] != len(v) {
			t.Errorf("day %d: n = %d, want %d", i, n[i], len(v))
		}
		for k, pr := range probs {
			if want := quantileSorted(v, pr); math.Float64bits(q[k][i]) != math.Float64bits(want) {
				t.Errorf("day %d, p = %v: %v, sorting gives %v", i, pr, q[k][i], want)
			}
		}
	}
}
