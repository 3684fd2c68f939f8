package study

import (
	"runtime"
	"sync"
)

// forRows calls f on the consecutive blocks [lo, hi) of 0..n on up to
// GOMAXPROCS goroutines and waits for them. f must write only to the rows of
// its block, so that the result does not depend on the split.
func forRows(n int, f func(lo, hi int)) { forBlocks(n, 256, f) }

// forBlocks is [forRows] with blocks of at least grain items.
func forBlocks(n, grain int, f func(lo, hi int)) {
	g := min(runtime.GOMAXPROCS(0), n/max(grain, 1))
	if g <= 1 {
		f(0, n)
		return
	}
	var wg sync.WaitGroup
	for k := range g {
		wg.Go(func() { f(k*n/g, (k+1)*n/g) })
	}
	wg.Wait()
}
