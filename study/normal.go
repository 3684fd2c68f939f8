package study

import (
	"fmt"
	"math"
)

// BetaMethod is how the market model's β is estimated.
type BetaMethod int

const (
	// BetaOLS is the OLS slope of R_it on R_mt (MacKinlay 1997, eq. 3–4).
	BetaOLS BetaMethod = iota
	// BetaScholesWilliams is the Scholes & Williams (1977) estimator for
	// non-synchronous trading, sec. 3 of the paper:
	//
	//	β̂_SW = (b̂⁻ + b̂ + b̂⁺) / (1 + 2ρ̂_m),   α̂_SW = R̄_i − β̂_SW R̄_m
	//
	// where b̂⁻, b̂, b̂⁺ are the OLS slopes of R_it on R_m,t−1, R_mt and R_m,t+1
	// and ρ̂_m the first-order autocorrelation of R_m, all over the same
	// estimation days.
	BetaScholesWilliams
	// BetaDimson is the Dimson (1979) aggregated-coefficients estimator:
	// R_it = α + Σ_{k=−n}^{n} β_k R_m,t+k + ε by OLS, β̂_D = Σ_k β̂_k and
	// α̂ = R̄_i − β̂_D R̄_m; n = Params.DimsonLags (default 1).
	BetaDimson
)

var betaNames = [...]string{"ols", "scholes-williams", "dimson"}

func (b BetaMethod) String() string {
	if int(b) < len(betaNames) && b >= 0 {
		return betaNames[b]
	}
	return fmt.Sprintf("BetaMethod(%d)", int(b))
}

// ParseBetaMethod reads ols, scholes-williams or dimson.
func ParseBetaMethod(s string) (BetaMethod, error) {
	for i, n := range betaNames {
		if s == n {
			return BetaMethod(i), nil
		}
	}
	return 0, fmt.Errorf("unknown beta method %q (want ols, scholes-williams or dimson)", s)
}

// normal is one event's fitted benchmark together with the per-event
// conventions: it gives each event day's expected return and the variances
// of AR and CAR. Indices i are positions in the event's span (Params.Span).
type normal struct {
	// unusable says why the model cannot be fitted whatever the data (no
	// factors, a factor column missing); "" otherwise.
	unusable string
	fit      Fit
	conv     Conventions
	x        [][]float64 // factor models: [1, f_1, …, f_k] per span day (nil otherwise)
	rf       []float64   // factor models: risk-free return per span day
	// garch is the fitted GARCH(1,1) market model (nil for the other
	// models) and estEnd the span index of the estimation window's last day,
	// from which its variance is forecast.
	garch  *GARCHFit
	estEnd int
	estVar []float64 // the in-sample h_t of the estimation days (Result.EstVar)
	// notConverged says why the GARCH search did not converge ("" if it did).
	notConverged string
}

// expected is E[R] on span day i with market return rm: RF + x′b̂ for a factor
// model, else [Fit.Expected].
func (n *normal) expected(i int, rm float64) float64 {
	if n.x == nil {
		return n.fit.Expected(rm)
	}
	return n.rf[i] + dot(n.fit.Coef, n.x[i])
}

func (n *normal) s2() float64 { return n.fit.Sigma * n.fit.Sigma }

// arVar is σ²(AR) on span day i: σ̂² without the prediction-error term
// (Conventions.NoPredError), σ̂²(1 + x′(X′X)⁻¹x) for a factor model
// (Campbell, Lo & MacKinlay 1997, eq. 4.4.7 generalised to k regressors),
// else [Fit.ARVariance].
//
// For MarketGARCH it is the conditional variance forecast h_{T+k} of span day
// i, k = i − estEnd days after the estimation window ([GARCHFit.Forecast]),
// whatever the conventions: the GARCH standardization of Savickas (2003), which
// has no prediction-error term.
func (n *normal) arVar(i int, rm float64) float64 {
	if n.garch != nil {
		return n.garch.Forecast(i - n.estEnd)
	}
	switch {
	case n.conv.NoPredError:
		return n.s2()
	case n.x != nil:
		return n.s2() * (1 + quad(n.fit.xtxInv, len(n.fit.Coef), n.x[i]))
	}
	return n.fit.ARVariance(rm)
}

