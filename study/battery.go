package study

import (
	"math"
)

// BatteryTests returns the full battery of tests across events (issue 3), in
// the column order of aar.csv and the row order of summary.csv:
//
//	cs_t j1 j2                      parametric, cross-sectional and model variance
//	bw1980 bw1985                   Brown & Warner (1980) independence, (1985) crude dependence adjustment
//	patell patell_kp bmp bmp_kp     standardized tests, raw and Kolari–Pynnönen (2010) adjusted
//	lamb                            Lamb (1995)
//	corrado_rank cz_rank cowan_rank grank   rank tests
//	sign gen_sign cz_sign           sign tests
//	wilcoxon                        Wilcoxon signed-rank
//	skew_t skew_t_bhar              Hall (1992) skewness-corrected t for the mean CAR and the mean BHAR
//	bootstrap bootstrap_bca         bootstrap of the CAAR: percentile and BCa intervals (CAR windows only; NaN on days)
//
// Every p-value follows Params.Conventions.Alternative. Events are the rows
// of the panel: a firm with several events counts once per event.
func BatteryTests() []Test {
	return []Test{
		{Name: "cs_t", Func: CrossSectionalT},
		{Name: "j1", Func: J1},
		{Name: "j2", Func: J2},
		{Name: "bw1980", Func: BW1980},
		{Name: "bw1985", Func: BW1985},
		{Name: "patell", Func: Patell},
		{Name: "patell_kp", Func: PatellKP},
		{Name: "bmp", Func: BMP},
		{Name: "bmp_kp", Func: BMPKP},
		{Name: "lamb", Func: Lamb},
		{Name: "corrado_rank", Func: CorradoRank},
		{Name: "cz_rank", Func: CZRank},
		{Name: "cowan_rank", Func: CowanRank},
		{Name: "grank", Func: GRank},
		{Name: "sign", Func: SignTest},
		{Name: "gen_sign", Func: GeneralizedSign},
		{Name: "cz_sign", Func: CZSign},
		{Name: "wilcoxon", Func: Wilcoxon},
		{Name: "skew_t", Func: SkewT},
		{Name: "skew_t_bhar", Func: SkewTBHAR},
		{Name: "bootstrap", Interval: BootstrapPercentile},
		{Name: "bootstrap_bca", Interval: BootstrapBCa},
	}
}

// evDays returns the event-window day indices (k of Panel.AR[i][k]) of the
// sample's window.
func (s Sample) evDays() (k0, k1 int) {
	st := s.Panel.Params.Event.Start
	return s.Window.Start - st, s.Window.End - st
}

// windowDays is the number of days of the sample's window on which row i has
// an AR (L2 of event i; 1 for a day sample with an AR).
func (s Sample) windowDays(row int) int {
	k0, k1 := s.evDays()
	n := 0
	for _, a := range s.Panel.AR[row][k0 : k1+1] {
		if !math.IsNaN(a) {
			n++
		}
	}
	return n
}

// BW1980 is the t test of Brown & Warner (1980, sec. 3 and Appendix A.1)
// that assumes cross-sectional independence: the standard error of the mean
// comes from each event's estimation-window residual standard deviation σ̂_i
// (Fit.Sigma), without the prediction-error term of [J1]:
//
//	t = X̄ / (√(Σ_i L_i σ̂_i²) / N)
//
// with L_i the days of the window on which event i has an AR (1 for a day).
// Student's t with the smallest Fit.DF of the events (Brown & Warner compare
// with t on the estimation degrees of freedom). NaN if N = 0 or a σ̂_i is NaN.
func BW1980(s Sample) (stat, p float64) {
	n := len(s.X)
	if n == 0 || s.Panel == nil {
		return nan, nan
	}
	var v float64
	df := math.MaxInt
	for i, row := range s.Rows {
		sg := s.Panel.Rows[row].Fit.Sigma
		v += float64(s.windowDays(row)) * sg * sg
		df = min(df, s.DF[i])
	}
	t := mean(s.X) / (math.Sqrt(v) / float64(n))
	return t, pStudentAlt(t, df, s.alt())
}

