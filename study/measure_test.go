package study

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// LogVolume by hand: ln(1 + V), a zero-volume day kept as 0, NaN, +Inf and
// negative (a vendor's unknown) volumes omitted.
func TestLogVolume(t *testing.T) {
	d := weekdays(date("2018-08-01"), 6)
	in := Series{Dates: d, Values: []float64{1000, 0, math.NaN(), -1, math.Inf(1), math.E - 1}}
	got := LogVolume(in)
	wantDates := []time.Time{d[0], d[1], d[5]}
	want := []float64{6.90875477931522, 0, 1} // ln 1001 (a calculator), ln 1, ln e
	if !slices.Equal(got.Dates, wantDates) || len(got.Values) != 3 {
		t.Fatalf("LogVolume dates = %v, want %v", got.Dates, wantDates)
	}
	for i := range want {
		checkNear(t, "v", got.Values[i], want[i], 1e-12)
	}
}

// volumeInput draws log volumes of a firm and a market: v_m ~ N(20, 0.3²),
// v = a + b·v_m + N(0, s²), with jump planted on day 0 (index d0).
func volumeInput(rng *rand.Rand, dates []time.Time, d0 int, a, b, s, jump float64) Input {
	vm := make([]float64, len(dates))
	v := make([]float64, len(dates))
	for i := range dates {
		vm[i] = 20 + 0.3*rng.NormFloat64()
		v[i] = a + b*vm[i] + s*rng.NormFloat64()
	}
	v[d0] += jump
	return Input{Event: Event{ID: "v", Symbol: "F", Market: "M", Date: dates[d0]},
		Firm: Series{Dates: dates, Values: v}, Market: Series{Dates: dates, Values: vm}}
}

// The mean-adjusted volume model (Campbell & Wasley 1996): the abnormal log
// volume is v_τ minus the estimation-window mean, computed here naively, with
// Var = s²(1 + 1/L1) and BHAR empty; the market model of log volume gives the
// OLS α, β of a naive regression written in the test.
func TestEstimateVolume(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 1))
	dates := weekdays(date("2017-01-02"), 400)
	d0 := 300
	in := volumeInput(rng, dates, d0, 2, 0.8, 0.4, 1.5)
	p := DefaultParams()
	p.Measure = MeasureVolume
	p.Model = ConstantMean
	r := Estimate(p, in)
	if r.Status != StatusOK {
		t.Fatalf("status %s: %s", r.Status, r.Message)
	}
	est := in.Firm.Values[d0-250 : d0-10]
	var m float64
	for _, v := range est {
		m += v
	}
	m /= float64(len(est))
	var ss float64
	for _, v := range est {
		ss += (v - m) * (v - m)
	}
	s2 := ss / float64(len(est)-1)
	day0 := r.Days[-p.Event.Start]
	checkNear(t, "alpha = mean log volume", r.Fit.Alpha, m, 1e-9)
	checkNear(t, "abnormal log volume day 0", day0.AR, in.Firm.Values[d0]-m, 1e-9)
	checkNear(t, "SE day 0", day0.SE, math.Sqrt(s2*(1+1.0/240)), 1e-12)
	if got := p.ModelName(); got != "mean-adjusted" {
		t.Errorf("ModelName = %q, want mean-adjusted", got)
	}
	for _, c := range r.CARs {
		if !math.IsNaN(c.BHAR) {
			t.Errorf("CAR %v: BHAR = %v, want NaN (log volumes do not compound)", c.Window, c.BHAR)
		}
	}
	// The same series as returns keep their BHAR: the branch is the measure's.
	p.Measure = MeasureReturns
	if r := Estimate(p, in); math.IsNaN(r.CARs[0].BHAR) {
		t.Error("returns study lost its BHAR")
	}

	p.Measure, p.Model = MeasureVolume, MarketModel
	r = Estimate(p, in)
	vm := in.Market.Values[d0-250 : d0-10]
	var mx, my float64
	for i := range est {
		mx += vm[i]
		my += est[i]
	}
	mx /= 240
	my /= 240
	var sxy, sxx float64
	for i := range est {
		sxy += (vm[i] - mx) * (est[i] - my)
		sxx += (vm[i] - mx) * (vm[i] - mx)
	}
	beta := sxy / sxx
	alpha := my - beta*mx
	checkNear(t, "market model beta", r.Fit.Beta, beta, 1e-9)
	checkNear(t, "market model alpha", r.Fit.Alpha, alpha, 1e-7)
	checkNear(t, "market model AR day 0", r.Days[-p.Event.Start].AR, in.Firm.Values[d0]-alpha-beta*in.Market.Values[d0], 1e-9)
	checkNear(t, "planted jump recovered", r.Days[-p.Event.Start].AR, 1.5, 3*0.4)
}

func TestValidateVolume(t *testing.T) {
	p := DefaultParams()
	p.Measure = MeasureVolume
	for _, m := range []Model{MarketModel, ConstantMean} {
		p.Model = m
		if err := p.Validate(); err != nil {
			t.Errorf("volume with %v: %v", m, err)
		}
	}
	for _, m := range []Model{MarketAdjusted, Raw, FF3} {
		p.Model = m
		if err := p.Validate(); err == nil {
			t.Errorf("volume with %v: no error", m)
		}
	}
	p.Model, p.Beta = MarketModel, BetaDimson
	if err := p.Validate(); err == nil {
		t.Error("volume with a Dimson beta: no error")
	}
}

// MeasureTests keeps every test's place and blanks exactly the tests of
// VolumeUnsuited for volume; returns are untouched.
func TestMeasureTests(t *testing.T) {
	p, rs := rankCase()
	base := BatteryTests()
	ret := AggregateWith(p, rs, MeasureTests(MeasureReturns, base))
	vol := AggregateWith(p, rs, MeasureTests(MeasureVolume, base))
	if !slices.Equal(ret.Tests, vol.Tests) {
		t.Fatalf("volume tests %v, want the battery's %v", vol.Tests, ret.Tests)
	}
	for _, name := range ret.Tests {
		r, v := statOf(t, ret, name), statOf(t, vol, name)
		unsuited := slices.Contains(VolumeUnsuited, name)
		switch {
		case unsuited && (!math.IsNaN(v.Stat) || !math.IsNaN(v.P)):
			t.Errorf("%s: %v, want empty for volume", name, v)
		case !unsuited && !sameFloat(r.Stat, v.Stat):
			t.Errorf("%s: volume %v, returns %v: a suited test must be unchanged", name, v.Stat, r.Stat)
		}
	}
	// The blanked tests are computable on this case: the test above can fail.
	for _, name := range []string{"j1", "patell"} {
		if math.IsNaN(statOf(t, ret, name).Stat) {
			t.Fatalf("%s is NaN for returns", name)
		}
	}
}

func TestParseMeasure(t *testing.T) {
	for _, m := range []Measure{MeasureReturns, MeasureVolume, MeasureVolatility} {
		got, err := ParseMeasure(m.String())
		if err != nil || got != m {
			t.Errorf("ParseMeasure(%q) = %v, %v", m.String(), got, err)
		}
	}
	if _, err := ParseMeasure("turnover"); err == nil {
		t.Error("ParseMeasure(turnover): no error")
	}
}
