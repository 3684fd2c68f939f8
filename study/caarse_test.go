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
