package study

import (
	"math"
	"testing"
)

// aggCase is three events with hand-picked ARs on an event window 0..+2 and a
// CAR window 0..+1 (values not from Estimate, so that every sum is by hand):
//
//	         day 0: AR  SE    day +1: AR  SE     day +2   CAR(0..+1)  SE     DF
//	event a       0.01 0.01           0    0.01  missing      0.01    0.015  10
//	event b       0.03 0.02          −0.02 0.02  missing      0.01    0.025  10
//	event c       0.02 0.01         missing      missing    (no days)        20
//
// plus a failed event that must be ignored.
func aggCase() (Params, []Result) {
	nan := math.NaN()
	p := Params{Model: MarketModel, Estimation: Window{-10, -1}, Event: Window{0, 2}, CARs: []Window{{0, 1}}, MinEst: 5}
	res := func(id string, df int, ar0, se0, ar1, se1, car, carSE float64, n int) Result {
		return Result{Event: Event{ID: id}, Status: StatusOK, Fit: Fit{DF: df},
			Days: []Day{{RelDay: 0, AR: ar0, SE: se0}, {RelDay: 1, AR: ar1, SE: se1}, {RelDay: 2, AR: nan, SE: nan}},
			CARs: []CAR{{Window: p.CARs[0], NDays: n, CAR: car, SE: carSE}}}
	}
	return p, []Result{
		res("b", 10, 0.03, 0.02, -0.02, 0.02, 0.01, 0.025, 2),
		{Event: Event{ID: "x"}, Status: StatusDegenerate},
		res("a", 10, 0.01, 0.01, 0, 0.01, 0.01, 0.015, 2),
		res("c", 20, 0.02, 0.01, nan, nan, nan, nan, 0),
	}
}

func TestAggregateHand(t *testing.T) {
	p, rs := aggCase()
	s := Aggregate(p, rs)
	if len(s.Tests) < 3 || s.Tests[0] != "cs_t" || s.Tests[1] != "j1" || s.Tests[2] != "j2" {
		t.Fatalf("Tests = %v, want cs_t j1 j2 first", s.Tests)
	}
	nan := math.NaN()
	type want struct {
		n                int
		aar, caar        float64
		cs, csP, j1, j1P float64
		j2, j2P          float64
	}
	days := []want{
		// AAR = 0.02; s² = (10⁻⁴ + 10⁻⁴ + 0)/2 = 10⁻⁴; cs_t = 0.02/(0.01/√3) = 2√3, and
		// t with 2 df: P(|T| > t) = 1 − t/√(2 + t²) = 1 − √(12/14).
		// J1 = 0.02/√((10⁻⁴ + 4·10⁻⁴ + 10⁻⁴)/9) = √6, p = erfc(√3).
		// J2 = (1 + 1.5 + 2)/√(10/8 + 10/8 + 20/18).
		{3, 0.02, 0.02, 2 * math.Sqrt(3), 1 - math.Sqrt(12.0/14), math.Sqrt(6), math.Erfc(math.Sqrt(3)),
			4.5 / math.Sqrt(2.5+20.0/18), math.Erfc(4.5 / math.Sqrt(2.5+20.0/18) / math.Sqrt2)},
		// AAR = −0.01, CAAR = 0.01; s² = 2·10⁻⁴/1, cs_t = −0.01/(√(2·10⁻⁴)/√2) = −1, t with 1 df
		// (Cauchy): P(|T| > 1) = 1 − (2/π)·atan 1 = 0.5. J1 = −0.01/√(5·10⁻⁴/4) = −1/√1.25.
		// J2 = (0 − 1)/√2.5.
		{2, -0.01, 0.01, -1, 0.5, -1 / math.Sqrt(1.25), math.Erfc(1 / math.Sqrt(2.5)),
			-1 / math.Sqrt(2.5), math.Erfc(1 / math.Sqrt(5))},
		// No AR: N = 0, CAAR carries over, tests NaN.
		{0, nan, 0.01, nan, nan, nan, nan, nan, nan},
	}
	check := func(name string, n int, aar, caar float64, st []Stat, w want) {
		t.Helper()
		if n != w.n {
			t.Errorf("%s: N = %d, want %d", name, n, w.n)
		}
		checkNear(t, name+" AAR", aar, w.aar, 1e-15)
		checkNear(t, name+" CAAR", caar, w.caar, 1e-15)
		checkNear(t, name+" cs_t", st[0].Stat, w.cs, 1e-12)
		checkNear(t, name+" cs_t p", st[0].P, w.csP, 1e-12)
		checkNear(t, name+" j1", st[1].Stat, w.j1, 1e-12)
		checkNear(t, name+" j1 p", st[1].P, w.j1P, 1e-12)
		checkNear(t, name+" j2", st[2].Stat, w.j2, 1e-12)
		checkNear(t, name+" j2 p", st[2].P, w.j2P, 1e-12)
		for i, name := range []string{"cs_t", "j1", "j2"} {
			if st[i].Test != name {
				t.Errorf("Tests[%d].Test = %q, want %q", i, st[i].Test, name)
			}
		}
	}
	for k, d := range s.Days {
		if d.RelDay != k {
			t.Errorf("Days[%d].RelDay = %d", k, d.RelDay)
		}
		check("day "+string(rune('0'+k)), d.N, d.AAR, d.CAAR, d.Tests, days[k])
	}
	// Window 0..+1: CARs 0.01, 0.01 (event c has no day). s = 0: cs_t NaN.
	// J1 = 0.01/(√(0.015² + 0.025²)/2); J2 = (0.01/0.015 + 0.01/0.025)/√2.5.
	w := s.Windows[0]
	j1 := 0.01 / (math.Sqrt(0.015*0.015+0.025*0.025) / 2)
	j2 := (0.01/0.015 + 0.01/0.025) / math.Sqrt(2.5)
	if w.Window != p.CARs[0] {
		t.Errorf("Windows[0].Window = %v, want %v", w.Window, p.CARs[0])
	}
	check("window 0..+1", w.N, w.CAAR, w.CAAR, w.Tests,
		want{2, 0.01, 0.01, nan, nan, j1, math.Erfc(j1 / math.Sqrt2), j2, math.Erfc(j2 / math.Sqrt2)})
}

