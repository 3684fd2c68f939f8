package study

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// estudy2Input is the hand-worked case of estimate_test.go (handInput) with
// one more estimation day in front, 2023-12-29, on which the market returned
// 0.03 and the firm has no return. Estimation window −6..−1:
//
//	R_m  = 0.03 −0.02 −0.01 0 0.01 0.02     (the firm's R: missing, then handR)
//
// The fit uses the 5 days with both returns (models_test.go): N = 5, β̂ = 1.1,
// α̂ = 0.01, σ̂² = 190·10⁻⁶/3 (L1 − 2 = 3 d.f.), and
//
//	canonical: μ̂_m = 0,     Sxx    = 0.001    (the 5 observations)
//	estudy2:   μ̂_m = 0.005, SSx_all = 0.00175 (all 6 market days:
//	           0.025² + 0.025² + 0.015² + 0.015² + 0.005² + 0.005²)
//
// Event days 0, 1, 2: R_m = 0.03, −0.01, 0.005 and AR = 0.007, 0.001, −0.0055.
// Var(AR_0)/σ̂² = 1 + 1/5 + (R_m0 − μ̂_m)²/SSx:
//
//	canonical: 1.2 + 0.03²/0.001      = 2.1     → Var = 133·10⁻⁶,    SAR_0 = 0.007/√Var = 0.606977
//	estudy2:   1.2 + 0.025²/0.00175   = 109/70  → Var = 98.619·10⁻⁶, SAR_0 = 0.704884
//
// day 1: 1.2 + 0.01²/0.001 = 1.3 against 1.2 + 0.015²/0.00175 = 93/70; day 2:
// 1.2 + 0.005²/0.001 = 1.225 against 1.2 + 0 = 1.2. CAR 0..1:
// Var/σ̂² = 2 + 4/5 + (Σ dev)²/SSx with Σ dev = 0.02 (canonical) or 0.025 −
// 0.015 = 0.01 (estudy2): 3.2 against 2.8 + 0.0001/0.00175 = 20/7. CAR 0..2:
// Σ dev = 0.025 or 0.01: 3 + 9/5 + 0.000625/0.001 = 5.425 against 4.8 + 2/35 = 34/7.
// With one event, Patell's Z is SAR/√(ν/(ν−2)) = SAR/√3 in both forms. Lamb's
// is SAR itself (canonical) and, under estudy2, AR/(Ŝ·√(Var/σ̂²)) with Ŝ the
// s.d. of the one event's 5 residuals, Ŝ² = 190·10⁻⁶/4 (mean 0, n − 1).
func estudy2Input() (Params, Input) {
	d := weekdays(date("2023-12-29"), 9)
	p := Params{Model: MarketModel, Estimation: Window{-6, -1}, Event: Window{0, 2},
		CARs: []Window{{0, 1}, {0, 2}, {2, 2}}, MinEst: 3}
	in := Input{
		Event:  Event{ID: "1", Symbol: "F", Market: "M", Date: date("2024-01-08")},
		Firm:   Series{Dates: d, Values: slices.Concat([]float64{nan}, handR, []float64{0.05, 0, 0.01})},
		Market: Series{Dates: d, Values: slices.Concat([]float64{0.03}, handRm, []float64{0.03, -0.01, 0.005})},
	}
	return p, in
}

