package study

import "fmt"

// Validate reports the first problem with p, or nil. It checks that the
// estimation and event windows are not empty, that the estimation window ends
// before the event window starts (so the event cannot contaminate the
// estimates; MacKinlay 1997, sec. 3), that every CAR window is non-empty and
// inside the event window, that MinEst is at least 3 (the market model
// estimates two parameters and needs a positive residual degree of freedom) and
// at most the estimation-window length, and that the enumerations are known.
// Messages are lowercase and name the window, e.g.
//
//	car window -12..+1 is outside the event window -10..+10
func (p Params) Validate() error {
	switch {
	case p.Model < MarketModel || p.Model > MarketGARCH:
		return fmt.Errorf("unknown model %v", p.Model)
	case p.ReturnType != Simple && p.ReturnType != Log:
		return fmt.Errorf("unknown return type %d", int(p.ReturnType))
	case p.NonTrading < Next || p.NonTrading > Skip:
		return fmt.Errorf("unknown non-trading rule %v", p.NonTrading)
	case p.Measure < MeasureReturns || p.Measure > MeasureVolatility:
		return fmt.Errorf("unknown measure %v", p.Measure)
	case p.Measure == MeasureVolume && p.Model != ConstantMean && p.Model != MarketModel:
		return fmt.Errorf("model %v does not apply to volume: want mean-adjusted or market", p.Model)
	case p.Measure == MeasureVolume && p.Beta != BetaOLS:
		return fmt.Errorf("beta %v does not apply to volume: the market model of log volume is fitted by OLS", p.Beta)
	case p.Estimation.Len() < 1:
		return fmt.Errorf("estimation window %v is empty", p.Estimation)
	case p.Event.Len() < 1:
		return fmt.Errorf("event window %v is empty", p.Event)
	case p.Estimation.End >= p.Event.Start:
		return fmt.Errorf("estimation window %v must end before the event window %v starts", p.Estimation, p.Event)
	}
	for _, w := range p.CARs {
		if w.Len() < 1 {
			return fmt.Errorf("car window %v is empty", w)
		}
		if !p.Event.Contains(w) {
			return fmt.Errorf("car window %v is outside the event window %v", w, p.Event)
		}
	}
	switch {
	case p.MinEst < 3:
		return fmt.Errorf("minimum estimation returns %d is below 3: the market model needs more than 2", p.MinEst)
	case p.MinEst > p.Estimation.Len():
		return fmt.Errorf("minimum estimation returns %d exceeds the %d days of the estimation window %v", p.MinEst, p.Estimation.Len(), p.Estimation)
	}
	return nil
}

// EventDays returns the relative days of the event window in order, e.g.
// −10, −9, …, +10 for the default: the rel_day column of aar.csv and the index
// of [Result].Days.
func (p Params) EventDays() []int { return p.Event.Days() }

// Span is the window of event time that [Estimate] needs market data for: from
// the start of the estimation window to the end of the event window. A data
// layer can use it to decide how many trading days of prices to load around
// each event.
func (p Params) Span() Window {
	return Window{min(p.Estimation.Start, p.Event.Start), max(p.Estimation.End, p.Event.End)}
}

// Days returns the relative days Start, Start+1, …, End; nil if w is empty.
func (w Window) Days() []int {
	if w.Len() < 1 {
		return nil
	}
	d := make([]int, w.Len())
	for i := range d {
		d[i] = w.Start + i
	}
	return d
}
