package study

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// randomPanel draws n events on a small design (estimation −30..−3, event
// −2..+2, CARs −1..+1 and 0..0) with values rounded to 0.001 (so that ranks
// tie) and about 10% of the cells missing, including whole event days. The
// CARs are the sums of the day ARs with the additive variance.
func randomPanel(rng *rand.Rand, n int) (Params, []Result) {
	p := Params{Model: MarketModel, Estimation: Window{-30, -3}, Event: Window{-2, 2},
		CARs: []Window{{-1, 1}, {0, 0}}, MinEst: 10}
	round := func(x float64) float64 { return math.Round(x*1000) / 1000 }
	rs := make([]Result, n)
	for i := range rs {
		sigma := 0.01 + 0.02*rng.Float64()
		r := Result{Event: Event{ID: fmt.Sprintf("e%02d", i), Symbol: fmt.Sprintf("S%d", i%4)}, Status: StatusOK,
			Fit: Fit{Sigma: sigma, DF: 20 + rng.IntN(8)}}
		r.EstAR = make([]float64, p.Estimation.Len())
		for t := range r.EstAR {
			r.EstAR[t] = round(sigma * rng.NormFloat64())
			if rng.Float64() < 0.1 {
				r.EstAR[t] = nan
			}
		}
		r.Days = make([]Day, p.Event.Len())
		for k := range r.Days {
			d := Day{RelDay: p.Event.Start + k, AR: round(sigma * (rng.NormFloat64() + 0.3)), SE: sigma * (1 + 0.1*rng.Float64())}
			if rng.Float64() < 0.1 {
				d.AR, d.SE = nan, nan
			}
			r.Days[k] = d
		}
		for _, w := range p.CARs {
			c := CAR{Window: w, CAR: 0, BHAR: nan}
			var v float64
			for _, d := range r.Days[w.Start-p.Event.Start : w.End-p.Event.Start+1] {
				if !math.IsNaN(d.AR) {
					c.NDays++
					c.CAR += d.AR
					v += d.SE * d.SE
				}
			}
			c.SE = math.Sqrt(v)
			if c.NDays == 0 {
				c.CAR, c.SE = nan, nan
			} else {
				c.BHAR = c.CAR * (1 + 0.5*rng.Float64())
			}
			r.CARs = append(r.CARs, c)
		}
		rs[i] = r
	}
	return p, rs
}

// naiveRank is the mean rank of x[j] among the non-NaN values of x, by counting.
func naiveRank(x []float64, j int) float64 {
	var less, eq float64
	for _, y := range x {
		switch {
		case math.IsNaN(y):
		case y < x[j]:
			less++
		case y == x[j]:
			eq++
		}
	}
	return less + (eq+1)/2
}

func count(x []float64) int {
	n := 0
	for _, v := range x {
		if !math.IsNaN(v) {
			n++
		}
	}
	return n
}

// naive holds second implementations of the tests, written from the papers'
// formulas without the package's caches or shortcuts: O(N²) Pearson
// correlations, ranks by counting, sums in the papers' order.
type naive struct {
	p    Params
	rs   []Result // panel order
	comb [][]float64
}

func newNaive(p Params, rs []Result) naive {
	nv := naive{p: p, rs: canonical(rs)}
	for _, r := range nv.rs {
		c := append([]float64(nil), r.EstAR...)
		for _, d := range r.Days {
			c = append(c, d.AR)
		}
		nv.comb = append(nv.comb, c)
	}
	return nv
}

// rows are the events of a sample: day k (AR present) or CAR window j.
func (nv naive) rows(day int, win int) []int {
	var out []int
	for i, r := range nv.rs {
		if win >= 0 && r.CARs[win].NDays > 0 || win < 0 && !math.IsNaN(r.Days[day].AR) {
			out = append(out, i)
		}
	}
	return out
}

