// Package convflag applies the per-event conventions of the command lines of
// eventstudy run and eventstudy-beam, so that both read the same flags the
// same way: a preset of a peer tool's conventions first, then each knob given
// explicitly (on the command line or in a spec file), which always wins.
package convflag

import (
	"fmt"

	"github.com/eventstudy/eventstudy/study"
)

// Values are the flags' values, in the words of the command line.
type Values struct {
	Preset     string // --conventions: canonical, estudy2, lemaire or est
	SigmaDF    string // --sigma-df: l-k, l-1 or l
	PredError  string // --prediction-error: on or off
	CARVar     string // --car-variance: exact or additive
	TDF        string // --t-df: model or l-1
	NTLimit    int    // --non-trading-limit: calendar days, 0 = no limit
	Beta       string // --beta: ols, scholes-williams or dimson
	DimsonLags int    // --dimson-lags: ≥ 1
}

// Defaults are the values of flags not given (the canonical conventions).
func Defaults() Values {
	return Values{Preset: "canonical", SigmaDF: "l-k", PredError: "on", CARVar: "exact", TDF: "model", Beta: "ols", DimsonLags: 1}
}

// Flag names, shared by both commands.
const (
	FlagPreset     = "conventions"
	FlagSigmaDF    = "sigma-df"
	FlagPredError  = "prediction-error"
	FlagCARVar     = "car-variance"
	FlagTDF        = "t-df"
	FlagNTLimit    = "non-trading-limit"
	FlagBeta       = "beta"
	FlagDimsonLags = "dimson-lags"
)

// Usage is the help text of each flag.
var Usage = map[string]string{
	FlagPreset:     "preset of a peer tool's conventions: canonical (MacKinlay 1997), estudy2 (R), lemaire (Python eventstudy), est (EventStudyTools); explicit flags override it",
	FlagSigmaDF:    "denominator of the residual variance σ̂²: l-k (k model parameters), l-1 or l",
	FlagPredError:  "include the prediction-error term σ̂²·x′(X′X)⁻¹x in Var(AR) (MacKinlay 1997, eq. 8): on or off",
	FlagCARVar:     "Var(CAR): exact quadratic form (Campbell, Lo & MacKinlay 1997, sec. 4.4) or additive L2·σ̂²",
	FlagTDF:        "degrees of freedom of the per-event t-tests: model (L−k) or l-1",
	FlagNTLimit:    "with --non-trading next, skip an event whose date is more than this many calendar days before the next trading day (0 = no limit)",
	FlagBeta:       "market-model β: ols, scholes-williams (Scholes & Williams 1977) or dimson (Dimson 1979) for thinly traded stocks",
	FlagDimsonLags: "lags and leads of the market return in the Dimson regression",
}

// Apply sets the conventions of p: the preset first, then the knobs whose
// flags changed reports as given. The preset may also set the return type,
// non-trading rule, estimation window and minimum estimation length; those
// of p stay when their flags (returns-type, non-trading, estimation,
// min-est) were given.
func (v Values) Apply(p *study.Params, changed func(flag string) bool) error {
	saved := *p
	if err := study.ApplyPreset(p, v.Preset); err != nil {
		return err
	}
	if changed("returns-type") {
		p.ReturnType = saved.ReturnType
	}
	if changed("non-trading") {
		p.NonTrading = saved.NonTrading
	}
	if changed("estimation") {
		p.Estimation = saved.Estimation
	}
	if changed("min-est") {
		p.MinEst = saved.MinEst
	} else {
		// The default follows the estimation window in effect (given or
		// the preset's): half of it.
		p.MinEst = study.MinEstFor(p.Estimation)
	}
	cv := &p.Conventions
	var err error
	if changed(FlagSigmaDF) {
		if cv.SigmaDF, err = study.ParseSigmaDF(v.SigmaDF); err != nil {
			return err
		}
	}
	if changed(FlagPredError) {
		switch v.PredError {
		case "on", "off":
			cv.NoPredError = v.PredError == "off"
		default:
			return fmt.Errorf("--%s %q: want on or off", FlagPredError, v.PredError)
		}
	}
	if changed(FlagCARVar) {
		switch v.CARVar {
		case "exact":
			cv.CARVar = study.CARVarExact
		case "additive":
			cv.CARVar = study.CARVarAdditive
		default:
			return fmt.Errorf("--%s %q: want exact or additive", FlagCARVar, v.CARVar)
		}
	}
	if changed(FlagTDF) {
		switch v.TDF {
		case "model", "l-1":
			cv.TDFLminus1 = v.TDF == "l-1"
		default:
			return fmt.Errorf("--%s %q: want model or l-1", FlagTDF, v.TDF)
		}
	}
	if changed(FlagNTLimit) {
		if v.NTLimit < 0 {
			return fmt.Errorf("--%s must be ≥ 0", FlagNTLimit)
		}
		cv.NonTradingLimit = v.NTLimit
	}
	if p.Beta, err = study.ParseBetaMethod(v.Beta); err != nil {
		return err
	}
	if p.Beta != study.BetaOLS && p.Model != study.MarketModel {
		return fmt.Errorf("--%s %s applies to the market model only", FlagBeta, v.Beta)
	}
	if v.DimsonLags < 1 {
		return fmt.Errorf("--%s must be ≥ 1", FlagDimsonLags)
	}
	p.DimsonLags = v.DimsonLags
	return nil
}

// Model reads --model name (given: the flag was set) for a study of measure
// m, as both commands do: mean-adjusted is constant-mean (Brown & Warner 1980
// for returns; Campbell & Wasley 1996 for volume), and a volume study without
// --model takes the mean-adjusted model, its default.
func Model(name string, m study.Measure, given bool) (study.Model, error) {
	switch {
	case name == "mean-adjusted":
		name = "constant-mean"
	case m == study.MeasureVolume && !given:
		name = "constant-mean"
	}
	return study.ParseModel(name)
}
