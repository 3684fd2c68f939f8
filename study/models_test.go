package study

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// The hand-worked estimation window used below (L1 = 5):
//
//	R_m = −0.02 −0.01 0 0.01 0.02    μ̂_m = 0, Sxx = 10·10⁻⁴ = 0.001
//	R   = −0.01  0    0.01 0.01 0.04 μ̂ = 0.01, deviations −0.02 −0.01 0 0 0.03
//	Sxy = 0.0004 + 0.0001 + 0.0006 = 0.0011, Syy = 0.0014
//	β̂ = Sxy/Sxx = 1.1, α̂ = μ̂ − β̂ μ̂_m = 0.01
//	residuals 0.002 0.001 0 −0.011 0.008, SSR = 190·10⁻⁶
//	σ̂² = SSR/(5−2) = 63.3̅·10⁻⁶, R² = 1 − 190/1400 = Sxy²/(Sxx·Syy) = 0.8642857…
var (
	handRm = []float64{-0.02, -0.01, 0, 0.01, 0.02}
	handR  = []float64{-0.01, 0, 0.01, 0.01, 0.04}
)

func TestFitHand(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		m                       Model
		alpha, beta, sigma2, r2 float64
		df                      int
	}{
		{MarketModel, 0.01, 1.1, 190e-6 / 3, 1 - 190.0/1400, 3},
		// AR = R − R_m = 0.01 0.01 0.01 0 0.02, mean 0.01, Σ dev² = 2·10⁻⁴, /(5−1).
		{MarketAdjusted, 0, 1, 50e-6, nan, 4},
		// Σ(R − 0.01)² = Syy = 14·10⁻⁴, /(5−1).
		{ConstantMean, 0.01, nan, 350e-6, nan, 4},
		// Σ R² = (1 + 0 + 1 + 1 + 16)·10⁻⁴ = 19·10⁻⁴, /5.
		{Raw, 0, nan, 380e-6, nan, 5},
	}
	for _, tt := range tests {
		f := tt.m.Fit(handR, handRm)
		name := tt.m.String() + ".Fit"
		checkNear(t, name+" alpha", f.Alpha, tt.alpha, 1e-15)
		checkNear(t, name+" beta", f.Beta, tt.beta, 1e-13)
		checkNear(t, name+" sigma²", f.Sigma*f.Sigma, tt.sigma2, 1e-17)
		checkNear(t, name+" r2", f.R2, tt.r2, 1e-13)
		if f.N != 5 || f.DF != tt.df || f.Model != tt.m {
			t.Errorf("%s: N, DF, Model = %d, %d, %v, want 5, %d, %v", name, f.N, f.DF, f.Model, tt.df, tt.m)
		}
		checkNear(t, name+" meanM", f.MeanM, 0, 1e-18)
		checkNear(t, name+" sxx", f.Sxx, 0.001, 1e-17)
	}
}

func TestFitSkipsMissing(t *testing.T) {
	nan := math.NaN()
	// The hand case with two extra days, each missing one of the returns: same fit.
	r := append([]float64{nan, 0.5}, handR...)
	rm := append([]float64{0.3, nan}, handRm...)
	f := MarketModel.Fit(r, rm)
	if f.N != 5 {
		t.Errorf("Fit with 2 incomplete days: N = %d, want 5", f.N)
	}
	checkNear(t, "beta", f.Beta, 1.1, 1e-13)
	// ConstantMean and Raw do not need the market.
	if f := ConstantMean.Fit(handR, nil); !near(f.Alpha, 0.01, 1e-15) || !math.IsNaN(f.MeanM) {
		t.Errorf("ConstantMean.Fit(r, nil) = alpha %g meanM %g, want 0.01, NaN", f.Alpha, f.MeanM)
	}
}

func TestFitDegenerate(t *testing.T) {
	zero := []float64{0, 0, 0, 0, 0}
	flat := []float64{0.003, 0.003, 0.003, 0.003, 0.003}
	line := []float64{0.016, -0.029, 0.0085, 0.001, 0.0235} // 0.001 + 1.5·rm exactly
	rmLine := []float64{0.010, -0.020, 0.005, 0.000, 0.015}
	tests := []struct {
		name  string
		m     Model
		r, rm []float64
		want  bool
	}{
		{"constant prices", MarketModel, zero, handRm, true},
		{"constant market", MarketModel, handR, flat, true},
		{"exact line", MarketModel, line, rmLine, true},
		{"firm = market + c", MarketAdjusted, []float64{0.01, 0.02, -0.01, 0.03, 0}, []float64{0.0, 0.01, -0.02, 0.02, -0.01}, true},
		{"constant mean flat", ConstantMean, flat, nil, true},
		{"raw zero", Raw, zero, nil, true},
		{"two days", MarketModel, handR[:2], handRm[:2], true},
		{"hand", MarketModel, handR, handRm, false},
		{"raw flat is fine", Raw, flat, nil, false},
	}
	for _, tt := range tests {
		_, why := tt.m.fit(tt.r, tt.rm)
		if (why != "") != tt.want {
			t.Errorf("%s: %v.fit degenerate = %q, want degenerate %v", tt.name, tt.m, why, tt.want)
		}
	}
}

