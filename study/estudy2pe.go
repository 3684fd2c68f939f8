package study

import "math"

// marketMoments is the count, mean and centred sum of squares of the non-NaN
// values of rm, summed in the order of [Model.Fit]'s pass over the days with
// both returns, so that with no missing firm day they equal Fit.N, Fit.MeanM and
// Fit.Sxx bit for bit.
func marketMoments(rm []float64) (n int, mean, sxx float64) {
	var sx float64
	for _, x := range rm {
		if !math.IsNaN(x) {
			n++
			sx += x
		}
	}
	if n == 0 {
		return 0, nan, nan
	}
	mean = sx / float64(n)
	for _, x := range rm {
		if !math.IsNaN(x) {
			d := x - mean
			sxx += d * d
		}
	}
	return n, mean, sxx
}

// standardizedPE is the standardized value SX_i of each event for the Patell,
// BMP and Lamb tests (and the Kolari–Pynnönen versions of the first two): the
// canonical [Sample] standardized values, except under Conventions.Estudy2,
// where the prediction-error term of a market-model event takes the market
// mean and sum of squares over all market days of the estimation window,
// including the days on which the firm has no return (Fit.MeanMAll,
// Fit.SxxAll), as the R package estudy2 (I. Rudnytskyi, functions patell,
// boehmer and lamb) does:
//
//	day τ:       σ²_i = σ̂_i² [1 + 1/L1_i + (R_mτ − μ̂_m,all)² / SSx_all]
//	window w:    σ²_i = σ̂_i² [L2 + L2²/L1_i + (Σ_τ (R_mτ − μ̂_m,all))² / SSx_all]
//
// (MacKinlay 1997, eq. 8; Campbell, Lo & MacKinlay 1997, sec. 4.4.3) with
// L1_i = Fit.N the event's estimation observations and the sum over the L2
// window days with an AR. The canonical form takes μ̂_m and Sxx over the
// estimation observations only (Fit.MeanM, Fit.Sxx), as the AR's own SE does.
// The two coincide when the firm has a return on every market day of the
// estimation window (Fit.LAll = Fit.N). Events of other models, without the
// prediction-error term (Conventions.NoPredError) and, for windows, under
// CARVarAdditive keep their variance: it has no market mean in it.
func (s Sample) standardizedPE() []float64 {
	if !s.conv().Estudy2 || s.Panel == nil || s.Panel.MarketRet == nil {
		return s.standardized()
	}
	sx := make([]float64, len(s.X))
	for i, x := range s.X {
		sx[i] = x / math.Sqrt(s.varAllDays(i))
	}
	return sx
}

// varAllDays is the variance of s.X[i] with the estudy2 prediction-error term
// (see [Sample.standardizedPE]), or s.Var[i] where it does not apply.
func (s Sample) varAllDays(i int) float64 {
	row := s.Rows[i]
	f := &s.Panel.Rows[row].Fit
	c := s.conv()
	isCAR := len(s.BHAR) > 0
	if f.Model != MarketModel || c.NoPredError || (isCAR && c.CARVar == CARVarAdditive) ||
		f.LAll == f.N || !(f.SxxAll > 0) {
		return s.Var[i]
	}
	k0, k1 := s.evDays()
	rm, ar := s.Panel.MarketRet[row], s.Panel.AR[row]
	s2 := f.Sigma * f.Sigma
	if !isCAR {
		return ARVariance(s2, f.N, rm[k0], f.MeanMAll, f.SxxAll)
	}
	var l2 int
	var dev float64
	for k := k0; k <= k1; k++ {
		if !math.IsNaN(ar[k]) {
			l2++
			dev += rm[k] - f.MeanMAll
		}
	}
	return CARVariance(s2, f.N, l2, dev, f.SxxAll)
}
