package study

import (
	"math"
	"slices"
	"testing"
)

// rankCase is two events on an estimation window of 3 days (−4..−2) and an
// event window of one day (0), small enough to rank by hand:
//
//	             est −4   est −3   est −2   day 0   σ̂     ν
//	event A        0.1     −0.2      0.3     0.5    0.2   10   SE(AR_0) 0.25
//	event B        0.2      0.1   missing   −0.1    0.1   20   SE(AR_0) 0.125
func rankCase() (Params, []Result) {
	p := Params{Model: MarketModel, Estimation: Window{-4, -2}, Event: Window{0, 0}, CARs: []Window{{0, 0}}, MinEst: 2}
	mk := func(id string, est []float64, ar, se, sigma float64, df int) Result {
		return Result{Event: Event{ID: id, Symbol: "F"}, Status: StatusOK, Fit: Fit{Sigma: sigma, DF: df},
			Days:  []Day{{RelDay: 0, AR: ar, SE: se}},
			CARs:  []CAR{{Window: Window{0, 0}, NDays: 1, CAR: ar, SE: se, BHAR: ar}},
			EstAR: est}
	}
	return p, []Result{
		mk("A", []float64{0.1, -0.2, 0.3}, 0.5, 0.25, 0.2, 10),
		mk("B", []float64{0.2, 0.1, math.NaN()}, -0.1, 0.125, 0.1, 20),
	}
}

// statOf runs AggregateWith with the battery and returns day 0's stat and p of test name.
func statOf(t *testing.T, s Summary, name string) Stat {
	t.Helper()
	for i, n := range s.Tests {
		if n == name {
			return s.Days[0].Tests[i]
		}
	}
	t.Fatalf("no test %q in %v", name, s.Tests)
	return Stat{}
}

func TestBatteryHand(t *testing.T) {
	p, rs := rankCase()
	s := AggregateWith(p, rs, BatteryTests())
	sq := math.Sqrt
	phi := func(z float64) float64 { return 0.5 * math.Erfc(-z/math.Sqrt2) }
	cases := []struct {
		name string
		stat float64
		p    float64 // NaN: not checked here
	}{
		// Ranks over the combined window (est −4, −3, −2, day 0):
		//   A: 0.1 −0.2 0.3 0.5 → K = 2 1 3 4, M = 4, K − 2.5 = −0.5 −1.5 0.5 1.5
		//   B: 0.2 0.1 — −0.1   → K = 3 2 — 1, M = 3, K − 2   =  1    0   —  −1
		// D_t = mean: 0.25, −0.75, 0.5, 0.25; S² = (0.0625+0.5625+0.25+0.0625)/4 = 0.234375.
		{"corrado_rank", 0.25 / sq(0.234375), 2 * (1 - phi(0.25/sq(0.234375)))},
		// U = K/(M+1): A 0.4 0.2 0.6 0.8; B 0.75 0.5 — 0.25. U − ½ summed per day over √N_t:
		// 0.15/√2, −0.3/√2, 0.1, 0.05/√2; S² = (0.01125 + 0.045 + 0.01 + 0.00125)/4 = 0.016875.
		{"cz_rank", 0.05 / sq(2) / sq(0.016875), nan},
		// Signs about each median (A: 0.2, B: 0.1): A − − + +, B + 0 — −; day sums over √N_t: 0, −1/√2, 1, 0 → Z = 0.
		{"cz_sign", 0, 1},
		// Cowan: Ū_A = 0.8 with Var (4−1)/(12·1·5) = 0.05; Ū_B = 0.25 with Var (3−1)/(12·4) = 1/24.
		{"cowan_rank", (0.3 - 0.25) / sq(0.05+1.0/24), nan},
		// p̂ = (2/3 + 2/2)/2 = 5/6; w = 1 positive of N = 2: Z = (1 − 5/3)/√(2·5/36) = −4/√10.
		{"gen_sign", -4 / sq(10), nan},
		// One positive of 2: Z = (1 − 1)/(√2/2) = 0.
		{"sign", 0, 1},
		// Est AAR: 0.15, −0.05, 0.3 (mean 0.4/3); Ŝ² = Σ dev²/2; t = 0.2/Ŝ with 2 df.
		{"bw1985", 0.2 / sq((sqr(0.15-0.4/3)+sqr(-0.05-0.4/3)+sqr(0.3-0.4/3))/2), nan},
		// √(σ_A² + σ_B²)/2 = √0.05/2: t = 0.2/(√0.05/2), df min(10, 20) = 10.
		{"bw1980", 0.2 / (sq(0.05) / 2), pStudent(0.2/(sq(0.05)/2), 10)},
		// SAR = 0.5/0.25 = 2 and −0.1/0.125 = −0.8. Patell: (2/√(10/8) − 0.8/√(20/18))/√2.
		{"patell", (2/sq(10.0/8) - 0.8/sq(20.0/18)) / sq(2), nan},
		// Lamb: (2 − 0.8)/√2.
		{"lamb", 1.2 / sq(2), 2 * (1 - phi(1.2/sq(2)))},
		// BMP: mean SAR 0.6, s = √((1.4² + 1.4²)/1) = 1.4√2: t = 0.6/(1.4√2/√2) = 0.6/1.4.
		{"bmp", 0.6 / 1.4, pStudent(0.6/1.4, 1)},
		// Wilcoxon on 0.5, −0.1: ranks of |x| 2, 1; V = 2; exact: P(V ≥ 2) = 2/4, P(V ≤ 2) = 3/4.
		{"wilcoxon", 2, 1},
	}
	for _, c := range cases {
		st := statOf(t, s, c.name)
		checkNear(t, c.name, st.Stat, c.stat, 1e-12)
		if !math.IsNaN(c.p) {
			checkNear(t, c.name+" p", st.P, c.p, 1e-12)
		}
	}
}

