// Package estudy2ref is a naive second implementation, for tests only, of the
// twelve daily tests of the R package estudy2 0.10 (I. Rudnytskyi; functions
// brown_warner_1980, brown_warner_1985, t_test, patell, boehmer, lamb,
// sign_test, generalized_sign_test, rank_test, modified_rank_test and
// corrado_sign_test), written from their definitions as issue 12 spells them
// out, on a calendar-time panel: every firm has the same estimation window
// and the same event days, and one market series. It shares no code with
// package study, whose estudy2 preset (--conventions estudy2) the tests hold
// against it.
//
// Notation: N all firms; for firm i, L_i its estimation days with both
// returns (complete cases), the market model fitted by OLS on them, σ_i the
// sample standard deviation (n−1) of its estimation-window ARs; R̄m and
// S_xx = Σ(Rm_τ − R̄m)² over every market return of the estimation window,
// also on days on which a firm has no return. On event day t the firms
// present are those with an AR on t (N_t of them).
package estudy2ref

import (
	"math"
	"sort"
)

// Stats are the statistics of one event day.
type Stats struct {
	N       int     // firms present
	AAR     float64 // mean AR of the firms present
	BW1980  float64 // AAR / (√(Σ_present σ_i²)/N_t)
	BW1985  float64 // AAR / s, s the sample s.d. (n−1) over the estimation days of the daily mean AR of the firms present
	T       float64 // cross-sectional t: AAR / (sd(AR)/√N_t)
	Patell  float64 // Σ_present SAR_it / √(Σ_all (L_i−2)/(L_i−4))
	BMP     float64 // mean SAR / (sd(SAR)/√N_t)
	Lamb    float64 // AAR / (s·√(1 + 1/L̄ + (Rm_t − R̄m)²/S_xx)), L̄ = mean_i L_i over all firms
	Sign    float64 // (w − N_t/2)/(√N_t/2), w the ARs > 0
	GenSign float64 // (w − N_t p̂)/√(N_t p̂(1−p̂)), p̂ pooled over all firm-days of the estimation window
	Rank    float64 // Corrado (1989) as estudy2
	ModRank float64 // Corrado & Zivney (1992) modified rank as estudy2
	CZSign  float64 // Corrado & Zivney (1992) sign as estudy2
}

// Study is the fitted panel and the statistics of each event day.
type Study struct {
	AR    [][]float64 // AR[i][t] on every day t (estimation, then event), NaN where a return is missing
	L     []int       // L_i
	Sigma []float64   // σ_i
	Days  []Stats     // one per event day
}

// Compute fits the market model of each firm on the first nEst days of r[i]
// (firm i's returns; NaN missing) against rm (the market's returns) and
// computes the tests on each later day.
func Compute(r [][]float64, rm []float64, nEst int) Study {
	n := len(r)
	days := len(rm)
	st := Study{AR: make([][]float64, n), L: make([]int, n), Sigma: make([]float64, n)}
	for i, ri := range r {
		var sx, sy float64
		l := 0
		for t := 0; t < nEst; t++ {
			if !math.IsNaN(ri[t]) && !math.IsNaN(rm[t]) {
				sx += rm[t]
				sy += ri[t]
				l++
			}
		}
		mx, my := sx/float64(l), sy/float64(l)
		var sxy, sxx float64
		for t := 0; t < nEst; t++ {
			if !math.IsNaN(ri[t]) && !math.IsNaN(rm[t]) {
				sxy += (rm[t] - mx) * (ri[t] - my)
				sxx += (rm[t] - mx) * (rm[t] - mx)
			}
		}
		beta := sxy / sxx
		alpha := my - beta*mx
		ar := make([]float64, days)
		var est []float64
		for t := range ar {
			ar[t] = ri[t] - alpha - beta*rm[t] // NaN propagates
			if t < nEst && !math.IsNaN(ar[t]) {
				est = append(est, ar[t])
			}
		}
		st.AR[i], st.L[i], st.Sigma[i] = ar, l, sd(est)
	}

	// Market moments over every market return of the estimation window.
	var mkt []float64
	for _, x := range rm[:nEst] {
		if !math.IsNaN(x) {
			mkt = append(mkt, x)
		}
	}
	rmBar := mean(mkt)
	var sxxAll float64
	for _, x := range mkt {
		sxxAll += (x - rmBar) * (x - rmBar)
	}
	var lbar, patellVar float64
	pos, all := 0, 0
	for i := range r {
		li := float64(st.L[i])
		lbar += li / float64(n)
		patellVar += (li - 2) / (li - 4)
		for t := 0; t < nEst; t++ {
			if a := st.AR[i][t]; !math.IsNaN(a) {
				all++
				if a > 0 {
					pos++
				}
			}
		}
	}
	pHat := float64(pos) / float64(all)

	// Rank scores over the estimation and event days together.
	rk, mod, sgn := rankScores(st.AR, n)

	for t := nEst; t < days; t++ {
		var ars, sars []float64
		var present []int
		var sig2 float64
		for i := range r {
			a := st.AR[i][t]
			if math.IsNaN(a) {
				continue
			}
			present = append(present, i)
			ars = append(ars, a)
			sig2 += st.Sigma[i] * st.Sigma[i]
			pe := 1 + 1/float64(st.L[i]) + (rm[t]-rmBar)*(rm[t]-rmBar)/sxxAll
			sars = append(sars, a/(st.Sigma[i]*math.Sqrt(pe)))
		}
		nt := float64(len(ars))
		d := Stats{N: len(ars), AAR: mean(ars)}
		d.BW1980 = d.AAR / (math.Sqrt(sig2) / nt)
		// The daily mean AR of the present firms over the estimation days.
		var port []float64
		for u := 0; u < nEst; u++ {
			var s []float64
			for _, i := range present {
				if a := st.AR[i][u]; !math.IsNaN(a) {
					s = append(s, a)
				}
			}
			if len(s) > 0 {
				port = append(port, mean(s))
			}
		}
		s := sd(port)
		d.BW1985 = d.AAR / s
		d.T = d.AAR / (sd(ars) / math.Sqrt(nt))
		d.Patell = sum(sars) / math.Sqrt(patellVar)
		d.BMP = mean(sars) / (sd(sars) / math.Sqrt(nt))
		d.Lamb = d.AAR / (s * math.Sqrt(1+1/lbar+(rm[t]-rmBar)*(rm[t]-rmBar)/sxxAll))
		w := 0.0
		for _, a := range ars {
			if a > 0 {
				w++
			}
		}
		d.Sign = (w - nt/2) / (math.Sqrt(nt) / 2)
		d.GenSign = (w - nt*pHat) / math.Sqrt(nt*pHat*(1-pHat))
		d.Rank, d.ModRank, d.CZSign = rk[t], mod[t], sgn[t]
		st.Days = append(st.Days, d)
	}
	return st
}