// BW1985 is the t test with the "crude dependence adjustment" of Brown &
// Warner (1980, Appendix A.2; 1985, sec. 2 and the appendix): the standard
// error of the mean comes from the time series of the average residual over
// the estimation window, in event time, so that it reflects cross-sectional
// dependence:
//
//	ĀR_t = (1/N_t) Σ_i ε̂_it  (estimation days t with N_t ≥ 1 events, T of them)
//	Ŝ²   = Σ_t (ĀR_t − mean ĀR)² / (T − 1)
//	t    = X̄ / (√L · Ŝ)
//
// with L the length of the window (1 for a day) and the N events of the
// sample; Student's t with T − 1 degrees of freedom. NaN if N = 0, T < 2 or
// the events have no estimation residuals (Result.EstAR).
func BW1985(s Sample) (stat, p float64) {
	if len(s.X) == 0 || s.Panel == nil {
		return nan, nan
	}
	aar := s.Panel.estAAR(s.Rows)
	if len(aar) < 2 {
		return nan, nan
	}
	m := mean(aar)
	var ss float64
	for _, a := range aar {
		ss += (a - m) * (a - m)
	}
	sd := math.Sqrt(ss / float64(len(aar)-1))
	t := mean(s.X) / (math.Sqrt(float64(s.Window.Len())) * sd)
	return t, pStudentAlt(t, len(aar)-1, s.alt())
}

// standardized returns the standardized value of each event of the sample,
// SX_i = X_i/σ(X_i): the standardized AR of a day (Patell 1976, eq. 9: the AR
// over its prediction-error standard deviation, Day.SE) or the standardized
// CAR of a window (CAR over its exact standard error, CAR.SE; Boehmer,
// Musumeci & Poulsen 1991, the multi-day form of their eq. 4; Kolari &
// Pynnönen 2010, eq. 6).
func (s Sample) standardized() []float64 {
	sx := make([]float64, len(s.X))
	for i, x := range s.X {
		sx[i] = x / math.Sqrt(s.Var[i])
	}
	return sx
}

// Patell is the standardized residual test of Patell (1976, eq. 10–12):
//
//	Z_i = SX_i / √(ν_i/(ν_i − 2)),   Z = Σ_i Z_i / √N
//
// with SX the standardized AR or CAR ([Sample] standardized: prediction
// error included) and ν_i = Fit.DF, so that ν/(ν−2) = (T_i−2)/(T_i−4) for the
// market model on T_i estimation days (Patell's variance of a t_ν variable).
// Standard normal. For equal ν it equals [J2]. NaN if N = 0 or some ν_i ≤ 2.
// Under Conventions.Estudy2 the prediction-error term of SX_i takes the
// market mean and SSx over all market days of the estimation window, as
// estudy2's patell.test ([Sample.standardizedPE]).
func Patell(s Sample) (stat, p float64) {
	z := patellZ(s)
	return z, pNormalAlt(z, s.alt())
}

func patellZ(s Sample) float64 {
	if len(s.X) == 0 {
		return nan
	}
	var sum float64
	for i, sx := range s.standardizedPE() {
		nu := float64(s.DF[i])
		if nu <= 2 {
			return nan
		}
		sum += sx / math.Sqrt(nu/(nu-2))
	}
	return sum / math.Sqrt(float64(len(s.X)))
}

// BMP is the standardized cross-sectional test of Boehmer, Musumeci &
// Poulsen (1991, eq. 4): the mean standardized AR (or CAR) over its
// cross-sectional standard error,
//
//	t = mean SX / (s(SX)/√N),   s²(SX) = Σ_i (SX_i − mean SX)² / (N − 1)
//
// robust to event-induced variance. Student's t with N − 1 degrees of freedom
// (BMP use the normal; with N large they agree). NaN if N < 2. Under
// Conventions.Estudy2, SX as estudy2's boehmer.test ([Sample.standardizedPE]).
func BMP(s Sample) (stat, p float64) {
	t := bmpT(s)
	return t, pStudentAlt(t, len(s.X)-1, s.alt())
}

