package study

import (
	"math"
	"testing"
)

// Textbook datasets shipped with R (package datasets), typed from their help
// pages, and the values R 4.x prints for them.
var (
	// sleep: Student (1908) / Cushny & Peebles, extra hours of sleep, group 1 and 2.
	sleep1 = []float64{0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0}
	sleep2 = []float64{1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4}
	// PlantGrowth: Dobson (1983), Table 7.1, dried plant weights.
	plantCtrl = []float64{4.17, 5.58, 5.18, 6.11, 4.50, 4.61, 5.17, 4.53, 5.33, 5.14}
	plantTrt1 = []float64{4.81, 4.17, 4.41, 3.59, 5.87, 3.83, 6.03, 4.89, 4.32, 4.69}
	plantTrt2 = []float64{6.31, 5.12, 5.54, 5.50, 5.37, 5.29, 4.92, 6.15, 5.80, 5.26}
)

func TestWelchT(t *testing.T) {
	// Hand-worked: a = 1,2,3 (mean 2, s² 1), b = 4,6 (mean 5, s² 2):
	// t = −3/√(1/3 + 1) = −2.598076…, ν = (4/3)² / ((1/3)²/2 + 1²/1) = 32/19.
	tt, df, p := WelchT([]float64{1, 2, 3}, []float64{4, 6})
	checkNear(t, "t", tt, -3/math.Sqrt(4.0/3), 1e-12)
	checkNear(t, "df", df, 32.0/19, 1e-12)
	if !(p > 0.1 && p < 0.3) {
		t.Errorf("p = %g, want between 0.1 and 0.3 (t ≈ −2.6 on 1.7 d.f.)", p)
	}
	// R: t.test(extra ~ group, data = sleep) prints
	// t = -1.8608, df = 17.776, p-value = 0.07939.
	tt, df, p = WelchT(sleep1, sleep2)
	checkNear(t, "sleep t", tt, -1.8608, 5e-5)
	checkNear(t, "sleep df", df, 17.776, 5e-4)
	checkNear(t, "sleep p", p, 0.07939, 5e-6)
	// NaN values are skipped; a single value per group gives NaN.
	tt2, _, _ := WelchT(append([]float64{math.NaN()}, sleep1...), sleep2)
	checkNear(t, "t with NaN", tt2, tt, 0)
	if tt, _, _ := WelchT([]float64{1}, []float64{2, 3}); !math.IsNaN(tt) {
		t.Errorf("t with n_a = 1 = %g, want NaN", tt)
	}
}

func TestMannWhitney(t *testing.T) {
	// Hand-worked, no ties: a = 1,2,3 has ranks 1,2,3, U = 6 − 6 = 0,
	// E U = 3, Var U = 3·2/12·6 = 3: z = −√3.
	z, _ := MannWhitney([]float64{1, 2, 3}, []float64{4, 6})
	checkNear(t, "z", z, -math.Sqrt(3), 1e-12)
	// Hand-worked with a tie of three: 1,2,2 | 2,3 → ranks 1,3,3 | 3,5,
	// U = 7 − 6 = 1, Var U = 6/12·(6 − 24/20) = 2.4: z = −2/√2.4.
	z, p := MannWhitney([]float64{1, 2, 2}, []float64{2, 3})
	checkNear(t, "z with ties", z, -2/math.Sqrt(2.4), 1e-12)
	checkNear(t, "p with ties", p, math.Erfc(2/math.Sqrt(2.4)/math.Sqrt2), 1e-12)
	// R: wilcox.test(extra ~ group, data = sleep, exact = FALSE) prints
	// W = 25.5, p-value = 0.06933, with its continuity correction. Our z
	// has none; rebuild R's from our U and tie-corrected σ: W = U = 25.5,
	// E U = 50, z_R = (U − E U + 0.5)/σ.
	z, _ = MannWhitney(sleep1, sleep2)
	sigma := (25.5 - 50) / z
	pR := math.Erfc(math.Abs((25.5-50+0.5)/sigma) / math.Sqrt2)
	checkNear(t, "sleep p (R's continuity correction)", pR, 0.06933, 5e-6)
	if z, _ := MannWhitney([]float64{1, 1}, []float64{1}); !math.IsNaN(z) {
		t.Errorf("z of all-tied values = %g, want NaN", z)
	}
	// Swapping the groups flips the sign.
	z2, _ := MannWhitney(sleep2, sleep1)
	checkNear(t, "swapped z", z2, -z, 1e-12)
}

