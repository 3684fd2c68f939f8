package study

import (
	"math"
	"testing"
)

// TestCAARSE checks the cross-sectional SE of CAAR against hand values: CARs
// on day 0 of 0.01, 0.03, 0.05 have mean 0.03, s = 0.02 and SE = 0.02/√3; a
// failed event is ignored; a day with one CAR gives NaN.
func TestCAARSE(t *testing.T) {
	p := Params{Event: Window{Start: -1, End: 1}}
	ev := func(st Status, cars ...float64) Result {
		r := Result{Status: st}
		for i, c := range cars {
			r.Days = append(r.Days, Day{RelDay: i - 1, CAR: c})
		}
		return r
	}
	nan := math.NaN()
	rs := []Result{
		ev(StatusOK, 0.00, 0.01, 0.02),
		ev(StatusOK, nan, 0.03, nan),
		ev(StatusOK, 0.00, 0.05, nan),
		ev(StatusInsufficientEstimation, 9, 9, 9),
	}
	got, n := CAARSE(p, rs)
	if len(n) != 3 || n[0] != 2 || n[1] != 3 || n[2] != 1 {
		t.Errorf("N = %v, want [2 3 1]", n)
	}
	want := []float64{nan, 0.02 / math.Sqrt(3), nan} // day −1: two identical zeros give s = 0
	want[0] = 0
	if len(got) != 3 {
		t.Fatalf("len %d, want 3", len(got))
	}
	for i := range want {
		if math.IsNaN(want[i]) != math.IsNaN(got[i]) || (!math.IsNaN(want[i]) && math.Abs(got[i]-want[i]) > 1e-15) {
			t.Errorf("day %d: SE %v, want %v", i-1, got[i], want[i])
		}
	}
}

// CAARBandSE against Student's quantile in closed form: t(p, 2) =
// (2p−1)/√(2p(1−p)) and t(p, 1) = tan(π(p−½)) (Cauchy). Day −1 has CARs
// {1, 3, 5}% (s = 2%, SE = 2%/√3, N = 3: t(0.975, 2) = 4.3027); day 0 has
// {2, 0}% (s = √2%, SE = 1%, N = 2: t(0.975, 1) = 12.706); day +1 has one
// CAR: NaN.
func TestCAARBandSE(t *testing.T) {
	p := DefaultParams()
	p.Event = Window{Start: -1, End: 1}
	rs := []Result{
		carPath(StatusOK, 0.01, 0.02, 0.03),
		carPath(StatusOK, 0.03, math.NaN(), math.NaN()),
		carPath(StatusOK, 0.05, 0.00, math.NaN()),
		carPath(StatusDegenerate, 9, 9, 9),
	}
	const z = 1.96
	t2 := 0.95 / math.Sqrt(2*0.975*0.025)
	t1 := math.Tan(math.Pi * 0.475)
	want := []float64{0.02 / math.Sqrt(3) * t2 / z, 0.01 * t1 / z}
	got := CAARBandSE(p, rs, z)
	if len(got) != 3 {
		t.Fatalf("%d entries, want 3", len(got))
	}
	for i, w := range want {
		if math.Abs(got[i]-w) > 1e-12*w {
			t.Errorf("day %d: %.15g, want %.15g", i-1, got[i], w)
		}
	}
	if !math.IsNaN(got[2]) {
		t.Errorf("day +1 with one event: %v, want NaN", got[2])
	}
}

// carPath is a Result of status st whose CAR path (Day.CAR) over the days
// −1, 0, +1, … is cars.
func carPath(st Status, cars ...float64) Result {
	r := Result{Status: st}
	for i, c := range cars {
		r.Days = append(r.Days, Day{RelDay: i - 1, CAR: c})
	}
	return r
}