func bmpT(s Sample) float64 {
	return CrossSectionalTStat(s.standardizedPE())
}

// CrossSectionalTStat is √N·x̄/s of x (s with N−1), NaN if N < 2 or all x are
// equal up to rounding.
func CrossSectionalTStat(x []float64) float64 {
	n := len(x)
	if n < 2 {
		return nan
	}
	m := mean(x)
	var ss, raw float64
	for _, v := range x {
		ss += (v - m) * (v - m)
		raw += v * v
	}
	if negligible(ss, raw) {
		return nan
	}
	return m / math.Sqrt(ss/float64(n-1)/float64(n))
}

// KPAdjustment is the factor of Kolari & Pynnönen (2010, eq. 9 and 12) that
// corrects a standardized test for cross-correlation of the events:
//
//	√((1 − r̄) / (1 + (N − 1) r̄))
//
// NaN when 1 + (N−1)r̄ ≤ 0 or r̄ is NaN.
func KPAdjustment(rbar float64, n int) float64 {
	d := 1 + float64(n-1)*rbar
	if !(d > 0) {
		return nan
	}
	return math.Sqrt((1 - rbar) / d)
}

// PatellKP is [Patell] times [KPAdjustment] with r̄ the average pairwise
// correlation of the events' estimation-window residuals ([Sample.MeanCorrelation]):
// the adjusted Patell test of Kolari & Pynnönen (2010, eq. 12). Standard normal.
func PatellKP(s Sample) (stat, p float64) {
	z := patellZ(s) * KPAdjustment(s.MeanCorrelation(), len(s.X))
	return z, pNormalAlt(z, s.alt())
}

// BMPKP is [BMP] times [KPAdjustment]: the adjusted BMP test of Kolari &
// Pynnönen (2010, eq. 9). Student's t with N − 1 degrees of freedom.
func BMPKP(s Sample) (stat, p float64) {
	t := bmpT(s) * KPAdjustment(s.MeanCorrelation(), len(s.X))
	return t, pStudentAlt(t, len(s.X)-1, s.alt())
}

// Lamb is the standardized test of Lamb (1995, J. Risk and Insurance 62),
// as estudy2 computes it: the sum over events of the standardized
// ARs (or CARs; prediction error included) over √N, without Patell's
// ν/(ν−2) variance correction,
//
//	Z = Σ_i SX_i / √N
//
// Standard normal. NaN if N = 0. Under Conventions.Estudy2, SX as estudy2's
// lamb.test ([Sample.standardizedPE]).
func Lamb(s Sample) (stat, p float64) {
	if len(s.X) == 0 {
		return nan, nan
	}
	var sum float64
	for _, sx := range s.standardizedPE() {
		sum += sx
	}
	z := sum / math.Sqrt(float64(len(s.X)))
	return z, pNormalAlt(z, s.alt())
}

// SignTest is the sign test (Brown & Warner 1980, sec. 3; Cowan 1992,
// eq. 1): under the null the share of positive values is ½,
//
//	Z = (w − N/2) / (√N / 2)
//
// with w the number of events with X > 0 among the N with X ≠ 0. Standard
// normal. NaN if N = 0.
func SignTest(s Sample) (stat, p float64) {
	var w, n int
	for _, x := range s.X {
		if x != 0 {
			n++
			if x > 0 {
				w++
			}
		}
	}
	if n == 0 {
		return nan, nan
	}
	z := (float64(w) - float64(n)/2) / (math.Sqrt(float64(n)) / 2)
	return z, pNormalAlt(z, s.alt())
}

