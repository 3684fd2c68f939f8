package study

import (
	"fmt"
	"math"
)

var nan = math.NaN()

// Estimate computes one event study: it places day 0 on the benchmark's trading
// days ([Day0]), fits p.Model on the estimation window ([Model.Fit]), and
// computes the abnormal returns of the event window ([Day]) and the cumulations
// of each CAR window ([CAR]).
//
// Event time counts in.Market.Dates. The firm's returns are matched to those
// dates by calendar day, so a day the firm did not trade is a missing
// observation (NaN), never a shift of the firm's series. An observation is a day
// with both a firm and a market return; n_est (Fit.N) counts the estimation
// observations, and an AR exists on the event days that are observations.
//
// On failure the status says why and only what was computed before is set:
//
//	StatusOutOfRange              the market returns do not cover Params.Span around day 0,
//	                              or the event date cannot be placed
//	StatusMissingEventData        rule Skip and a non-trading event date; or (fit set) no
//	                              firm return on day 0 when the event window contains day 0
//	StatusInsufficientEstimation  n_est < p.MinEst (Day0 and Fit.N set)
//	StatusDegenerate              zero market variance (market model) or zero residual
//	                              variance, e.g. constant prices
//
// Estimate panics if p is not valid ([Params.Validate]) or a series has
// different numbers of dates and values. It does not check in.Firm for being
// empty: a caller that has no firm data sets [StatusUnknownSymbol] itself.
func Estimate(p Params, in Input) Result {
	if err := p.Validate(); err != nil {
		panic("study: Estimate: " + err.Error())
	}
	checkSeries(in.Firm)
	checkSeries(in.Market)
	res := Result{Event: in.Event}
	fail := func(s Status, format string, a ...any) Result {
		res.Status, res.Message = s, fmt.Sprintf(format, a...)
		return res
	}
	market := in.Event.Market
	if market == "" {
		market = "the market"
	}
	md := in.Market.Dates
	d0, st, msg := Day0(md, in.Event, p.NonTrading, market)
	if st != "" {
		return fail(st, "%s", msg)
	}
	res.Day0 = md[d0]
	if lim := p.Conventions.NonTradingLimit; lim > 0 && p.NonTrading == Next && !in.Event.AfterClose &&
		dayKey(md[d0])-dayKey(in.Event.Date) > int64(lim) {
		return fail(StatusMissingEventData, "event date %s is more than %d calendar days before the next trading day %s of %s",
			in.Event.Date.Format(isoDate), lim, md[d0].Format(isoDate), market)
	}

	span := p.Span()
	lo, hi := d0+span.Start, d0+span.End
	if lo < 0 || hi >= len(md) {
		return fail(StatusOutOfRange,
			"need %d trading days before and %d after day 0 %s; %s's returns %s..%s have %d before and %d after",
			-min(span.Start, 0), max(span.End, 0), md[d0].Format(isoDate), market,
			md[0].Format(isoDate), md[len(md)-1].Format(isoDate), d0, len(md)-1-d0)
	}

	// ret[i] and rm[i] are the firm's and the market's returns on trading day
	// lo+i, i.e. on relative day span.Start+i.
	ret := make([]float64, hi-lo+1)
	alignFirm(ret, md[lo:hi+1], in.Firm)
	rm := in.Market.Values[lo : hi+1]
	at := func(tau int) int { return tau - span.Start }

	e0, e1 := at(p.Estimation.Start), at(p.Estimation.End)+1
	nm, degenerate := fitNormal(p, in, lo, ret, rm, e0, e1)
	fit := &nm.fit
	fit.EstStart, fit.EstEnd = md[d0+p.Estimation.Start], md[d0+p.Estimation.End]
	res.Fit = *fit
	if nm.unusable != "" {
		return fail(StatusDegenerate, "%s", nm.unusable)
	}
	if fit.N < p.MinEst {
		return fail(StatusInsufficientEstimation, "%d estimation returns, need %d", fit.N, p.MinEst)
	}
	if degenerate != "" {
		return fail(StatusDegenerate, "%s", degenerate)
	}
	if nm.notConverged != "" {
		return fail(StatusNotConverged, "%s", nm.notConverged)
	}
	if p.Event.Start <= 0 && 0 <= p.Event.End && math.IsNaN(ret[at(0)]) {
		return fail(StatusMissingEventData, "no return for %s on day 0 %s", symbolOr(in.Event.Symbol), md[d0].Format(isoDate))
	}

	// Event days, read before ret's estimation part is overwritten below.
	res.Days = make([]Day, p.Event.Len())
	car, seen := 0.0, false
	for k := range res.Days {
		tau := p.Event.Start + k
		i := at(tau)
		d := Day{RelDay: tau, Date: md[d0+tau], Ret: ret[i], MarketRet: rm[i],
			Expected: nm.expected(i, rm[i]), AR: nan, SE: nan, T: nan, P: nan, CAR: nan}
		if !math.IsNaN(d.Ret) && !math.IsNaN(d.MarketRet) && !math.IsNaN(d.Expected) {
			d.AR = d.Ret - d.Expected
			d.SE = math.Sqrt(nm.arVar(i, d.MarketRet))
			d.T = d.AR / d.SE
			d.P = pStudent(d.T, fit.DF)
			car += d.AR
			seen = true
		}
		if seen {
			d.CAR = car
		}
		res.Days[k] = d
	}

	res.CARs = make([]CAR, len(p.CARs))
	for j, w := range p.CARs {
		res.CARs[j] = windowCAR(nm, p.ReturnType, res.Days[w.Start-p.Event.Start:w.End-p.Event.Start+1], w, at(w.Start))
		if p.Measure == MeasureVolume {
			res.CARs[j].BHAR = nan // log volumes do not compound
		}
	}

	// Estimation-window residuals, in place over the firm returns: one
	// allocation fewer per event.
	est := ret[e0:e1:e1]
	for i, r := range est {
		m := rm[e0+i]
		if math.IsNaN(r) || math.IsNaN(m) {
			est[i] = nan
			continue
		}
		est[i] = r - nm.expected(e0+i, m)
	}
	res.EstAR = est
	res.EstVar = nm.estVar
	res.Status = StatusOK
	return res
}