// rankTest is Corrado (0), Corrado–Zivney rank (1) or sign (2) with
// the Campbell–Wasley sum over the window's days [a, b] (combined indices).
func (nv naive) rankTest(which int, rows []int, a, b int) float64 {
	l := len(nv.comb[0])
	score := func(i, t int) float64 {
		m := float64(count(nv.comb[i]))
		k := naiveRank(nv.comb[i], t)
		switch which {
		case 0:
			return k - (m+1)/2
		case 1:
			return k/(m+1) - 0.5
		}
		// Corrado & Zivney (1992, eq. 9): the sign of AR_it minus the event's
		// median over the combined window.
		var v []float64
		for _, x := range nv.comb[i] {
			if !math.IsNaN(x) {
				v = append(v, x)
			}
		}
		slices.Sort(v)
		med := (v[(len(v)-1)/2] + v[len(v)/2]) / 2
		switch d := nv.comb[i][t] - med; {
		case d > 0:
			return 1
		case d < 0:
			return -1
		}
		return 0
	}
	day := func(rows []int, t int) (float64, bool) {
		var s float64
		n := 0
		for _, i := range rows {
			if !math.IsNaN(nv.comb[i][t]) {
				s += score(i, t)
				n++
			}
		}
		if n == 0 {
			return 0, false
		}
		if which == 0 {
			return s / float64(n), true
		}
		return s / math.Sqrt(float64(n)), true
	}
	all := make([]int, len(nv.rs))
	for i := range all {
		all[i] = i
	}
	var ss float64
	T := 0
	for t := range l {
		if d, ok := day(all, t); ok {
			ss += d * d
			T++
		}
	}
	var num float64
	L := 0
	for t := a; t <= b; t++ {
		if d, ok := day(rows, t); ok {
			num += d
			L++
		}
	}
	return num / math.Sqrt(float64(L)) / math.Sqrt(ss/float64(T))
}

// rbar is the mean Pearson correlation over pairs i ≠ j of the rows'
// estimation residuals, on complete data.
func (nv naive) rbar(rows []int) float64 {
	var s float64
	for _, i := range rows {
		for _, j := range rows {
			if i != j {
				s += pearson(nv.rs[i].EstAR, nv.rs[j].EstAR)
			}
		}
	}
	n := float64(len(rows))
	return s / (n * (n - 1))
}

func pearson(x, y []float64) float64 {
	var mx, my float64
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx /= float64(len(x))
	my /= float64(len(y))
	var sxy, sxx, syy float64
	for i := range x {
		sxy += (x[i] - mx) * (y[i] - my)
		sxx += (x[i] - mx) * (x[i] - mx)
		syy += (y[i] - my) * (y[i] - my)
	}
	return sxy / math.Sqrt(sxx*syy)
}

// grank follows Kolari & Pynnönen (2011): GSAR = SAR on estimation days and
// SCAR/s(SCAR) on the collapsed event day; U = K/(T_i+1) − ½.
func (nv naive) grank(rows []int, sx []float64) float64 {
	n := len(rows)
	var m float64
	for _, v := range sx {
		m += v
	}
	m /= float64(n)
	var ss float64
	for _, v := range sx {
		ss += (v - m) * (v - m)
	}
	sd := math.Sqrt(ss / float64(n-1))
	l1 := nv.p.Estimation.Len()
	sums := make([]float64, l1+1)
	cnt := make([]float64, l1+1)
	for j, i := range rows {
		r := nv.rs[i]
		g := make([]float64, l1+1)
		for t := range l1 {
			g[t] = r.EstAR[t] / r.Fit.Sigma
		}
		g[l1] = sx[j] / sd
		ti := float64(count(g))
		for t := range g {
			if !math.IsNaN(g[t]) {
				sums[t] += naiveRank(g, t)/(ti+1) - 0.5
				cnt[t]++
			}
		}
	}
	var s2, T float64
	for t := range sums {
		if cnt[t] > 0 {
			ub := sums[t] / cnt[t]
			s2 += cnt[t] / float64(n) * ub * ub
			T++
		}
	}
	z := sums[l1] / cnt[l1] / math.Sqrt(s2/T)
	return z * math.Sqrt((T-2)/(T-1-z*z))
}

