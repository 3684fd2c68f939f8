package study

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"gonum.org/v1/gonum/stat"
)

// gaussJordanInverse inverts a small square matrix by Gauss–Jordan elimination
// with partial pivoting: the second, independent implementation of the tests.
func gaussJordanInverse(a [][]float64) [][]float64 {
	k := len(a)
	m := make([][]float64, k)
	for i := range a {
		m[i] = make([]float64, 2*k)
		copy(m[i], a[i])
		m[i][k+i] = 1
	}
	for c := range k {
		p := c
		for r := c + 1; r < k; r++ {
			if math.Abs(m[r][c]) > math.Abs(m[p][c]) {
				p = r
			}
		}
		m[c], m[p] = m[p], m[c]
		d := m[c][c]
		for j := range m[c] {
			m[c][j] /= d
		}
		for r := range k {
			if r != c {
				f := m[r][c]
				for j := range m[r] {
					m[r][j] -= f * m[c][j]
				}
			}
		}
	}
	out := make([][]float64, k)
	for i := range m {
		out[i] = m[i][k:]
	}
	return out
}

// normalEquations returns b = (X′X)⁻¹X′y and (X′X)⁻¹ from sums.
func normalEquations(y []float64, x [][]float64) ([]float64, [][]float64) {
	k := len(x[0])
	xtx := make([][]float64, k)
	xty := make([]float64, k)
	for i := range xtx {
		xtx[i] = make([]float64, k)
	}
	for t := range y {
		for i := range k {
			xty[i] += x[t][i] * y[t]
			for j := range k {
				xtx[i][j] += x[t][i] * x[t][j]
			}
		}
	}
	inv := gaussJordanInverse(xtx)
	b := make([]float64, k)
	for i := range k {
		for j := range k {
			b[i] += inv[i][j] * xty[j]
		}
	}
	return b, inv
}

// TestFitOLSHand checks a fit small enough to do by hand: y = 1 + 2x exactly
// at x = 0, 1, 2, 3 plus residuals (+1, −1, −1, +1)·0.1, which are orthogonal
// to [1, x]: b = (1, 2), SSR = 0.04, and (X′X)⁻¹ = [[14, −6], [−6, 4]]/20
// (X′X = [[4, 6], [6, 14]], det 20).
func TestFitOLSHand(t *testing.T) {
	x := [][]float64{{1, 0}, {1, 1}, {1, 2}, {1, 3}}
	y := []float64{1.1, 2.9, 4.9, 7.1}
	o, err := FitOLS(y, x)
	if err != nil {
		t.Fatal(err)
	}
	checkNear(t, "b0", o.Coef[0], 1, 1e-12)
	checkNear(t, "b1", o.Coef[1], 2, 1e-12)
	checkNear(t, "SSR", o.SSR, 0.04, 1e-12)
	want := []float64{14.0 / 20, -6.0 / 20, -6.0 / 20, 4.0 / 20}
	for i, w := range want {
		checkNear(t, "XtXInv", o.XtXInv[i], w, 1e-12)
	}
	// x′(X′X)⁻¹x at x = (1, 4): (14 − 48 + 64)/20 = 1.5.
	checkNear(t, "Quad", o.Quad([]float64{1, 4}), 1.5, 1e-12)
}

func TestFitOLSErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		x    [][]float64
		y    []float64
	}{
		{"too few rows", [][]float64{{1, 1}, {1, 2}}, []float64{1, 2}},
		{"collinear", [][]float64{{1, 2}, {1, 2}, {1, 2}, {1, 2}}, []float64{1, 2, 3, 4}},
		{"NaN rows leave too few", [][]float64{{1, 1}, {1, math.NaN()}, {1, 3}}, []float64{1, 2, math.NaN()}},
	} {
		if _, err := FitOLS(tc.y, tc.x); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
}

// ffWorld draws a three-factor world: factors ~ N(μ, s²) independent, RF a
// small constant, R − RF = a + x′b + ε.
type ffWorld struct {
	a     float64
	b     [3]float64
	sigma float64
}

