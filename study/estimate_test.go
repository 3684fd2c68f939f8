package study

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

// handInput is the hand-worked estimation window of models_test.go (days −5..−1,
// 2024-01-01..05) followed by three event days 2024-01-08..10 with
//
//	R_m = 0.03 −0.01 0.005,  R = 0.05 0 0.01
//	E[R] = 0.01 + 1.1·R_m = 0.043 −0.001 0.0155,  AR = 0.007 0.001 −0.0055
func handInput() (Params, Input) {
	d := weekdays(date("2024-01-01"), 8)
	p := Params{Model: MarketModel, Estimation: Window{-5, -1}, Event: Window{0, 2},
		CARs: []Window{{0, 1}, {0, 2}, {2, 2}}, MinEst: 3}
	in := Input{
		Event:  Event{ID: "1", Symbol: "F", Market: "M", Date: date("2024-01-08")},
		Firm:   Series{Dates: d, Values: append(slices.Clone(handR), 0.05, 0, 0.01)},
		Market: Series{Dates: d, Values: append(slices.Clone(handRm), 0.03, -0.01, 0.005)},
	}
	return p, in
}

func TestEstimateHand(t *testing.T) {
	p, in := handInput()
	r := Estimate(p, in)
	if r.Status != StatusOK {
		t.Fatalf("Estimate(hand) status %s: %s", r.Status, r.Message)
	}
	s2 := 190e-6 / 3
	if !r.Day0.Equal(date("2024-01-08")) || !r.Fit.EstStart.Equal(date("2024-01-01")) || !r.Fit.EstEnd.Equal(date("2024-01-05")) {
		t.Errorf("Day0, EstStart, EstEnd = %v %v %v, want 2024-01-08, 2024-01-01, 2024-01-05", r.Day0, r.Fit.EstStart, r.Fit.EstEnd)
	}
	checkNear(t, "alpha", r.Fit.Alpha, 0.01, 1e-15)
	checkNear(t, "beta", r.Fit.Beta, 1.1, 1e-13)
	checkNear(t, "sigma", r.Fit.Sigma, math.Sqrt(s2), 1e-15)

	// t with 3 df: P(|T| > t) = 1 − (2/π)(θ + sin θ cos θ), θ = atan(t/√3).
	p3 := func(x float64) float64 {
		th := math.Atan(math.Abs(x) / math.Sqrt(3))
		return 1 - 2/math.Pi*(th+math.Sin(th)*math.Cos(th))
	}
	days := []struct {
		rel             int
		expected, ar, v float64 // v = Var(AR) by hand: σ̂²(1.2 + R_m²/0.001)
		car             float64
	}{
		{0, 0.043, 0.007, s2 * 2.1, 0.007},
		{1, -0.001, 0.001, s2 * 1.3, 0.008},
		{2, 0.0155, -0.0055, s2 * 1.225, 0.0025},
	}
	if len(r.Days) != 3 {
		t.Fatalf("len(Days) = %d, want 3", len(r.Days))
	}
	for i, w := range days {
		d := r.Days[i]
		if d.RelDay != w.rel || !d.Date.Equal(in.Market.Dates[5+i]) {
			t.Errorf("Days[%d] = day %d %v, want %d %v", i, d.RelDay, d.Date, w.rel, in.Market.Dates[5+i])
		}
		checkNear(t, "Expected", d.Expected, w.expected, 1e-15)
		checkNear(t, "AR", d.AR, w.ar, 1e-15)
		checkNear(t, "SE", d.SE, math.Sqrt(w.v), 1e-15)
		checkNear(t, "T", d.T, w.ar/math.Sqrt(w.v), 1e-12)
		checkNear(t, "P", d.P, p3(w.ar/math.Sqrt(w.v)), 1e-12)
		checkNear(t, "Day.CAR", d.CAR, w.car, 1e-15)
	}

	cars := []struct {
		car, v, bhar float64
		n            int
	}{
		// Σ(R_m − μ̂_m) = 0.02: σ̂²(2 + 4/5 + 0.0004/0.001) = 3.2σ̂².
		{0.008, 3.2 * s2, 1.05*1.00 - 1.043*0.999, 2},
		// Σ(R_m − μ̂_m) = 0.025: σ̂²(3 + 9/5 + 0.000625/0.001) = 5.425σ̂².
		{0.0025, 5.425 * s2, 1.05*1.00*1.01 - 1.043*0.999*1.0155, 3},
		// One day: Var(AR_2) = 1.225σ̂², BHAR = R − E[R] = AR.
		{-0.0055, 1.225 * s2, -0.0055, 1},
	}
	for j, w := range cars {
		c := r.CARs[j]
		if c.Window != p.CARs[j] || c.NDays != w.n {
			t.Errorf("CARs[%d] = window %v, %d days; want %v, %d", j, c.Window, c.NDays, p.CARs[j], w.n)
		}
		checkNear(t, "CAR", c.CAR, w.car, 1e-15)
		checkNear(t, "CAR SE", c.SE, math.Sqrt(w.v), 1e-15)
		checkNear(t, "CAR T", c.T, w.car/math.Sqrt(w.v), 1e-12)
		checkNear(t, "CAR P", c.P, p3(w.car/math.Sqrt(w.v)), 1e-12)
		checkNear(t, "BHAR", c.BHAR, w.bhar, 1e-15)
	}
	wantEst := []float64{0.002, 0.001, 0, -0.011, 0.008}
	for i, e := range r.EstAR {
		checkNear(t, "EstAR", e, wantEst[i], 1e-15)
	}
	if len(r.EstAR) != 5 {
		t.Errorf("len(EstAR) = %d, want 5", len(r.EstAR))
	}
}

