package study

import (
	"runtime"
	"sync"
)

// splitMixGamma is SplitMix64's state increment: after k draws the state of
// a generator seeded s is s + k·γ (mod 2⁶⁴).
const splitMixGamma = 0x9e3779b97f4a7c15

// drawMeansInto fills out[r] with the mean of the r-th bootstrap resample of
// x, drawn from rng in order, resample after resample. It splits the
// resamples into blocks drawn concurrently: each block starts from the state
// it would have if every draw before it took exactly one number (state jump
// s + k·γ); [splitMix.intN] rejects a number with probability < N/2⁶⁴, so a
// block whose actual starting state differs (an earlier block rejected) is
// drawn again, sequentially, from the right state. The means are the same,
// bit for bit, as one sequential pass.
func drawMeansInto(rng splitMix, x, out []float64) {
	drawBlocks(rng, x, out, min(runtime.GOMAXPROCS(0), len(out)), func(lo int) uint64 {
		return rng.s + uint64(lo)*uint64(len(x))*splitMixGamma
	})
}

// drawBlocks is [drawMeansInto] with g blocks, each block's starting state
// guessed by predict(first resample of the block) (tests pass wrong guesses
// to exercise the redraw).
func drawBlocks(rng splitMix, x, out []float64, g int, predict func(lo int) uint64) {
	n, b := len(x), len(out)
	if g <= 1 || n*b < 1<<16 {
		drawBlock(&rng, x, out)
		return
	}
	start := make([]uint64, g) // the state each block assumed
	end := make([]uint64, g)   // the state each block finished in
	var wg sync.WaitGroup
	for k := range g {
		lo, hi := k*b/g, (k+1)*b/g
		start[k] = predict(lo)
		wg.Go(func() {
			r := splitMix{s: start[k]}
			drawBlock(&r, x, out[lo:hi])
			end[k] = r.s
		})
	}
	wg.Wait()
	cur := rng.s
	for k := range g {
		if start[k] != cur {
			r := splitMix{s: cur}
			drawBlock(&r, x, out[k*b/g:(k+1)*b/g])
			end[k] = r.s
		}
		cur = end[k]
	}
}

// drawBlock is the sequential bootstrap: for each out[r], the mean of len(x)
// values of x drawn with replacement from rng.
func drawBlock(rng *splitMix, x, out []float64) {
	n := len(x)
	for r := range out {
		var sum float64
		for range n {
			sum += x[rng.intN(n)]
		}
		out[r] = sum / float64(n)
	}
}
