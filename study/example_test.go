package study_test

import (
	"fmt"
	"time"

	"github.com/eventstudy/eventstudy/study"
)

func ExampleMarketModel() {
	rm := []float64{0.010, -0.020, 0.005, 0.000, 0.015}
	r := []float64{0.016, -0.029, 0.0085, 0.001, 0.0235} // 0.001 + 1.5·rm exactly
	fit := study.MarketModel.Fit(r, rm)
	fmt.Printf("alpha=%.4f beta=%.4f\n", fit.Alpha, fit.Beta)
	// Output: alpha=0.0010 beta=1.5000
}

func ExampleModel_Fit() {
	// β̂ = Σ(R_m−μ̂_m)(R−μ̂)/Σ(R_m−μ̂_m)² = 0.0011/0.001, α̂ = μ̂ − β̂μ̂_m = 0.01,
	// σ̂² = SSR/(L1−2) = 190e-6/3.
	rm := []float64{-0.02, -0.01, 0, 0.01, 0.02}
	r := []float64{-0.01, 0, 0.01, 0.01, 0.04}
	for _, m := range []study.Model{study.MarketModel, study.MarketAdjusted, study.ConstantMean, study.Raw} {
		f := m.Fit(r, rm)
		fmt.Printf("%-15s alpha=%.4f beta=%.2f sigma²=%.3g df=%d r2=%.4f\n", m, f.Alpha, f.Beta, f.Sigma*f.Sigma, f.DF, f.R2)
	}
	// Output:
	// market          alpha=0.0100 beta=1.10 sigma²=6.33e-05 df=3 r2=0.8643
	// market-adjusted alpha=0.0000 beta=1.00 sigma²=5e-05 df=4 r2=NaN
	// constant-mean   alpha=0.0100 beta=NaN sigma²=0.00035 df=4 r2=NaN
	// raw             alpha=0.0000 beta=NaN sigma²=0.00038 df=5 r2=NaN
}

func ExampleARVariance() {
	// σ̂² = 190e-6/3, L1 = 5, R_mτ = 0.03, μ̂_m = 0, Sxx = 0.001:
	// σ̂²·(1 + 1/5 + 0.0009/0.001) = σ̂²·2.1.
	v := study.ARVariance(190e-6/3, 5, 0.03, 0, 0.001)
	fmt.Printf("%.4g\n", v)
	// Output: 0.000133
}

func ExampleCARVariance() {
	// Three event days with Σ(R_mτ − μ̂_m) = 0.025: σ̂²·(3 + 9/5 + 0.025²/0.001) = 5.425·σ̂².
	v := study.CARVariance(190e-6/3, 5, 3, 0.025, 0.001)
	fmt.Printf("%.4g\n", v/(190e-6/3))
	// Output: 5.425
}

func ExampleReturns() {
	d := func(s string) time.Time { t, _ := time.Parse("2006-01-02", s); return t }
	prices := study.Series{
		Dates:  []time.Time{d("2018-08-02"), d("2018-08-03"), d("2018-08-06"), d("2018-08-07")},
		Values: []float64{100, 0 /* bad row, skipped */, 104.45, 104.45},
	}
	r := study.Returns(prices, study.Simple)
	for i := range r.Len() {
		fmt.Printf("%s %+.4f\n", r.Dates[i].Format("2006-01-02"), r.Values[i])
	}
	// Output:
	// 2018-08-06 +0.0445
	// 2018-08-07 +0.0000
}

// handEvent is one event on a weekday calendar from 2024-01-01: five estimation
// days and three event days from 2024-01-08; shift is added to the firm's
// event-day returns.
func handEvent(id string, shift float64) study.Input {
	var dates []time.Time
	for t := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC); len(dates) < 8; t = t.AddDate(0, 0, 1) {
		if t.Weekday() != time.Saturday && t.Weekday() != time.Sunday {
			dates = append(dates, t)
		}
	}
	return study.Input{
		Event:  study.Event{ID: id, Symbol: "F" + id, Market: "M", Date: time.Date(2024, 1, 6, 0, 0, 0, 0, time.UTC)}, // a Saturday
		Market: study.Series{Dates: dates, Values: []float64{-0.02, -0.01, 0, 0.01, 0.02, 0.03, -0.01, 0.005}},
		Firm:   study.Series{Dates: dates, Values: []float64{-0.01, 0, 0.01, 0.01, 0.04, 0.05 + shift, 0 + shift, 0.01}},
	}
}