// Every statistic of the battery on a random panel with ties and missing
// cells against the second implementations above (and, for the parametric
// tests, against their formulas inline).
func TestBatteryAgainstNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	p, rs := randomPanel(rng, 15)
	s := AggregateWith(p, rs, BatteryTests())
	nv := newNaive(p, rs)
	idx := map[string]int{}
	for i, n := range s.Tests {
		idx[n] = i
	}
	l1 := p.Estimation.Len()
	type sample struct {
		name   string
		rows   []int
		a, b   int // combined-window indices
		st     []Stat
		x, sx  []float64
		window Window
	}
	var samples []sample
	for k, d := range s.Days {
		rows := nv.rows(k, -1)
		var x, sx []float64
		for _, i := range rows {
			dd := nv.rs[i].Days[k]
			x = append(x, dd.AR)
			sx = append(sx, dd.AR/dd.SE)
		}
		samples = append(samples, sample{fmt.Sprintf("day %+d", d.RelDay), rows, l1 + k, l1 + k, d.Tests, x, sx, Window{d.RelDay, d.RelDay}})
	}
	for j, w := range s.Windows {
		rows := nv.rows(-1, j)
		var x, sx []float64
		for _, i := range rows {
			c := nv.rs[i].CARs[j]
			x = append(x, c.CAR)
			sx = append(sx, c.CAR/c.SE)
		}
		samples = append(samples, sample{"window " + w.Window.String(), rows, l1 + w.Window.Start - p.Event.Start,
			l1 + w.Window.End - p.Event.Start, w.Tests, x, sx, w.Window})
	}
	for _, sm := range samples {
		get := func(name string) float64 { return sm.st[idx[name]].Stat }
		check := func(name string, want float64) {
			t.Helper()
			checkNear(t, sm.name+" "+name, get(name), want, 1e-9*math.Max(1, math.Abs(want)))
		}
		check("corrado_rank", nv.rankTest(0, sm.rows, sm.a, sm.b))
		check("cz_rank", nv.rankTest(1, sm.rows, sm.a, sm.b))
		check("cz_sign", nv.rankTest(2, sm.rows, sm.a, sm.b))
		check("grank", nv.grank(sm.rows, sm.sx))

		n := float64(len(sm.rows))
		var zsum, lsum, msx float64
		for j, i := range sm.rows {
			nu := float64(nv.rs[i].Fit.DF)
			zsum += sm.sx[j] / math.Sqrt(nu/(nu-2))
			lsum += sm.sx[j]
			msx += sm.sx[j] / n
		}
		check("patell", zsum/math.Sqrt(n))
		check("lamb", lsum/math.Sqrt(n))
		var ssx float64
		for _, v := range sm.sx {
			ssx += (v - msx) * (v - msx)
		}
		check("bmp", msx/math.Sqrt(ssx/(n-1)/n))

		// Cowan: per event the mean U over its window days.
		var num, v float64
		for _, i := range sm.rows {
			mi := float64(count(nv.comb[i]))
			var su, li float64
			for t := sm.a; t <= sm.b; t++ {
				if !math.IsNaN(nv.comb[i][t]) {
					su += naiveRank(nv.comb[i], t) / (mi + 1)
					li++
				}
			}
			num += su/li - 0.5
			v += (mi - li) / (12 * li * (mi + 1))
		}
		check("cowan_rank", num/math.Sqrt(v))

		// Generalized sign: p̂ the mean of each event's share of positive residuals.
		var ph, w float64
		for j, i := range sm.rows {
			e := nv.rs[i].EstAR
			var pos float64
			for _, x := range e {
				if x > 0 {
					pos++
				}
			}
			ph += pos / float64(count(e)) / n
			if sm.x[j] > 0 {
				w++
			}
		}
		check("gen_sign", (w-n*ph)/math.Sqrt(n*ph*(1-ph)))
	}
}

// r̄ of Kolari & Pynnönen (2010) from the O(N) identity equals the mean of
// the N(N−1) Pearson correlations on complete residuals; with a common shock
// it estimates the planted correlation.
func TestMeanCorrelation(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	p, rs := randomPanel(rng, 12)
	const rho = 0.3
	common := make([]float64, p.Estimation.Len())
	for t := range common {
		common[t] = rng.NormFloat64()
	}
	for i := range rs {
		for t := range rs[i].EstAR {
			rs[i].EstAR[t] = math.Sqrt(rho)*common[t] + math.Sqrt(1-rho)*rng.NormFloat64()
		}
	}
	pan := NewPanel(p, rs)
	rows := []int{0, 2, 3, 5, 7, 8, 11}
	got := Sample{Panel: pan, Rows: rows}.MeanCorrelation()
	want := newNaive(p, rs).rbar(rows)
	checkNear(t, "r̄ (subset)", got, want, 1e-12)
	if math.Abs(got-rho) > 0.25 {
		t.Errorf("r̄ = %.3f, want near the planted %.1f", got, rho)
	}
}

