package charts_test

import (
	"math"
	"time"

	"github.com/eventstudy/eventstudy/charts"
	"github.com/eventstudy/eventstudy/study"
)

// Hand-made, deterministic inputs. They stand in for real estimates until
// study.Estimate and study.Aggregate land; the numbers are chosen to look
// like a market-model study of FB, not computed from data.

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// tradingDays returns n weekdays ending at or after start, in order (there
// are no NYSE holidays between 2018-07-09 and 2018-08-31).
func tradingDays(start time.Time, n int) []time.Time {
	var out []time.Time
	for d := start; len(out) < n; d = d.AddDate(0, 0, 1) {
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			out = append(out, d)
		}
	}
	return out
}

var fbEvent = study.Event{ID: "fb-2018-08-06", Symbol: "FB", Market: "^GSPC", Date: date(2018, 8, 6)}

// spec is the spec of every golden chart.
var spec = charts.Spec{Source: "Source: Yahoo Finance. Chart: Test Desk",
	Note: "Abnormal return: actual minus expected return, market model estimated over trading days −250..−11"}

// fbPrices: FB and S&P 500 closes from 2018-07-23 (day −10) to 2018-08-20
// (day +10). Day −1 (Aug 3) and day 0 (Aug 6) are the published closes, FB
// 177.78 → 185.69 (+4.4%) and S&P 500 2840.35 → 2850.40 (+0.4%); the other
// days are made up around them.
func fbPrices() charts.Prices {
	cal := tradingDays(date(2018, 7, 23), 21)
	fb := []float64{210.9, 215.0, 217.5, 176.3, 174.9, 171.1, 172.6, 171.7, 176.4, 177.8,
		185.69, 185.0, 183.1, 180.3, 181.1, 180.2, 181.0, 179.5, 174.3, 172.5, 173.0}
	fb[9] = 177.78
	sp := []float64{2806.9, 2820.4, 2846.1, 2837.4, 2818.8, 2802.6, 2816.3, 2813.4, 2827.2, 2840.35,
		2850.40, 2858.5, 2857.7, 2853.6, 2833.3, 2821.9, 2839.9, 2818.4, 2840.7, 2850.1, 2857.1}
	return charts.Prices{
		Event:  fbEvent,
		Day0:   cal[10],
		Firm:   study.Series{Dates: cal, Values: fb},
		Market: study.Series{Dates: cal, Values: sp},
	}
}

// fbResult: one event, days −10..+10, with the day-0 jump and a CAR that
// sums the ARs.
func fbResult() study.Result {
	cal := tradingDays(date(2018, 7, 23), 21)
	ar := []float64{0.004, -0.006, 0.002, -0.012, 0.003, -0.009, 0.001, -0.004, 0.011, -0.002,
		0.039, -0.005, -0.011, -0.013, 0.008, 0.002, -0.003, -0.001, -0.017, -0.006, 0.001}
	r := study.Result{Event: fbEvent, Status: study.StatusOK, Day0: cal[10]}
	car := 0.0
	for i, a := range ar {
		car += a
		se := 0.0185 * (1 + 0.01*math.Abs(float64(i-10)))
		r.Days = append(r.Days, study.Day{RelDay: i - 10, Date: cal[i], AR: a, SE: se, CAR: car,
			T: a / se, P: 2 * (1 - phi(math.Abs(a/se)))})
	}
	r.CARs = []study.CAR{{Window: study.Window{Start: -1, End: 1}, NDays: 3, CAR: ar[9] + ar[10] + ar[11]}}
	return r
}

// phi is the standard normal CDF, for plausible p-values in fixtures.
func phi(x float64) float64 { return 0.5 * math.Erfc(-x/math.Sqrt2) }

// batch returns n events with deterministic, varied ARs (no random source:
// golden files must not depend on a generator's algorithm).
func batch(n int) []study.Result {
	cal := tradingDays(date(2018, 7, 23), 21)
	syms := []string{"FB", "AAPL", "MSFT", "AMZN", "GOOGL", "NFLX", "TSLA", "NVDA", "INTC", "CSCO", "ORCL", "IBM"}
	out := make([]study.Result, n)
	for k := range n {
		shift := k % 5
		ev := study.Event{ID: syms[k%len(syms)], Symbol: syms[k%len(syms)], Market: "^GSPC", Date: cal[10].AddDate(0, 0, 7*k)}
		r := study.Result{Event: ev, Status: study.StatusOK, Day0: ev.Date}
		car := 0.0
		jump := 0.03 * math.Sin(float64(3*k+1))
		for i := range 21 {
			a := 0.008*math.Sin(float64(7*k+13*i)) + 0.002*float64(shift-2)/4
			if i == 10 {
				a += jump
			}
			car += a
			r.Days = append(r.Days, study.Day{RelDay: i - 10, Date: cal[i], AR: a, SE: 0.02, CAR: car})
		}
		r.CARs = []study.CAR{{Window: study.Window{Start: -1, End: 1}, NDays: 3,
			CAR: r.Days[9].AR + r.Days[10].AR + r.Days[11].AR}}
		out[k] = r
	}
	return out
}

// summary: 12 events, days −10..+10, a positive announcement effect; se is
// the standard error of each day's CAAR, growing like √(days).
func summary() (study.Summary, []float64) {
	aar := []float64{0.0004, -0.0008, 0.0011, 0.0002, -0.0005, 0.0009, 0.0013, -0.0002, 0.0016, 0.0031,
		0.0124, 0.0042, -0.0006, 0.0008, -0.0011, 0.0003, 0.0006, -0.0009, 0.0002, 0.0005, -0.0003}
	s := study.Summary{Tests: []string{"cs_t"}}
	var se []float64
	caar := 0.0
	for i, a := range aar {
		caar += a
		s.Days = append(s.Days, study.DayStats{RelDay: i - 10, N: 12, AAR: a, CAAR: caar,
			Tests: []study.Stat{{Test: "cs_t", Stat: a / 0.003, P: 2 * (1 - phi(math.Abs(a/0.003)))}}})
		se = append(se, 0.003*math.Sqrt(float64(i+1)))
	}
	return s, se
}