func (w ffWorld) draw(rng *rand.Rand, dates []time.Time, d0 int, ar float64) Input {
	n := len(dates)
	fs := &FactorSeries{Dates: dates, Names: []string{"Mkt-RF", "SMB", "HML"}, Cols: make([][]float64, 3), RF: make([]float64, n)}
	mu, s := [3]float64{0.0004, 0.0001, 0.0001}, [3]float64{0.01, 0.006, 0.005}
	for j := range 3 {
		fs.Cols[j] = make([]float64, n)
	}
	r := make([]float64, n)
	rm := make([]float64, n)
	for i := range n {
		fs.RF[i] = 0.00005
		y := w.a + w.sigma*rng.NormFloat64()
		for j := range 3 {
			fs.Cols[j][i] = mu[j] + s[j]*rng.NormFloat64()
			y += w.b[j] * fs.Cols[j][i]
		}
		r[i] = y + fs.RF[i]
		rm[i] = fs.Cols[0][i] + fs.RF[i]
	}
	r[d0] += ar
	return Input{
		Event:   Event{ID: "e", Symbol: "F", Market: "M", Date: dates[d0]},
		Firm:    Series{Dates: dates, Values: r},
		Market:  Series{Dates: dates, Values: rm},
		Factors: fs,
	}
}

// TestFF3AgainstNormalEquations runs Estimate with the FF3 model and redoes
// every number with the normal equations and explicit matrices: the
// coefficients, σ̂ (L−4 df), Var(AR) = σ̂²(1 + x′(X′X)⁻¹x), and Var(CAR) =
// γ′Vγ with V built entry by entry, V_ts = σ̂²(1{t=s} + x_t′(X′X)⁻¹x_s)
// (Campbell, Lo & MacKinlay 1997, eq. 4.4.8).
func TestFF3AgainstNormalEquations(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 1))
	dates, d0 := simCalendar()
	in := ffWorld{a: 0.0002, b: [3]float64{1.1, 0.4, -0.3}, sigma: 0.015}.draw(rng, dates, d0, 0.03)
	in.Firm.Values[d0-100] = math.NaN() // a missing firm day
	in.Factors.Cols[1][d0-50] = math.NaN()
	p := DefaultParams()
	p.Model = FF3
	res := Estimate(p, in)
	if res.Status != StatusOK {
		t.Fatalf("status %s: %s", res.Status, res.Message)
	}
	row := func(i int) []float64 {
		return []float64{1, in.Factors.Cols[0][i], in.Factors.Cols[1][i], in.Factors.Cols[2][i]}
	}
	var y []float64
	var x [][]float64
	for i := d0 + p.Estimation.Start; i <= d0+p.Estimation.End; i++ {
		xi := row(i)
		if math.IsNaN(in.Firm.Values[i]) || math.IsNaN(xi[2]) {
			continue
		}
		y = append(y, in.Firm.Values[i]-in.Factors.RF[i])
		x = append(x, xi)
	}
	b, inv := normalEquations(y, x)
	if res.Fit.N != len(y) || res.Fit.DF != len(y)-4 {
		t.Fatalf("N = %d, DF = %d; want %d, %d", res.Fit.N, res.Fit.DF, len(y), len(y)-4)
	}
	for j := range b {
		checkNear(t, "coef "+res.Fit.CoefNames[j], res.Fit.Coef[j], b[j], 1e-9)
	}
	var ssr float64
	for i := range y {
		e := y[i]
		for j := range b {
			e -= b[j] * x[i][j]
		}
		ssr += e * e
	}
	s2 := ssr / float64(len(y)-4)
	checkNear(t, "sigma", res.Fit.Sigma, math.Sqrt(s2), 1e-12)
	qf := func(u, v []float64) float64 {
		var s float64
		for i := range u {
			for j := range v {
				s += u[i] * inv[i][j] * v[j]
			}
		}
		return s
	}
	for _, d := range res.Days {
		i := d0 + d.RelDay
		wantAR := in.Firm.Values[i] - in.Factors.RF[i] - (b[0] + b[1]*row(i)[1] + b[2]*row(i)[2] + b[3]*row(i)[3])
		checkNear(t, "AR", d.AR, wantAR, 1e-12)
		checkNear(t, "SE", d.SE, math.Sqrt(s2*(1+qf(row(i), row(i)))), 1e-12)
	}
	for _, c := range res.CARs {
		var v float64
		for u := c.Window.Start; u <= c.Window.End; u++ {
			for w := c.Window.Start; w <= c.Window.End; w++ {
				vts := qf(row(d0+u), row(d0+w))
				if u == w {
					vts++
				}
				v += s2 * vts
			}
		}
		checkNear(t, "CAR SE "+c.Window.String(), c.SE, math.Sqrt(v), 1e-12)
	}
}