func TestANOVAF(t *testing.T) {
	// Hand-worked: groups 1,2 | 3,4 | 5,6: SSB = 2·(4+0+4) = 16 on 2 d.f.,
	// SSW = 3·0.5 = 1.5 on 3 d.f., F = 8/0.5 = 16. For F(2, ν2) the survival
	// function has the closed form (1 + 2F/ν2)^(−ν2/2).
	f, df1, df2, p := ANOVAF([][]float64{{1, 2}, {3, 4}, {5, 6}})
	checkNear(t, "F", f, 16, 1e-12)
	checkNear(t, "df1", df1, 2, 0)
	checkNear(t, "df2", df2, 3, 0)
	checkNear(t, "p", p, math.Pow(1+2*16/3.0, -1.5), 1e-12)
	// R: summary(aov(weight ~ group, data = PlantGrowth)) prints
	// Df 2, 27; F value 4.846; Pr(>F) 0.0159.
	f, df1, df2, p = ANOVAF([][]float64{plantCtrl, plantTrt1, plantTrt2})
	checkNear(t, "PlantGrowth F", f, 4.846, 5e-4)
	checkNear(t, "PlantGrowth df2", df2, 27, 0)
	checkNear(t, "PlantGrowth p", p, 0.01591, 5e-6)
	_ = df1
	// Two groups: F = t² of the pooled-variance t test (closed-form identity);
	// pooled t of groups 1,2,3 | 4,6: s²_p = (2·1 + 1·2)/3, t = −3/√(s²_p(1/3+1/2)).
	f, _, _, _ = ANOVAF([][]float64{{1, 2, 3}, {4, 6}})
	sp := 4.0 / 3
	checkNear(t, "F = t²", f, 9/(sp*(1.0/3+0.5)), 1e-12)
	if f, _, _, _ := ANOVAF([][]float64{{1, 2}}); !math.IsNaN(f) {
		t.Errorf("F of one group = %g, want NaN", f)
	}
}

func TestKruskalWallis(t *testing.T) {
	// Hand-worked: 1,2 | 3,4 | 5,6: rank sums 3, 7, 11, N = 6,
	// H = 12/42 · (9+49+121)/2 − 21 = 32/7; χ²₂ survival is exp(−H/2).
	h, df, p := KruskalWallis([][]float64{{1, 2}, {3, 4}, {5, 6}})
	checkNear(t, "H", h, 32.0/7, 1e-12)
	checkNear(t, "df", df, 2, 0)
	checkNear(t, "p", p, math.Exp(-16.0/7), 1e-12)
	// R: kruskal.test(weight ~ group, data = PlantGrowth) prints
	// Kruskal-Wallis chi-squared = 7.9882, df = 2, p-value = 0.01842
	// (PlantGrowth has ties: 4.17 twice, so the tie correction matters).
	h, _, p = KruskalWallis([][]float64{plantCtrl, plantTrt1, plantTrt2})
	checkNear(t, "PlantGrowth H", h, 7.9882, 5e-5)
	checkNear(t, "PlantGrowth p", p, 0.01842, 5e-6)
	// Two groups: H = z² of the rank-sum test (same tie correction).
	a, b := []float64{1, 2, 2}, []float64{2, 3}
	h, _, _ = KruskalWallis([][]float64{a, b})
	z, _ := MannWhitney(a, b)
	checkNear(t, "H = z²", h, z*z, 1e-12)
	// Empty groups are left out of k.
	_, df, _ = KruskalWallis([][]float64{{1, 2}, nil, {3, 4}})
	checkNear(t, "df with an empty group", df, 1, 0)
}

// TestGroupSummaries checks that a group's summary is that of a panel built
// from the group's results alone (a second, independent path through
// NewPanel), that (all) is the whole summary, and that the groups come in
// sorted order.
func TestGroupSummaries(t *testing.T) {
	p, rs := accResults(t, 60)
	names := []string{"zeta", "alpha", GroupMissing}
	acc := NewAccumulator(p, true)
	byGroup := make([][]Result, len(names))
	for i := range rs {
		g := i % 3
		acc.AddGroup(&rs[i], g)
		byGroup[g] = append(byGroup[g], rs[i])
	}
	tests := DefaultTests()
	whole := acc.Summary(tests)
	got := GroupSummaries(acc.Panel(), names, tests, whole)
	wantOrder := []string{GroupAll, GroupMissing, "alpha", "zeta"}
	if len(got) != len(wantOrder) {
		t.Fatalf("%d group summaries, want %d", len(got), len(wantOrder))
	}
	for i, gs := range got {
		if gs.Group != wantOrder[i] {
			t.Errorf("group %d = %q, want %q", i, gs.Group, wantOrder[i])
		}
	}
	for gi, g := range []int{2, 1, 0} {
		want := AggregateWith(p, byGroup[g], tests)
		gs := got[gi+1]
		for k, d := range want.Days {
			gd := gs.Days[k]
			if gd.N != d.N || !same(gd.AAR, d.AAR) || !same(gd.CAAR, d.CAAR) {
				t.Errorf("%s day %d: N %d AAR %g CAAR %g, want %d %g %g", gs.Group, d.RelDay, gd.N, gd.AAR, gd.CAAR, d.N, d.AAR, d.CAAR)
			}
			for j, st := range d.Tests {
				if !same(gd.Tests[j].Stat, st.Stat) || !same(gd.Tests[j].P, st.P) {
					t.Errorf("%s day %d %s = %g (p %g), want %g (p %g)", gs.Group, d.RelDay, st.Test,
						gd.Tests[j].Stat, gd.Tests[j].P, st.Stat, st.P)
				}
			}
		}
		for j, w := range want.Windows {
			if gw := gs.Windows[j]; gw.N != w.N || !same(gw.CAAR, w.CAAR) {
				t.Errorf("%s window %s: N %d CAAR %g, want %d %g", gs.Group, w.Window, gw.N, gw.CAAR, w.N, w.CAAR)
			}
		}
	}
	if got[0].Windows[0].CAAR != whole.Windows[0].CAAR {
		t.Errorf("(all) is not the whole sample's summary")
	}
}

