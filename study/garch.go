package study

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/optimize"
)

// GARCHFit is a market model with GARCH(1,1) errors fitted by maximum
// likelihood ([FitGARCH]):
//
//	R_t = α + β R_mt + ε_t,   ε_t | past ~ N(0, h_t),   h_t = ω + a ε²_{t−1} + b h_{t−1}
//
// Bollerslev (1986), J. Econometrics 31, 307–327, eq. (1)–(2) with p = q = 1;
// the market model in the mean as in the event-study use of Savickas (2003),
// J. Financial Research 26(2), 165–178, eq. (1)–(2).
type GARCHFit struct {
	Alpha, Beta float64
	Omega, A, B float64 // ω > 0, a ≥ 0, b ≥ 0, a + b < 1
	LogLik      float64 // the maximised Gaussian log-likelihood ([GARCHLogLik])
	N           int     // observations (days with both returns)
	// Next is h_{T+1}: the conditional variance of the day after the last
	// observation T, ω + a ε²_T + b h_T.
	Next       float64
	Iterations int // major iterations of the optimiser
}

// Persistence is a + b: how slowly a shock to the variance dies out.
func (g GARCHFit) Persistence() float64 { return g.A + g.B }

// Unconditional is the unconditional variance ω / (1 − a − b)
// (Bollerslev 1986, Theorem 1).
func (g GARCHFit) Unconditional() float64 { return g.Omega / (1 - g.A - g.B) }

// Forecast is the variance of ε_{T+k} forecast at the end T of the
// estimation window, k ≥ 1 days ahead, without the event window's own
// shocks (they would let the event inflate its own yardstick):
//
//	h_{T+1} = ω + a ε²_T + b h_T,   h_{T+k} = ω + (a + b) h_{T+k−1}
//	        = h̄ + (a + b)^{k−1} (h_{T+1} − h̄),   h̄ = ω/(1 − a − b)
//
// since E_T[ε²_{T+k−1}] = h_{T+k−1} (Baillie & Bollerslev 1992, J.
// Econometrics 52, 91–113, eq. (12)). Forecast panics if k < 1.
func (g GARCHFit) Forecast(k int) float64 {
	if k < 1 {
		panic(fmt.Sprintf("study: GARCH forecast %d days ahead", k))
	}
	hbar := g.Unconditional()
	return hbar + math.Pow(g.A+g.B, float64(k-1))*(g.Next-hbar)
}

// GARCHLogLik is the Gaussian log-likelihood of the market model with
// GARCH(1,1) errors at the given parameters, over the days where both r and
// rm have a value (missing days are skipped; the recursion runs over the
// observations in order):
//
//	ℓ = −½ Σ_t [ln 2π + ln h_t + ε_t²/h_t],   ε_t = R_t − α − β R_mt,
//	h_t = ω + a ε²_{t−1} + b h_{t−1},  h_1 = (1/N) Σ_t ε_t²
//
// Bollerslev (1986), eq. (17), with the start h_1 the sample mean of the
// squared residuals (the usual "backcast"; R's tseries and fGarch start the
// same way). next is h_{N+1}. NaN if there is no observation or a variance
// is not positive.
func GARCHLogLik(alpha, beta, omega, a, b float64, r, rm []float64) (ll, next float64) {
	if len(r) != len(rm) {
		panic(fmt.Sprintf("study: GARCHLogLik: %d firm returns but %d market returns", len(r), len(rm)))
	}
	return garchFilter(alpha, beta, omega, a, b, r, rm, nil)
}

// garchFilter runs the recursion of [GARCHLogLik] and returns its ℓ and
// h_{N+1}; when h is not nil it also stores each h_t in h[t] (the days
// without both returns are left as they are), for [GARCHFit.Variances].
func garchFilter(alpha, beta, omega, a, b float64, r, rm, h []float64) (ll, next float64) {
	var n int
	var s2 float64
	for t := range r {
		if math.IsNaN(r[t]) || math.IsNaN(rm[t]) {
			continue
		}
		e := r[t] - alpha - beta*rm[t]
		s2 += e * e
		n++
	}
	if n == 0 {
		return nan, nan
	}
	v := s2 / float64(n)
	prev := nan // ε_{t−1}
	for t := range r {
		if math.IsNaN(r[t]) || math.IsNaN(rm[t]) {
			continue
		}
		if !math.IsNaN(prev) {
			v = omega + a*prev*prev + b*v
		}
		if !(v > 0) {
			return nan, nan
		}
		if h != nil {
			h[t] = v
		}
		e := r[t] - alpha - beta*rm[t]
		ll -= 0.5 * (math.Log(2*math.Pi) + math.Log(v) + e*e/v)
		prev = e
	}
	return ll, omega + a*prev*prev + b*v
}

// ErrNotConverged is wrapped by [FitGARCH] when the maximum-likelihood
// search does not converge.
var ErrNotConverged = errors.New("GARCH(1,1) maximum likelihood did not converge")

// garchMaxIter bounds the major iterations of the search (a variable so that
// a test can make it stop early).
var garchMaxIter = 1000

// garchFlatGrad is the largest ∞-norm of the gradient of the mean negative
// log-likelihood (returns in percent, over θ) at which a search that stalled
// counts as converged; a search that ends normally reaches 1e-7.
const garchFlatGrad = 1e-5