// carVar is σ²(CAR) over the span days idx (the days with an AR), where dev =
// Σ (R_mτ − μ̂_m) over them. L2·σ̂² under CARVarAdditive or NoPredError; for a
// factor model the exact quadratic form
//
//	γ′Vγ = σ̂²·[L2 + (X_w′γ)′(X′X)⁻¹(X_w′γ)],   γ = (1, …, 1)
//
// with V = σ̂²(I + X_w(X′X)⁻¹X_w′) the covariance of the window's ARs
// (Campbell, Lo & MacKinlay 1997, eq. 4.4.8 and sec. 4.4.3, with the window's
// factor rows X_w); else [Fit.CARVariance].
//
// For MarketGARCH it is Σ h_{T+k} over the days: GARCH errors are serially
// uncorrelated, so the variance of their sum is the sum of the forecasts.
func (n *normal) carVar(idx []int, dev float64) float64 {
	l2 := len(idx)
	if n.garch != nil {
		var v float64
		for _, i := range idx {
			v += n.arVar(i, nan)
		}
		return v
	}
	switch {
	case n.conv.CARVar == CARVarAdditive || n.conv.NoPredError:
		return float64(l2) * n.s2()
	case n.x != nil:
		s := make([]float64, len(n.fit.Coef))
		for _, i := range idx {
			for j, v := range n.x[i] {
				s[j] += v
			}
		}
		return n.s2() * (float64(l2) + quad(n.fit.xtxInv, len(s), s))
	}
	return n.fit.CARVariance(l2, dev)
}

// fitNormal fits p.Model on the estimation days e0..e1−1 of the span (ret and
// rm hold the span's firm and market returns; lo is the span's first index in
// in.Market) and applies the per-event conventions to σ̂ and the degrees of
// freedom. The string says why the fit is degenerate ("" if not).
func fitNormal(p Params, in Input, lo int, ret, rm []float64, e0, e1 int) (*normal, string) {
	n := &normal{conv: p.Conventions}
	var degenerate string
	switch {
	case p.Model.IsFactor():
		degenerate = n.fitFactors(p.Model, in, lo, ret, e0, e1)
	case p.Model == MarketGARCH:
		degenerate = n.fitGARCH(ret[e0:e1], rm[e0:e1], e1-1)
		return n, degenerate // maximum likelihood: the σ̂ conventions do not apply
	default:
		n.fit, degenerate = p.Model.fit(ret[e0:e1], rm[e0:e1])
		if degenerate == "" && p.Model == MarketModel && p.Beta != BetaOLS {
			degenerate = n.thinBeta(p, in.Market.Values, lo, ret, e0, e1)
		}
	}
	if degenerate != "" || n.fit.DF < 1 {
		return n, degenerate
	}
	applySigmaConventions(&n.fit, p.Conventions)
	return n, ""
}

// applySigmaConventions rescales σ̂ to the denominator of c.SigmaDF (the sum of
// squared residuals is σ̂²·DF) and sets DF to L−1 under c.TDFLminus1.
func applySigmaConventions(f *Fit, c Conventions) {
	ssr := f.Sigma * f.Sigma * float64(f.DF)
	switch c.SigmaDF {
	case SigmaLminus1:
		f.Sigma = math.Sqrt(ssr / float64(f.N-1))
	case SigmaL:
		f.Sigma = math.Sqrt(ssr / float64(f.N))
	}
	if c.TDFLminus1 {
		f.DF = f.N - 1
	}
}