// TestCompareGroups checks the rows of groups.csv against the tests run on
// CARs collected here by hand.
func TestCompareGroups(t *testing.T) {
	p, rs := accResults(t, 60)
	names := []string{"b", "a", "c"}
	acc := NewAccumulator(p, false)
	cars := make([][][]float64, len(p.CARs)) // window, group
	for j := range cars {
		cars[j] = make([][]float64, len(names))
	}
	for i := range rs {
		g := (i / 2) % 3
		acc.AddGroup(&rs[i], g)
		if rs[i].Status != StatusOK {
			continue
		}
		for j, c := range rs[i].CARs {
			if c.NDays > 0 {
				cars[j][g] = append(cars[j][g], c.CAR)
			}
		}
	}
	got := CompareGroups(acc.Panel(), names)
	// Per window: pairs a–b, a–c, b–c, two tests each, then anova and kruskal.
	if len(got) != len(p.CARs)*8 {
		t.Fatalf("%d rows, want %d", len(got), len(p.CARs)*8)
	}
	for j := range p.CARs {
		rows := got[j*8 : (j+1)*8]
		pairs := [][2]int{{1, 0}, {1, 2}, {0, 2}} // a=1, b=0, c=2
		for k, pr := range pairs {
			a, b := cars[j][pr[0]], cars[j][pr[1]]
			wt, mw := rows[2*k], rows[2*k+1]
			if wt.GroupA != names[pr[0]] || wt.GroupB != names[pr[1]] || wt.Test != GroupWelchT || mw.Test != GroupMannWhitney {
				t.Fatalf("row %d: %s–%s %s, want %s–%s welch_t", 2*k, wt.GroupA, wt.GroupB, wt.Test, names[pr[0]], names[pr[1]])
			}
			wantT, _, wantP := WelchT(a, b)
			wantZ, _ := MannWhitney(a, b)
			var sa, sb float64
			for _, x := range a {
				sa += x
			}
			for _, x := range b {
				sb += x
			}
			checkNear(t, "caar_a", wt.CAARA, sa/float64(len(a)), 1e-15)
			checkNear(t, "diff", wt.Diff, sa/float64(len(a))-sb/float64(len(b)), 1e-15)
			// The panel sums in its canonical order, not in input order: equal up to rounding.
			if wt.NA != len(a) || wt.NB != len(b) || !near(wt.Stat, wantT, 1e-12) || !near(wt.P, wantP, 1e-12) || !near(mw.Stat, wantZ, 1e-12) {
				t.Errorf("window %d %s–%s: n %d %d t %g z %g, want %d %d %g %g", j, wt.GroupA, wt.GroupB, wt.NA, wt.NB, wt.Stat, mw.Stat, len(a), len(b), wantT, wantZ)
			}
		}
		all := [][]float64{cars[j][1], cars[j][0], cars[j][2]}
		f, _, _, _ := ANOVAF(all)
		h, _, _ := KruskalWallis(all)
		if rows[6].Test != GroupANOVAF || rows[6].GroupB != "" || !near(rows[6].Stat, f, 1e-12) {
			t.Errorf("anova row = %+v, want F %g", rows[6], f)
		}
		if rows[7].Test != GroupKruskalWallis || !near(rows[7].Stat, h, 1e-12) || rows[7].NA != len(all[0])+len(all[1])+len(all[2]) {
			t.Errorf("kruskal row = %+v, want H %g", rows[7], h)
		}
	}
	// Two groups: no test across all groups.
	acc2 := NewAccumulator(p, false)
	for i := range rs {
		acc2.AddGroup(&rs[i], i%2)
	}
	if got := CompareGroups(acc2.Panel(), []string{"x", "y"}); len(got) != 2*len(p.CARs) {
		t.Errorf("two groups: %d rows, want %d", len(got), 2*len(p.CARs))
	}
}
