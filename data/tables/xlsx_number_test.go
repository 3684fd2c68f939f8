package tables

import (
	"math"
	"strconv"
	"testing"
)

// TestAppendNumber: the integer shortcut writes what strconv's shortest
// 'g' format writes (the bytes of the workbook are unchanged by it): whole
// numbers around the million where 'g' turns to an exponent, −0, halves,
// and values far from whole.
func TestAppendNumber(t *testing.T) {
	xs := []float64{0, math.Copysign(0, -1), 1, -1, 0.5, -2.5, 1e-7, 2.5e21, math.MaxFloat64, math.SmallestNonzeroFloat64, 0.1 + 0.2}
	for _, x := range []float64{1e5, 1e6, 1e7, 1 << 53} {
		for d := -2.0; d <= 2; d++ {
			xs = append(xs, x+d, -x-d)
		}
	}
	for i := range 2000 {
		xs = append(xs, float64(i*i*7-5000))
	}
	for _, x := range xs {
		if got, want := string(appendNumber(nil, x)), strconv.FormatFloat(x, 'g', -1, 64); got != want {
			t.Errorf("appendNumber(%v) = %s, want %s", x, got, want)
		}
	}
}
