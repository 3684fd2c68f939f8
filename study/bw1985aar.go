package study

import "math"

// estAAR is the estimation-window AAR series of [BW1985] over the events
// rows: for each estimation day t, the mean of Rows[row].EstAR[t] over
// the rows with a residual on t (days without any are dropped). The sums run
// row by row (each row's residuals contiguous in memory) but, for each t,
// still over the rows in their order, so the values are the same bit for bit
// as summing day by day. The samples of consecutive event days usually have
// the same rows: the last series is kept and returned again (read only).
func (p *Panel) estAAR(rows []int) []float64 {
	return p.cache().aar.get(rows, func() []float64 { return p.estAARof(rows) })
}

func (p *Panel) estAARof(rows []int) []float64 {
	l1 := p.Params.Estimation.Len()
	sum := make([]float64, l1)
	cnt := make([]int, l1)
	for _, row := range rows {
		e := p.Rows[row].EstAR
		for t, v := range e[:min(len(e), l1)] {
			if !math.IsNaN(v) {
				sum[t] += v
				cnt[t]++
			}
		}
	}
	aar := make([]float64, 0, l1)
	for t, n := range cnt {
		if n > 0 {
			aar = append(aar, sum[t]/float64(n))
		}
	}
	return aar
}
