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
	sd, days := s.estAARSD()
	if days < 2 {
		return nan, nan
	}
	t := mean(s.X) / (math.Sqrt(float64(s.Window.Len())) * sd)
	return t, pStudentAlt(t, days-1, s.alt())
}

// estAARSD is Ŝ of [BW1985], the sample standard deviation (T − 1) of the
// sample's estimation-window AAR series, and T, its number of days.
func (s Sample) estAARSD() (sd float64, days int) {
	aar := s.Panel.estAAR(s.Rows)
	if len(aar) < 2 {
		return nan, len(aar)
	}
	m := mean(aar)
	var ss float64
	for _, a := range aar {
		ss += (a - m) * (a - m)
	}
	return math.Sqrt(ss / float64(len(aar)-1)), len(aar)
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
//
// Under Conventions.Estudy2 it is estudy2's patell (R package estudy2
// 0.10, I. Rudnytskyi): SX_i with the prediction-error term of
// [Sample.standardizedPE] (market mean and S_xx over all market days of the
// estimation window) and the variances pooled over all N_all events of the
// panel, also those without a value on the day,
//
//	Z = Σ_i SX_i / √(Σ_{all events j} ν_j/(ν_j − 2))
//
// which is (L_j−2)/(L_j−4) with L_j the event's estimation observations.
// estudy2 tests days only; a CAR window takes its standardized CARs.
func Patell(s Sample) (stat, p float64) {
	z := patellZ(s)
	return z, pNormalAlt(z, s.alt())
}

func patellZ(s Sample) float64 {
	if len(s.X) == 0 {
		return nan
	}
	sx := s.standardizedPE()
	if s.conv().Estudy2 && s.Panel != nil {
		var sum, v float64
		for _, x := range sx {
			sum += x
		}
		for _, df := range s.Panel.DF {
			nu := float64(df)
			if nu <= 2 {
				return nan
			}
			v += nu / (nu - 2)
		}
		return sum / math.Sqrt(v)
	}
	var sum float64
	for i, x := range sx {
		nu := float64(s.DF[i])
		if nu <= 2 {
			return nan
		}
		sum += x / math.Sqrt(nu/(nu-2))
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
// Conventions.Estudy2, SX as estudy2's boehmer ([Sample.standardizedPE]).
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

// Lamb is the test named after Lamb (1995, J. Risk and Insurance 62). In the
// canonical conventions it is the sum over events of the standardized ARs
// (or CARs; prediction error included) over √N, Patell's Z without his
// ν/(ν−2) variance correction,
//
//	Z = Σ_i SX_i / √N
//
// Under Conventions.Estudy2 it is estudy2's lamb (R package estudy2
// 0.10): the mean abnormal return of the portfolio of events over its
// estimation-window standard deviation with the market model's
// prediction-error term,
//
//	Z = X̄ / (Ŝ · √(L + L²/L̄ + Q)),   Q = mean_i (Σ_{τ∈w} (R_miτ − R̄_mi))² / S_xx,i
//
// with Ŝ the standard deviation of the estimation-window AAR of [BW1985], L
// the window's length (1 for a day), L̄ the mean number of estimation
// observations over all events of the panel, and R̄_m and S_xx over all
// market days of each event's estimation window (Fit.MeanMAll, Fit.SxxAll;
// the sum over the days on which the event has an AR). estudy2 reads one
// market series for all firms (its events share a date); with events on
// different dates Q averages each event's term. estudy2 tests days only: the
// window form is its variance of a sum of L prediction errors (MacKinlay
// 1997, eq. 8), as [Fit.CARVariance]. Without a prediction-error term
// (Conventions.NoPredError, or a window under CARVarAdditive) the factor is
// L; the constant-mean model has L + L²/L̄, the other models L.
//
// Standard normal. NaN if N = 0 (under estudy2 also with fewer than two
// estimation days).
func Lamb(s Sample) (stat, p float64) {
	if len(s.X) == 0 {
		return nan, nan
	}
	if s.conv().Estudy2 && s.Panel != nil {
		z := lambEstudy2(s)
		return z, pNormalAlt(z, s.alt())
	}
	var sum float64
	for _, sx := range s.standardizedPE() {
		sum += sx
	}
	z := sum / math.Sqrt(float64(len(s.X)))
	return z, pNormalAlt(z, s.alt())
}

func lambEstudy2(s Sample) float64 {
	sd, days := s.estAARSD()
	if days < 2 {
		return nan
	}
	pan := s.Panel
	var lbar float64
	for i := range pan.Rows {
		lbar += float64(pan.Rows[i].Fit.N)
	}
	lbar /= float64(len(pan.Rows))
	l := float64(s.Window.Len())
	f := l
	c := s.conv()
	noPE := c.NoPredError || (len(s.BHAR) > 0 && c.CARVar == CARVarAdditive)
	switch m := pan.Params.Model; {
	case noPE:
	case m == ConstantMean:
		f += l * l / lbar
	case m == MarketModel && pan.MarketRet != nil:
		k0, k1 := s.evDays()
		var q float64
		for _, row := range s.Rows {
			fit := &pan.Rows[row].Fit
			var dev float64
			for k := k0; k <= k1; k++ {
				if !math.IsNaN(pan.AR[row][k]) {
					dev += pan.MarketRet[row][k] - fit.MeanMAll
				}
			}
			q += dev * dev / fit.SxxAll
		}
		f += l*l/lbar + q/float64(len(s.Rows))
	}
	return mean(s.X) / (sd * math.Sqrt(f))
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
// with w the number of events with X > 0 and the sum over the events of the
// sample. Under Conventions.Estudy2 p̂ is estudy2's
// (generalized_sign_test, R package estudy2 0.10): pooled over all firm-days
// of the estimation window of all events of the panel, also those without a
// value on the day, Σ_i Σ_t 1[ε̂_it > 0] / Σ_i T_i. Standard normal. NaN if
// N = 0, no residuals, or p̂ is 0 or 1.
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
	var ph float64
	cPos, cAll := s.Panel.signCounts()
	if s.conv().Estudy2 {
		var pos, all int
		for row := range cPos {
			pos += cPos[row]
			all += cAll[row]
		}
		if all == 0 {
			return nan, nan
		}
		ph = float64(pos) / float64(all)
	} else {
		events := 0
		for _, row := range s.Rows {
			if ts := cAll[row]; ts > 0 {
				ph += float64(cPos[row]) / float64(ts)
				events++
			}
		}
		if events == 0 {
			return nan, nan
		}
		ph /= float64(events)
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