func TestEstimateLogBHAR(t *testing.T) {
	p, in := handInput()
	p.ReturnType = Log
	r := Estimate(p, in)
	// Same numbers read as log returns: BHAR = exp(Σr) − exp(ΣE[r]) over 0..+1.
	want := math.Exp(0.05+0) - math.Exp(0.043-0.001)
	checkNear(t, "log BHAR(0..+1)", r.CARs[0].BHAR, want, 1e-15)
	checkNear(t, "log CAR(0..+1)", r.CARs[0].CAR, 0.008, 1e-15) // CAR does not change
}

// eventCase is a 40-weekday calendar from 2024-01-01 without 2024-01-15 (a
// holiday), a firm trading every day, and short windows.
func eventCase() (Params, Input) {
	cal := weekdays(date("2024-01-01"), 41)
	cal = slices.DeleteFunc(cal, func(t time.Time) bool { return t.Equal(date("2024-01-15")) })
	rng := rand.New(rand.NewPCG(1, 1))
	in := simInput(rng, simDefault, cal, 0, 0)
	in.Event = Event{ID: "1", Symbol: "F", Market: "^M"}
	p := Params{Model: MarketModel, Estimation: Window{-10, -3}, Event: Window{-2, 2},
		CARs: []Window{{-1, 1}}, MinEst: 5}
	return p, in
}

func TestDay0(t *testing.T) {
	tests := []struct {
		date       string
		afterClose bool
		rule       NonTrading
		want       string // day 0, or the status
	}{
		{"2024-01-24", false, Next, "2024-01-24"}, // a Wednesday
		{"2024-01-24", false, Previous, "2024-01-24"},
		{"2024-01-24", false, Skip, "2024-01-24"},
		{"2024-01-27", false, Next, "2024-01-29"}, // Saturday → Monday
		{"2024-01-27", false, Previous, "2024-01-26"},
		{"2024-01-27", false, Skip, string(StatusMissingEventData)},
		{"2024-01-28", false, Next, "2024-01-29"}, // Sunday
		{"2024-01-15", false, Next, "2024-01-16"}, // holiday Monday
		{"2024-01-15", false, Previous, "2024-01-12"},
		{"2024-01-15", false, Skip, string(StatusMissingEventData)},
		// After the close of a trading day: the next trading day, whatever the rule.
		{"2024-01-24", true, Next, "2024-01-25"},
		{"2024-01-24", true, Previous, "2024-01-25"},
		{"2024-01-24", true, Skip, "2024-01-25"},
		{"2024-01-12", true, Next, "2024-01-16"}, // Friday before the holiday
		// After the close of a non-trading day: the rule decides.
		{"2024-01-27", true, Next, "2024-01-29"},
		{"2024-01-27", true, Previous, "2024-01-26"},
		{"2024-01-27", true, Skip, string(StatusMissingEventData)},
		// Outside the calendar 2024-01-01..2024-02-26.
		{"2023-12-29", false, Next, string(StatusOutOfRange)},
		{"2024-03-01", false, Previous, string(StatusOutOfRange)},
		{"2024-02-26", true, Next, string(StatusOutOfRange)}, // after the last close
	}
	_, in := eventCase()
	for _, tt := range tests {
		ev := Event{Date: date(tt.date), AfterClose: tt.afterClose}
		i, st, msg := Day0(in.Market.Dates, ev, tt.rule, "^M")
		got := string(st)
		if i >= 0 {
			got = in.Market.Dates[i].Format(isoDate)
			if st != "" || msg != "" {
				t.Errorf("Day0(%s) = %d with status %q %q", tt.date, i, st, msg)
			}
		} else if msg == "" {
			t.Errorf("Day0(%s, after close %v, %v) failed without a message", tt.date, tt.afterClose, tt.rule)
		}
		if got != tt.want {
			t.Errorf("Day0(%s, after close %v, %v) = %s, want %s (%s)", tt.date, tt.afterClose, tt.rule, got, tt.want, msg)
		}
	}
}