// TestFF3RecoversLoadings fits many simulated events and checks that each
// loading's estimate is within 4 standard errors of the truth, and that the
// planted day-0 abnormal return is recovered.
func TestFF3RecoversLoadings(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 2))
	dates, d0 := simCalendar()
	w := ffWorld{a: 0.0001, b: [3]float64{0.9, 0.7, -0.5}, sigma: 0.01}
	p := DefaultParams()
	p.Model = FF3
	var sumAR float64
	const n = 40
	for e := range n {
		in := w.draw(rng, dates, d0, 0.02)
		res := Estimate(p, in)
		if res.Status != StatusOK {
			t.Fatal(res.Message)
		}
		truth := []float64{w.a, w.b[0], w.b[1], w.b[2]}
		for j, c := range res.Fit.Coef {
			se := res.Fit.Sigma * math.Sqrt(res.Fit.xtxInv[j*4+j])
			if math.Abs(c-truth[j]) > 4*se {
				t.Errorf("event %d: %s = %.4f, truth %.4f, SE %.4f", e, res.Fit.CoefNames[j], c, truth[j], se)
			}
		}
		sumAR += res.Days[-p.Event.Start].AR
	}
	// Mean day-0 AR: SE ≈ 0.01/√40 ≈ 0.0016.
	checkNear(t, "mean day-0 AR", sumAR/n, 0.02, 4*0.01/math.Sqrt(n))
}

func TestFactorModelNeedsFactors(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	dates, d0 := simCalendar()
	in := simInput(rng, simDefault, dates, d0, 0)
	for _, m := range []Model{FF3, FF5, Carhart} {
		p := DefaultParams()
		p.Model = m
		if r := Estimate(p, in); r.Status != StatusDegenerate {
			t.Errorf("%v without factors: status %s", m, r.Status)
		}
	}
	in2 := ffWorld{a: 0, b: [3]float64{1, 0, 0}, sigma: 0.01}.draw(rng, dates, d0, 0)
	p := DefaultParams()
	p.Model = Carhart // no Mom column
	if r := Estimate(p, in2); r.Status != StatusDegenerate || r.Message == "" {
		t.Errorf("carhart without Mom: status %s %q", r.Status, r.Message)
	}
}

// TestThinBetas checks the Scholes–Williams and Dimson betas against a second
// computation with gonum's stat package: SW (1977) β = (b⁻ + b + b⁺)/(1 + 2ρ)
// from three simple regressions and the market's lag-1 correlation; Dimson
// (1979) β = sum of the slopes of one regression on R_m,t−1, R_mt, R_m,t+1,
// here from the normal equations. The firm's return reacts to the market with
// a lag, as a thinly traded stock's does, so both exceed the OLS β.
func TestThinBetas(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	dates, d0 := simCalendar()
	n := len(dates)
	rm := make([]float64, n)
	r := make([]float64, n)
	for i := range n {
		rm[i] = 0.0004 + 0.01*rng.NormFloat64()
	}
	for i := range n {
		r[i] = 0.0002 + 0.6*rm[i] + 0.004*rng.NormFloat64()
		if i > 0 {
			r[i] += 0.5 * rm[i-1]
		}
	}
	in := Input{Event: Event{ID: "e", Symbol: "F", Market: "M", Date: dates[d0]},
		Firm: Series{Dates: dates, Values: r}, Market: Series{Dates: dates, Values: rm}}
	p := DefaultParams()
	ols := Estimate(p, in)
	e0, e1 := d0+p.Estimation.Start, d0+p.Estimation.End+1

	// Scholes–Williams.
	p.Beta = BetaScholesWilliams
	sw := Estimate(p, in)
	y, m0, m1, p1 := r[e0:e1], rm[e0:e1], rm[e0-1:e1-1], rm[e0+1:e1+1]
	_, bm := stat.LinearRegression(m1, y, nil, false)
	_, b0 := stat.LinearRegression(m0, y, nil, false)
	_, bp := stat.LinearRegression(p1, y, nil, false)
	rho := stat.Correlation(m0, m1, nil)
	wantSW := (bm + b0 + bp) / (1 + 2*rho)
	checkNear(t, "SW beta", sw.Fit.Beta, wantSW, 1e-10)
	checkNear(t, "SW alpha", sw.Fit.Alpha, stat.Mean(y, nil)-wantSW*stat.Mean(m0, nil), 1e-12)
	if sw.Fit.BetaMethod != BetaScholesWilliams {
		t.Errorf("BetaMethod = %v", sw.Fit.BetaMethod)
	}

	// Dimson, one lag and one lead.
	p.Beta = BetaDimson
	dm := Estimate(p, in)
	x := make([][]float64, len(y))
	for i := range y {
		x[i] = []float64{1, m1[i], m0[i], p1[i]}
	}
	b, _ := normalEquations(y, x)
	checkNear(t, "Dimson beta", dm.Fit.Beta, b[1]+b[2]+b[3], 1e-9)
	// σ̂ of the Dimson model: residuals of R − α̂ − β̂R_m, L−2 df.
	var ssr float64
	for i := range y {
		e := y[i] - dm.Fit.Alpha - dm.Fit.Beta*m0[i]
		ssr += e * e
	}
	checkNear(t, "Dimson sigma", dm.Fit.Sigma, math.Sqrt(ssr/float64(len(y)-2)), 1e-12)

	for _, f := range []Fit{sw.Fit, dm.Fit} {
		if f.Beta < ols.Fit.Beta+0.2 || math.Abs(f.Beta-1.1) > 0.2 {
			t.Errorf("%v beta %.3f, OLS %.3f, truth 1.1", f.BetaMethod, f.Beta, ols.Fit.Beta)
		}
	}
}

