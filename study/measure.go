package study

import (
	"fmt"
	"math"
	"time"
)

// Measure is what a study measures the abnormal part of: returns (the
// default), trading volume, or return volatility.
type Measure int

const (
	// MeasureReturns studies abnormal returns (MacKinlay 1997).
	MeasureReturns Measure = iota
	// MeasureVolume studies abnormal log trading volume (Campbell & Wasley
	// 1996): the series fed to [Estimate] are v_t = ln(1 + V_t) of the firm
	// and of the benchmark ([LogVolume]) instead of returns, and every AR is
	// an abnormal log volume. The models are [ConstantMean] (mean-adjusted:
	// v_iτ − v̄_i over the estimation window; Campbell & Wasley 1996, sec. 2)
	// and [MarketModel] (v_iτ − α̂_i − β̂_i v_mτ, the benchmark's log volume
	// as the market factor). BHAR, which compounds returns, is NaN.
	MeasureVolume
	// MeasureVolatility studies abnormal return volatility: the return study
	// as usual plus the variance ratios of [VolatilityStats] (Beaver 1968).
	MeasureVolatility
)

var measureNames = [...]string{"returns", "volume", "volatility"}

func (m Measure) String() string {
	if m >= 0 && int(m) < len(measureNames) {
		return measureNames[m]
	}
	return fmt.Sprintf("Measure(%d)", int(m))
}

// ParseMeasure reads returns, volume or volatility (--measure).
func ParseMeasure(s string) (Measure, error) {
	for i, n := range measureNames {
		if s == n {
			return Measure(i), nil
		}
	}
	return 0, fmt.Errorf("unknown measure %q (want returns, volume or volatility)", s)
}

// ModelName is the name of p.Model as the outputs write it: the
// constant-mean model of log volume is called mean-adjusted, as in Campbell &
// Wasley (1996); every other model keeps [Model.String].
func (p Params) ModelName() string {
	if p.Measure == MeasureVolume && p.Model == ConstantMean {
		return "mean-adjusted"
	}
	return p.Model.String()
}

// LogVolume turns a series of daily share volumes into log volumes,
//
//	v_t = ln(1 + V_t)
//
// the transformation of Campbell & Wasley (1996, sec. 2, following Ajinkya &
// Jain 1989) that makes daily volume close to normal; the 1 keeps a day
// without trades (V = 0, v = 0) defined. A volume that is NaN, ±Inf or
// negative (a vendor's "unknown") is a missing observation and is omitted,
// as [ConvertReturns] omits missing returns, so event time sees it as a
// missing day and nothing is guessed. Every other date is kept: unlike
// [Returns], no observation is lost at the start.
//
// LogVolume panics if volume.Dates and volume.Values have different lengths.
func LogVolume(volume Series) Series {
	checkSeries(volume)
	out := Series{
		Dates:  make([]time.Time, 0, volume.Len()),
		Values: make([]float64, 0, volume.Len()),
	}
	for i, v := range volume.Values {
		if !(v >= 0) || math.IsInf(v, 1) {
			continue
		}
		out.Dates = append(out.Dates, volume.Dates[i])
		out.Values = append(out.Values, math.Log1p(v))
	}
	return out
}

// VolumeUnsuited are the tests of [BatteryTests] that [MeasureTests] leaves
// empty (NaN) for abnormal log volume, with the reason written in the docs
// (docs/measures.md):
//
//	j1 j2 bw1980 lamb   compare the mean with the estimation-window time-series variance
//	                    alone, assuming serially independent normal ARs; log volume is
//	                    autocorrelated, so over several days they over-reject. Patell's
//	                    standardized test is kept as the parametric test of Campbell &
//	                    Wasley (1996) and BMP, cs_t as its robust forms.
//	bw1985              scales a daily variance by √L, invalid for the same reason
//	skew_t_bhar         a BHAR compounds returns; log volumes cannot be compounded
var VolumeUnsuited = []string{"j1", "j2", "bw1980", "bw1985", "lamb", "skew_t_bhar"}

// MeasureTests returns tests adapted to measure m: for [MeasureVolume] the
// tests named in [VolumeUnsuited] keep their place (so aar.csv and
// summary.csv have the same columns and rows) but give NaN; for the other
// measures tests is returned as is.
func MeasureTests(m Measure, tests []Test) []Test {
	if m != MeasureVolume {
		return tests
	}
	out := make([]Test, len(tests))
	for i, t := range tests {
		out[i] = t
		for _, n := range VolumeUnsuited {
			if t.Name == n {
				out[i] = Test{Name: t.Name, Func: func(Sample) (float64, float64) { return nan, nan }}
			}
		}
	}
	return out
}
