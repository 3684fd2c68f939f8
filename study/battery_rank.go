package study

import (
	"math"
	"sort"
	"sync"
)

// panelCache holds what the tests across events compute once per panel:
// standardized estimation residuals (Kolari–Pynnönen r̄), ranks over the
// combined estimation + event window (rank and sign tests) and sorted
// estimation residuals (GRANK). Each part is built on first use.
type panelCache struct {
	corrOnce sync.Once
	z        [][]float64 // z[i][t]: ε̂_it standardized over event i's own days, 0 where missing; nil row if < 2 days
	corr     rowsMemo[float64]

	prepOnce sync.Once   // rankPrep: u, m and GRank's rows
	rankOnce sync.Once   // the denominators sK, sU, sG
	u        [][]float64 // u[c][i]: K_ic/(M_i+1) of event i on combined-window day c (estimation days, then event days); NaN missing. Day-major: the tests sum a day over the events
	m        []int       // M_i, non-missing days of the combined window
	med      []float64   // θ_i: U of event i's median over the combined window; G_it = sign(U_it − θ_i) (CZ sign)
	sK       [2]float64  // S of the Corrado rank test: [canonical, estudy2]
	sU       [2]float64  // S of the Corrado–Zivney rank test
	sG       [2]float64  // S of the Corrado–Zivney sign test
	rankDays rowsMemo[*rankDays]

	estSorted [][]float64 // each event's standardized estimation residuals ε̂_it/σ̂_i in ascending order (NaN dropped)
	estPerm   [][]int32   // the estimation day t of each value of estSorted
	estRank   [][]float64 // rank of each estimation day among them (average ties), NaN missing
	grankBase rowsMemo[grankBase]

	signOnce sync.Once
	signPos  []int // per event, estimation residuals > 0 (GeneralizedSign)
	signAll  []int // per event, non-missing estimation residuals

	bootMu   sync.Mutex // the last bootstrap distribution, shared by the percentile and BCa tests
	bootW    Window
	bootN    int
	bootSum  float64
	bootVals []float64

	aar rowsMemo[[]float64] // the estimation-window AAR series of BW1985 for the last rows
}

// MeanCorrelation is r̄ of Kolari & Pynnönen (2010, sec. 2): the average
// pairwise correlation of the estimation-window residuals (Result.EstAR, in
// event time) of the sample's events, i ≠ j. Each event's residuals are
// standardized over its own non-missing days, z_it = (ε̂_it − ε̄_i)/√Σ_t(ε̂_it − ε̄_i)²,
// with z = 0 on missing days, so that
//
//	r̄ = Σ_{i≠j} z_i·z_j / (N(N−1)) = (‖Σ_i z_i‖² − Σ_i ‖z_i‖²) / (N(N−1))
//
// in O(N·L1) time. Without missing days z_i·z_j is exactly Pearson's r_ij;
// with missing days it is r_ij on the common days with each event's own mean
// and variance (pairwise-complete Pearson costs O(N²·L1)). Events without
// residuals are left out. A firm with several events counts once per event.
// NaN with fewer than 2 events.
func (s Sample) MeanCorrelation() float64 {
	if s.Panel == nil {
		return nan
	}
	c := s.Panel.cache()
	c.corrOnce.Do(func() { c.z = standardizeRows(s.Panel) })
	l1 := s.Panel.Params.Estimation.Len()
	// r̄ depends on the rows only: the samples of consecutive days share it.
	return c.corr.get(s.Rows, func() float64 {
		sum := make([]float64, l1)
		var diag float64
		n := 0
		for _, row := range s.Rows {
			z := c.z[row]
			if z == nil {
				continue
			}
			n++
			for t, v := range z {
				sum[t] += v
				diag += v * v
			}
		}
		if n < 2 {
			return nan
		}
		var tot float64
		for _, v := range sum {
			tot += v * v
		}
		return (tot - diag) / (float64(n) * float64(n-1))
	})
}