// garchScale multiplies returns before the search (returns in percent), so
// that α, β, ω and the variances are of comparable size.
const garchScale = 100

// FitGARCH fits the market model with GARCH(1,1) errors ([GARCHFit]) by
// maximising [GARCHLogLik] with BFGS (gonum/optimize; gradient by central
// differences), from the OLS α̂, β̂ and a = 0.05, b = 0.90 with ω matching
// the OLS residual variance. The search runs on returns in percent over
// unconstrained parameters
//
//	θ = (α, β, ln ω, logit(a + b), logit(a/(a + b)))
//
// so that ω > 0, a, b ≥ 0 and a + b < 1 hold everywhere. The search has
// converged when the gradient's ∞-norm falls below 1e-7 or the function stops
// changing (gonum's FunctionConverge), or when it stalls where the gradient
// is below 1e-5 (a flat optimum at a boundary, e.g. a → 0 for a firm without
// volatility clustering). Otherwise an error wrapping [ErrNotConverged] says
// why the search stopped (never a fallback to OLS);
// fewer than 10 observations or zero market variance is an error too.
func FitGARCH(r, rm []float64) (GARCHFit, error) {
	ols, why := MarketModel.fit(r, rm)
	if why != "" {
		return GARCHFit{N: ols.N}, errors.New(why)
	}
	if ols.N < 10 {
		return GARCHFit{N: ols.N}, fmt.Errorf("%d estimation returns: GARCH(1,1) needs at least 10", ols.N)
	}
	ys, xs := make([]float64, len(r)), make([]float64, len(rm))
	for t := range r {
		ys[t], xs[t] = r[t]*garchScale, rm[t]*garchScale
	}
	s2 := ols.Sigma * ols.Sigma * garchScale * garchScale
	logit := func(p float64) float64 { return math.Log(p / (1 - p)) }
	logistic := func(x float64) float64 { return 1 / (1 + math.Exp(-x)) }
	unpack := func(th []float64) (alpha, beta, omega, a, b float64) {
		p, w := logistic(th[3]), logistic(th[4])
		return th[0], th[1], math.Exp(th[2]), p * w, p * (1 - w)
	}
	n := float64(ols.N)
	f := func(th []float64) float64 {
		alpha, beta, omega, a, b := unpack(th)
		ll, _ := GARCHLogLik(alpha, beta, omega, a, b, ys, xs)
		if math.IsNaN(ll) {
			return math.Inf(1)
		}
		return -ll / n
	}
	prob := optimize.Problem{
		Func: f,
		Grad: func(grad, th []float64) {
			fd.Gradient(grad, f, th, &fd.Settings{Formula: fd.Central})
		},
	}
	init := []float64{ols.Alpha * garchScale, ols.Beta, math.Log(s2 * 0.05), logit(0.95), logit(0.05 / 0.95)}
	settings := &optimize.Settings{
		GradientThreshold: 1e-7,
		Converger:         &optimize.FunctionConverge{Absolute: 1e-12, Relative: 1e-12, Iterations: 50},
		MajorIterations:   garchMaxIter,
	}
	res, err := optimize.Minimize(prob, init, settings, &optimize.BFGS{})
	g := GARCHFit{N: ols.N}
	if res != nil {
		g.Iterations = res.MajorIterations
	}
	// A flat optimum (typically a → 0: no volatility clustering, or a + b →
	// 1) can stall the line search where the gradient is already nil for
	// every practical purpose: such an end counts as converged when the
	// gradient there is below garchFlatGrad, a first-order condition
	// checked, not assumed.
	flat := false
	if res != nil && len(res.X) == 5 && !math.IsInf(res.F, 0) && !math.IsNaN(res.F) {
		grad := make([]float64, 5)
		prob.Grad(grad, res.X)
		flat = floats.Norm(grad, math.Inf(1)) <= garchFlatGrad
	}
	if flat {
		err = nil
	}
	switch {
	case err != nil:
		return g, fmt.Errorf("%w: %v after %d iterations", ErrNotConverged, err, g.Iterations)
	case res.Status.Early() && !flat:
		return g, fmt.Errorf("%w: %v after %d iterations", ErrNotConverged, res.Status, g.Iterations)
	case math.IsInf(res.F, 0) || math.IsNaN(res.F):
		return g, fmt.Errorf("%w: no finite likelihood", ErrNotConverged)
	}
	alpha, beta, omega, a, b := unpack(res.X)
	g.Alpha, g.Beta = alpha/garchScale, beta
	g.Omega, g.A, g.B = omega/(garchScale*garchScale), a, b
	g.LogLik, g.Next = GARCHLogLik(g.Alpha, g.Beta, g.Omega, g.A, g.B, r, rm)
	return g, nil
}

// Variances returns the in-sample conditional variances h_t of the fitted
// model on r and rm, the recursion of [GARCHLogLik] (h_1 the mean squared
// residual, missing days skipped), NaN on the days without both returns.
func (g GARCHFit) Variances(r, rm []float64) []float64 {
	h := make([]float64, len(r))
	for t := range h {
		h[t] = nan
	}
	garchFilter(g.Alpha, g.Beta, g.Omega, g.A, g.B, r, rm, h)
	return h
}