func TestEstudy2PredErrorHand(t *testing.T) {
	p, in := estudy2Input()
	r := Estimate(p, in)
	if r.Status != StatusOK {
		t.Fatalf("status %s: %s", r.Status, r.Message)
	}
	f := r.Fit
	if f.N != 5 || f.LAll != 6 {
		t.Errorf("N, LAll = %d, %d; want 5, 6", f.N, f.LAll)
	}
	checkNear(t, "MeanM", f.MeanM, 0, 1e-18)
	checkNear(t, "Sxx", f.Sxx, 0.001, 1e-17)
	checkNear(t, "MeanMAll", f.MeanMAll, 0.005, 1e-17)
	checkNear(t, "SxxAll", f.SxxAll, 0.00175, 1e-17)

	s2 := 190e-6 / 3
	sq := math.Sqrt
	want := []struct {
		name      string
		x, vc, ve float64 // AR or CAR; Var/σ̂² canonical and estudy2
		day, wnd  int     // index into Summary.Days or Windows (−1: not)
	}{
		{"day 0", 0.007, 2.1, 109.0 / 70, 0, -1},
		{"day 1", 0.001, 1.3, 93.0 / 70, 1, -1},
		{"day 2", -0.0055, 1.225, 1.2, 2, -1},
		{"CAR 0..1", 0.008, 3.2, 20.0 / 7, -1, 0},
		{"CAR 0..2", 0.0025, 5.425, 34.0 / 7, -1, 1},
		{"CAR 2..2", -0.0055, 1.225, 1.2, -1, 2},
	}
	tests := []Test{{Name: "lamb", Func: Lamb}, {Name: "patell", Func: Patell}}
	pe := p
	pe.Conventions.Estudy2 = true
	acc := NewAccumulator(pe, true) // Lamb reads the estimation residuals
	acc.Add(&r)
	sums := map[string]Summary{
		"canonical":           AggregateWith(p, []Result{r}, tests),
		"estudy2":             AggregateWith(pe, []Result{r}, tests),
		"estudy2 accumulator": acc.Summary(tests),
	}
	for name, s := range sums {
		for _, w := range want {
			v := w.vc
			if name != "canonical" {
				v = w.ve
			}
			sar := w.x / sq(v*s2)
			st := func() []Stat {
				if w.day >= 0 {
					return s.Days[w.day].Tests
				}
				return s.Windows[w.wnd].Tests
			}()
			lamb := sar
			if name != "canonical" {
				lamb = w.x / sq(v*190e-6/4)
			}
			checkNear(t, name+" "+w.name+" lamb", st[0].Stat, lamb, 1e-12)
			checkNear(t, name+" "+w.name+" patell", st[1].Stat, sar/sq(3), 1e-12)
		}
	}
	// The spot values of the comment above.
	checkNear(t, "canonical SAR_0", sums["canonical"].Days[0].Tests[0].Stat, 0.606977, 1e-6)
	checkNear(t, "estudy2 SAR_0", sums["estudy2"].Days[0].Tests[1].Stat*sq(3), 0.704884, 1e-6)
	// The event's own t(AR) keeps the canonical variance.
	checkNear(t, "Day.SE", r.Days[0].SE, sq(2.1*s2), 1e-15)
}

// estudy2Results draws n market-model events on 120 trading days, day 0 at
// index 100, estimation −80..−11, event window −2..+3; with holes > 0 some
// firms miss days of the estimation window (and one event day, +2).
func estudy2Results(n int, holes bool) (Params, []Result, []Input) {
	p := Params{Model: MarketModel, Estimation: Window{-80, -11}, Event: Window{-2, 3},
		CARs: []Window{{-1, 1}, {0, 3}, {0, 0}}, MinEst: 30}
	rng := rand.New(rand.NewPCG(20, 26))
	dates := weekdays(time.Date(2019, 1, 7, 0, 0, 0, 0, time.UTC), 120)
	var rs []Result
	var ins []Input
	for i := range n {
		in := simInput(rng, simDefault, dates, 100, 0.01*rng.NormFloat64())
		in.Event.ID = string(rune('a' + i%26))
		in.Event.Symbol = in.Event.ID
		if holes && i%3 != 0 {
			for range 5 + rng.IntN(25) {
				in.Firm.Values[20+rng.IntN(70)] = nan
			}
			if i%4 == 1 {
				in.Firm.Values[102] = nan
			}
		}
		rs = append(rs, Estimate(p, in))
		ins = append(ins, in)
	}
	return p, rs, ins
}

var standardizedTests = []Test{
	{Name: "patell", Func: Patell}, {Name: "patell_kp", Func: PatellKP},
	{Name: "bmp", Func: BMP}, {Name: "bmp_kp", Func: BMPKP}, {Name: "lamb", Func: Lamb},
}

