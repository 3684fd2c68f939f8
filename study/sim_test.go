package study

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"gonum.org/v1/gonum/stat/distuv"
)

// simCalendar is 280 weekdays from 2015-01-05 with day 0 at index 260, so that
// the default design (−250..+10) fits.
func simCalendar() ([]time.Time, int) { return weekdays(date("2015-01-05"), 280), 260 }

// binomialBand returns the central conf interval [lo, hi] of the number of
// rejections of n tests at level p under the null, from the exact binomial CDF.
func binomialBand(n int, p, conf float64) (lo, hi int) {
	b := distuv.Binomial{N: float64(n), P: p}
	tail := (1 - conf) / 2
	for lo = 0; b.CDF(float64(lo)) < tail; lo++ {
	}
	for hi = lo; b.CDF(float64(hi)) < 1-tail; hi++ {
	}
	return lo, hi
}

// TestSimRecover: data from a known market model with an abnormal return of
// 0.05 planted on day 0. Each estimate must lie within 4 theoretical standard
// errors of the truth (conditional on the market returns):
//
//	SE(β̂) = σ/√Sxx,  SE(α̂) = σ·√(1/L1 + μ̂_m²/Sxx),  SE(σ̂) ≈ σ/√(2(L1−2)),
//	SE(AR_0) = σ·√(1 + 1/L1 + (R_m0 − μ̂_m)²/Sxx)   (MacKinlay 1997, eq. 8)
func TestSimRecover(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	cal, d0 := simCalendar()
	p := DefaultParams()
	m := simDefault
	const planted = 0.05
	for e := range 20 {
		in := simInput(rng, m, cal, d0, planted)
		r := Estimate(p, in)
		if r.Status != StatusOK {
			t.Fatalf("event %d: %s %s", e, r.Status, r.Message)
		}
		f := r.Fit
		if f.N != 240 || f.DF != 238 {
			t.Errorf("event %d: N, DF = %d, %d, want 240, 238", e, f.N, f.DF)
		}
		l1 := float64(f.N)
		seBeta := m.sigma / math.Sqrt(f.Sxx)
		seAlpha := m.sigma * math.Sqrt(1/l1+f.MeanM*f.MeanM/f.Sxx)
		seSigma := m.sigma / math.Sqrt(2*float64(f.DF))
		rm0 := in.Market.Values[d0]
		seAR := m.sigma * math.Sqrt(1+1/l1+(rm0-f.MeanM)*(rm0-f.MeanM)/f.Sxx)
		checkNear(t, "beta", f.Beta, m.beta, 4*seBeta)
		checkNear(t, "alpha", f.Alpha, m.alpha, 4*seAlpha)
		checkNear(t, "sigma", f.Sigma, m.sigma, 4*seSigma)
		day0 := r.Days[10]
		checkNear(t, "planted AR", day0.AR, planted, 4*seAR)
		// The reported SE is the same formula with σ̂ for σ.
		checkNear(t, "SE(AR_0)", day0.SE, seAR*f.Sigma/m.sigma, 1e-15)
	}
}

// simResults estimates n events from the market model m with ar planted on day 0.
func simResults(rng *rand.Rand, p Params, m simModel, n int, ar float64) []Result {
	cal, d0 := simCalendar()
	rs := make([]Result, n)
	for i := range rs {
		in := simInput(rng, m, cal, d0, ar)
		in.Event.ID = string(rune('A'+i%26)) + string(rune('a'+i/26%26)) + string(rune('a'+i/676))
		rs[i] = Estimate(p, in)
	}
	return rs
}

// TestSimRejectionRate: with nothing planted and normal errors, AR_0/SE is
// exactly Student's t with L1−2 df given the market returns, so the per-event
// 5% test (and the standardized CAR test) rejects with a binomial count.
func TestSimRejectionRate(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	p := DefaultParams()
	const n = 2000
	rs := simResults(rng, p, simDefault, n, 0)
	lo, hi := binomialBand(n, 0.05, 0.999) // 69..133 for n = 2000
	var day0, car, car55 int
	for _, r := range rs {
		if r.Days[10].P < 0.05 {
			day0++
		}
		if r.CARs[0].P < 0.05 {
			car++
		}
		if r.CARs[3].P < 0.05 {
			car55++
		}
	}
	t.Logf("rejections of %d at 5%%: AR_0 %d, CAR(-1..+1) %d, CAR(-5..+5) %d; band %d..%d", n, day0, car, car55, lo, hi)
	for _, c := range []struct {
		name string
		k    int
	}{{"AR day 0", day0}, {"CAR -1..+1", car}, {"CAR -5..+5", car55}} {
		if c.k < lo || c.k > hi {
			t.Errorf("%s: %d of %d rejections at 5%%, want %d..%d (binomial 99.9%%)", c.name, c.k, n, lo, hi)
		}
	}
}

// TestSimAggregateRejectionRate: 1000 portfolios of 30 events with nothing
// planted; cs_t, J1 and J2 on the day-0 AAR and on CAAR(−1..+1) reject at 5%
// with a count inside the binomial 99.9% band.
func TestSimAggregateRejectionRate(t *testing.T) {
	if testing.Short() {
		t.Skip("30000 simulated events")
	}
	rng := rand.New(rand.NewPCG(1, 1))
	p := DefaultParams()
	const portfolios, size = 1000, 30
	rejDay := make([]int, 3)
	rejCAR := make([]int, 3)
	for range portfolios {
		s := AggregateWith(p, simResults(rng, p, simDefault, size, 0), BasicTests())
		for i := range 3 {
			if s.Days[10].Tests[i].P < 0.05 {
				rejDay[i]++
			}
			if s.Windows[0].Tests[i].P < 0.05 {
				rejCAR[i]++
			}
		}
	}
	lo, hi := binomialBand(portfolios, 0.05, 0.999)
	t.Logf("rejections of %d portfolios at 5%%: AAR_0 %v, CAAR(-1..+1) %v; band %d..%d", portfolios, rejDay, rejCAR, lo, hi)
	for i, name := range BasicTests() {
		if k := rejDay[i]; k < lo || k > hi {
			t.Errorf("%s on AAR_0: %d of %d rejections at 5%%, want %d..%d", name.Name, k, portfolios, lo, hi)
		}
		if k := rejCAR[i]; k < lo || k > hi {
			t.Errorf("%s on CAAR(-1..+1): %d of %d rejections at 5%%, want %d..%d", name.Name, k, portfolios, lo, hi)
		}
	}
}

