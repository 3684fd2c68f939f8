package study

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestRegressPlantGrowth: R's lm(weight ~ group, data = PlantGrowth) prints
// (summary.lm, classic standard errors)
//
//	            Estimate Std. Error t value Pr(>|t|)
//	(Intercept)   5.0320     0.1971  25.527   <2e-16
//	grouptrt1    -0.3710     0.2788  -1.331   0.1944
//	grouptrt2     0.4940     0.2788   1.772   0.0877
//	Multiple R-squared:  0.2641,	Adjusted R-squared:  0.2096
func TestRegressPlantGrowth(t *testing.T) {
	var y []float64
	var g []string
	for i, grp := range [][]float64{plantCtrl, plantTrt1, plantTrt2} {
		for _, v := range grp {
			y = append(y, v)
			g = append(g, []string{"ctrl", "trt1", "trt2"}[i])
		}
	}
	r, err := Regress(RegressionSpec{Y: y, YName: "weight", Factors: []Factor{{"group", g}}, SE: SEClassic})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		name       string
		est, se, t float64
		p          float64
	}{
		{"(Intercept)", 5.0320, 0.1971, 25.527, math.NaN()},
		{"group[trt1]", -0.3710, 0.2788, -1.331, 0.1944},
		{"group[trt2]", 0.4940, 0.2788, 1.772, 0.0877},
	}
	if len(r.Terms) != len(want) {
		t.Fatalf("%d terms, want %d", len(r.Terms), len(want))
	}
	for j, w := range want {
		got := r.Terms[j]
		if got.Name != w.name {
			t.Errorf("term %d = %s, want %s", j, got.Name, w.name)
		}
		checkNear(t, w.name+" estimate", got.Estimate, w.est, 5e-5)
		checkNear(t, w.name+" SE", got.SE, w.se, 5e-5)
		checkNear(t, w.name+" t", got.Stat, w.t, 5e-4)
		if !math.IsNaN(w.p) {
			checkNear(t, w.name+" p", got.P, w.p, 5e-5)
		}
	}
	checkNear(t, "R²", r.R2, 0.2641, 5e-5)
	checkNear(t, "adjusted R²", r.AdjR2, 0.2096, 5e-5)
	if r.N != 30 || r.K != 3 || r.DF != 27 {
		t.Errorf("n, k, df = %d, %d, %d, want 30, 3, 27", r.N, r.K, r.DF)
	}
}

// TestRegressHand: y = 1, 2, 4 on x = 0, 1, 2, worked by hand. x̄ = 1,
// Sxx = 2, slope 1.5, intercept 5/6, residuals 1/6, −1/3, 1/6, SSR = 1/6 on
// 1 d.f. The slope's row of (X′X)⁻¹X′ is (x_i − x̄)/Sxx, so
//
//	classic  σ̂²/Sxx = 1/12
//	hc1      n/(n−k)·Σ (x_i−x̄)² ê_i² / Sxx² = 3 · (2/36)/4 = 1/24
//	hc3      leverages 5/6, 1/3, 5/6: Σ (x_i−x̄)² ê_i²/(1−h_i)² / Sxx² = 2/4
//	cluster  {1,2}, {3}: u = −1/6, 1/6; c = 2/1·2/1 = 4: 4·(2/36)/4 = 1/18, t on 1 d.f.
func TestRegressHand(t *testing.T) {
	y := []float64{1, 2, 4}
	x := []Regressor{{"x", []float64{0, 1, 2}}}
	cl := &Factor{"firm", []string{"a", "a", "b"}}
	for _, c := range []struct {
		se   SEType
		want float64
	}{{SEClassic, 1.0 / 12}, {SEHC1, 1.0 / 24}, {SEHC3, 0.5}, {SECluster, 1.0 / 18}} {
		r, err := Regress(RegressionSpec{Y: y, Numeric: x, SE: c.se, Cluster: cl})
		if err != nil {
			t.Fatalf("%s: %v", c.se, err)
		}
		checkNear(t, string(c.se)+" slope", r.Terms[1].Estimate, 1.5, 1e-12)
		checkNear(t, string(c.se)+" intercept", r.Terms[0].Estimate, 5.0/6, 1e-12)
		checkNear(t, string(c.se)+" slope SE²", r.Terms[1].SE*r.Terms[1].SE, c.want, 1e-12)
		// t on 1 d.f. is Cauchy: p = 1 − (2/π)·atan|t|.
		tt := 1.5 / math.Sqrt(c.want)
		checkNear(t, string(c.se)+" p", r.Terms[1].P, 1-2/math.Pi*math.Atan(tt), 1e-12)
		if r.DF != 1 {
			t.Errorf("%s: df = %d, want 1", c.se, r.DF)
		}
	}
	// R² = 1 − (1/6)/Σ(y − 7/3)² = 1 − (1/6)/(14/3) = 27/28.
	r, _ := Regress(RegressionSpec{Y: y, Numeric: x})
	checkNear(t, "R²", r.R2, 27.0/28, 1e-12)
	if r.SE != SEHC1 {
		t.Errorf("default SE = %s, want hc1", r.SE)
	}
}

