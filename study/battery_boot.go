package study

import (
	"math"
	"slices"
	"sync"
)

// DefaultBootstrapReps is the number of bootstrap resamples when
// Conventions.BootstrapReps is 0.
const DefaultBootstrapReps = 2000

// BootstrapLevel is the coverage of the bootstrap confidence intervals.
const BootstrapLevel = 0.95

// bootstrapMeans draws B resamples of the N events with replacement and
// returns their means in ascending order. The stream is seeded by
// Conventions.Seed and the sample's window, so a window gets the same draws
// whatever else the study computes, and the same seed the same interval.
func bootstrapMeans(s Sample) []float64 {
	if s.Panel == nil {
		return drawMeans(s)
	}
	// The percentile and BCa tests run one after the other on the same
	// sample: draw once. The key (window, N, Σx) also matches the day τ and
	// the CAR window τ..τ, whose samples are the same.
	c := s.Panel.cache()
	var sum float64
	for _, x := range s.X {
		sum += x
	}
	c.bootMu.Lock()
	defer c.bootMu.Unlock()
	if c.bootVals != nil && c.bootW == s.Window && c.bootN == len(s.X) && sameFloat(c.bootSum, sum) {
		return c.bootVals
	}
	c.bootVals = drawMeans(s)
	c.bootW, c.bootN, c.bootSum = s.Window, len(s.X), sum
	return c.bootVals
}

func drawMeans(s Sample) []float64 {
	b := s.conv().BootstrapReps
	if b <= 0 {
		b = DefaultBootstrapReps
	}
	seed := s.conv().Seed
	w := uint64(uint32(int32(s.Window.Start)))<<32 | uint64(uint32(int32(s.Window.End)))
	rng := &splitMix{s: seed ^ (w * 0xd1b54a32d192ed03)}
	out := make([]float64, b)
	drawMeansInto(*rng, s.X, out)
	slices.Sort(out)
	return out
}

// quantileSorted is the q-quantile of sorted x by linear interpolation
// between order statistics (Hyndman & Fan 1996, type 7).
func quantileSorted(x []float64, q float64) float64 {
	if len(x) == 0 || math.IsNaN(q) {
		return nan
	}
	h := q * float64(len(x)-1)
	lo := math.Floor(h)
	if lo < 0 {
		return x[0]
	}
	if int(lo) >= len(x)-1 {
		return x[len(x)-1]
	}
	return x[int(lo)] + (h-lo)*(x[int(lo)+1]-x[int(lo)])
}

// cdfSorted is Ĝ(v) = (#{x < v} + ½ #{x = v}) / B.
func cdfSorted(x []float64, v float64) float64 {
	lower, _ := tailsSorted(x, v)
	return lower
}

// tailsSorted is Ĝ(v) and 1 − Ĝ(v) = (#{x > v} + ½ #{x = v}) / B, each from
// counts, so that a p-value is an exact multiple of 1/(2B).
func tailsSorted(x []float64, v float64) (lower, upper float64) {
	lo, _ := slices.BinarySearch(x, v)
	hi := lo
	for hi < len(x) && x[hi] == v {
		hi++
	}
	b, ties := float64(len(x)), float64(hi-lo)/2
	return (float64(lo) + ties) / b, (float64(len(x)-hi) + ties) / b
}

// BootstrapPercentile is the nonparametric bootstrap of the mean over events
// (Efron 1979; Efron & Tibshirani 1993, ch. 13): B resamples of the N events
// with replacement (Conventions.BootstrapReps, default 2000; seeded by
// Conventions.Seed) give the bootstrap distribution Ĝ of the mean AR or CAR.
// The statistic is the mean itself (AAR or CAAR), the interval the percentile
// interval [Ĝ⁻¹(α/2), Ĝ⁻¹(1 − α/2)] at [BootstrapLevel], and the p-value the
// level at which the interval starts to exclude 0: Ĝ(0) (greater), 1 − Ĝ(0)
// (less), 2·min of the two (two-sided). NaN if N < 2.
//
// The bootstrap is the confidence interval of the CAAR: [AggregatePanel]
// computes it on the CAR windows only and gives NaN on single event days
// (aar.csv's bootstrap columns are empty), which would otherwise cost
// B × N draws for each of the event window's days.
func BootstrapPercentile(s Sample) (stat, p, lo, hi float64) {
	if len(s.X) < 2 || s.day {
		return nan, nan, nan, nan
	}
	g := bootstrapMeans(s)
	a := (1 - BootstrapLevel) / 2
	g0, up := tailsSorted(g, 0)
	return mean(s.X), pFromTails(g0, up, s.alt()), quantileSorted(g, a), quantileSorted(g, 1-a)
}