func handParams() study.Params {
	return study.Params{
		Model:      study.MarketModel,
		Estimation: study.Window{Start: -5, End: -1},
		Event:      study.Window{Start: 0, End: 2},
		CARs:       []study.Window{{Start: 0, End: 1}},
		MinEst:     3,
		NonTrading: study.Next, // the Saturday event is priced on Monday
	}
}

func ExampleEstimate() {
	r := study.Estimate(handParams(), handEvent("1", 0))
	fmt.Println(r.Status, "day 0", r.Day0.Format("2006-01-02"), "n_est", r.Fit.N)
	fmt.Printf("alpha=%.4f beta=%.2f sigma=%.5f\n", r.Fit.Alpha, r.Fit.Beta, r.Fit.Sigma)
	for _, d := range r.Days {
		fmt.Printf("%+d %s ar=%+.4f se=%.4f t=%+.3f p=%.3f car=%+.4f\n",
			d.RelDay, d.Date.Format("2006-01-02"), d.AR, d.SE, d.T, d.P, d.CAR)
	}
	c := r.CARs[0]
	fmt.Printf("CAR %v = %+.4f se=%.4f t=%+.3f bhar=%+.6f\n", c.Window, c.CAR, c.SE, c.T, c.BHAR)
	// Output:
	// ok day 0 2024-01-08 n_est 5
	// alpha=0.0100 beta=1.10 sigma=0.00796
	// +0 2024-01-08 ar=+0.0070 se=0.0115 t=+0.607 p=0.587 car=+0.0070
	// +1 2024-01-09 ar=+0.0010 se=0.0091 t=+0.110 p=0.919 car=+0.0080
	// +2 2024-01-10 ar=-0.0055 se=0.0088 t=-0.624 p=0.577 car=+0.0025
	// CAR +0..+1 = +0.0080 se=0.0142 t=+0.562 bhar=+0.008043
}

func ExampleAggregate() {
	p := handParams()
	var rs []study.Result
	for i, shift := range []float64{0, 0.01, 0.02} {
		rs = append(rs, study.Estimate(p, handEvent(fmt.Sprint(i), shift)))
	}
	s := study.AggregateWith(p, rs, study.BasicTests())
	for _, d := range s.Days {
		fmt.Printf("%+d n=%d aar=%+.4f caar=%+.4f", d.RelDay, d.N, d.AAR, d.CAAR)
		for _, st := range d.Tests {
			fmt.Printf(" %s=%+.2f", st.Test, st.Stat)
		}
		fmt.Println()
	}
	// Day 0: ARs 0.007, 0.017, 0.027 with SE √(133e-6) each: cs_t = 0.017/(0.01/√3),
	// J1 = 0.017/√(3·133e-6/9), J2 = Σ SAR/√(3·3/(3−2)) (L1 = 5, ν = 3). Day +2: equal ARs, s = 0.

	// Output:
	// +0 n=3 aar=+0.0170 caar=+0.0170 cs_t=+2.94 j1=+2.55 j2=+1.47
	// +1 n=3 aar=+0.0110 caar=+0.0280 cs_t=+1.91 j1=+2.10 j2=+1.21
	// +2 n=3 aar=-0.0055 caar=+0.0225 cs_t=+NaN j1=-1.08 j2=-0.62
}

func ExampleParams_Validate() {
	p := study.DefaultParams()
	p.CARs = append(p.CARs, study.Window{Start: -12, End: 1})
	fmt.Println(p.Validate())
	// Output: car window -12..+1 is outside the event window -10..+10
}
