package study

import (
	"math"
	"runtime"
	"sync"
)

// forBlocks is [forRows] with blocks of at least grain items: f is called on
// consecutive blocks [lo, hi) of 0..n on up to GOMAXPROCS goroutines. f must
// write only to the items of its block.
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

// signCounts returns, per event of the panel, the number of estimation
// residuals above 0 and of non-missing ones, for [GeneralizedSign]; counted
// once per panel.
func (p *Panel) signCounts() (pos, all []int) {
	c := p.cache()
	c.signOnce.Do(func() {
		c.signPos = make([]int, len(p.Rows))
		c.signAll = make([]int, len(p.Rows))
		forRows(len(p.Rows), func(lo, hi int) {
			for i := lo; i < hi; i++ {
				var ps, ts int
				for _, e := range p.Rows[i].EstAR {
					if math.IsNaN(e) {
						continue
					}
					ts++
					if e > 0 {
						ps++
					}
				}
				c.signPos[i], c.signAll[i] = ps, ts
			}
		})
	})
	return c.signPos, c.signAll
}
