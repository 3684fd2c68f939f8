package study

import (
	"cmp"
	"math"
	"sync"
)

// A Test is a test across events of the null hypothesis of no abnormal return:
// Func maps the cross-section of one event day or one CAR window to a statistic
// and its p-value for Params.Conventions.Alternative (NaN when it cannot be
// computed). Name is the short name used as a column prefix in aar.csv and as
// the test column of summary.csv. A test with a confidence interval sets
// Interval instead of Func (Stat.CILow, Stat.CIHigh; see [BootstrapPercentile]).
type Test struct {
	Name     string
	Func     func(s Sample) (stat, p float64)
	Interval func(s Sample) (stat, p, lo, hi float64)
}

// Panel is the matrix of abnormal returns that the tests read: one row per event
// with [StatusOK], in a canonical order that does not depend on the order in which
// the results were given (sorted by event ID, symbol, market, date, then by
// content), so that every sum is taken in the same order.
type Panel struct {
	Params Params
	Rows   []PanelRow  // the events
	AR     [][]float64 // AR[i][k]: event i, event-window day k (Params.Event.Start+k); NaN if missing
	ARVar  [][]float64 // σ²(AR) of the same cell from the event's model, NaN if missing
	DF     []int       // degrees of freedom of each event's σ̂ (Fit.DF)
	// MarketRet[i][k] is R_mτ of the same cell (Day.MarketRet), kept only
	// under Conventions.Estudy2 (nil otherwise) for [Sample.standardizedPE].
	MarketRet [][]float64
	// EstVar[i] is Result.EstVar of event i (GARCH's in-sample h_t), kept
	// with Rows[i].EstAR; nil when no event has one (all but --model garch).
	EstVar [][]float64
	// Group[i] is the index of event i's group given to
	// [Accumulator.AddGroup]; nil when every event is in group 0 (no --by):
	// see [GroupSummaries] and [Panel.group].
	Group []int32

	cacheOnce sync.Once   // what the tests compute once per panel (ranks, correlations)
	tc        *panelCache // built by cache()

	// parent and parentRows: a panel made by [Panel.Subset] takes its
	// events' ranks from its parent's (Rows[j] is parent.Rows[parentRows[j]]).
	parent     *Panel
	parentRows []int
}

// Sample is the cross-section a [Test] sees: the events with a value on one event
// day (Window τ..τ; X the AR, Var its variance) or over one CAR window (X the CAR,
// Var its variance, [CAR].SE²). Rows index Panel for tests that need more, such as
// estimation-window residuals (Rows[row].EstAR). Slices are parallel and in
// panel order.
type Sample struct {
	Panel  *Panel
	Window Window
	Rows   []int
	X      []float64
	Var    []float64
	DF     []int
	BHAR   []float64 // CAR windows only: each event's CAR.BHAR (empty for a day)

	// day marks the sample of one event day in [AggregatePanel]; the
	// bootstrap tests are computed on CAR windows only and give NaN there.
	day bool
}

// DefaultTests returns the tests of [Aggregate]: the full battery of
// [BatteryTests], starting with cs_t ([CrossSectionalT]), j1 ([J1]) and j2 ([J2]).
func DefaultTests() []Test { return BatteryTests() }

// BasicTests returns cs_t, j1 and j2 only (cheap; no estimation residuals needed).
func BasicTests() []Test {
	return []Test{
		{Name: "cs_t", Func: CrossSectionalT},
		{Name: "j1", Func: J1},
		{Name: "j2", Func: J2},
	}
}

// Aggregate summarises the events of rs that have [StatusOK] with [DefaultTests];
// see [AggregateWith].
func Aggregate(p Params, rs []Result) Summary {
	return AggregateWith(p, rs, DefaultTests())
}

