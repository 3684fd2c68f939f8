package study

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// benchInputs simulates n events on one 500-day market series (the S&P 500 case:
// one benchmark, many firms), with event dates spread over the days that leave
// room for the default windows.
func benchInputs(n int) []Input {
	rng := rand.New(rand.NewPCG(1, 1))
	cal := weekdays(date("2017-01-02"), 500)
	m := simDefault
	rm := make([]float64, len(cal))
	for i := range rm {
		rm[i] = m.muM + m.sigmaM*rng.NormFloat64()
	}
	market := Series{Dates: cal, Values: rm}
	firms := make([]Series, 50)
	for f := range firms {
		r := make([]float64, len(cal))
		for i := range r {
			r[i] = m.alpha + m.beta*rm[i] + m.sigma*rng.NormFloat64()
		}
		firms[f] = Series{Dates: cal, Values: r}
	}
	in := make([]Input, n)
	for i := range in {
		d := 251 + rng.IntN(len(cal)-251-11)
		in[i] = Input{
			Event:  Event{ID: fmt.Sprint(i), Symbol: fmt.Sprint("F", i%len(firms)), Market: "M", Date: cal[d], AfterClose: i%3 == 0},
			Firm:   firms[i%len(firms)],
			Market: market,
		}
	}
	return in
}

func BenchmarkEstimate(b *testing.B) {
	for _, m := range []Model{MarketModel, ConstantMean, MarketGARCH} {
		for _, n := range []int{100, 1000} {
			if m == MarketGARCH && n > 100 {
				continue // maximum likelihood per event: 100 events say enough
			}
			b.Run(fmt.Sprintf("%v/events=%d", m, n), func(b *testing.B) {
				p := DefaultParams()
				p.Model = m
				in := benchInputs(n)
				b.ReportAllocs()
				for b.Loop() {
					for _, x := range in {
						if r := Estimate(p, x); r.Status != StatusOK {
							b.Fatalf("%s: %s", r.Status, r.Message)
						}
					}
				}
				b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "events/s")
			})
		}
	}
}

func BenchmarkAggregate(b *testing.B) {
	for _, n := range []int{100, 1000} {
		b.Run(fmt.Sprintf("events=%d", n), func(b *testing.B) {
			p := DefaultParams()
			in := benchInputs(n)
			rs := make([]Result, n)
			for i, x := range in {
				rs[i] = Estimate(p, x)
			}
			b.ReportAllocs()
			for b.Loop() {
				Aggregate(p, rs)
			}
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "events/s")
		})
	}
}

// BenchmarkAccumulator is the panel of the tests across events as a batch
// builds it: 100,000 market-model results added, then the canonical panel.
// B/op divided by 100,000 is the panel's size per event (it is most of a
// large batch's memory), with and without the estimation residuals.
func BenchmarkAccumulator(b *testing.B) {
	const n = 100_000
	p := DefaultParams()
	in := benchInputs(200)
	rs := make([]Result, len(in))
	for i := range in {
		rs[i] = Estimate(p, in[i])
	}
	for _, keep := range []bool{false, true} {
		b.Run(fmt.Sprintf("events=%d/residuals=%v", n, keep), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				acc := NewAccumulator(p, keep)
				for i := range n {
					r := rs[i%len(rs)]
					r.Event.ID = "x" // same identity: the content breaks the ties
					acc.Add(&r)
				}
				acc.Panel()
			}
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "events/s")
		})
	}
}