func TestARVarianceHand(t *testing.T) {
	// σ̂²[1 + 1/5 + 0.03²/0.001] = 63.3̅·10⁻⁶ · 2.1 = 133·10⁻⁶.
	got := ARVariance(190e-6/3, 5, 0.03, 0, 0.001)
	checkNear(t, "ARVariance(σ²=190e-6/3, L1=5, rm=0.03)", got, 133e-6, 1e-18)
	f := MarketModel.Fit(handR, handRm)
	checkNear(t, "Fit.ARVariance(0.03)", f.ARVariance(0.03), 133e-6, 1e-17)
	// Constant mean: 350·10⁻⁶ · (1 + 1/5) = 420·10⁻⁶; the others σ̂².
	checkNear(t, "ConstantMean ARVariance", ConstantMean.Fit(handR, handRm).ARVariance(0.03), 420e-6, 1e-17)
	checkNear(t, "MarketAdjusted ARVariance", MarketAdjusted.Fit(handR, handRm).ARVariance(0.03), 50e-6, 1e-17)
	checkNear(t, "Raw ARVariance", Raw.Fit(handR, handRm).ARVariance(0.03), 380e-6, 1e-17)
}

// gammaVGamma computes γ'Vγ with V = σ²(I + X*(X'X)⁻¹X*') from the design
// matrices (a column of ones, and R_m for the market model) by explicit matrix
// products: an independent route to the closed forms of CARVariance.
func gammaVGamma(sigma2 float64, est, win []float64, market bool) float64 {
	cols := 1
	if market {
		cols = 2
	}
	design := func(rm []float64) *mat.Dense {
		x := mat.NewDense(len(rm), cols, nil)
		for i, v := range rm {
			x.Set(i, 0, 1)
			if market {
				x.Set(i, 1, v)
			}
		}
		return x
	}
	x, xs := design(est), design(win)
	var xtx, inv, a, h mat.Dense
	xtx.Mul(x.T(), x)
	if err := inv.Inverse(&xtx); err != nil {
		panic(err)
	}
	a.Mul(xs, &inv)
	h.Mul(&a, xs.T()) // X*(X'X)⁻¹X*'
	l2 := len(win)
	v := mat.NewDense(l2, l2, nil)
	for i := range l2 {
		for j := range l2 {
			e := h.At(i, j)
			if i == j {
				e++
			}
			v.Set(i, j, sigma2*e)
		}
	}
	g := mat.NewVecDense(l2, nil)
	for i := range l2 {
		g.SetVec(i, 1)
	}
	return mat.Inner(g, v, g)
}

func TestCARVarianceMatrix(t *testing.T) {
	win := []float64{0.03, -0.01, 0.005}
	s2 := 190e-6 / 3
	// Closed form by hand: Σ(R_mτ − 0) = 0.025, σ̂²[3 + 9/5 + 0.025²/0.001] = 5.425 σ̂².
	checkNear(t, "CARVariance hand", CARVariance(s2, 5, 3, 0.025, 0.001), 5.425*s2, 1e-18)

	est := []float64{-0.013, 0.004, 0.021, -0.007, 0.0, 0.011, -0.002} // μ̂_m ≠ 0
	var mu, sxx float64
	for _, v := range est {
		mu += v / float64(len(est))
	}
	for _, v := range est {
		sxx += (v - mu) * (v - mu)
	}
	for l2 := 1; l2 <= len(win); l2++ {
		got := CARVariance(s2, len(est), l2, sumDev(win[:l2], mu), sxx)
		want := gammaVGamma(s2, est, win[:l2], true)
		if !near(got, want, 1e-12*want) {
			t.Errorf("CARVariance(L1=7, L2=%d) = %.15g, γ'Vγ = %.15g", l2, got, want)
		}
		f := Fit{Model: ConstantMean, Sigma: math.Sqrt(s2), N: len(est)}
		got, want = f.CARVariance(l2, 0), gammaVGamma(s2, est, win[:l2], false)
		if !near(got, want, 1e-12*want) {
			t.Errorf("ConstantMean CARVariance(L1=7, L2=%d) = %.15g, γ'Vγ = %.15g", l2, got, want)
		}
	}
	// L2 = 1 reduces to ARVariance.
	checkNear(t, "CARVariance(L2=1)", CARVariance(s2, 7, 1, win[0]-mu, sxx), ARVariance(s2, 7, win[0], mu, sxx), 1e-18)
}

func sumDev(x []float64, mu float64) float64 {
	var s float64
	for _, v := range x {
		s += v - mu
	}
	return s
}

func TestPValues(t *testing.T) {
	// Student's t with 3 df has a closed-form CDF: with θ = atan(t/√3),
	// P(|T| > t) = 1 − (2/π)(θ + sin θ cos θ) (e.g. Abramowitz & Stegun 26.7.3).
	for _, x := range []float64{0, 0.60697, 1, 2.3534, 5, -3} {
		th := math.Atan(math.Abs(x) / math.Sqrt(3))
		want := 1 - 2/math.Pi*(th+math.Sin(th)*math.Cos(th))
		checkNear(t, "pStudent(t, 3)", pStudent(x, 3), want, 1e-12)
	}
	// t with 1 df is Cauchy: P(|T| > t) = 1 − (2/π) atan t.
	checkNear(t, "pStudent(1, 1)", pStudent(1, 1), 0.5, 1e-14)
	// Normal: P(|Z| > 1.959963984540054) = 0.05.
	checkNear(t, "pNormal(1.96)", pNormal(1.959963984540054), 0.05, 1e-15)
	checkNear(t, "pNormal(-1.96)", pNormal(-1.959963984540054), 0.05, 1e-15)
	if !math.IsNaN(pStudent(1, 0)) || !math.IsNaN(pStudent(math.NaN(), 5)) {
		t.Error("pStudent with df 0 or NaN t is not NaN")
	}
}