// AggregateWith summarises the events of rs that have [StatusOK]; the others are
// ignored. Per event day τ of p.Event:
//
//	N_τ     events with an AR on τ
//	AAR_τ   (1/N_τ) Σ_i AR_iτ                 (MacKinlay 1997, sec. 5.2)
//	CAAR_τ  Σ AAR from the window start to τ, over the days with an AAR
//
// and per CAR window in p.CARs, N events with NDays > 0 and CAAR = mean CAR_i.
// Each test of tests is run on each day and each window ([Sample]). A day or
// window without events has N = 0 and NaN values. The result does not depend on
// the order of rs ([Panel]).
//
// AggregateWith panics if an OK result does not have one Day per day of p.Event
// and one CAR per window of p.CARs.
func AggregateWith(p Params, rs []Result, tests []Test) Summary {
	return AggregatePanel(NewPanel(p, rs), tests)
}

// AggregatePanel is [AggregateWith] on a panel already built, by [NewPanel]
// or incrementally by an [Accumulator].
func AggregatePanel(pan *Panel, tests []Test) Summary {
	p := pan.Params
	s := Summary{Tests: make([]string, len(tests))}
	for i, t := range tests {
		s.Tests[i] = t.Name
	}
	n := len(pan.Rows)
	smp := Sample{Panel: pan, Rows: make([]int, 0, n), X: make([]float64, 0, n),
		Var: make([]float64, 0, n), DF: make([]int, 0, n)}
	run := func() []Stat {
		st := make([]Stat, len(tests))
		for i, t := range tests {
			st[i].Test = t.Name
			if t.Interval != nil {
				st[i].Stat, st[i].P, st[i].CILow, st[i].CIHigh = t.Interval(smp)
				continue
			}
			st[i].Stat, st[i].P = t.Func(smp)
			st[i].CILow, st[i].CIHigh = nan, nan
		}
		return st
	}
	reset := func(w Window, day bool) {
		smp.Window, smp.Rows, smp.X, smp.Var, smp.DF = w, smp.Rows[:0], smp.X[:0], smp.Var[:0], smp.DF[:0]
		smp.BHAR = smp.BHAR[:0]
		smp.day = day
	}

	s.Days = make([]DayStats, p.Event.Len())
	caar, seen := 0.0, false
	for k := range s.Days {
		tau := p.Event.Start + k
		reset(Window{tau, tau}, true)
		for i := range pan.Rows {
			if ar := pan.AR[i][k]; !math.IsNaN(ar) {
				smp.Rows = append(smp.Rows, i)
				smp.X = append(smp.X, ar)
				smp.Var = append(smp.Var, pan.ARVar[i][k])
				smp.DF = append(smp.DF, pan.DF[i])
			}
		}
		d := DayStats{RelDay: tau, N: len(smp.X), AAR: mean(smp.X), CAAR: nan}
		if d.N > 0 {
			caar += d.AAR
			seen = true
		}
		if seen {
			d.CAAR = caar
		}
		d.Tests = run()
		s.Days[k] = d
	}

	s.Windows = make([]WindowStats, len(p.CARs))
	for j, w := range p.CARs {
		reset(w, false)
		for i, r := range pan.Rows {
			if c := r.CARs[j]; c.NDays > 0 {
				smp.Rows = append(smp.Rows, i)
				smp.X = append(smp.X, c.CAR)
				smp.Var = append(smp.Var, c.SE*c.SE)
				smp.DF = append(smp.DF, pan.DF[i])
				smp.BHAR = append(smp.BHAR, c.BHAR)
			}
		}
		s.Windows[j] = WindowStats{Window: w, N: len(smp.X), CAAR: mean(smp.X), BHAR: meanFinite(smp.BHAR), Tests: run()}
	}
	return s
}

// NewPanel collects the results of rs with [StatusOK] into a [Panel] in canonical
// order (see [Accumulator]), keeping their estimation residuals. It panics if
// one of them does not match p (number of days or CARs).
func NewPanel(p Params, rs []Result) *Panel {
	acc := NewAccumulator(p, true)
	for i := range rs {
		acc.Add(&rs[i])
	}
	return acc.Panel()
}