func sqr(x float64) float64 { return x * x }

// Wilcoxon's null distribution: the number of the 2^n sign patterns with
// W⁺ = w (coefficients of Π(1 + q^k)), against the printed tables.
func TestWilcoxonCounts(t *testing.T) {
	// n = 5: 32 arrangements; W⁺ = 0..15 (e.g. W⁺ = 5 from {5}, {1,4}, {2,3}).
	want5 := []float64{1, 1, 1, 2, 2, 3, 3, 3, 3, 3, 3, 2, 2, 1, 1, 1}
	if got := WilcoxonCounts(5); !slices.Equal(got, want5) {
		t.Errorf("WilcoxonCounts(5) = %v, want %v", got, want5)
	}
	for n := 1; n <= 30; n++ {
		c := WilcoxonCounts(n)
		var sum float64
		for w := range c {
			sum += c[w]
			if c[w] != c[len(c)-1-w] {
				t.Fatalf("n=%d: counts not symmetric at %d", n, w)
			}
		}
		if sum != math.Ldexp(1, n) {
			t.Errorf("n=%d: %g arrangements, want 2^n", n, sum)
		}
	}
	// Critical values of the table (e.g. Wilcoxon, Katti & Wilcox 1970;
	// Siegel 1956, table G): n = 10, P(W⁺ ≤ 8) = 25/1024 = 0.0244 and
	// P(W⁺ ≤ 10) = 43/1024 = 0.0420; n = 20, P(W⁺ ≤ 52) = 0.0242.
	cum := func(n, w int) float64 {
		var s float64
		for _, c := range WilcoxonCounts(n)[:w+1] {
			s += c
		}
		return s / math.Ldexp(1, n)
	}
	checkNear(t, "P(W ≤ 8 | n=10)", cum(10, 8), 25.0/1024, 1e-15)
	checkNear(t, "P(W ≤ 10 | n=10)", cum(10, 10), 43.0/1024, 1e-15)
	checkNear(t, "P(W ≤ 52 | n=20)", cum(20, 52), 0.0242, 5e-5)
}

func TestWilcoxonHand(t *testing.T) {
	// 1, −2, 3, 4, 5: V = 1+3+4+5 = 13; P(V ≥ 13) = (1+1+1)/32 (W = 13, 14, 15).
	s := Sample{X: []float64{1, -2, 3, 4, 5}}
	v, p := Wilcoxon(s)
	checkNear(t, "V", v, 13, 0)
	checkNear(t, "two-sided p", p, 6.0/32, 1e-15)
	// Ties force the normal approximation: 1, 1, −1, 2 → |x| ranks 2 2 2 4, V = 8;
	// mean 4·5/4 = 5, var 4·5·9/24 − (3³−3)/48 = 7.5 − 0.5 = 7;
	// P(V ≥ 8) ≈ 1 − Φ((8 − 5 − ½)/√7).
	s = Sample{X: []float64{1, 1, -1, 2}}
	v, _ = Wilcoxon(s)
	pan := &Panel{Params: Params{Conventions: Conventions{Alternative: Greater}}}
	s.Panel = pan
	_, pg := Wilcoxon(s)
	checkNear(t, "V ties", v, 8, 0)
	checkNear(t, "P(V ≥ 8) ties", pg, 0.5*math.Erfc(2.5/math.Sqrt(7)/math.Sqrt2), 1e-15)
	// Zeros are dropped: 0, 1, −2, 3, 4, 5 has V = 13 on n = 5 (normal, as R).
	v, _ = Wilcoxon(Sample{X: []float64{0, 1, -2, 3, 4, 5}})
	checkNear(t, "V zeros", v, 13, 0)
}

// Hall's skewness-corrected t on 1, 2, 3, 10 (Lyon, Barber & Tsai 1999, eq. 5):
// mean 4, deviations −3 −2 −1 6, Σd² = 50, Σd³ = 180, s = √(50/3),
// S = 4/s, γ̂ = 180/(4 s³), t = 2(S + γ̂S²/3 + γ̂/24).
func TestSkewTHand(t *testing.T) {
	s := math.Sqrt(50.0 / 3)
	S, g := 4/s, 180/(4*s*s*s)
	want := 2 * (S + g*S*S/3 + g/24)
	got, p := SkewT(Sample{X: []float64{1, 2, 3, 10}})
	checkNear(t, "skew_t", got, want, 1e-12)
	checkNear(t, "skew_t p", p, pStudent(want, 3), 1e-12)
	// Symmetric data: γ̂ = 0 and t_sa is the ordinary t.
	got, _ = SkewT(Sample{X: []float64{-1, 1, 2, 4}})
	ct, _ := CrossSectionalT(Sample{X: []float64{-1, 1, 2, 4}})
	checkNear(t, "skew_t symmetric", got, ct, 1e-12)
}

// The KP factor at r̄ = 0 is 1; the adjusted tests equal the raw ones for
// uncorrelated residuals and vanish as r̄ → 1.
func TestKPAdjustment(t *testing.T) {
	checkNear(t, "r=0", KPAdjustment(0, 50), 1, 0)
	// r̄ = 0.1, N = 30: √(0.9/3.9).
	checkNear(t, "r=0.1", KPAdjustment(0.1, 30), math.Sqrt(0.9/3.9), 1e-15)
	checkNear(t, "r=1", KPAdjustment(1, 30), 0, 0)
	if !math.IsNaN(KPAdjustment(-0.5, 30)) {
		t.Error("r̄ below −1/(N−1) must give NaN")
	}
}
