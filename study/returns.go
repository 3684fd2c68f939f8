package study

import (
	"fmt"
	"math"
	"time"
)

// Returns computes the returns of a price series from consecutive valid
// observations:
//
//	Simple: R_t = P_t / P_s − 1       Log: r_t = ln(P_t / P_s)
//
// where s is the previous date with a valid price. A price that is NaN, ±Inf or
// not positive is skipped, so the return after a gap spans the gap (it is the
// return from the last valid price before the gap) and is dated at the later
// date. The first valid observation has no return and is omitted, so the result
// has one date fewer than the valid prices and no NaN. Event time then sees the
// dates of the gap as missing firm observations ([Estimate]).
//
// Returns panics if prices.Dates and prices.Values have different lengths.
func Returns(prices Series, t ReturnType) Series {
	checkSeries(prices)
	out := Series{
		Dates:  make([]time.Time, 0, prices.Len()),
		Values: make([]float64, 0, prices.Len()),
	}
	prev := math.NaN()
	for i, p := range prices.Values {
		if !(p > 0) || math.IsInf(p, 1) {
			continue
		}
		if !math.IsNaN(prev) {
			var r float64
			if t == Log {
				r = math.Log(p / prev)
			} else {
				r = p/prev - 1
			}
			out.Dates = append(out.Dates, prices.Dates[i])
			out.Values = append(out.Values, r)
		}
		prev = p
	}
	return out
}

// ConvertReturns converts a series of simple returns to returns of type t:
// a copy for [Simple], r = ln(1 + R) for [Log]. Observations that are NaN or ±Inf
// are missing and omitted, as are returns ≤ −1, which would need a non-positive
// price (the price readers reject those too).
//
// ConvertReturns panics if simple.Dates and simple.Values have different lengths.
func ConvertReturns(simple Series, t ReturnType) Series {
	checkSeries(simple)
	out := Series{
		Dates:  make([]time.Time, 0, simple.Len()),
		Values: make([]float64, 0, simple.Len()),
	}
	for i, r := range simple.Values {
		if !(r > -1) || math.IsInf(r, 1) {
			continue
		}
		if t == Log {
			r = math.Log1p(r)
		}
		out.Dates = append(out.Dates, simple.Dates[i])
		out.Values = append(out.Values, r)
	}
	return out
}

// gross returns 1 + R for a return of type t: exp(r) for log returns.
func gross(r float64, t ReturnType) float64 {
	if t == Log {
		return math.Exp(r)
	}
	return 1 + r
}

func checkSeries(s Series) {
	if len(s.Dates) != len(s.Values) {
		panic(fmt.Sprintf("study: series has %d dates but %d values", len(s.Dates), len(s.Values)))
	}
}
