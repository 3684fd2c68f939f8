package study

import "math"

// CAARSE returns, for each day τ of the event window p.Event, the
// cross-sectional standard error of CAAR(start..τ):
//
//	SE(CAAR_τ) = s_τ / √N_τ,   s²_τ = Σ_i (CAR_i(start..τ) − mean)² / (N_τ − 1)
//
// over the events with status OK and a finite CAR on day τ ([Day.CAR], the
// cumulative AR from the window start). It is the denominator of the
// cross-sectional t test of a CAR (Brown & Warner 1985; Campbell, Lo &
// MacKinlay 1997, sec. 4.4.3, σ̄² estimated from the cross-section; see
// [CrossSectionalT]). It is robust to event-specific variance but not to
// cross-correlation. An entry is NaN where fewer than two events have a CAR.
//
// Both slices have one element per day of p.Event, in order; n holds N_τ, the
// events behind each entry, so that a 95% interval of the cross-sectional t
// test is CAAR_τ ± t(0.975, N_τ−1)·SE_τ.
func CAARSE(p Params, rs []Result) (se []float64, n []int) {
	days := p.Event.End - p.Event.Start + 1
	if days <= 0 {
		return nil, nil
	}
	sum := make([]float64, days)
	n = make([]int, days)
	each := func(f func(i int, car float64)) {
		for j := range rs { // by index: a Result is 520 bytes to copy
			if rs[j].Status != StatusOK {
				continue
			}
			for k := range rs[j].Days {
				d := &rs[j].Days[k]
				if i := d.RelDay - p.Event.Start; i >= 0 && i < days && finiteF(d.CAR) {
					f(i, d.CAR)
				}
			}
		}
	}
	each(func(i int, car float64) { sum[i] += car; n[i]++ })
	ss := make([]float64, days)
	each(func(i int, car float64) { dev := car - sum[i]/float64(n[i]); ss[i] += dev * dev })
	se = make([]float64, days)
	for i := range se {
		if n[i] < 2 {
			se[i] = math.NaN()
			continue
		}
		se[i] = math.Sqrt(ss[i]/float64(n[i]-1)) / math.Sqrt(float64(n[i]))
	}
	return se, n
}

func finiteF(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// CAARBandSE returns the standard errors of [CAARSE] scaled so that
// CAAR_τ ± z·se_τ is the 95% interval of the cross-sectional t test,
//
//	CAAR_τ ± t(0.975, N_τ−1) · SE_τ   (Brown & Warner 1985),
//
// that is se_τ = SE_τ · t(0.975, N_τ−1) / z. A chart that draws every band as
// ±z·se (z = 1.96) then shows the test's interval: with few events the
// normal 1.96 would draw a band far narrower than the test's (t(0.975, 2) =
// 4.303). Entries with fewer than two events are NaN, as in CAARSE.
func CAARBandSE(p Params, rs []Result, z float64) []float64 {
	se, n := CAARSE(p, rs)
	for i := range se {
		if n[i] >= 2 {
			se[i] *= studentQuantile(0.975, float64(n[i]-1)) / z
		}
	}
	return se
}
