package study

import "math"

// VolStat is one row of the abnormal-volatility tests ([VolatilityStats]):
// over one event day (Day true, Window τ..τ) or one CAR window.
type VolStat struct {
	Window Window
	Day    bool
	N      int     // events with a variance ratio in the window
	MeanU  float64 // mean over events of each event's mean variance ratio in the window
	Test   string  // VolCST or VolRank
	Stat   float64
	P      float64
}

// Names of the abnormal-volatility tests, as volatility.csv writes them.
const (
	VolCST  = "u_cs_t" // cross-sectional t of mean U = 1
	VolRank = "u_rank" // rank test of squared standardized ARs
)

// VolatilityStats are the abnormal-volatility tests of the events of p, for
// each day of the event window and each CAR window (in that order, each
// with [VolCST] then [VolRank]).
//
// # Variance ratio
//
// Each event day's variance ratio is the squared standardized AR,
//
//	U_iτ = AR_iτ² / σ̂²_iτ
//
// with σ̂²_iτ the variance of AR_iτ under the model (Panel.ARVar: the
// prediction-error variance of MacKinlay 1997, eq. 8, for the market model;
// the conditional variance forecast for [MarketGARCH]): the U statistic of
// Beaver (1968, J. Accounting Research 6, 67–92, p. 77), which is 1 on
// average when the event leaves the variance unchanged (strictly
// ν/(ν − 2) ≈ 1.008 for a t-distributed ratio with ν = 238). Over a CAR
// window, an event's U is the mean of its daily U over the days with an AR.
//
// # Tests
//
// [VolCST]: the cross-sectional t of H0: E[U] = 1,
//
//	t = (Ū − 1) / (s_U / √N),   s²_U = Σ_i (U_i − Ū)² / (N − 1)
//
// Student's t with N − 1 degrees of freedom (the cross-sectional variance
// test of Dann 1981 and Kalay & Loewenstein 1985 on Beaver's ratio).
//
// [VolRank]: Corrado's (1989) rank test applied to the squared standardized
// residuals. For each event, the values q_it = ε̂²_it/σ̂²_i on the estimation
// days (σ̂_i = Fit.Sigma; for [MarketGARCH] the in-sample conditional
// variance h_t instead, Result.EstVar, so that both kinds of day are
// standardized alike) and q_iτ = U_iτ on the event days are ranked
// together, K_it, with mid-ranks for ties, and scaled as u_it = K_it/(T_i + 1)
// with T_i the event's days with a value (Corrado & Zivney 1992, eq. 5).
// With d̄_t the mean of u_it − ½ over the events with a value on day t,
//
//	S = √( (1/T) Σ_t d̄_t² )   over the T days of the estimation and event windows with events
//	Z_τ = d̄_τ / S,   Z_w = Σ_{τ∈w} d̄_τ / (√L · S)
//
// (Corrado 1989, eq. 3–4; the window form of Campbell & Wasley 1993, eq. 7,
// with L the window's days having a d̄). Standard normal. A rise in
// volatility ranks the event days' squared residuals high: Z > 0.
//
// Both follow p.Conventions.Alternative (greater: volatility rose). The rank
// test needs the estimation residuals (Panel.Rows[i].EstAR): NaN without
// them. A statistic that cannot be computed is NaN.
func VolatilityStats(p *Panel) []VolStat {
	par := p.Params
	k := par.Event.Len()
	n := len(p.Rows)
	// U[i][d]: event i's variance ratio on event day d.
	u := make([][]float64, n)
	for i := range n {
		u[i] = make([]float64, k)
		for d := range k {
			u[i][d] = p.AR[i][d] * p.AR[i][d] / p.ARVar[i][d]
		}
	}
	dbar, s := volRanks(p, u)
	alt := par.Conventions.Alternative
	var out []VolStat
	add := func(w Window, day bool) {
		k0, k1 := w.Start-par.Event.Start, w.End-par.Event.Start
		var x []float64
		for i := range n {
			var sum float64
			var l int
			for d := k0; d <= k1; d++ {
				if v := u[i][d]; !math.IsNaN(v) && !math.IsInf(v, 0) {
					sum += v
					l++
				}
			}
			if l > 0 {
				x = append(x, sum/float64(l))
			}
		}
		m, t := nan, nan
		if len(x) > 0 {
			m = mean(x)
			shifted := make([]float64, len(x))
			for i, v := range x {
				shifted[i] = v - 1
			}
			t = CrossSectionalTStat(shifted)
		}
		out = append(out, VolStat{Window: w, Day: day, N: len(x), MeanU: m, Test: VolCST, Stat: t, P: pStudentAlt(t, len(x)-1, alt)})
		var sum float64
		var l int
		for d := k0; d <= k1; d++ {
			if !math.IsNaN(dbar[d]) {
				sum += dbar[d]
				l++
			}
		}
		z := nan
		if l > 0 && s > 0 {
			z = sum / (math.Sqrt(float64(l)) * s)
		}
		out = append(out, VolStat{Window: w, Day: day, N: len(x), MeanU: m, Test: VolRank, Stat: z, P: pNormalAlt(z, alt)})
	}
	for _, tau := range par.Event.Days() {
		add(Window{tau, tau}, true)
	}
	for _, w := range par.CARs {
		add(w, false)
	}
	return out
}

// volRanks returns d̄ of each event day (NaN where no event has a rank) and
// S of [VolatilityStats]' rank test; S is NaN when the events have no
// estimation residuals.
func volRanks(p *Panel, u [][]float64) (dEvent []float64, s float64) {
	par := p.Params
	k, l1 := par.Event.Len(), par.Estimation.Len()
	sum := make([]float64, l1+k) // estimation days, then event days
	cnt := make([]int, l1+k)
	q, r := make([]float64, l1+k), make([]float64, l1+k)
	for i, row := range p.Rows {
		if len(row.EstAR) != l1 || !(row.Fit.Sigma > 0) {
			continue
		}
		s2 := row.Fit.Sigma * row.Fit.Sigma
		for t, e := range row.EstAR {
			v := s2
			if p.EstVar != nil && len(p.EstVar[i]) == l1 {
				v = p.EstVar[i][t] // GARCH: the in-sample conditional variance
			}
			q[t] = e * e / v // NaN stays NaN: no rank
		}
		for d, v := range u[i] {
			if math.IsInf(v, 0) {
				v = nan
			}
			q[l1+d] = v
		}
		T := float64(averageRanks(q, r))
		for t, x := range r {
			if !math.IsNaN(x) {
				sum[t] += x/(T+1) - 0.5
				cnt[t]++
			}
		}
	}
	dEvent = make([]float64, k)
	var ss float64
	var days int
	for t := range sum {
		d := nan
		if cnt[t] > 0 {
			d = sum[t] / float64(cnt[t])
			ss += d * d
			days++
		}
		if t >= l1 {
			dEvent[t-l1] = d
		}
	}
	if days == 0 {
		return dEvent, nan
	}
	return dEvent, math.Sqrt(ss / float64(days))
}