// TestConventions checks each per-event knob on one event against the
// canonical fit: σ̂ rescaled to √(SSR/L) or √(SSR/(L−1)), Var(AR) = σ̂²
// without the prediction-error term, Var(CAR) = L2·σ̂², t with L−1 df.
func TestConventions(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 9))
	dates, d0 := simCalendar()
	in := simInput(rng, simDefault, dates, d0, 0.01)
	p := DefaultParams()
	base := Estimate(p, in)
	L := float64(base.Fit.N)
	ssr := base.Fit.Sigma * base.Fit.Sigma * (L - 2)

	for _, tc := range []struct {
		name   string
		conv   Conventions
		sigma  float64
		df     int
		predOn bool
		exact  bool
	}{
		{"canonical", Conventions{}, math.Sqrt(ssr / (L - 2)), int(L) - 2, true, true},
		{"sigma l-1", Conventions{SigmaDF: SigmaLminus1}, math.Sqrt(ssr / (L - 1)), int(L) - 2, true, true},
		{"sigma l", Conventions{SigmaDF: SigmaL}, math.Sqrt(ssr / L), int(L) - 2, true, true},
		{"no prediction error", Conventions{NoPredError: true}, math.Sqrt(ssr / (L - 2)), int(L) - 2, false, false},
		{"additive CAR", Conventions{CARVar: CARVarAdditive}, math.Sqrt(ssr / (L - 2)), int(L) - 2, true, false},
		{"t with L-1 df", Conventions{TDFLminus1: true}, math.Sqrt(ssr / (L - 2)), int(L) - 1, true, true},
	} {
		q := p
		q.Conventions = tc.conv
		r := Estimate(q, in)
		checkNear(t, tc.name+": sigma", r.Fit.Sigma, tc.sigma, 1e-14)
		if r.Fit.DF != tc.df {
			t.Errorf("%s: DF = %d, want %d", tc.name, r.Fit.DF, tc.df)
		}
		s2 := tc.sigma * tc.sigma
		for _, d := range r.Days {
			want := s2
			if tc.predOn {
				want = ARVariance(s2, base.Fit.N, d.MarketRet, base.Fit.MeanM, base.Fit.Sxx)
			}
			checkNear(t, tc.name+": AR SE", d.SE, math.Sqrt(want), 1e-14)
			checkNear(t, tc.name+": AR p", d.P, pStudent(d.AR/math.Sqrt(want), tc.df), 1e-12)
		}
		for _, c := range r.CARs {
			var dev float64
			for u := c.Window.Start; u <= c.Window.End; u++ {
				dev += in.Market.Values[d0+u] - base.Fit.MeanM
			}
			want := float64(c.NDays) * s2
			if tc.exact {
				want = CARVariance(s2, base.Fit.N, c.NDays, dev, base.Fit.Sxx)
			}
			checkNear(t, tc.name+": CAR SE", c.SE, math.Sqrt(want), 1e-14)
		}
	}
}

