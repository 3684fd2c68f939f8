package study

import (
	"fmt"
	"math"
)

// Fit estimates the model m on an estimation window: r holds the firm's returns
// and rm the market's, day by day. Days where r or rm is NaN are skipped, so
// N counts the days with both. rm may be nil for [ConstantMean] and [Raw], which
// do not use it (MeanM and Sxx are then NaN). Fit panics if rm is neither nil
// nor as long as r, or if m needs rm and it is nil.
//
// Per model (L1 = N; sums over the estimation window; μ̂ means):
//
//	MarketModel     β̂ = Σ(R_mt−μ̂_m)(R_t−μ̂) / Sxx, α̂ = μ̂ − β̂ μ̂_m,
//	                σ̂² = Σ(R_t − α̂ − β̂ R_mt)² / (L1−2),  DF = L1−2
//	                (MacKinlay 1997, sec. 5.1; Campbell, Lo & MacKinlay 1997, eq. 4.4.5–4.4.6)
//	MarketAdjusted  α = 0, β = 1, AR_t = R_t − R_mt; σ̂² = Σ(AR_t − mean AR)² / (L1−1), DF = L1−1
//	ConstantMean    Alpha = μ̂, Beta = NaN; σ̂² = Σ(R_t − μ̂)² / (L1−1), DF = L1−1
//	                (MacKinlay 1997, eq. 1–2; Campbell, Lo & MacKinlay 1997, sec. 4.3.1)
//	Raw             Alpha = 0, Beta = NaN; σ̂² = Σ R_t² / L1, DF = L1: the expected
//	                return 0 is imposed, not estimated, so no degree of freedom is used
//
// Sums of squares are centred before summing (as gonum stat.MeanVariance). R2 is
// 1 − SSR/Σ(R_t−μ̂)² for the market model and NaN for the others. Sigma is NaN
// when DF < 1; Alpha, Beta and R2 are NaN when they cannot be computed (no
// days, zero market variance).
func (m Model) Fit(r, rm []float64) Fit {
	f, _ := m.fit(r, rm)
	return f
}

// fit is [Model.Fit] that also says why the fit is degenerate ("" if it is not):
// fewer days than parameters, zero market variance (market model), or zero
// residual variance, e.g. constant prices.
func (m Model) fit(r, rm []float64) (Fit, string) {
	if rm != nil && len(rm) != len(r) {
		panic(fmt.Sprintf("study: Fit: %d firm returns but %d market returns", len(r), len(rm)))
	}
	if rm == nil && (m == MarketModel || m == MarketAdjusted) {
		panic("study: Fit: model " + m.String() + " needs market returns")
	}
	nan := math.NaN()
	f := Fit{Model: m, Alpha: nan, Beta: nan, Sigma: nan, R2: nan, MeanM: nan, Sxx: nan, MeanMAll: nan, SxxAll: nan}
	if rm != nil {
		f.LAll, f.MeanMAll, f.SxxAll = marketMoments(rm)
	}

	// Pass 1: means over days with both returns.
	var n int
	var sy, sx float64
	for t, y := range r {
		x := 0.0
		if rm != nil {
			x = rm[t]
		}
		if math.IsNaN(y) || math.IsNaN(x) {
			continue
		}
		n++
		sy += y
		sx += x
	}
	f.N = n
	if n == 0 {
		return f, "no estimation returns"
	}
	my, mx := sy/float64(n), sx/float64(n)
	// Pass 2: centred sums of squares and cross-products, and raw sums of
	// squares as the scale for the degeneracy checks.
	var sxx, sxy, syy, rawx, rawy float64
	for t, y := range r {
		x := 0.0
		if rm != nil {
			x = rm[t]
		}
		if math.IsNaN(y) || math.IsNaN(x) {
			continue
		}
		dx, dy := x-mx, y-my
		sxx += dx * dx
		sxy += dx * dy
		syy += dy * dy
		rawx += x * x
		rawy += y * y
	}
	if rm != nil {
		f.MeanM, f.Sxx = mx, sxx
	}

	var ssr float64 // sum of squared residuals about the fitted model
	switch m {
	case MarketModel:
		f.DF = n - 2
		if n < 3 {
			return f, fmt.Sprintf("%d estimation returns: the market model needs more than 2", n)
		}
		if negligible(sxx, rawx) {
			return f, "zero variance of market returns over the estimation window"
		}
		f.Beta = sxy / sxx
		f.Alpha = my - f.Beta*mx
		// Pass 3: residuals directly rather than syy − sxy²/sxx, which cancels
		// when R² is close to 1.
		for t, y := range r {
			x := rm[t]
			if math.IsNaN(y) || math.IsNaN(x) {
				continue
			}
			e := y - f.Alpha - f.Beta*x
			ssr += e * e
		}
		if syy > 0 {
			f.R2 = 1 - ssr/syy
		}
	case MarketAdjusted:
		f.Alpha, f.Beta, f.DF = 0, 1, n-1
		// AR_t = y − x; centred: (y−x) − (my−mx) = dy − dx.
		var raw float64
		for t, y := range r {
			x := rm[t]
			if math.IsNaN(y) || math.IsNaN(x) {
				continue
			}
			d := (y - my) - (x - mx)
			ssr += d * d
			raw += (y - x) * (y - x)
		}
		rawy = raw
	case ConstantMean:
		f.Alpha, f.DF = my, n-1
		ssr = syy
	case Raw:
		f.Alpha, f.DF = 0, n
		ssr = rawy
	default:
		panic("study: Fit: unknown model " + m.String())
	}
	if f.DF < 1 {
		return f, fmt.Sprintf("%d estimation returns leave no degree of freedom", n)
	}
	f.Sigma = math.Sqrt(ssr / float64(f.DF))
	if negligible(ssr, rawy) {
		return f, "zero residual variance over the estimation window (constant prices?)"
	}
	return f, ""
}