// A firm with several events counts once per event: two events of the same
// symbol are two rows, with their own ranks and correlation pair.
func TestRepeatedFirmCountsPerEvent(t *testing.T) {
	p, rs := rankCase()
	rs[1].Event.Symbol = rs[0].Event.Symbol
	s := AggregateWith(p, rs, BatteryTests())
	if s.Days[0].N != 2 || s.Windows[0].N != 2 {
		t.Errorf("N = %d, %d; want 2 events of one firm counted twice", s.Days[0].N, s.Windows[0].N)
	}
	p2, rs2 := rankCase()
	s2 := AggregateWith(p2, rs2, BatteryTests())
	for i := range s.Days[0].Tests {
		if a, b := s.Days[0].Tests[i], s2.Days[0].Tests[i]; !same(a.Stat, b.Stat) {
			t.Errorf("%s: %g with one firm, %g with two firms", a.Test, a.Stat, b.Stat)
		}
	}
}

// p-values follow the alternative: greater + less = 1 for continuous
// statistics, two-sided = 2·min (at most 1), and greater is small for a
// clearly positive mean.
func TestAlternatives(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	p, rs := randomPanel(rng, 20)
	run := func(a Alternative) Summary {
		q := p
		q.Conventions.Alternative = a
		q.Conventions.BootstrapReps = 500
		return AggregateWith(q, rs, BatteryTests())
	}
	two, gt, lt := run(TwoSided), run(Greater), run(Less)
	for k := range two.Days {
		for i, name := range two.Tests {
			a, g, l := two.Days[k].Tests[i], gt.Days[k].Tests[i], lt.Days[k].Tests[i]
			if math.IsNaN(a.P) {
				continue
			}
			if !same(a.Stat, g.Stat) {
				t.Errorf("day %d %s: statistic changes with the alternative", k, name)
			}
			if want := math.Min(1, 2*math.Min(g.P, l.P)); !near(a.P, want, 1e-12) {
				t.Errorf("day %d %s: two-sided p %g, want 2·min(%g, %g)", k, name, a.P, g.P, l.P)
			}
			if name != "wilcoxon" && !near(g.P+l.P, 1, 1e-9) {
				t.Errorf("day %d %s: p(greater) + p(less) = %g, want 1", k, name, g.P+l.P)
			}
		}
	}
	// ARs are planted at +0.3σ: on the CAR(−1..+1) of 20 events (z ≈ 0.3·√3·√20 ≈ 2.3)
	// a positive statistic (Wilcoxon's V is not centred) favours "greater".
	for i, name := range gt.Tests {
		if st := gt.Windows[0].Tests[i]; name != "wilcoxon" && !math.IsNaN(st.P) && st.Stat > 0 && st.P > 0.5 {
			t.Errorf("%s: positive statistic %g with p(greater) = %g", name, st.Stat, st.P)
		}
	}
}