// fitFactors regresses excess returns R − RF on [1, factors] over the
// estimation window ([FitOLS]); a day without factors is missing.
func (n *normal) fitFactors(m Model, in Input, lo int, ret []float64, e0, e1 int) string {
	names := m.Factors()
	f := Fit{Model: m, Alpha: nan, Beta: nan, Sigma: nan, R2: nan, MeanM: nan, Sxx: nan, MeanMAll: nan, SxxAll: nan}
	n.fit = f
	if in.Factors == nil {
		n.unusable = "the " + m.String() + " model needs factors (--factors)"
		return n.unusable
	}
	span := len(ret)
	dates := in.Market.Dates[lo : lo+span]
	cols := make([][]float64, len(names))
	for j, name := range names {
		c := in.Factors.Column(name)
		if c == nil {
			n.unusable = fmt.Sprintf("the factor file has no %s column, which the %s model needs", name, m)
			return n.unusable
		}
		cols[j] = make([]float64, span)
		alignFirm(cols[j], dates, Series{Dates: in.Factors.Dates, Values: c})
	}
	n.rf = make([]float64, span)
	if in.Factors.RF != nil {
		alignFirm(n.rf, dates, Series{Dates: in.Factors.Dates, Values: in.Factors.RF})
	}
	n.x = make([][]float64, span)
	for i := range span {
		row := make([]float64, len(names)+1)
		row[0] = 1
		for j := range names {
			row[j+1] = cols[j][i]
		}
		n.x[i] = row
	}
	y := make([]float64, e1-e0)
	for i := range y {
		y[i] = ret[e0+i] - n.rf[e0+i]
	}
	o, err := FitOLS(y, n.x[e0:e1])
	f.N = o.N
	f.DF = o.N - o.K
	f.CoefNames = append([]string{"alpha"}, names...)
	n.fit = f
	if err != nil {
		return err.Error()
	}
	f.Coef, f.xtxInv = o.Coef, o.XtXInv
	f.Alpha, f.Beta = o.Coef[0], o.Coef[1]
	f.Sigma = math.Sqrt(o.SSR / float64(f.DF))
	if o.SST > 0 {
		f.R2 = 1 - o.SSR/o.SST
	}
	n.fit = f
	if o.SSR <= 1e-20*o.SST || o.SST == 0 {
		return "zero residual variance over the estimation window (constant prices?)"
	}
	return ""
}

// thinBeta replaces the OLS α̂, β̂ and σ̂ of a fitted market model by the
// Scholes–Williams or Dimson ones. σ̂ is the standard deviation of
// R_it − α̂ − β̂R_mt over the estimation observations with the model's DF; the
// prediction-error term keeps the OLS form σ̂²(1 + 1/L1 + (R_mτ−μ̂_m)²/Sxx),
// an approximation for these estimators.
func (n *normal) thinBeta(p Params, mall []float64, lo int, ret []float64, e0, e1 int) string {
	lags := 1
	if p.Beta == BetaDimson && p.DimsonLags > 0 {
		lags = p.DimsonLags
	}
	// mk(i, k): market return k days after span day i (NaN outside the data).
	mk := func(i, k int) float64 {
		j := lo + i + k
		if j < 0 || j >= len(mall) {
			return nan
		}
		return mall[j]
	}
	var beta float64
	switch p.Beta {
	case BetaDimson:
		y := ret[e0:e1]
		x := make([][]float64, len(y))
		for i := range y {
			row := make([]float64, 2*lags+2)
			row[0] = 1
			for k := -lags; k <= lags; k++ {
				row[k+lags+1] = mk(e0+i, k)
			}
			x[i] = row
		}
		o, err := FitOLS(y, x)
		if err != nil {
			return "Dimson regression: " + err.Error()
		}
		for _, b := range o.Coef[1:] {
			beta += b
		}
	case BetaScholesWilliams:
		var ys, m0, m1, p1 []float64
		for i := e0; i < e1; i++ {
			a, b, c, d := ret[i], mk(i, -1), mk(i, 0), mk(i, 1)
			if math.IsNaN(a) || math.IsNaN(b) || math.IsNaN(c) || math.IsNaN(d) {
				continue
			}
			ys, m1, m0, p1 = append(ys, a), append(m1, b), append(m0, c), append(p1, d)
		}
		if len(ys) < 3 {
			return "Scholes-Williams beta: fewer than 3 days with lagged and leading market returns"
		}
		bm, b0, bp := slope(ys, m1), slope(ys, m0), slope(ys, p1)
		rho := slope(m0, m1) * math.Sqrt(ss(m1)/ss(m0)) // corr(R_mt, R_m,t−1)
		beta = (bm + b0 + bp) / (1 + 2*rho)
		if math.IsNaN(beta) || math.IsInf(beta, 0) {
			return "Scholes-Williams beta: zero variance of market returns"
		}
	}
	f := &n.fit
	y, x := ret[e0:e1], mk
	var sy, sx float64
	var cnt int
	for i := range y {
		if xv := x(e0+i, 0); !math.IsNaN(y[i]) && !math.IsNaN(xv) {
			sy += y[i]
			sx += xv
			cnt++
		}
	}
	f.Beta = beta
	f.Alpha = sy/float64(cnt) - beta*sx/float64(cnt)
	f.BetaMethod = p.Beta
	var ssr, sst float64
	my := sy / float64(cnt)
	for i := range y {
		if xv := x(e0+i, 0); !math.IsNaN(y[i]) && !math.IsNaN(xv) {
			e := y[i] - f.Alpha - beta*xv
			ssr += e * e
			sst += (y[i] - my) * (y[i] - my)
		}
	}
	f.Sigma = math.Sqrt(ssr / float64(f.DF))
	if sst > 0 {
		f.R2 = 1 - ssr/sst
	}
	return ""
}