func standardizeRows(p *Panel) [][]float64 {
	out := make([][]float64, len(p.Rows))
	for i, r := range p.Rows {
		var sum float64
		var n int
		for _, e := range r.EstAR {
			if !math.IsNaN(e) {
				sum += e
				n++
			}
		}
		if n < 2 {
			continue
		}
		m := sum / float64(n)
		var ss float64
		for _, e := range r.EstAR {
			if !math.IsNaN(e) {
				ss += (e - m) * (e - m)
			}
		}
		if ss == 0 {
			continue
		}
		sd := math.Sqrt(ss)
		z := make([]float64, len(r.EstAR))
		for t, e := range r.EstAR {
			if !math.IsNaN(e) {
				z[t] = (e - m) / sd
			}
		}
		out[i] = z
	}
	return out
}

// cache returns the panel's lazily built cache.
func (p *Panel) cache() *panelCache {
	p.cacheOnce.Do(func() { p.tc = &panelCache{} })
	return p.tc
}

// rankPrep ranks each event's values over the combined estimation + event
// window (the rank and sign tests, [Panel.ranks]) and, from the same sort,
// its standardized estimation residuals ε̂_it/σ̂_i among themselves
// ([GRank]): dividing by σ̂_i > 0 keeps the order (ties it may create are
// grouped by value), so one radix sort per event serves both.
func (p *Panel) rankPrep(c *panelCache) {
	l1, le := p.Params.Estimation.Len(), p.Params.Event.Len()
	n := len(p.Rows)
	if p.parent != nil { // a subset: every row is its parent's row, sorted already
		p.inheritRanks(c)
		return
	}
	c.u = make([][]float64, l1+le)
	cells := make([]float64, n*(l1+le))
	for t := range c.u {
		c.u[t] = cells[t*n : (t+1)*n : (t+1)*n]
	}
	c.m = make([]int, n)
	c.med = make([]float64, n)
	c.estSorted = make([][]float64, n)
	c.estPerm = make([][]int32, n)
	c.estRank = make([][]float64, n)
	forRows(n, func(lo, hi int) {
		x := make([]float64, l1+le)
		u := make([]float64, l1+le)
		rk := new(ranker)
		for i := lo; i < hi; i++ {
			r := &p.Rows[i]
			for t := range l1 {
				x[t] = nan
				if t < len(r.EstAR) {
					x[t] = r.EstAR[t]
				}
			}
			copy(x[l1:], p.AR[i])
			sorted := rk.averageRanks(x, u)
			m := len(sorted)
			for t, v := range u {
				c.u[t][i] = v / float64(m+1)
			}
			c.m[i] = m
			c.med[i] = medianRank(sorted) / float64(m+1)
			sig := r.Fit.Sigma
			if !(sig > 0) || math.IsInf(sig, 0) {
				// Division by σ̂ = 0, ∞ or NaN does not keep the order.
				c.estSorted[i], c.estPerm[i], c.estRank[i] = grankRow(rk, x[:l1], sig)
				continue
			}
			srt, perm := make([]float64, 0, m), make([]int32, 0, m)
			for _, kv := range sorted {
				if int(kv.i) < l1 {
					perm = append(perm, kv.i)
					srt = append(srt, x[kv.i]/sig)
				}
			}
			rank := make([]float64, l1)
			for t := range rank {
				rank[t] = nan
			}
			for a := 0; a < len(srt); {
				b := a
				for b+1 < len(srt) && srt[b+1] == srt[a] {
					b++
				}
				v := float64(a+b)/2 + 1
				for k := a; k <= b; k++ {
					rank[perm[k]] = v
				}
				a = b + 1
			}
			c.estSorted[i], c.estPerm[i], c.estRank[i] = srt, perm, rank
		}
	})
}