// naiveRegression is a second implementation: normal equations X′WX b = X′Wy,
// inverted by Gauss–Jordan elimination, and each covariance written as its
// textbook sum, observation by observation.
func naiveRegression(t *testing.T, y []float64, x [][]float64, w []float64, se SEType, cluster []string) (b, sev []float64) {
	t.Helper()
	n, k := len(y), len(x[0])
	xtx := make([][]float64, k)
	for i := range xtx {
		xtx[i] = make([]float64, k)
	}
	xty := make([]float64, k)
	for r := range n {
		for i := range k {
			for j := range k {
				xtx[i][j] += w[r] * x[r][i] * x[r][j]
			}
			xty[i] += w[r] * x[r][i] * y[r]
		}
	}
	xtxInv := gaussJordanInverse(xtx)
	inv := func(i, j int) float64 { return xtxInv[i][j] }
	b = make([]float64, k)
	for i := range k {
		for j := range k {
			b[i] += inv(i, j) * xty[j]
		}
	}
	e := make([]float64, n) // weighted residuals √w(y − xb)
	var ssr float64
	for r := range n {
		fit := 0.0
		for j := range k {
			fit += x[r][j] * b[j]
		}
		e[r] = math.Sqrt(w[r]) * (y[r] - fit)
		ssr += e[r] * e[r]
	}
	meat := make([][]float64, k)
	for i := range meat {
		meat[i] = make([]float64, k)
	}
	scale := 1.0
	switch se {
	case SEHC1, SEHC3:
		for r := range n {
			s := e[r] * e[r]
			if se == SEHC3 {
				h := 0.0
				for i := range k {
					for j := range k {
						h += w[r] * x[r][i] * inv(i, j) * x[r][j]
					}
				}
				s /= (1 - h) * (1 - h)
			}
			for i := range k {
				for j := range k {
					meat[i][j] += s * w[r] * x[r][i] * x[r][j]
				}
			}
		}
		if se == SEHC1 {
			scale = float64(n) / float64(n-k)
		}
	case SECluster:
		groups := map[string][]int{}
		for r, c := range cluster {
			groups[c] = append(groups[c], r)
		}
		for _, rs := range groups {
			u := make([]float64, k)
			for _, r := range rs {
				for i := range k {
					u[i] += e[r] * math.Sqrt(w[r]) * x[r][i]
				}
			}
			for i := range k {
				for j := range k {
					meat[i][j] += u[i] * u[j]
				}
			}
		}
		g := float64(len(groups))
		scale = g / (g - 1) * float64(n-1) / float64(n-k)
	}
	sev = make([]float64, k)
	for j := range k {
		if se == SEClassic {
			sev[j] = math.Sqrt(ssr / float64(n-k) * inv(j, j))
			continue
		}
		v := 0.0
		for a := range k {
			for c := range k {
				v += inv(j, a) * meat[a][c] * inv(c, j)
			}
		}
		sev[j] = math.Sqrt(scale * v)
	}
	return b, sev
}