// rankScores returns the rank, modified rank and Corrado–Zivney sign
// statistics of every day t (NaN where no firm is present):
//
//	rank:          K_it the average rank of AR_it among firm i's days, T_i their number, K̄_i the mean rank;
//	               D_t = mean_present(K_it − K̄_i)·N, S² = (1/T̄) Σ_t (D_t/N_t)², stat (D_t/N_t)/S
//	modified rank: U_it = K_it/(1 + T_i), D_t = mean_present(U_it − ½)·N, S² = (1/T̄) Σ_t (D_t/√N_t)², stat (D_t/√N_t)/S
//	sign:          G_it = sign(AR_it − median_i), D_t, S and the statistic as the modified rank
//
// with T̄ = mean_i T_i and the sums over all days.
func rankScores(ar [][]float64, n int) (rank, mod, sgn []float64) {
	days := len(ar[0])
	k := make([][]float64, n)
	var tbar float64
	kbar, med, tn := make([]float64, n), make([]float64, n), make([]float64, n)
	for i, a := range ar {
		k[i] = averageRanks(a)
		var v []float64
		for t, x := range a {
			if !math.IsNaN(x) {
				v = append(v, x)
				kbar[i] += k[i][t]
			}
		}
		tn[i] = float64(len(v))
		kbar[i] /= tn[i]
		tbar += tn[i] / float64(n)
		sort.Float64s(v)
		med[i] = (v[(len(v)-1)/2] + v[len(v)/2]) / 2
	}
	dk, du, dg := make([]float64, days), make([]float64, days), make([]float64, days)
	var sk, su, sg float64
	for t := range days {
		var a, b, c float64
		nt := 0
		for i := range n {
			x := ar[i][t]
			if math.IsNaN(x) {
				continue
			}
			nt++
			a += k[i][t] - kbar[i]
			b += k[i][t]/(1+tn[i]) - 0.5
			switch {
			case x > med[i]:
				c++
			case x < med[i]:
				c--
			}
		}
		if nt == 0 {
			dk[t], du[t], dg[t] = math.NaN(), math.NaN(), math.NaN()
			continue
		}
		f := float64(nt)
		na := float64(n)
		dk[t] = a / f * na / f
		du[t] = b / f * na / math.Sqrt(f)
		dg[t] = c / f * na / math.Sqrt(f)
		sk += dk[t] * dk[t]
		su += du[t] * du[t]
		sg += dg[t] * dg[t]
	}
	rank, mod, sgn = make([]float64, days), make([]float64, days), make([]float64, days)
	for t := range days {
		rank[t] = dk[t] / math.Sqrt(sk/tbar)
		mod[t] = du[t] / math.Sqrt(su/tbar)
		sgn[t] = dg[t] / math.Sqrt(sg/tbar)
	}
	return rank, mod, sgn
}

// averageRanks ranks the non-NaN values of x (1 = smallest, ties the mean of
// their ranks) by counting: K = #{y < x} + (#{y = x} + 1)/2.
func averageRanks(x []float64) []float64 {
	k := make([]float64, len(x))
	for t, v := range x {
		if math.IsNaN(v) {
			k[t] = math.NaN()
			continue
		}
		var below, eq float64
		for _, y := range x {
			switch {
			case y < v:
				below++
			case y == v:
				eq++
			}
		}
		k[t] = below + (eq+1)/2
	}
	return k
}

func sum(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v
	}
	return s
}

func mean(x []float64) float64 { return sum(x) / float64(len(x)) }

// sd is the sample standard deviation (n−1).
func sd(x []float64) float64 {
	m := mean(x)
	var ss float64
	for _, v := range x {
		ss += (v - m) * (v - m)
	}
	return math.Sqrt(ss / float64(len(x)-1))
}