// TestNonTradingLimit: with a limit of 4 calendar days, an event on a
// Saturday moves to Monday (2 days) but one 5 days before the next trading
// day is skipped.
func TestNonTradingLimit(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	dates, d0 := simCalendar()
	// Remove Monday..Wednesday after a weekend near d0: a gap of 5 days.
	for dates[d0].Weekday() != time.Thursday {
		d0++
	}
	in := simInput(rng, simDefault, dates, d0, 0)
	p := DefaultParams()
	p.Conventions.NonTradingLimit = 4
	sat := dates[d0].AddDate(0, 0, 2) // Saturday; next trading day Monday
	in.Event.Date = sat
	if r := Estimate(p, in); r.Status != StatusOK || r.Day0.Weekday() != time.Monday {
		t.Errorf("Saturday: %s %v", r.Status, r.Day0)
	}
	cut := func(s Series, from, to int) Series {
		return Series{Dates: append(append([]time.Time{}, s.Dates[:from]...), s.Dates[to:]...),
			Values: append(append([]float64{}, s.Values[:from]...), s.Values[to:]...)}
	}
	// Drop Monday and Tuesday: Saturday → Wednesday is 4 days (kept); Friday
	// → Wednesday is 5 days (skipped).
	in.Market = cut(in.Market, d0+2, d0+4)
	in.Firm = cut(in.Firm, d0+2, d0+4)
	if r := Estimate(p, in); r.Status != StatusOK {
		t.Errorf("4 days: %s %s", r.Status, r.Message)
	}
	in.Event.Date = dates[d0].AddDate(0, 0, 1) // Friday is a trading day: kept
	if r := Estimate(p, in); r.Status != StatusOK {
		t.Errorf("trading Friday: %s %s", r.Status, r.Message)
	}
	in.Market = cut(in.Market, d0+1, d0+2) // drop Friday too: Friday → Wednesday is 5 days
	in.Firm = cut(in.Firm, d0+1, d0+2)
	if r := Estimate(p, in); r.Status != StatusMissingEventData {
		t.Errorf("5 days: %s %s", r.Status, r.Message)
	}
}

func TestApplyPreset(t *testing.T) {
	p := DefaultParams()
	p.Event = Window{-2, 10}
	p.CARs = []Window{{-1, 1}}
	if err := ApplyPreset(&p, "lemaire"); err != nil {
		t.Fatal(err)
	}
	if p.Estimation != (Window{-332, -33}) || p.ReturnType != Simple || p.Conventions.SigmaDF != SigmaL ||
		!p.Conventions.NoPredError || p.Conventions.CARVar != CARVarAdditive || !p.Conventions.TDFLminus1 ||
		p.Conventions.NonTradingLimit != 4 {
		t.Errorf("lemaire: %+v", p)
	}
	if err := p.Validate(); err != nil {
		t.Error(err)
	}
	// lemaire's 300 estimation days cap a larger --min-est and keep a smaller one.
	for _, c := range [][2]int{{400, 300}, {120, 120}} {
		q := DefaultParams()
		q.MinEst = c[0]
		if err := ApplyPreset(&q, "lemaire"); err != nil || q.MinEst != c[1] {
			t.Errorf("lemaire with min-est %d: %d (%v), want %d", c[0], q.MinEst, err, c[1])
		}
	}
	// Every preset sets the returns and the non-trading rule, whatever they were.
	for _, tc := range []struct {
		name string
		rt   ReturnType
		want Conventions
	}{
		{"estudy2", Log, Conventions{Name: "estudy2", SigmaDF: SigmaLminus1, Estudy2: true}},
		{"est", Log, Conventions{Name: "est", NoPredError: true, CARVar: CARVarAdditive}},
		{"canonical", Simple, Conventions{Name: "canonical"}},
		{"", Simple, Conventions{Name: "canonical"}},
	} {
		q := DefaultParams()
		q.ReturnType, q.NonTrading = Log, Previous
		q.Conventions.Seed = 42
		tc.want.Seed = 42
		if err := ApplyPreset(&q, tc.name); err != nil {
			t.Fatal(err)
		}
		if q.Conventions != tc.want || q.ReturnType != tc.rt || q.NonTrading != Next || q.Estimation != DefaultParams().Estimation {
			t.Errorf("%s: %+v %v", tc.name, q.Conventions, q.ReturnType)
		}
	}
	// An unknown name is an error and leaves the conventions as they were.
	before := p.Conventions
	if err := ApplyPreset(&p, "stata"); err == nil {
		t.Error("unknown preset accepted")
	}
	if p.Conventions != before {
		t.Errorf("unknown preset changed the conventions: %+v, was %+v", p.Conventions, before)
	}
}

// BenchmarkEstimateFF3 is one event with the three-factor model (QR fit and
// quadratic-form variances); compare BenchmarkEstimate for the market model.
func BenchmarkEstimateFF3(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	dates, d0 := simCalendar()
	in := ffWorld{a: 0, b: [3]float64{1, 0.3, -0.2}, sigma: 0.01}.draw(rng, dates, d0, 0)
	p := DefaultParams()
	p.Model = FF3
	for b.Loop() {
		Estimate(p, in)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1000, "µs/event")
}