// inheritRanks fills the per-event rows of rankPrep for a subset ([Panel.Subset])
// from its parent's, computing the parent's first if needed: each event's
// ranks are over its own days only, so they do not depend on which other
// events are in the panel.
func (p *Panel) inheritRanks(c *panelCache) {
	q := p.parent
	qc := q.cache()
	qc.prepOnce.Do(func() { q.rankPrep(qc) })
	n := len(p.parentRows)
	c.u = make([][]float64, len(qc.u))
	cells := make([]float64, n*len(qc.u))
	for t, col := range qc.u {
		c.u[t] = cells[t*n : (t+1)*n : (t+1)*n]
		for j, i := range p.parentRows {
			c.u[t][j] = col[i]
		}
	}
	c.m, c.med = make([]int, n), make([]float64, n)
	c.estSorted, c.estPerm, c.estRank = make([][]float64, n), make([][]int32, n), make([][]float64, n)
	for j, i := range p.parentRows {
		c.m[j], c.med[j] = qc.m[i], qc.med[i]
		c.estSorted[j], c.estPerm[j], c.estRank[j] = qc.estSorted[i], qc.estPerm[i], qc.estRank[i]
	}
}

// medianRank is the rank K of the median of the sorted values s (with
// average ranks for ties), so that a value is above (below, equal to) the
// median exactly when its rank is above (below, equal to) it: the median is
// a value of s, or, when the two middle values of an even count differ,
// halfway between them, at rank (M+1)/2. Without ties it is (M+1)/2.
func medianRank(s []rankKey) float64 {
	m := len(s)
	if m == 0 {
		return nan
	}
	lo, hi := (m-1)/2, m/2
	if s[lo].k != s[hi].k {
		return float64(m+1) / 2
	}
	a, b := lo, lo
	for a > 0 && s[a-1].k == s[lo].k {
		a--
	}
	for b+1 < m && s[b+1].k == s[lo].k {
		b++
	}
	return float64(a+b)/2 + 1
}

// grankRow is GRank's row of an event by its own sort: est/σ sorted, the
// estimation day of each sorted value, and each day's average rank.
func grankRow(rk *ranker, est []float64, sig float64) (srt []float64, perm []int32, rank []float64) {
	sar := make([]float64, len(est))
	for t, e := range est {
		sar[t] = e / sig
	}
	rank = make([]float64, len(est))
	sorted := rk.averageRanks(sar, rank)
	srt, perm = make([]float64, len(sorted)), make([]int32, len(sorted))
	for j, v := range sorted {
		perm[j] = v.i
		srt[j] = sar[v.i]
	}
	return srt, perm, rank
}

// ranks builds the combined-window ranks of every event of the panel and the
// denominators of the rank and sign tests (see [CorradoRank]).
func (p *Panel) ranks() *panelCache {
	c := p.cache()
	c.prepOnce.Do(func() { p.rankPrep(c) })
	c.rankOnce.Do(func() {
		l1, le := p.Params.Estimation.Len(), p.Params.Event.Len()
		n := len(p.Rows)
		rows := make([]int, n)
		for i := range rows {
			rows[i] = i
		}
		// The days' cross-sections are independent: compute them
		// concurrently, then sum them in day order, for both variants
		// (the sums are the same; only their scaling differs).
		ds := make([]rankSums, l1+le)
		forBlocks(len(ds), 16, func(lo, hi int) {
			for t := lo; t < hi; t++ {
				ds[t] = rankDaySums(c, rows, t)
			}
		})
		// T̄ = mean_i M_i, the divisor of estudy2's S² (see [CorradoRank]).
		var tbar float64
		for _, m := range c.m {
			tbar += float64(m)
		}
		tbar /= float64(n)
		for v := range 2 {
			var sk, su, sg float64
			days := 0
			for _, d := range ds {
				dk, du, dg, nt := d.scaled(v == 1, n)
				if nt == 0 {
					continue
				}
				days++
				sk += dk * dk
				su += du * du
				sg += dg * dg
			}
			div := float64(days)
			if v == 1 {
				div = tbar
			}
			if days > 0 {
				c.sK[v] = math.Sqrt(sk / div)
				c.sU[v] = math.Sqrt(su / div)
				c.sG[v] = math.Sqrt(sg / div)
			} else {
				c.sK[v], c.sU[v], c.sG[v] = nan, nan, nan
			}
		}
	})
	return c
}

// rankSums are the sums over the events of rows with a value on
// combined-window day t: Σ_i (K_it − (M_i+1)/2), Σ_i (U_it − ½) and
// Σ_i G_it with G_it = sign(U_it − θ_i) the sign of AR_it relative to event
// i's median, and their number N_t.
type rankSums struct {
	sk, su, sg float64
	nt         int
}