// slope is the OLS slope of y on x, Σ(x−x̄)(y−ȳ)/Σ(x−x̄)².
func slope(y, x []float64) float64 {
	var mx, my float64
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx /= float64(len(x))
	my /= float64(len(y))
	var sxy, sxx float64
	for i := range x {
		sxy += (x[i] - mx) * (y[i] - my)
		sxx += (x[i] - mx) * (x[i] - mx)
	}
	return sxy / sxx
}

// ss is the centred sum of squares of x.
func ss(x []float64) float64 {
	var m float64
	for _, v := range x {
		m += v
	}
	m /= float64(len(x))
	var s float64
	for _, v := range x {
		s += (v - m) * (v - m)
	}
	return s
}

// fitGARCH fits the market model with GARCH(1,1) errors on the estimation
// days ([FitGARCH]); estEnd is the span index of the estimation window's last
// day. The OLS market model is fitted first, for its moments (MeanM, Sxx,
// used by no GARCH formula but kept in Fit) and its degeneracy checks. A
// search that does not converge sets notConverged, and the event gets
// [StatusNotConverged]; nothing stands in for the GARCH fit.
func (n *normal) fitGARCH(r, rm []float64, estEnd int) string {
	var degenerate string
	n.fit, degenerate = MarketModel.fit(r, rm)
	n.fit.Model = MarketGARCH
	n.fit.Alpha, n.fit.Beta, n.fit.Sigma, n.fit.R2 = nan, nan, nan, nan
	n.fit.DF = n.fit.N - 5 // α, β, ω, a, b
	if degenerate != "" {
		return degenerate
	}
	g, err := FitGARCH(r, rm)
	if err != nil {
		n.notConverged = err.Error()
		return ""
	}
	n.garch, n.estEnd = &g, estEnd
	n.estVar = g.Variances(r, rm)
	f := &n.fit
	f.Alpha, f.Beta = g.Alpha, g.Beta
	f.Omega, f.ARCH, f.GARCH, f.LogLik = g.Omega, g.A, g.B, g.LogLik
	var ssr, sst, my float64
	for t := range r {
		if !math.IsNaN(r[t]) && !math.IsNaN(rm[t]) {
			my += r[t] / float64(f.N)
		}
	}
	for t := range r {
		if !math.IsNaN(r[t]) && !math.IsNaN(rm[t]) {
			e := r[t] - g.Alpha - g.Beta*rm[t]
			ssr += e * e
			sst += (r[t] - my) * (r[t] - my)
		}
	}
	if sst > 0 {
		f.R2 = 1 - ssr/sst
	}
	// σ̂ is the residual standard deviation over the estimation window, as for
	// the other models (the tests that read Fit.Sigma, BW1980 and GRank, assume
	// that): the unconditional √(ω/(1−a−b)) explodes as a + b nears 1.
	f.Sigma = math.Sqrt(ssr / float64(f.DF))
	return ""
}