func symbolOr(s string) string {
	if s == "" {
		return "the firm"
	}
	return s
}

// windowCAR cumulates the abnormal returns of days (the days of window w) over
// those with an AR:
//
//	CAR  = Σ AR_τ,                     Var(CAR) = [Fit.CARVariance](L2, Σ (R_mτ − μ̂_m))
//	BHAR = Π (1 + R_τ) − Π (1 + E[R_τ])   (with log returns, 1 + R = exp r)
//
// T = CAR/SE is the standardized CAR, P its two-sided p under Student's t with
// Fit.DF degrees of freedom. With no day, every value is NaN and NDays is 0.
func windowCAR(nm *normal, rt ReturnType, days []Day, w Window, i0 int) CAR {
	fit := &nm.fit
	var l2 int
	var sum, dev float64
	var idx []int
	pr, pe := 1.0, 1.0
	for k, d := range days {
		if math.IsNaN(d.AR) {
			continue
		}
		idx = append(idx, i0+k)
		l2++
		sum += d.AR
		dev += d.MarketRet - fit.MeanM
		pr *= gross(d.Ret, rt)
		pe *= gross(d.Expected, rt)
	}
	if l2 == 0 {
		return CAR{Window: w, CAR: nan, SE: nan, T: nan, P: nan, BHAR: nan}
	}
	se := math.Sqrt(nm.carVar(idx, dev))
	t := sum / se
	return CAR{Window: w, NDays: l2, CAR: sum, SE: se, T: t, P: pStudent(t, fit.DF), BHAR: pr - pe}
}