// compareEvents orders events by identity: ID, symbol, market, date, then
// news after the close last.
func compareEvents(a, b Event) int {
	if c := cmp.Compare(a.ID, b.ID); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Symbol, b.Symbol); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Market, b.Market); c != 0 {
		return c
	}
	if c := a.Date.Compare(b.Date); c != 0 {
		return c
	}
	switch {
	case a.AfterClose == b.AfterClose:
		return 0
	case a.AfterClose:
		return 1
	}
	return -1
}

// mean is the arithmetic mean of x, NaN if x is empty.
func mean(x []float64) float64 {
	if len(x) == 0 {
		return nan
	}
	var s float64
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

// CrossSectionalT is the cross-sectional t test of a mean abnormal return
// (Brown & Warner 1985; Campbell, Lo & MacKinlay 1997, sec. 4.4.3, with σ̄²
// estimated from the cross-section):
//
//	t = X̄ / (s/√N),   s² = Σ (X_i − X̄)² / (N−1)
//
// with X the ARs of a day or the CARs of a window, and a p (for Conventions.Alternative) from
// Student's t with N−1 degrees of freedom. It is robust to event-specific
// variance but not to cross-correlation. NaN if N < 2 or s = 0 (all X_i equal,
// up to rounding).
func CrossSectionalT(s Sample) (stat, p float64) {
	n := len(s.X)
	if n < 2 {
		return nan, nan
	}
	m := mean(s.X)
	var ss, raw float64
	for _, x := range s.X {
		ss += (x - m) * (x - m)
		raw += x * x
	}
	if negligible(ss, raw) { // identical values: s is rounding noise
		return nan, nan
	}
	sd := math.Sqrt(ss / float64(n-1))
	t := m / (sd / math.Sqrt(float64(n)))
	return t, pStudentAlt(t, n-1, s.alt())
}

// J1 is the test of Campbell, Lo & MacKinlay (1997), eq. 4.4.22: the mean
// abnormal return over its variance from each event's own model,
//
//	J1 = X̄ / √σ̄²,   σ̄² = (1/N²) Σ_i σ²_i
//
// where σ²_i is Var(AR_iτ) ([Fit.ARVariance]) for a day and Var(CAR_i)
// ([Fit.CARVariance]) for a window. Asymptotically N(0,1) (events independent,
// L1 large); the p-value is standard normal (Conventions.Alternative). NaN if N = 0.
func J1(s Sample) (stat, p float64) {
	n := len(s.X)
	if n == 0 {
		return nan, nan
	}
	var v float64
	for _, x := range s.Var {
		v += x
	}
	v /= float64(n) * float64(n)
	z := mean(s.X) / math.Sqrt(v)
	return z, pNormalAlt(z, s.alt())
}

// J2 is the test of Campbell, Lo & MacKinlay (1997), eq. 4.4.24, on
// standardized abnormal returns SX_i = X_i/σ_i, generalised to events with
// different estimation lengths:
//
//	J2 = Σ_i SX_i / √(Σ_i ν_i/(ν_i − 2))
//
// Under the null SX_i is Student's t with ν_i = Fit.DF degrees of freedom
// (L1−2 for the market model), whose variance is ν_i/(ν_i−2). With equal ν
// this is CLM's (N(L1−4)/(L1−2))^½ · mean SCAR. Asymptotically N(0,1); the
// p-value is standard normal (Conventions.Alternative). NaN if N = 0 or some ν_i ≤ 2.
func J2(s Sample) (stat, p float64) {
	if len(s.X) == 0 {
		return nan, nan
	}
	var sum, v float64
	for i, x := range s.X {
		nu := float64(s.DF[i])
		if nu <= 2 {
			return nan, nan
		}
		sum += x / math.Sqrt(s.Var[i])
		v += nu / (nu - 2)
	}
	z := sum / math.Sqrt(v)
	return z, pNormalAlt(z, s.alt())
}