func rankDaySums(c *panelCache, rows []int, t int) rankSums {
	var r rankSums
	for _, i := range rows {
		u := c.u[t][i]
		if math.IsNaN(u) {
			continue
		}
		r.nt++
		m1 := float64(c.m[i] + 1)
		r.sk += u*m1 - m1/2
		r.su += u - 0.5
		switch th := c.med[i]; {
		case u > th:
			r.sg++
		case u < th:
			r.sg--
		}
	}
	return r
}

// scaled is the cross-section of the day:
//
//	dk = (1/N_t) Σ_i (K_it − (M_i+1)/2)          (Corrado 1989)
//	du = (1/√N_t) Σ_i (U_it − ½)                   (Corrado & Zivney 1992)
//	dg = (1/√N_t) Σ_i G_it                         (Corrado & Zivney 1992)
//
// With estudy2 each sum Σ_i is D_t = (mean over the N_t events present)·N,
// N = nAll all events of the panel, and dk = D_t/N_t, du and dg = D_t/√N_t.
func (r rankSums) scaled(estudy2 bool, nAll int) (dk, du, dg float64, nt int) {
	if r.nt == 0 {
		return 0, 0, 0, 0
	}
	fn := float64(r.nt)
	if estudy2 {
		na, rt := float64(nAll), math.Sqrt(fn)
		return r.sk / fn * na / fn, r.su / fn * na / rt, r.sg / fn * na / rt, r.nt
	}
	return r.sk / fn, r.su / math.Sqrt(fn), r.sg / math.Sqrt(fn), r.nt
}

// rankDays keeps the day sums of one set of rows: the Corrado, CZ rank and
// CZ sign tests of a sample read the same sums, and consecutive event days
// usually have the same rows.
type rankDays struct {
	mu   sync.Mutex
	sums map[int]rankSums
}

func (d *rankDays) get(c *panelCache, rows []int, t int) rankSums {
	d.mu.Lock()
	defer d.mu.Unlock()
	r, ok := d.sums[t]
	if !ok {
		r = rankDaySums(c, rows, t)
		d.sums[t] = r
	}
	return r
}

// rankWindow is Σ_{t∈w} D_t / (√L_w · S) for the rank and sign tests, L_w the
// days of the window with at least one event of the sample (Campbell &
// Wasley 1993, eq. 7, for multi-day windows). which: 0 Corrado, 1 CZ rank, 2 CZ sign.
func rankWindow(s Sample, which int) float64 {
	if s.Panel == nil || len(s.Rows) == 0 {
		return nan
	}
	c := s.Panel.ranks()
	v := 0
	if s.conv().Estudy2 {
		v = 1
	}
	l1 := s.Panel.Params.Estimation.Len()
	k0, k1 := s.evDays()
	memo := c.rankDays.get(s.Rows, func() *rankDays { return &rankDays{sums: map[int]rankSums{}} })
	var sum float64
	days := 0
	for k := k0; k <= k1; k++ {
		dk, du, dg, nt := memo.get(c, s.Rows, l1+k).scaled(v == 1, len(s.Panel.Rows))
		if nt == 0 {
			continue
		}
		days++
		sum += [3]float64{dk, du, dg}[which]
	}
	if days == 0 {
		return nan
	}
	sd := [3]float64{c.sK[v], c.sU[v], c.sG[v]}[which]
	return sum / (math.Sqrt(float64(days)) * sd)
}

// CorradoRank is the rank test of Corrado (1989, eq. 3–5). Each event's ARs
// are ranked over the combined estimation + event window (K_it, 1 = lowest;
// ties get mean ranks; M_i non-missing days, so missing days simply drop
// out), and
//
//	D_t = (1/N_t) Σ_i (K_it − (M_i+1)/2),   S_K² = (1/T) Σ_t D_t²,   T_0 = D_0 / S_K
//
// with S_K over the T days of the combined window that have an event. For a
// CAR window, Σ_{t∈w} D_t / (√L_w S_K) (Campbell & Wasley 1993). Standard
// normal.
//
// Under Conventions.Estudy2 it is estudy2's rank_test (R package estudy2
// 0.10): with N all events of the panel, N_t those with a value on day t and
// T̄ = mean_i M_i,
//
//	D_t = (mean over the N_t events of (K_it − (M_i+1)/2))·N,   S² = (1/T̄) Σ_t (D_t/N_t)²,   Z = (D_t/N_t)/S
//
// (the sum over every day of the combined window with an event). The window
// form is the canonical one on these day terms.
func CorradoRank(s Sample) (stat, p float64) {
	z := rankWindow(s, 0)
	return z, pNormalAlt(z, s.alt())
}