func TestAggregateEmpty(t *testing.T) {
	p := DefaultParams()
	s := Aggregate(p, nil)
	if len(s.Days) != 21 || len(s.Windows) != 4 {
		t.Fatalf("Aggregate(nil): %d days, %d windows; want 21, 4", len(s.Days), len(s.Windows))
	}
	for _, d := range s.Days {
		if d.N != 0 || !math.IsNaN(d.AAR) || !math.IsNaN(d.CAAR) || !math.IsNaN(d.Tests[0].Stat) || !math.IsNaN(d.Tests[2].P) {
			t.Errorf("Aggregate(nil) day %d = %+v, want N 0 and NaN", d.RelDay, d)
		}
	}
}

func TestJ2SmallDF(t *testing.T) {
	// ν ≤ 2: Student's t has no finite variance, J2 is undefined.
	s := Sample{X: []float64{1, 2}, Var: []float64{1, 1}, DF: []int{30, 2}}
	if z, p := J2(s); !math.IsNaN(z) || !math.IsNaN(p) {
		t.Errorf("J2 with ν = 2 = %g, %g; want NaN", z, p)
	}
}

func TestAggregateWithCustomTest(t *testing.T) {
	p, rs := aggCase()
	count := Test{Name: "n", Func: func(s Sample) (float64, float64) {
		// Rows index the panel, which is sorted by event ID: a, b, c.
		ids := ""
		for _, i := range s.Rows {
			ids += s.Panel.Rows[i].Event.ID
		}
		if s.Window == (Window{0, 0}) && ids != "abc" {
			t.Errorf("day 0 rows = %q, want abc", ids)
		}
		return float64(len(s.X)), 0
	}}
	s := AggregateWith(p, rs, []Test{count})
	if s.Tests[0] != "n" || s.Days[0].Tests[0].Stat != 3 || s.Days[1].Tests[0].Stat != 2 || s.Windows[0].Tests[0].Stat != 2 {
		t.Errorf("AggregateWith(count) = %v %v %v", s.Days[0].Tests, s.Days[1].Tests, s.Windows[0].Tests)
	}
}