// BootstrapBCa is the bias-corrected and accelerated bootstrap interval of
// Efron (1987, JASA 82, eq. 2.3–2.4 and 6.6) for the mean over events, on the
// same resamples as [BootstrapPercentile]:
//
//	ẑ0 = Φ⁻¹(Ĝ(θ̂)),  â = Σ_i d_i³ / (6 (Σ_i d_i²)^{3/2}),  d_i = θ̂_(·) − θ̂_(i)
//	α[z] = Φ(ẑ0 + (ẑ0 + z)/(1 − â(ẑ0 + z))),  interval [Ĝ⁻¹(α[z_{α/2}]), Ĝ⁻¹(α[z_{1−α/2}])]
//
// with θ̂_(i) the jackknife means (event i left out; for the mean
// d_i ∝ X_i − X̄). The p-value inverts the interval: the level α at which its
// lower (upper) bound reaches 0, i.e. p_greater = Φ(w/(1 + â w) − ẑ0) with
// w = Φ⁻¹(Ĝ(0)) − ẑ0. NaN if N < 2 or all X are equal, and on single event
// days in [AggregatePanel] (CAR windows only, as [BootstrapPercentile]).
func BootstrapBCa(s Sample) (stat, p, lo, hi float64) {
	n := len(s.X)
	if n < 2 || s.day {
		return nan, nan, nan, nan
	}
	g := bootstrapMeans(s)
	th := mean(s.X)
	z0 := normQuantile(cdfSorted(g, th))
	var d2, d3 float64
	for _, x := range s.X {
		d := x - th // θ̂_(·) − θ̂_(i) = (X_i − X̄)/(N−1); the factor cancels in â
		d2 += d * d
		d3 += d * d * d
	}
	if d2 == 0 || math.IsInf(z0, 0) {
		return th, nan, nan, nan
	}
	acc := d3 / (6 * math.Pow(d2, 1.5))
	level := func(q float64) float64 {
		z := normQuantile(q)
		return normCDF(z0 + (z0+z)/(1-acc*(z0+z)))
	}
	a := (1 - BootstrapLevel) / 2
	lo, hi = quantileSorted(g, level(a)), quantileSorted(g, level(1-a))
	// p_greater: the α at which the lower bound Ĝ⁻¹(α[z_α]) equals 0.
	w := normQuantile(cdfSorted(g, 0)) - z0
	var pg float64
	switch {
	case math.IsInf(w, -1):
		pg = 0
	case math.IsInf(w, 1):
		pg = 1
	case 1+acc*w <= 0:
		if w < 0 {
			pg = 0
		} else {
			pg = 1
		}
	default:
		pg = normCDF(w/(1+acc*w) - z0)
	}
	return th, pFromTails(pg, 1-pg, s.alt()), lo, hi
}

// WilcoxonExactMax is the largest N for which [Wilcoxon] uses the exact
// null distribution (when there are no ties and no zeros), as R's wilcox.test.
const WilcoxonExactMax = 49

// Wilcoxon is the Wilcoxon (1945) signed-rank test of the sample's values
// about 0. Zeros are dropped; |X_i| is ranked (ties get mean ranks) and the
// statistic is V = W⁺, the sum of the ranks of the positive values (R's
// wilcox.test V). With N ≤ [WilcoxonExactMax], no ties and no zeros the
// p-value is exact: under the null each of the 2^N sign patterns is equally
// likely, and the number of patterns with W⁺ = w is the coefficient of q^w in
// Π_{k=1}^N (1 + q^k) ([WilcoxonCounts]). Otherwise W⁺ is normal with mean
// N(N+1)/4 and variance N(N+1)(2N+1)/24 − Σ_j (t_j³ − t_j)/48 over groups of
// t_j tied |X| (Lehmann 1975, sec. 3.2), with a continuity correction of ½
// towards the mean. NaN if no value is non-zero.
func Wilcoxon(s Sample) (stat, p float64) {
	x := make([]float64, 0, len(s.X))
	zeros := false
	for _, v := range s.X {
		if v == 0 {
			zeros = true
			continue
		}
		x = append(x, v)
	}
	n := len(x)
	if n == 0 {
		return nan, nan
	}
	abs := make([]float64, n)
	for i, v := range x {
		abs[i] = math.Abs(v)
	}
	rank := make([]float64, n)
	averageRanks(abs, rank)
	var wp float64
	for i, v := range x {
		if v > 0 {
			wp += rank[i]
		}
	}
	// Ties: groups of equal |X|.
	srt := slices.Clone(abs)
	slices.Sort(srt)
	var tie float64
	for a := 0; a < n; {
		b := a
		for b+1 < n && srt[b+1] == srt[a] {
			b++
		}
		t := float64(b - a + 1)
		tie += t*t*t - t
		a = b + 1
	}
	alt := s.alt()
	if n <= WilcoxonExactMax && tie == 0 && !zeros {
		cnt := WilcoxonCounts(n)
		total := math.Ldexp(1, n)
		w := int(wp)
		var le, ge float64
		for k, c := range cnt {
			if k <= w {
				le += c
			}
			if k >= w {
				ge += c
			}
		}
		return wp, pFromTails(ge/total, le/total, alt)
	}
	fn := float64(n)
	mu := fn * (fn + 1) / 4
	sd := math.Sqrt(fn*(fn+1)*(2*fn+1)/24 - tie/48)
	if !(sd > 0) {
		return wp, nan
	}
	d := wp - mu
	upper := 0.5 * math.Erfc((d-0.5)/sd/math.Sqrt2) // P(W ≥ w) with correction
	lower := 0.5 * math.Erfc(-(d+0.5)/sd/math.Sqrt2)
	return wp, pFromTails(min(1, upper), min(1, lower), alt)
}

var wilcoxonCounts sync.Map // n → []float64

// WilcoxonCounts returns c[w], the number of the 2^n sign patterns of the
// ranks 1..n whose positive ranks sum to w, for w = 0..n(n+1)/2: the
// coefficients of Π_{k=1}^n (1 + q^k). Exact in float64 up to n = 52.
func WilcoxonCounts(n int) []float64 {
	if c, ok := wilcoxonCounts.Load(n); ok {
		return c.([]float64)
	}
	c := make([]float64, n*(n+1)/2+1)
	c[0] = 1
	top := 0
	for k := 1; k <= n; k++ {
		top += k
		for w := top; w >= k; w-- {
			c[w] += c[w-k]
		}
	}
	wilcoxonCounts.Store(n, c)
	return c
}

// sameFloat reports exact equality, NaN equal to NaN.
func sameFloat(a, b float64) bool { return a == b || (math.IsNaN(a) && math.IsNaN(b)) }