// Bootstrap: the same seed gives the same interval, another seed another
// one; the percentile interval of a normal sample is close to x̄ ± 1.96 s/√N;
// with a symmetric sample BCa ≈ percentile, and on a right-skewed one BCa lies
// to its right (the BCa formula itself: TestBootstrapBCaJackknife).
func TestBootstrap(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	x := make([]float64, 200)
	for i := range x {
		x[i] = 1 + rng.NormFloat64()
	}
	pan := &Panel{Params: Params{Conventions: Conventions{Seed: 42, BootstrapReps: 4000}}}
	s := Sample{Panel: pan, Window: Window{0, 1}, X: x}
	m, p, lo, hi := BootstrapPercentile(s)
	_, _, lo2, hi2 := BootstrapPercentile(s)
	if lo != lo2 || hi != hi2 {
		t.Errorf("same seed, different intervals: [%g, %g] vs [%g, %g]", lo, hi, lo2, hi2)
	}
	pan2 := &Panel{Params: Params{Conventions: Conventions{Seed: 43, BootstrapReps: 4000}}}
	if _, _, lo3, _ := BootstrapPercentile(Sample{Panel: pan2, Window: Window{0, 1}, X: x}); lo3 == lo {
		t.Errorf("seeds 42 and 43 give the same lower bound %g", lo)
	}
	var ss float64
	for _, v := range x {
		ss += (v - m) * (v - m)
	}
	se := math.Sqrt(ss/float64(len(x)-1)) / math.Sqrt(float64(len(x)))
	// Monte Carlo error of a 2.5% quantile with B = 4000 is about 0.06·se.
	checkNear(t, "percentile low", lo, m-1.96*se, 0.2*se)
	checkNear(t, "percentile high", hi, m+1.96*se, 0.2*se)
	if p > 1e-3 {
		t.Errorf("p = %g for a mean 14 standard errors from 0", p)
	}
	_, _, blo, bhi := BootstrapBCa(s)
	checkNear(t, "BCa low ≈ percentile (symmetric)", blo, lo, 0.2*se)
	checkNear(t, "BCa high ≈ percentile (symmetric)", bhi, hi, 0.2*se)

	// Skewed sample: exp(normal). BCa shifts the interval right of the percentile one.
	for i := range x {
		x[i] = math.Exp(rng.NormFloat64()) - 1.6
	}
	_, _, plo, phi := BootstrapPercentile(s)
	_, _, blo, bhi = BootstrapBCa(s)
	if !(blo > plo && bhi > phi) {
		t.Errorf("right-skewed data: BCa [%g, %g] not to the right of percentile [%g, %g]", blo, bhi, plo, phi)
	}
}

