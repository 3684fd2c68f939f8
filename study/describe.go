package study

import (
	"math"
	"slices"
)

// Description summarises a sample of CARs (or any values) for a chart: its
// size, mean, quartiles and range, over the finite values only.
type Description struct {
	N                   int
	Mean                float64
	Min, Q1, Median, Q3 float64
	Max                 float64
	// FreedmanDiaconisBin is the bin width FreedmanDiaconisWidth(Q3−Q1, N);
	// NaN when N < 2 or the interquartile range is 0.
	FreedmanDiaconisBin float64
}

// Describe returns the Description of the finite values of x (NaN and ±Inf
// are left out). Quantiles interpolate between order statistics (Hyndman &
// Fan 1996, type 7: the default of R's quantile and of numpy.percentile).
// An empty sample gives N = 0 and NaN statistics.
func Describe(x []float64) Description {
	s := finiteSorted(x)
	d := Description{N: len(s)}
	if len(s) == 0 {
		d.Mean, d.Min, d.Q1, d.Median, d.Q3, d.Max, d.FreedmanDiaconisBin = nan, nan, nan, nan, nan, nan, nan
		return d
	}
	d.Mean = mean(s)
	d.Min, d.Max = s[0], s[len(s)-1]
	d.Q1, d.Median, d.Q3 = quantileSorted(s, 0.25), quantileSorted(s, 0.5), quantileSorted(s, 0.75)
	d.FreedmanDiaconisBin = FreedmanDiaconisWidth(d.Q3-d.Q1, len(s))
	return d
}

// Quantile returns the p-quantile (0 ≤ p ≤ 1) of the finite values of x by
// linear interpolation between order statistics (Hyndman & Fan 1996, type
// 7); NaN when x has no finite value.
func Quantile(x []float64, p float64) float64 {
	return quantileSorted(finiteSorted(x), p)
}

// finiteSorted returns the finite values of x, sorted, in a new slice.
func finiteSorted(x []float64) []float64 {
	s := make([]float64, 0, len(x))
	for _, v := range x {
		if finiteF(v) {
			s = append(s, v)
		}
	}
	slices.Sort(s)
	return s
}

// FreedmanDiaconisWidth is the histogram bin width of Freedman & Diaconis
// (1981), h = 2 · IQR · n^(−1/3), which minimises the integrated squared
// error of the histogram as a density estimate for smooth densities and,
// through the interquartile range, resists outliers (a few extreme CARs do
// not widen every bin, as the range-based Sturges rule does). NaN when
// n < 2 or iqr is not positive.
//
//	Freedman, D. and Diaconis, P. (1981). On the histogram as a density
//	  estimator: L2 theory. Z. Wahrscheinlichkeitstheorie verw. Gebiete 57,
//	  453–476.
func FreedmanDiaconisWidth(iqr float64, n int) float64 {
	if n < 2 || !(iqr > 0) || math.IsInf(iqr, 0) {
		return nan
	}
	return 2 * iqr / math.Cbrt(float64(n))
}

// PathQuantiles returns, for each day of p.Event, the probs quantiles (type
// 7, as [Quantile]) of the events' CAR paths (Day.CAR, the CAR from the
// window start to that day) across the events with status OK and a finite
// CAR on that day: q[k][i] is the probs[k] quantile on day p.Event.Start+i,
// n[i] the number of events behind it. Entries without events are NaN. It is
// the input of a fan chart of many events' paths.
func PathQuantiles(p Params, rs []Result, probs []float64) (q [][]float64, n []int) {
	days := p.Event.End - p.Event.Start + 1
	if days <= 0 {
		return nil, nil
	}
	nOK := 0
	for i := range rs {
		if rs[i].Status == StatusOK {
			nOK++
		}
	}
	byDay := make([][]float64, days)
	for i := range byDay {
		byDay[i] = make([]float64, 0, nOK) // at most one CAR per event and day: no growing
	}
	for i := range rs {
		r := &rs[i]
		if r.Status != StatusOK {
			continue
		}
		for _, d := range r.Days {
			if i := d.RelDay - p.Event.Start; i >= 0 && i < days && finiteF(d.CAR) {
				byDay[i] = append(byDay[i], d.CAR)
			}
		}
	}
	q = make([][]float64, len(probs))
	for k := range q {
		q[k] = make([]float64, days)
	}
	n = make([]int, days)
	var ranks []int
	for i, v := range byDay {
		// Only the order statistics that the quantiles interpolate between
		// are put in place (selectRanks), not the whole day sorted: a fan of
		// 10,000 events sorted 21 days of 10,000 CARs (issue 11's render
		// budget). quantileSorted reads no other position.
		ranks = ranks[:0]
		for _, pr := range probs {
			if h := pr * float64(len(v)-1); h >= 0 && !math.IsNaN(h) {
				lo := min(int(math.Floor(h)), len(v)-1)
				ranks = append(ranks, lo, min(lo+1, len(v)-1))
			}
		}
		ranks = append(ranks, 0) // quantileSorted's x[0] for a negative h
		slices.Sort(ranks)
		selectRanks(v, slices.Compact(ranks))
		n[i] = len(v)
		for k, pr := range probs {
			q[k][i] = quantileSorted(v, pr)
		}
	}
	return q, n
}

// selectRanks reorders the finite values x so that x[r] is, for each rank r
// of ranks (sorted, distinct, each in [0, len(x))), the value that sorting
// x would put there: the element of rank r (Hoare's FIND, 1961, with a
// median-of-three pivot, into the sides that hold a rank). Positions between
// the ranks are in no particular order; ranks is overwritten.
//
//	Hoare, C. A. R. (1961). Algorithm 65: Find. Communications of the ACM
//	  4(7), 321–322. The three-way partition (equal keys kept together, so
//	  that many ties cost no extra pass) is Dijkstra's "Dutch national
//	  flag", A Discipline of Programming (1976), ch. 14.
func selectRanks(x []float64, ranks []int) {
	for len(ranks) > 0 && len(x) > 1 {
		if len(x) <= 16 {
			slices.Sort(x)
			return
		}
		// Median of three as the pivot, then a three-way partition:
		// x[:lt] < pivot, x[lt:gt] == pivot, x[gt:] > pivot.
		a, b, c := x[0], x[len(x)/2], x[len(x)-1]
		pivot := max(min(a, b), min(max(a, b), c))
		lt, i, gt := 0, 0, len(x)
		for i < gt {
			switch v := x[i]; {
			case v < pivot:
				x[lt], x[i] = x[i], x[lt]
				lt++
				i++
			case v > pivot:
				gt--
				x[gt], x[i] = x[i], x[gt]
			default:
				i++
			}
		}
		// Ranks below lt are found on the left, ranks from gt on the
		// right; those in between hold the pivot already.
		left := 0
		for left < len(ranks) && ranks[left] < lt {
			left++
		}
		right := left
		for right < len(ranks) && ranks[right] < gt {
			right++
		}
		if left > 0 && right < len(ranks) {
			selectRanks(x[:lt], ranks[:left])
		} else if left > 0 {
			x, ranks = x[:lt], ranks[:left]
			continue
		}
		tail := ranks[right:] // renumbered in place: the caller's ranks are spent
		for k := range tail {
			tail[k] -= gt
		}
		x, ranks = x[gt:], tail
	}
}