// TestRegressAgainstNaive compares every SE type, with and without weights,
// with a numeric regressor, a factor of three levels and missing values, to
// the naive implementation on the events left after exclusions.
func TestRegressAgainstNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 14))
	n := 200
	y, size, wts := make([]float64, n), make([]float64, n), make([]float64, n)
	sector, firm := make([]string, n), make([]string, n)
	use := make([]bool, n)
	for i := range n {
		size[i] = 5 + 2*rng.NormFloat64()
		sector[i] = []string{"tech", "bank", "energy"}[rng.IntN(3)]
		firm[i] = string(rune('A' + rng.IntN(12)))
		sd := 0.01 * (1 + float64(i%4))
		wts[i] = 1 / (sd * sd)
		y[i] = 0.01 - 0.002*size[i] + sd*rng.NormFloat64()
		if sector[i] == "bank" {
			y[i] += 0.01
		}
		use[i] = i%17 != 0
	}
	y[3], size[5], sector[7] = math.NaN(), math.NaN(), "" // one of each missing
	// Rows that enter, and the naive design (intercept, size, energy, tech).
	var ny []float64
	var nx [][]float64
	var nw []float64
	var ncl []string
	for i := range n {
		if !use[i] || i == 3 || i == 5 || i == 7 {
			continue
		}
		ind := func(l string) float64 {
			if sector[i] == l {
				return 1
			}
			return 0
		}
		ny = append(ny, y[i])
		nx = append(nx, []float64{1, size[i], ind("energy"), ind("tech")})
		nw = append(nw, wts[i])
		ncl = append(ncl, firm[i])
	}
	ones := make([]float64, len(ny))
	for i := range ones {
		ones[i] = 1
	}
	for _, weighted := range []bool{false, true} {
		for _, se := range []SEType{SEClassic, SEHC1, SEHC3, SECluster} {
			spec := RegressionSpec{Y: y, YName: "car:-1,1", Numeric: []Regressor{{"size", size}},
				Factors: []Factor{{"sector", sector}}, SE: se, Cluster: &Factor{"firm", firm}, Use: use}
			w := ones
			if weighted {
				spec.Weights, w = wts, nw
			}
			r, err := Regress(spec)
			if err != nil {
				t.Fatal(err)
			}
			b, sev := naiveRegression(t, ny, nx, w, se, ncl)
			wantNames := []string{"(Intercept)", "size", "sector[energy]", "sector[tech]"}
			for j := range b {
				if r.Terms[j].Name != wantNames[j] {
					t.Errorf("term %d = %s, want %s", j, r.Terms[j].Name, wantNames[j])
				}
				if math.Abs(r.Terms[j].Estimate-b[j]) > 1e-9*(1+math.Abs(b[j])) || math.Abs(r.Terms[j].SE-sev[j]) > 1e-9*sev[j] {
					t.Errorf("weighted %v %s %s: %g (SE %g), naive %g (SE %g)", weighted, se, wantNames[j],
						r.Terms[j].Estimate, r.Terms[j].SE, b[j], sev[j])
				}
			}
			if r.N != len(ny) {
				t.Errorf("n = %d, want %d", r.N, len(ny))
			}
			wantDF := len(ny) - 4
			if se == SECluster {
				wantDF = 12 - 1
			}
			if r.DF != wantDF {
				t.Errorf("%s: df = %d, want %d", se, r.DF, wantDF)
			}
		}
	}
	r, _ := Regress(RegressionSpec{Y: y, YName: "car:-1,1", Numeric: []Regressor{{"size", size}},
		Factors: []Factor{{"sector", sector}}, Use: use})
	notOK := 0
	for i := range n {
		if !use[i] {
			notOK++
		}
	}
	want := []Exclusion{{"status not ok", notOK}, {"no value of car:-1,1", 1}, {"no value of size", 1}, {"no value of sector", 1}}
	if len(r.Excluded) != len(want) {
		t.Fatalf("excluded %v, want %v", r.Excluded, want)
	}
	for i, w := range want {
		if r.Excluded[i] != w {
			t.Errorf("excluded[%d] = %v, want %v", i, r.Excluded[i], w)
		}
	}
	if r.NExcluded()+r.N != n {
		t.Errorf("excluded %d + used %d ≠ %d events", r.NExcluded(), r.N, n)
	}
}