// TestSimCARIsSumOfAR: for every window, CAR = Σ AR over its days and
// Day.CAR is the running sum.
func TestSimCARIsSumOfAR(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	p := DefaultParams()
	for _, m := range []Model{MarketModel, MarketAdjusted, ConstantMean, Raw} {
		p.Model = m
		for _, r := range simResults(rng, p, simDefault, 50, 0) {
			run := 0.0
			for _, d := range r.Days {
				run += d.AR
				checkNear(t, m.String()+" Day.CAR", d.CAR, run, 1e-15)
			}
			for _, c := range r.CARs {
				var sum float64
				for _, d := range r.Days[c.Window.Start-p.Event.Start : c.Window.End-p.Event.Start+1] {
					sum += d.AR
				}
				checkNear(t, m.String()+" CAR "+c.Window.String(), c.CAR, sum, 1e-15)
				if c.NDays != c.Window.Len() {
					t.Errorf("NDays = %d, want %d", c.NDays, c.Window.Len())
				}
			}
		}
	}
}

// TestSimOrderIndependence: Aggregate gives bit-identical results for any order
// of its input.
func TestSimOrderIndependence(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	p := DefaultParams()
	rs := simResults(rng, p, simDefault, 200, 0)
	rs[7].Days[3].AR = math.NaN() // a missing day, so N differs across days
	want := Aggregate(p, rs)
	for range 5 {
		rng.Shuffle(len(rs), func(i, j int) { rs[i], rs[j] = rs[j], rs[i] })
		got := Aggregate(p, rs)
		for k := range want.Days {
			g, w := got.Days[k], want.Days[k]
			if g.N != w.N || !same(g.AAR, w.AAR) || !same(g.CAAR, w.CAAR) {
				t.Fatalf("day %d after shuffle: %+v, want %+v", g.RelDay, g, w)
			}
			for i := range w.Tests {
				if !same(g.Tests[i].Stat, w.Tests[i].Stat) || !same(g.Tests[i].P, w.Tests[i].P) {
					t.Fatalf("day %d %s after shuffle: %v, want %v", g.RelDay, w.Tests[i].Test, g.Tests[i], w.Tests[i])
				}
			}
		}
		for j := range want.Windows {
			g, w := got.Windows[j], want.Windows[j]
			for i := range w.Tests {
				if g.N != w.N || !same(g.CAAR, w.CAAR) || !same(g.Tests[i].Stat, w.Tests[i].Stat) {
					t.Fatalf("window %v after shuffle: %+v, want %+v", w.Window, g, w)
				}
			}
		}
	}
}

// TestSimMarketAdjustedLimit: with α = 0 and β = 1 the market model estimates
// the market-adjusted model; their ARs differ by (α̂ − 0) + (β̂ − 1)·R_mτ, whose
// standard deviation is σ·√(1/L1 + (R_mτ − μ̂_m)²/Sxx + …) ≤ the SE of the
// prediction error.
func TestSimMarketAdjustedLimit(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	cal, d0 := simCalendar()
	m := simModel{alpha: 0, beta: 1, sigma: 0.005, muM: 0.0004, sigmaM: 0.01}
	p := DefaultParams()
	for range 20 {
		in := simInput(rng, m, cal, d0, 0)
		p.Model = MarketModel
		mm := Estimate(p, in)
		p.Model = MarketAdjusted
		ma := Estimate(p, in)
		for k, d := range mm.Days {
			f := mm.Fit
			dev := d.MarketRet - f.MeanM
			// SE of α̂ + (β̂−1)R_mτ around 0: σ√(1/L1 + dev²/Sxx) with α̂ − 0 = (μ̂ − μ̂_m) − (β̂−1)μ̂_m.
			se := m.sigma * math.Sqrt(1/float64(f.N)+dev*dev/f.Sxx)
			checkNear(t, "AR(market) − AR(market-adjusted)", d.AR-ma.Days[k].AR, 0, 4*se)
		}
		checkNear(t, "σ̂ market vs market-adjusted", mm.Fit.Sigma/ma.Fit.Sigma, 1, 0.05)
	}
}

// TestSimPower: an AR of 0.02 on day 0 in portfolios of 30 events (σ = 0.02,
// so AAR_0/SE ≈ 0.02/(0.02/√30) ≈ 5.5) is detected by every test nearly always.
func TestSimPower(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	p := DefaultParams()
	rej := make([]int, 3)
	for range 50 {
		s := AggregateWith(p, simResults(rng, p, simDefault, 30, 0.02), BasicTests())
		for i, st := range s.Days[10].Tests {
			if st.P < 0.05 && st.Stat > 0 {
				rej[i]++
			}
		}
	}
	for i, test := range BasicTests() {
		if rej[i] < 48 {
			t.Errorf("%s detects AAR_0 = 0.02 in %d of 50 portfolios, want ≥ 48", test.Name, rej[i])
		}
	}
}