// With a return for the firm on every market day, the estudy2 prediction-error
// term is the canonical one: BMP and its Kolari–Pynnönen version are the
// same bit for bit, and Patell (estudy2 pools the ν/(ν−2), equal here) the
// same up to rounding. (Lamb's estudy2 form is another statistic: see
// estudy2_hand_test.go.)
func TestEstudy2CompleteDataSame(t *testing.T) {
	p, rs, _ := estudy2Results(40, false)
	pe := p
	pe.Conventions = Conventions{Name: "estudy2", SigmaDF: SigmaLminus1, Estudy2: true}
	for i := range rs {
		f := rs[i].Fit
		if rs[i].Status != StatusOK || f.LAll != f.N || f.MeanMAll != f.MeanM || f.SxxAll != f.Sxx {
			t.Fatalf("event %d: status %s, N %d LAll %d, MeanM %v %v, Sxx %v %v", i, rs[i].Status,
				f.N, f.LAll, f.MeanM, f.MeanMAll, f.Sxx, f.SxxAll)
		}
		// The formula of the estudy2 path (not only its shortcut) gives Day.SE².
		for _, d := range rs[i].Days {
			v := ARVariance(f.Sigma*f.Sigma, f.N, d.MarketRet, f.MeanMAll, f.SxxAll)
			checkNear(t, "complete-data variance", v/(d.SE*d.SE), 1, 1e-13)
		}
	}
	// Same per-event results, only the test-side switch differs: σ̂ conventions
	// are per event, so compare the panel with Estudy2 on and off.
	pc := pe
	pc.Conventions.Estudy2 = false
	bmp := standardizedTests[2:4]
	a, b := AggregateWith(pc, rs, bmp), AggregateWith(pe, rs, bmp)
	compareSummaries(t, a, b, true)
	patell := standardizedTests[:1]
	a, b = AggregateWith(pc, rs, patell), AggregateWith(pe, rs, patell)
	for k := range a.Days {
		checkNear(t, "patell", b.Days[k].Tests[0].Stat, a.Days[k].Tests[0].Stat, 1e-12)
	}
	for j := range a.Windows {
		checkNear(t, "patell", b.Windows[j].Tests[0].Stat, a.Windows[j].Tests[0].Stat, 1e-12)
	}
}

// With missing firm days the statistics differ from the canonical ones and
// match a second implementation that takes μ̂_m,all and SSx_all straight from
// the market series.
func TestEstudy2MissingDays(t *testing.T) {
	p, rs, ins := estudy2Results(40, true)
	pe := p
	pe.Conventions.Estudy2 = true
	got := AggregateWith(pe, rs, standardizedTests)
	acc := NewAccumulator(pe, true) // patell_kp and bmp_kp read the estimation residuals
	for i := range rs {
		acc.Add(&rs[i])
	}
	compareSummaries(t, got, acc.Summary(standardizedTests), true)
	compareSummaries(t, got, AggregateWith(p, rs, standardizedTests), false)

	// Second implementation: per event, the estimation window's market
	// returns in full, the standardized AR of each day and CAR of each window.
	type ev struct {
		sar  []float64 // per event day, NaN if no AR
		scar []float64 // per CAR window
		nu   float64
	}
	var evs []ev
	for i, r := range rs {
		if r.Status != StatusOK {
			t.Fatalf("event %d: %s %s", i, r.Status, r.Message)
		}
		rm := ins[i].Market.Values[100+p.Estimation.Start : 100+p.Estimation.End+1]
		var mu, ssx float64
		for _, x := range rm {
			mu += x
		}
		mu /= float64(len(rm))
		for _, x := range rm {
			ssx += (x - mu) * (x - mu)
		}
		s2, l1 := r.Fit.Sigma*r.Fit.Sigma, float64(r.Fit.N)
		e := ev{nu: float64(r.Fit.DF)}
		for _, d := range r.Days {
			e.sar = append(e.sar, d.AR/math.Sqrt(s2*(1+1/l1+(d.MarketRet-mu)*(d.MarketRet-mu)/ssx)))
		}
		for _, w := range p.CARs {
			var car, dev, l2 float64
			for _, d := range r.Days[w.Start-p.Event.Start : w.End-p.Event.Start+1] {
				if !math.IsNaN(d.AR) {
					car += d.AR
					dev += d.MarketRet - mu
					l2++
				}
			}
			e.scar = append(e.scar, car/math.Sqrt(s2*(l2+l2*l2/l1+dev*dev/ssx)))
		}
		evs = append(evs, e)
	}
	// estudy2's Patell pools ν/(ν−2) over all events.
	var pv float64
	for _, e := range evs {
		pv += e.nu / (e.nu - 2)
	}
	check := func(name string, sx []float64, st []Stat) {
		n := float64(len(sx))
		var patell, m float64
		for _, x := range sx {
			patell += x
			m += x
		}
		m /= n
		var ss float64
		for _, x := range sx {
			ss += (x - m) * (x - m)
		}
		bmp := m / math.Sqrt(ss/(n-1)/n)
		tol := 1e-11
		checkNear(t, name+" patell", st[0].Stat, patell/math.Sqrt(pv), tol)
		checkNear(t, name+" bmp", st[2].Stat, bmp, tol)
	}
	for k, d := range got.Days {
		var sx []float64
		for _, e := range evs {
			if !math.IsNaN(e.sar[k]) {
				sx = append(sx, e.sar[k])
			}
		}
		if len(sx) != d.N {
			t.Fatalf("day %d: N %d, want %d", d.RelDay, d.N, len(sx))
		}
		check("day", sx, d.Tests)
	}
	for j, w := range got.Windows {
		var sx []float64
		for _, e := range evs {
			sx = append(sx, e.scar[j])
		}
		check("window "+w.Window.String(), sx, w.Tests)
	}
}

