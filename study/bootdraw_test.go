package study

import (
	"fmt"
	"math"
	"testing"
)

// TestDrawMeansIntoSequential: the blocked, concurrent bootstrap gives the
// same means, bit for bit, as one sequential pass of the generator.
func TestDrawMeansIntoSequential(t *testing.T) {
	for _, tc := range []struct{ n, b int }{{2, 10}, {50, 2000}, {1000, 2000}, {10007, 333}} {
		t.Run(fmt.Sprintf("n=%d/b=%d", tc.n, tc.b), func(t *testing.T) {
			x := make([]float64, tc.n)
			for i := range x {
				x[i] = math.Sin(float64(i)*0.7) * 0.01
			}
			seed := splitMix{s: 0xfeed ^ uint64(tc.n)}
			want := make([]float64, tc.b)
			r := seed
			drawBlock(&r, x, want)
			got := make([]float64, tc.b)
			drawMeansInto(seed, x, got)
			for i := range want {
				if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
					t.Fatalf("resample %d: got %v, want %v", i, got[i], want[i])
				}
			}
		})
	}
}