func TestEstimateStatus(t *testing.T) {
	drop := func(s Series, day string) Series {
		i := slices.IndexFunc(s.Dates, func(t time.Time) bool { return t.Equal(date(day)) })
		return Series{Dates: slices.Delete(slices.Clone(s.Dates), i, i+1), Values: slices.Delete(slices.Clone(s.Values), i, i+1)}
	}
	tests := []struct {
		name   string
		edit   func(*Params, *Input)
		status Status
		msg    string
	}{
		{"ok", func(p *Params, in *Input) {}, StatusOK, ""},
		{"skip weekend", func(p *Params, in *Input) {
			p.NonTrading, in.Event.Date = Skip, date("2024-01-27")
		}, StatusMissingEventData, "event date 2024-01-27 is not a trading day of ^M (non-trading rule skip)"},
		// 2024-01-10 is day index 7: 7 trading days before it, 10 needed.
		{"too early", func(p *Params, in *Input) { in.Event.Date = date("2024-01-10") }, StatusOutOfRange,
			"need 10 trading days before and 2 after day 0 2024-01-10; ^M's returns 2024-01-01..2024-02-26 have 7 before and 32 after"},
		{"too late", func(p *Params, in *Input) { in.Event.Date = date("2024-02-23") }, StatusOutOfRange,
			"need 10 trading days before and 2 after day 0 2024-02-23; ^M's returns 2024-01-01..2024-02-26 have 38 before and 1 after"},
		{"after the data", func(p *Params, in *Input) { in.Event.Date = date("2024-03-04") }, StatusOutOfRange,
			"event date 2024-03-04 is outside ^M's returns 2024-01-01..2024-02-26"},
		// Firm from 2024-01-16: estimation days −10..−3 are 01-09..01-19 (no 01-15), of which 01-16..01-19 = 4.
		{"insufficient", func(p *Params, in *Input) {
			i := slices.IndexFunc(in.Firm.Dates, func(t time.Time) bool { return t.Equal(date("2024-01-16")) })
			in.Firm = Series{Dates: in.Firm.Dates[i:], Values: in.Firm.Values[i:]}
		}, StatusInsufficientEstimation, "4 estimation returns, need 5"},
		{"missing day 0", func(p *Params, in *Input) { in.Firm = drop(in.Firm, "2024-01-24") },
			StatusMissingEventData, "no return for F on day 0 2024-01-24"},
		{"constant prices", func(p *Params, in *Input) {
			prices := Series{Dates: in.Firm.Dates, Values: make([]float64, in.Firm.Len())}
			for i := range prices.Values {
				prices.Values[i] = 42
			}
			in.Firm = Returns(prices, Simple)
		}, StatusDegenerate, "zero residual variance over the estimation window (constant prices?)"},
		{"constant market", func(p *Params, in *Input) {
			in.Market.Values = make([]float64, in.Market.Len())
		}, StatusDegenerate, "zero variance of market returns over the estimation window"},
		{"constant-mean ignores market variance", func(p *Params, in *Input) {
			p.Model = ConstantMean
			in.Market.Values = make([]float64, in.Market.Len())
		}, StatusOK, ""},
	}
	for _, tt := range tests {
		p, in := eventCase()
		in.Event.Date = date("2024-01-24")
		tt.edit(&p, &in)
		r := Estimate(p, in)
		if r.Status != tt.status || r.Message != tt.msg {
			t.Errorf("%s: Estimate() = %s %q, want %s %q", tt.name, r.Status, r.Message, tt.status, tt.msg)
		}
		if r.Status != StatusOK && r.Days != nil {
			t.Errorf("%s: failed result has %d days", tt.name, len(r.Days))
		}
	}
}