// CZRank is the modified rank test of Corrado & Zivney (1992, eq. 6–8): with
// standardized ranks U_it = K_it/(M_i+1), which stay uniform on (0,1) however
// many days event i misses,
//
//	D_t = (1/√N_t) Σ_i (U_it − ½),   S_U² = (1/T) Σ_t D_t²,   Z = D_0 / S_U
//
// and Σ_{t∈w} D_t / (√L_w S_U) for a CAR window. Standard normal. Under
// Conventions.Estudy2 it is estudy2's modified_rank_test:
//
//	D_t = (mean over the N_t events present of (U_it − ½))·N,   S² = (1/T̄) Σ_t (D_t/√N_t)²,   Z = (D_t/√N_t)/S
//
// with N and T̄ as in [CorradoRank].
func CZRank(s Sample) (stat, p float64) {
	z := rankWindow(s, 1)
	return z, pNormalAlt(z, s.alt())
}

// CZSign is the sign test of Corrado & Zivney (1992, eq. 9–11): the sign of
// each AR relative to the event's median over the combined window,
// G_it = sign(AR_it − median_i) (0 for a value equal to the median; with
// ties at the median this is not the sign of U_it − ½),
//
//	D_t = (1/√N_t) Σ_i G_it,   S_G² = (1/T) Σ_t D_t²,   Z = D_0 / S_G
//
// with the window and estudy2 (estudy2's corrado_sign_test) forms of
// [CZRank]. Standard normal.
func CZSign(s Sample) (stat, p float64) {
	z := rankWindow(s, 2)
	return z, pNormalAlt(z, s.alt())
}

// CowanRank is the multi-day rank test of Cowan (1992, sec. 2.2): for each
// event the mean standardized rank Ū_i of its L_i window days (ranks over the
// combined window, as [CZRank]) has, under the null, the exact mean ½ and
// variance of the mean of L_i ranks drawn without replacement from M_i,
//
//	Var(Ū_i) = (M_i − L_i) / (12 L_i (M_i + 1))
//
// and with independent events Z = Σ_i (Ū_i − ½) / √(Σ_i Var(Ū_i)). For a day,
// L_i = 1. Standard normal. NaN if N = 0.
func CowanRank(s Sample) (stat, p float64) {
	if s.Panel == nil || len(s.Rows) == 0 {
		return nan, nan
	}
	c := s.Panel.ranks()
	l1 := s.Panel.Params.Estimation.Len()
	k0, k1 := s.evDays()
	var num, v float64
	for _, i := range s.Rows {
		var su float64
		li := 0
		for k := k0; k <= k1; k++ {
			if u := c.u[l1+k][i]; !math.IsNaN(u) {
				su += u
				li++
			}
		}
		if li == 0 {
			continue
		}
		mi, fl := float64(c.m[i]), float64(li)
		num += su/fl - 0.5
		v += (mi - fl) / (12 * fl * (mi + 1))
	}
	if v <= 0 {
		return nan, nan
	}
	z := num / math.Sqrt(v)
	return z, pNormalAlt(z, s.alt())
}