// negligible reports whether a centred sum of squares is zero up to rounding
// relative to the raw sum of squares of the same values: constant inputs leave
// a centred sum of order ε²·raw, real data one of order raw.
func negligible(centred, raw float64) bool {
	return centred <= 1e-20*raw
}

// Expected is the normal return E[R_τ] of the fitted model given the market
// return rm of the day: α̂ + β̂·rm (MarketModel), rm (MarketAdjusted), μ̂
// (ConstantMean, whatever rm), 0 (Raw); α̂ + β̂·rm for MarketGARCH too. NaN if the model needs rm and it is NaN.
func (f Fit) Expected(rm float64) float64 {
	switch f.Model {
	case MarketModel, MarketGARCH:
		return f.Alpha + f.Beta*rm
	case MarketAdjusted:
		return rm
	case ConstantMean:
		return f.Alpha
	default:
		return 0
	}
}

// ARVariance is the variance of the fitted model's abnormal return on an
// event day with market return rm, out of the estimation window:
//
//	MarketModel     σ̂²·[1 + 1/L1 + (R_mτ − μ̂_m)²/Sxx]   (package func [ARVariance])
//	ConstantMean    σ̂²·(1 + 1/L1)                         (Campbell, Lo & MacKinlay 1997, sec. 4.4.2 with X* a column of ones)
//	MarketAdjusted  σ̂²   (nothing but σ is estimated)
//	Raw             σ̂²
func (f Fit) ARVariance(rm float64) float64 {
	s2 := f.Sigma * f.Sigma
	switch f.Model {
	case MarketModel:
		return ARVariance(s2, f.N, rm, f.MeanM, f.Sxx)
	case ConstantMean:
		return s2 * (1 + 1/float64(f.N))
	default:
		return s2
	}
}

// CARVariance is the exact finite-sample variance of the fitted model's CAR
// over l2 event days with an AR, where sumDev = Σ_τ (R_mτ − μ̂_m) over those
// days:
//
//	MarketModel     σ̂²·[L2 + L2²/L1 + sumDev²/Sxx]   (package func [CARVariance])
//	ConstantMean    σ̂²·(L2 + L2²/L1)
//	MarketAdjusted  L2·σ̂²
//	Raw             L2·σ̂²
//
// Campbell, Lo & MacKinlay (1997), sec. 4.4.2–4.4.3: γ'Vγ with γ a vector of
// ones over the window and V = σ̂²(I + X*(X'X)⁻¹X*'), X* the window's regressors
// (a column of ones for the constant-mean model, none for the other two).
func (f Fit) CARVariance(l2 int, sumDev float64) float64 {
	s2 := f.Sigma * f.Sigma
	switch f.Model {
	case MarketModel:
		return CARVariance(s2, f.N, l2, sumDev, f.Sxx)
	case ConstantMean:
		L2 := float64(l2)
		return s2 * (L2 + L2*L2/float64(f.N))
	default:
		return float64(l2) * s2
	}
}

// ARVariance returns the variance of a market-model abnormal return on an event
// day, including the sampling error of α̂ and β̂:
//
//	σ²(AR_τ) = σ̂²_ε · [1 + 1/L1 + (R_mτ − μ̂_m)² / Σ_t (R_mt − μ̂_m)²]
//
// MacKinlay (1997), eq. (8), with L1·σ̂²_m written as the sum sxx over the
// estimation window. σ̂²_ε has L1−2 degrees of freedom; peers using L1−1 or L1
// differ by a factor close to 1 for L1 in the hundreds.
func ARVariance(sigma2 float64, l1 int, rm, meanM, sxx float64) float64 {
	d := rm - meanM
	return sigma2 * (1 + 1/float64(l1) + d*d/sxx)
}

// CARVariance returns the exact finite-sample variance of a market-model CAR
// over l2 event days:
//
//	σ²(CAR) = σ̂²_ε · [L2 + L2²/L1 + (Σ_τ (R_mτ − μ̂_m))² / Σ_t (R_mt − μ̂_m)²]
//
// where sumDev = Σ_τ (R_mτ − μ̂_m) runs over the event days with an AR and sxx
// over the estimation window. It is γ'Vγ with γ = (1, …, 1) and
// V = σ̂²_ε(I + X*(X'X)⁻¹X*') the covariance of the window's abnormal returns
// (Campbell, Lo & MacKinlay 1997, sec. 4.4.2–4.4.3): in centred coordinates
// γ'X* = (L2, sumDev) and (X'X)⁻¹ = diag(1/L1, 1/sxx). With l2 = 1 it is
// [ARVariance].
func CARVariance(sigma2 float64, l1, l2 int, sumDev, sxx float64) float64 {
	L2 := float64(l2)
	return sigma2 * (L2 + L2*L2/float64(l1) + sumDev*sumDev/sxx)
}
