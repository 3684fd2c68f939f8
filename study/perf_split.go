package study

import "math"

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