// TestBootstrapBCaJackknife holds BootstrapBCa's interval and p-value
// against Efron's (1987, JASA 82, eq. 2.3–2.4 and 6.6) BCa computed here from
// the same bootstrap means (bootstrapMeans; TestBootstrap checks them) with a
// direct jackknife: θ̂_(i) the mean without X_i, θ̂_(·) their mean,
//
//	â  = Σ (θ̂_(·) − θ̂_(i))³ / (6 (Σ (θ̂_(·) − θ̂_(i))²)^{3/2})
//	ẑ0 = Φ⁻¹((#{θ* < θ̂} + ½ #{θ* = θ̂}) / B)
//	α[z] = Φ(ẑ0 + (ẑ0 + z)/(1 − â(ẑ0 + z))),  interval [Q(α[z_0.025]), Q(α[z_0.975])]
//
// with Q the type-7 quantile of the B means. The p-value (greater) is the
// one-sided level α at which the lower bound reaches 0: α[z_α] = Ĝ(0), the
// share of θ* below 0 (ties ½), i.e. with w = Φ⁻¹(Ĝ(0)) − ẑ0,
// (ẑ0 + z_α)/(1 − â(ẑ0 + z_α)) = w, so ẑ0 + z_α = w/(1 + âw) and
// p = Φ(w/(1 + âw) − ẑ0); the test also checks that the lower bound at
// 0.8·p is below 0 and at 1.2·p above it. On right-skewed
// samples of 200 and 12 values (â ≈ 0.07 and 0.15), so that a wrong
// acceleration (doubled, or of the wrong sign) moves the interval.
func TestBootstrapBCaJackknife(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	phi, q := distuv.UnitNormal.CDF, distuv.UnitNormal.Quantile
	quant := func(g []float64, a float64) float64 { // Hyndman & Fan type 7
		h := a * float64(len(g)-1)
		j := int(math.Floor(h))
		if j >= len(g)-1 {
			return g[len(g)-1]
		}
		return g[j] + (h-float64(j))*(g[j+1]-g[j])
	}
	for _, n := range []int{200, 12} {
		// exp(normal), shifted so that the mean is 1.2 standard errors above 0.
		x := make([]float64, n)
		var m, ss float64
		for i := range x {
			x[i] = math.Exp(rng.NormFloat64())
			m += x[i] / float64(n)
		}
		for _, v := range x {
			ss += (v - m) * (v - m)
		}
		for i := range x {
			x[i] -= m - 1.2*math.Sqrt(ss/float64(n-1)/float64(n))
		}
		pan := &Panel{Params: Params{Conventions: Conventions{Seed: 3, BootstrapReps: 4000}}}
		s := Sample{Panel: pan, Window: Window{0, 2}, X: x}
		g := bootstrapMeans(s)
		var tot float64
		for _, v := range x {
			tot += v
		}
		theta := tot / float64(n)
		jk := make([]float64, n)
		var jm float64
		for i, v := range x {
			jk[i] = (tot - v) / float64(n-1)
			jm += jk[i] / float64(n)
		}
		var d2, d3 float64
		for _, v := range jk {
			d2 += (jm - v) * (jm - v)
			d3 += (jm - v) * (jm - v) * (jm - v)
		}
		acc := d3 / (6 * math.Pow(d2, 1.5))
		var below, eq float64
		for _, v := range g {
			if v < theta {
				below++
			} else if v == theta {
				eq++
			}
		}
		z0 := q((below + eq/2) / float64(len(g)))
		level := func(a float64) float64 {
			z := q(a)
			return phi(z0 + (z0+z)/(1-acc*(z0+z)))
		}
		wantLo, wantHi := quant(g, level(0.025)), quant(g, level(0.975))

		stat, p, lo, hi := BootstrapBCa(s)
		name := fmt.Sprintf("N=%d (â = %.3f)", n, acc)
		checkNear(t, name+" mean", stat, theta, 1e-15)
		checkNear(t, name+" BCa low", lo, wantLo, 1e-12)
		checkNear(t, name+" BCa high", hi, wantHi, 1e-12)
		var neg, zero float64
		for _, v := range g {
			if v < 0 {
				neg++
			} else if v == 0 {
				zero++
			}
		}
		w := q((neg+zero/2)/float64(len(g))) - z0
		pg := phi(w/(1+acc*w) - z0)
		checkNear(t, name+" p (two-sided)", p, 2*pg, 1e-12) // 2·min(p_greater, p_less); the mean is > 0 here
		if !(theta > 0) || !(pg > 0.01 && pg < 0.4) {
			t.Fatalf("%s: mean %g, p %g: the sample does not test the p-value's inversion", name, theta, p)
		}
		if l := quant(g, level(0.8*pg)); !(l < 0) {
			t.Errorf("%s: lower bound at level %g (0.8·p) is %g, want < 0", name, 0.8*pg, l)
		}
		if l := quant(g, level(1.2*pg)); !(l > 0) {
			t.Errorf("%s: lower bound at level %g (1.2·p) is %g, want > 0", name, 1.2*pg, l)
		}
	}
}

// Coverage: the 95% percentile and BCa intervals of the mean of 40 normal
// values cover the true mean in a share of 3000 samples inside the binomial
// 99.9% band (±1.4 points) around 1 − P(|t_39| > z_{0.975}·√(39/40)) = 93.9%:
// the bootstrap's own rate at N = 40 (see [bootstrapNullRate]), not 95%.
func TestBootstrapCoverage(t *testing.T) {
	if testing.Short() {
		t.Skip("simulation")
	}
	rng := rand.New(rand.NewPCG(11, 11))
	const reps, n = 3000, 40
	pan := &Panel{Params: Params{Conventions: Conventions{BootstrapReps: 1000}}}
	cover, coverB := 0, 0
	x := make([]float64, n)
	for r := range reps {
		for i := range x {
			x[i] = rng.NormFloat64()
		}
		s := Sample{Panel: pan, Window: Window{r, r}, X: x}
		if _, _, lo, hi := BootstrapPercentile(s); lo <= 0 && 0 <= hi {
			cover++
		}
		if _, _, lo, hi := BootstrapBCa(s); lo <= 0 && 0 <= hi {
			coverB++
		}
	}
	lo, hi := binomialBand(reps, 1-bootstrapNullRate(n), 0.999)
	t.Logf("coverage of %d: percentile %d, BCa %d; band %d..%d", reps, cover, coverB, lo, hi)
	for name, c := range map[string]int{"percentile": cover, "BCa": coverB} {
		if c < lo || c > hi {
			t.Errorf("%s covers in %d of %d, want %d..%d", name, c, reps, lo, hi)
		}
	}
}