func TestEstimateMissingFirmDayNotShifted(t *testing.T) {
	p, in := eventCase()
	in.Event.Date = date("2024-01-24")
	full := Estimate(p, in)
	// The firm did not trade on day +1 (2024-01-25), and an estimation day.
	i := slices.IndexFunc(in.Firm.Dates, func(t time.Time) bool { return t.Equal(date("2024-01-25")) })
	j := slices.IndexFunc(in.Firm.Dates, func(t time.Time) bool { return t.Equal(date("2024-01-11")) })
	firm := Series{Dates: slices.Clone(in.Firm.Dates), Values: slices.Clone(in.Firm.Values)}
	firm.Dates = slices.Delete(firm.Dates, i, i+1)
	firm.Values = slices.Delete(firm.Values, i, i+1)
	firm.Dates = slices.Delete(firm.Dates, j, j+1)
	firm.Values = slices.Delete(firm.Values, j, j+1)
	in.Firm = firm
	r := Estimate(p, in)
	if r.Status != StatusOK {
		t.Fatalf("status %s: %s", r.Status, r.Message)
	}
	if r.Fit.N != full.Fit.N-1 {
		t.Errorf("Fit.N = %d, want %d", r.Fit.N, full.Fit.N-1)
	}
	if !math.IsNaN(r.EstAR[2]) || math.IsNaN(r.EstAR[1]) { // −10, −9, −8 are 2024-01-09, 10, 11
		t.Errorf("EstAR[-9], EstAR[-8] = %g, %g; want a number and NaN (firm missing 2024-01-11)", r.EstAR[1], r.EstAR[2])
	}
	d1, d2 := r.Days[3], r.Days[4] // days +1, +2
	if !d1.Date.Equal(date("2024-01-25")) || !math.IsNaN(d1.Ret) || !math.IsNaN(d1.AR) || !math.IsNaN(d1.SE) {
		t.Errorf("day +1 = %v ret %g AR %g SE %g, want 2024-01-25 and NaN", d1.Date, d1.Ret, d1.AR, d1.SE)
	}
	if !near(d1.MarketRet, full.Days[3].MarketRet, 0) || math.IsNaN(d1.Expected) {
		t.Errorf("day +1 market %g expected %g: the market's day must stay", d1.MarketRet, d1.Expected)
	}
	if !d2.Date.Equal(date("2024-01-26")) || d2.Ret != full.Days[4].Ret {
		t.Errorf("day +2 = %v ret %g, want 2024-01-26 ret %g (not shifted)", d2.Date, d2.Ret, full.Days[4].Ret)
	}
	if d1.CAR != r.Days[2].CAR || !near(d2.CAR, r.Days[2].CAR+d2.AR, 1e-15) {
		t.Errorf("Day.CAR = %g, %g, %g: a missing day adds nothing", r.Days[2].CAR, d1.CAR, d2.CAR)
	}
	if c := r.CARs[0]; c.NDays != 2 || !near(c.CAR, r.Days[1].AR+r.Days[2].AR, 1e-15) {
		t.Errorf("CAR(-1..+1) = %g over %d days, want AR_-1 + AR_0 over 2", c.CAR, c.NDays)
	}
}

func TestEstimateEmptyWindowCAR(t *testing.T) {
	p, in := eventCase()
	in.Event.Date = date("2024-01-24")
	p.CARs = []Window{{2, 2}}
	in.Firm = Series{Dates: in.Firm.Dates[:18], Values: in.Firm.Values[:18]} // ends 2024-01-25 = day +1
	r := Estimate(p, in)
	c := r.CARs[0]
	if r.Status != StatusOK || c.NDays != 0 || !math.IsNaN(c.CAR) || !math.IsNaN(c.SE) || !math.IsNaN(c.T) || !math.IsNaN(c.P) || !math.IsNaN(c.BHAR) {
		t.Errorf("CAR(+2..+2) without a firm return = %+v (%s), want NDays 0 and NaN", c, r.Status)
	}
}

func TestEstimateInvalidParamsPanics(t *testing.T) {
	defer func() {
		if e := recover(); e == nil || !strings.Contains(e.(string), "car window") {
			t.Errorf("Estimate with a bad CAR window: panic %v", e)
		}
	}()
	p, in := handInput()
	p.CARs = []Window{{-1, 0}}
	Estimate(p, in)
}