// compareSummaries checks that a and b have the same statistics bit for bit
// (equal) or that at least one day and one window differ (!equal).
func compareSummaries(t *testing.T, a, b Summary, equal bool) {
	t.Helper()
	diffDay, diffWnd := false, false
	for k := range a.Days {
		for i := range a.Days[k].Tests {
			if !same(a.Days[k].Tests[i].Stat, b.Days[k].Tests[i].Stat) || !same(a.Days[k].Tests[i].P, b.Days[k].Tests[i].P) {
				diffDay = true
				if equal {
					t.Errorf("day %d %s: %v != %v", a.Days[k].RelDay, a.Tests[i], a.Days[k].Tests[i], b.Days[k].Tests[i])
				}
			}
		}
	}
	for j := range a.Windows {
		for i := range a.Windows[j].Tests {
			if !same(a.Windows[j].Tests[i].Stat, b.Windows[j].Tests[i].Stat) || !same(a.Windows[j].Tests[i].P, b.Windows[j].Tests[i].P) {
				diffWnd = true
				if equal {
					t.Errorf("window %v %s: %v != %v", a.Windows[j].Window, a.Tests[i], a.Windows[j].Tests[i], b.Windows[j].Tests[i])
				}
			}
		}
	}
	if !equal && (!diffDay || !diffWnd) {
		t.Errorf("estudy2 and canonical statistics do not differ (days %v, windows %v)", diffDay, diffWnd)
	}
}

// Without a market term in the prediction error the estudy2 market mean and
// S_xx have nothing to change: with --prediction-error off and with the
// constant-mean model the standardized values of BMP are the canonical ones
// on days and windows, and with --car-variance additive on the windows (the
// days keep the estudy2 term), bit for bit, on events with missing days.
func TestEstudy2NoPredErrorKeepsVariance(t *testing.T) {
	p, _, ins := estudy2Results(30, true)
	bmp := standardizedTests[2:3]
	for _, c := range []struct {
		name string
		set  func(p *Params)
		days bool // days the same too
	}{
		{"prediction-error off", func(p *Params) { p.Conventions.NoPredError = true }, true},
		{"constant-mean", func(p *Params) { p.Model = ConstantMean }, true},
		{"car-variance additive", func(p *Params) { p.Conventions.CARVar = CARVarAdditive }, false},
	} {
		pc := p
		c.set(&pc)
		var rs []Result
		for _, in := range ins {
			rs = append(rs, Estimate(pc, in))
		}
		pe := pc
		pe.Conventions.Estudy2 = true
		a, b := AggregateWith(pc, rs, bmp), AggregateWith(pe, rs, bmp)
		for j := range a.Windows {
			if !same(a.Windows[j].Tests[0].Stat, b.Windows[j].Tests[0].Stat) {
				t.Errorf("%s: window %v bmp %v (estudy2) != %v", c.name, a.Windows[j].Window, b.Windows[j].Tests[0].Stat, a.Windows[j].Tests[0].Stat)
			}
		}
		differ := false
		for k := range a.Days {
			eq := same(a.Days[k].Tests[0].Stat, b.Days[k].Tests[0].Stat)
			if c.days && !eq {
				t.Errorf("%s: day %d bmp %v (estudy2) != %v", c.name, a.Days[k].RelDay, b.Days[k].Tests[0].Stat, a.Days[k].Tests[0].Stat)
			}
			differ = differ || !eq
		}
		if !c.days && !differ {
			t.Errorf("%s: the days' estudy2 term changed nothing; the panel has no missing estimation days?", c.name)
		}
	}
}
