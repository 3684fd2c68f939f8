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

// A block whose guessed starting state is wrong (as after a rejection in an
// earlier block, which is too rare to provoke: probability < N/2⁶⁴ a draw)
// is drawn again from the true state: the means are still the sequential
// ones, for every pattern of wrong guesses over four blocks.
func TestDrawBlocksRedraw(t *testing.T) {
	x := make([]float64, 300)
	for i := range x {
		x[i] = math.Cos(float64(i)*1.3) * 0.02
	}
	seed := splitMix{s: 0xbeef}
	want := make([]float64, 400)
	r := seed
	drawBlock(&r, x, want)
	for wrong := range 16 {
		got := make([]float64, len(want))
		drawBlocks(seed, x, got, 4, func(lo int) uint64 {
			s := seed.s + uint64(lo)*uint64(len(x))*splitMixGamma
			if wrong>>(lo*4/len(want))&1 == 1 {
				s++ // not the state this block starts from
			}
			return s
		})
		for i := range want {
			if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
				t.Fatalf("wrong guesses %04b: resample %d: got %v, want %v", wrong, i, got[i], want[i])
			}
		}
	}
}

// BenchmarkDrawBlock is the bootstrap's inner loop: 200 resamples of 10,000
// events (one CAR window of the 10,000-event target draws 2,000).
func BenchmarkDrawBlock(b *testing.B) {
	x := make([]float64, 10_000)
	for i := range x {
		x[i] = math.Sin(float64(i))
	}
	out := make([]float64, 200)
	rng := splitMix{s: 1}
	for b.Loop() {
		drawBlock(&rng, x, out)
	}
	b.ReportMetric(float64(len(x)*len(out)*b.N)/b.Elapsed().Seconds(), "draws/s")
}