// TestRegressWLSConstantWeights: equal weights give the OLS estimates and
// standard errors (WLS scales both sides by the same √w).
func TestRegressWLSConstantWeights(t *testing.T) {
	y := []float64{1, 2, 4, 3, 7}
	x := []Regressor{{"x", []float64{0, 1, 2, 3, 4}}}
	w := []float64{9, 9, 9, 9, 9}
	for _, se := range []SEType{SEClassic, SEHC1, SEHC3} {
		a, _ := Regress(RegressionSpec{Y: y, Numeric: x, SE: se})
		b, _ := Regress(RegressionSpec{Y: y, Numeric: x, SE: se, Weights: w})
		for j := range a.Terms {
			checkNear(t, string(se)+" estimate", b.Terms[j].Estimate, a.Terms[j].Estimate, 1e-12)
			checkNear(t, string(se)+" SE", b.Terms[j].SE, a.Terms[j].SE, 1e-12)
		}
		checkNear(t, "R²", b.R2, a.R2, 1e-12)
	}
}

func TestRegressErrors(t *testing.T) {
	y := []float64{1, 2, 4, 3, 7, 5}
	x := []float64{0, 1, 2, 3, 4, 5}
	for _, c := range []struct {
		name string
		spec RegressionSpec
		want string
	}{
		{"collinear", RegressionSpec{Y: y, Numeric: []Regressor{{"x", x}, {"x2", []float64{0, 2, 4, 6, 8, 10}}}}, "term x2 is a linear combination"},
		{"constant", RegressionSpec{Y: y, Numeric: []Regressor{{"one", []float64{3, 3, 3, 3, 3, 3}}}}, "term one is a linear combination"},
		{"level of one event", RegressionSpec{Y: y, Factors: []Factor{{"sector", []string{"a", "a", "b", "b", "b", "c"}}}}, `level "c" has 1 event`},
		{"one level", RegressionSpec{Y: y, Factors: []Factor{{"sector", []string{"a", "a", "a", "a", "", ""}}}}, "factor sector has one level (a)"},
		{"too few events", RegressionSpec{Y: y[:2], Numeric: []Regressor{{"x", x[:2]}}}, "2 events for 2 terms"},
		{"one cluster", RegressionSpec{Y: y, SE: SECluster, Cluster: &Factor{"firm", []string{"a", "a", "a", "a", "a", "a"}}}, "2 clusters or more; firm has 1"},
		{"dummy collinear with numeric", RegressionSpec{Y: y, Numeric: []Regressor{{"big", []float64{1, 1, 1, 0, 0, 0}}},
			Factors: []Factor{{"sector", []string{"a", "a", "a", "b", "b", "b"}}}}, "term sector[b] is a linear combination of the terms before it ((Intercept), big)"},
	} {
		_, err := Regress(c.spec)
		if !errors.Is(err, ErrRegression) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
	// Units do not trigger a false collinearity: a market value in dollars.
	big := make([]float64, len(x))
	for i := range x {
		big[i] = 1e12 * (1 + x[i]*x[i])
	}
	if _, err := Regress(RegressionSpec{Y: y, Numeric: []Regressor{{"mktcap", big}}}); err != nil {
		t.Errorf("market value in dollars: %v", err)
	}
}