// GRANK when an event's day-0 value ties with its own estimation values:
// with an event that has every estimation day (walked from the bottom) and
// events with a missing day (walked from the top), and, when no event has
// every day, with an estimation day without any event; against the naive
// implementation.
func TestGRankTies(t *testing.T) {
	p := Params{Model: MarketModel, Estimation: Window{-12, -3}, Event: Window{-1, 1}, CARs: []Window{{0, 0}}, MinEst: 5}
	l1 := p.Estimation.Len()
	ar0 := []float64{0.5, -0.5, 0.25}
	// g_i as GRank computes it: SX_i (SE = 1) over the cross-sectional s(SX).
	m := (ar0[0] + ar0[1] + ar0[2]) / 3
	var ss float64
	for _, v := range ar0 {
		ss += (v - m) * (v - m)
	}
	sd := math.Sqrt(ss / 2)
	g := func(i int) float64 { return ar0[i] / sd }
	for _, full := range []bool{true, false} {
		est := [][]float64{
			{g(0), g(0), 0.9, 1.1, 1.2, 1.3, -2, 1.5, 1.6, nan}, // below g: 1 value; ties: 2
			{g(1), -3, -2.5, -2, g(1), -1.5, nan, -1.2, -1.1, nan},
			{g(2), 0, 0.1, g(2), 0.3, 0.4, 0.5, 0.6, 0.7, nan},
		}
		if full {
			est[0][l1-1] = 1.7 // event 0 has every estimation day
		}
		var rs []Result
		for i := range ar0 {
			r := Result{Event: Event{ID: fmt.Sprint("e", i)}, Status: StatusOK, Fit: Fit{Sigma: 1, DF: 8, N: 8}, EstAR: est[i]}
			for k := range p.Event.Len() {
				a := 0.01 * float64(k+i)
				if k == 1 {
					a = ar0[i]
				}
				r.Days = append(r.Days, Day{RelDay: k - 1, AR: a, SE: 1})
			}
			r.CARs = []CAR{{Window: Window{0, 0}, NDays: 1, CAR: ar0[i], SE: 1}}
			rs = append(rs, r)
		}
		s := AggregateWith(p, rs, []Test{{Name: "grank", Func: GRank}})
		nv := newNaive(p, rs)
		var sx []float64
		for _, r := range nv.rs {
			sx = append(sx, r.Days[1].AR)
		}
		want := nv.grank([]int{0, 1, 2}, sx)
		if math.IsNaN(want) {
			t.Fatal("naive GRANK is NaN")
		}
		checkNear(t, fmt.Sprintf("grank with ties (full=%v)", full), s.Days[1].Tests[0].Stat, want, 1e-12*math.Max(1, math.Abs(want)))
	}
}

// GRANK's rows of events whose σ̂ does not keep the order of the residuals
// (negative, infinite: each is ranked by its own sort) against the naive
// implementation, on every day of a random panel.
func TestGRankUnorderedSigma(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	p, rs := randomPanel(rng, 15)
	rs[0].Fit.Sigma = -0.5
	rs[1].Fit.Sigma = math.Inf(1)
	s := AggregateWith(p, rs, []Test{{Name: "grank", Func: GRank}})
	nv := newNaive(p, rs)
	checked := 0
	for k, d := range s.Days {
		rows := nv.rows(k, -1)
		var sx []float64
		for _, i := range rows {
			dd := nv.rs[i].Days[k]
			sx = append(sx, dd.AR/dd.SE)
		}
		want := nv.grank(rows, sx)
		if math.IsNaN(want) {
			continue
		}
		checked++
		checkNear(t, fmt.Sprintf("grank day %+d", d.RelDay), d.Tests[0].Stat, want, 1e-9*math.Max(1, math.Abs(want)))
	}
	if checked == 0 {
		t.Fatal("no day checked")
	}
}