// GeneralizedSign is the generalized sign test of Cowan (1992, eq. 2–3): the
// share of positive values is compared with p̂, the share of positive
// estimation-window residuals,
//
//	p̂ = (1/N) Σ_i (1/T_i) Σ_t 1[ε̂_it > 0],   Z = (w − N p̂) / √(N p̂ (1 − p̂))
//
// with w the number of events with X > 0. Under Conventions.Estudy2 p̂ is
// pooled over all firm-days of the estimation window, Σ_i Σ_t 1[ε̂_it > 0] /
// Σ_i T_i. Standard normal. NaN if N = 0, no residuals, or p̂ is 0 or 1.
func GeneralizedSign(s Sample) (stat, p float64) {
	n := len(s.X)
	if n == 0 || s.Panel == nil {
		return nan, nan
	}
	var w int
	for _, x := range s.X {
		if x > 0 {
			w++
		}
	}
	var shares float64
	var pos, all, events int
	cPos, cAll := s.Panel.signCounts()
	for _, row := range s.Rows {
		ps, ts := cPos[row], cAll[row]
		if ts > 0 {
			shares += float64(ps) / float64(ts)
			events++
		}
		pos += ps
		all += ts
	}
	if events == 0 {
		return nan, nan
	}
	ph := shares / float64(events)
	if s.conv().Estudy2 {
		ph = float64(pos) / float64(all)
	}
	if ph <= 0 || ph >= 1 {
		return nan, nan
	}
	z := (float64(w) - float64(n)*ph) / math.Sqrt(float64(n)*ph*(1-ph))
	return z, pNormalAlt(z, s.alt())
}

// SkewT is the skewness-corrected t of Hall (1992, "On the removal of
// skewness by transformation", JRSS B 54) in the form of Lyon, Barber & Tsai
// (1999, JF 54, eq. 5):
//
//	S = X̄ / s,  γ̂ = Σ_i (X_i − X̄)³ / (N s³),
//	t_sa = √N (S + γ̂ S²/3 + γ̂/(6N))
//
// with s the sample standard deviation (N − 1). Student's t with N − 1
// degrees of freedom, as Lyon, Barber & Tsai. NaN if N < 3 or s = 0.
func SkewT(s Sample) (stat, p float64) {
	t := skewT(s.X)
	return t, pStudentAlt(t, len(s.X)-1, s.alt())
}

// SkewTBHAR is [SkewT] on the events' buy-and-hold abnormal returns over a
// CAR window (CAR.BHAR; Lyon, Barber & Tsai 1999 designed it for long-horizon
// BHARs). NaN on single event days, which carry no BHAR (Sample.BHAR nil).
func SkewTBHAR(s Sample) (stat, p float64) {
	if len(s.BHAR) == 0 {
		return nan, nan
	}
	x := make([]float64, 0, len(s.BHAR))
	for _, b := range s.BHAR {
		if !math.IsNaN(b) {
			x = append(x, b)
		}
	}
	t := skewT(x)
	return t, pStudentAlt(t, len(x)-1, s.alt())
}

func skewT(x []float64) float64 {
	n := len(x)
	if n < 3 {
		return nan
	}
	m := mean(x)
	var ss, s3, raw float64
	for _, v := range x {
		d := v - m
		ss += d * d
		s3 += d * d * d
		raw += v * v
	}
	if negligible(ss, raw) {
		return nan
	}
	fn := float64(n)
	sd := math.Sqrt(ss / (fn - 1))
	S := m / sd
	g := s3 / (fn * sd * sd * sd)
	return math.Sqrt(fn) * (S + g*S*S/3 + g/(6*fn))
}

// meanFinite is the mean of the non-NaN values of x, NaN if there are none.
func meanFinite(x []float64) float64 {
	var s float64
	n := 0
	for _, v := range x {
		if !math.IsNaN(v) {
			s += v
			n++
		}
	}
	if n == 0 {
		return nan
	}
	return s / float64(n)
}