// GRank is the generalized rank test of Kolari & Pynnönen (2011, eq. 4–15).
// The event window (a day or a CAR window) collapses to one "day 0" whose
// value is the event's standardized CAR re-standardized by its
// cross-sectional standard deviation, SCAR*_i = SX_i / s(SX) (eq. 5–7); the
// estimation days keep the standardized residuals ε̂_it/σ̂_i. On these
// T_i = L1_i + 1 generalized standardized ARs,
//
//	U_it = K_it/(T_i + 1) − ½,   Ū_t = (1/N_t) Σ_i U_it,
//	S_Ū² = (1/T) Σ_t (N_t/N) Ū_t²,   Z = Ū_0 / S_Ū,
//	t_grank = Z √((T − 2)/(T − 1 − Z²))
//
// with T = L1 + 1, compared with Student's t with T − 2 degrees of freedom.
// NaN if N < 2.
func GRank(s Sample) (stat, p float64) {
	n := len(s.X)
	if s.Panel == nil || n < 2 {
		return nan, nan
	}
	c := s.Panel.cache()
	c.prepOnce.Do(func() { s.Panel.rankPrep(c) })
	sx := s.standardized()
	m := mean(sx)
	var ss float64
	for _, v := range sx {
		ss += (v - m) * (v - m)
	}
	sd := math.Sqrt(ss / float64(n-1))
	if !(sd > 0) {
		return nan, nan
	}
	l1 := s.Panel.Params.Estimation.Len()
	base := c.grankBase.get(s.Rows, func() grankBase { return s.Panel.grankBaseOf(c, s.Rows) })
	// Inserting g_i, event i's day-0 value, among its estimation values moves
	// the rank of each value above g_i up by 1 and of each value tied with it
	// by ½: U_it = base_it + a_it/(T_i+1) with a_it ∈ {0, ½, 1}. The a_it are
	// added by walking event i's values in sorted order from whichever end is
	// shorter: from the top (values > g_i), or, when every estimation day has
	// a value, from the bottom, as 1/(T_i+1) on every day (full) less the
	// values ≤ g_i.
	inc := make([]float64, l1)
	var full, sum0 float64
	n0 := 0
	for j, row := range s.Rows {
		srt, perm := c.estSorted[row], c.estPerm[row]
		g := sx[j] / sd
		below := sort.SearchFloat64s(srt, g) // values < g
		eq := 0
		for below+eq < len(srt) && srt[below+eq] == g {
			eq++
		}
		ti := float64(len(srt) + 1)
		w := 1 / (ti + 1)
		sum0 += (float64(below)+float64(eq+2)/2)/(ti+1) - 0.5
		n0++
		hi := below + eq
		if len(srt) == l1 && below+hi < len(srt) {
			full += w
			for _, t := range perm[:below] {
				inc[t] -= w
			}
			for _, t := range perm[below:hi] {
				inc[t] -= w / 2
			}
			continue
		}
		for _, t := range perm[below:hi] {
			inc[t] += w / 2
		}
		for _, t := range perm[hi:] {
			inc[t] += w
		}
	}
	var s2 float64
	days := 0
	for t := range l1 {
		if base.nt[t] == 0 {
			continue
		}
		days++
		ub := (base.sum[t] + inc[t] + full) / float64(base.nt[t])
		s2 += float64(base.nt[t]) / float64(n) * ub * ub
	}
	days++ // day 0
	ub0 := sum0 / float64(n0)
	s2 += float64(n0) / float64(n) * ub0 * ub0
	T := float64(days)
	su := math.Sqrt(s2 / T)
	z := ub0 / su
	if T-1-z*z <= 0 {
		return nan, nan
	}
	t := z * math.Sqrt((T-2)/(T-1-z*z))
	return t, pStudentAlt(t, int(T)-2, s.alt())
}

// grankBase is, for a set of rows and each estimation day t, the sum over
// the rows with a value on t of K_it/(T_i+1) − ½ (K_it the rank among the
// event's estimation values alone), and the number of those rows.
type grankBase struct {
	sum []float64
	nt  []int
}

func (p *Panel) grankBaseOf(c *panelCache, rows []int) grankBase {
	l1 := p.Params.Estimation.Len()
	b := grankBase{sum: make([]float64, l1), nt: make([]int, l1)}
	for _, row := range rows {
		ti := float64(len(c.estSorted[row]) + 1)
		for t, r := range c.estRank[row] {
			if !math.IsNaN(r) {
				b.sum[t] += r/(ti+1) - 0.5
				b.nt[t]++
			}
		}
	}
	return b
}
