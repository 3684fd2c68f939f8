package study

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// weekdays returns n consecutive Monday–Friday dates from start (00:00 UTC):
// a trading calendar without holidays.
func weekdays(start time.Time, n int) []time.Time {
	d := make([]time.Time, 0, n)
	for t := start; len(d) < n; t = t.AddDate(0, 0, 1) {
		if wd := t.Weekday(); wd != time.Saturday && wd != time.Sunday {
			d = append(d, t)
		}
	}
	return d
}

func date(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// simModel is a market model R = α + β·R_m + ε, ε ~ N(0, σ²), R_m ~ N(muM, sigmaM²).
type simModel struct{ alpha, beta, sigma, muM, sigmaM float64 }

var simDefault = simModel{alpha: 0.0003, beta: 1.2, sigma: 0.02, muM: 0.0004, sigmaM: 0.01}

// simInput draws one event: market and firm returns on dates, with day 0 at
// index d0 and an abnormal return ar planted on day 0.
func simInput(rng *rand.Rand, m simModel, dates []time.Time, d0 int, ar float64) Input {
	rm := make([]float64, len(dates))
	r := make([]float64, len(dates))
	for i := range dates {
		rm[i] = m.muM + m.sigmaM*rng.NormFloat64()
		r[i] = m.alpha + m.beta*rm[i] + m.sigma*rng.NormFloat64()
	}
	r[d0] += ar
	return Input{
		Event:  Event{ID: "e", Symbol: "F", Market: "M", Date: dates[d0]},
		Firm:   Series{Dates: dates, Values: r},
		Market: Series{Dates: dates, Values: rm},
	}
}

// near reports whether got is within tol of want (absolute), or both are NaN.
func near(got, want, tol float64) bool {
	if math.IsNaN(want) {
		return math.IsNaN(got)
	}
	return math.Abs(got-want) <= tol
}

func checkNear(t *testing.T, name string, got, want, tol float64) {
	t.Helper()
	if !near(got, want, tol) {
		t.Errorf("%s = %.10g, want %.10g (±%g)", name, got, want, tol)
	}
}

// same reports exact equality, NaN equal to NaN.
func same(a, b float64) bool { return a == b || (math.IsNaN(a) && math.IsNaN(b)) }
