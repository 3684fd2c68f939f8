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
// [CrossSectionalT]), so CAAR_τ ± 1.96·SE_τ is the band of that test. It is
// robust to event-specific variance but not to cross-correlation. An entry is
// NaN where fewer than two events have a CAR. The result has one element per
// day of p.Event, in order.
func CAARSE(p Params, rs []Result) []float64 {
	n := p.Event.End - p.Event.Start + 1
	if n <= 0 {
		return nil
	}
	sum := make([]float64, n)
	cnt := make([]int, n)
	for _, r := range rs {
		if r.Status != StatusOK {
			continue
		}
		for _, d := range r.Days {
			if i := d.RelDay - p.Event.Start; i >= 0 && i < n && finiteF(d.CAR) {
				sum[i] += d.CAR
				cnt[i]++
			}
		}
	}
	ss := make([]float64, n)
	for _, r := range rs {
		if r.Status != StatusOK {
			continue
		}
		for _, d := range r.Days {
			if i := d.RelDay - p.Event.Start; i >= 0 && i < n && finiteF(d.CAR) {
				dev := d.CAR - sum[i]/float64(cnt[i])
				ss[i] += dev * dev
			}
		}
	}
	out := make([]float64, n)
	for i := range out {
		if cnt[i] < 2 {
			out[i] = math.NaN()
			continue
		}
		out[i] = math.Sqrt(ss[i]/float64(cnt[i]-1)) / math.Sqrt(float64(cnt[i]))
	}
	return out
}

func finiteF(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
