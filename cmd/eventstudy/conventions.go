package main

import (
	"fmt"

	"github.com/spf13/pflag"

	"github.com/eventstudy/eventstudy/study"
)

// convFlags are the per-event convention knobs, the presets that set several
// at once, the thin-trading betas and the factor files. A flag given
// explicitly always wins over the preset.
type convFlags struct {
	fs         *pflag.FlagSet
	preset     string
	sigmaDF    string
	predError  string
	carVar     string
	tDF        string
	ntLimit    int
	beta       string
	dimsonLags int
	factors    []string
}

func (c *convFlags) register(fs *pflag.FlagSet) {
	c.fs = fs
	c.preset, c.sigmaDF, c.predError, c.carVar, c.tDF, c.beta = "canonical", "l-k", "on", "exact", "model", "ols"
	fs.Var(enumValue{&c.preset, study.Presets}, "conventions",
		"preset of a peer tool's conventions: canonical (MacKinlay 1997), estudy2 (R), lemaire (Python eventstudy), est (EventStudyTools); explicit flags override it")
	fs.Var(enumValue{&c.sigmaDF, []string{"l-k", "l-1", "l"}}, "sigma-df",
		"denominator of the residual variance σ̂²: l-k (k model parameters), l-1 or l")
	fs.Var(enumValue{&c.predError, []string{"on", "off"}}, "prediction-error",
		"include the prediction-error term σ̂²·x′(X′X)⁻¹x in Var(AR) (MacKinlay 1997, eq. 8)")
	fs.Var(enumValue{&c.carVar, []string{"exact", "additive"}}, "car-variance",
		"Var(CAR): exact quadratic form (Campbell, Lo & MacKinlay 1997, sec. 4.4) or additive L2·σ̂²")
	fs.Var(enumValue{&c.tDF, []string{"model", "l-1"}}, "t-df",
		"degrees of freedom of the per-event t-tests: model (L−k) or l-1")
	fs.IntVar(&c.ntLimit, "non-trading-limit", 0,
		"with --non-trading next, skip an event whose date is more than this many calendar days before the next trading day (0 = no limit)")
	fs.Var(enumValue{&c.beta, []string{"ols", "scholes-williams", "dimson"}}, "beta",
		"market-model β: ols, scholes-williams (Scholes & Williams 1977) or dimson (Dimson 1979) for thinly traded stocks")
	fs.IntVar(&c.dimsonLags, "dimson-lags", 1, "lags and leads of the market return in the Dimson regression")
	fs.StringArrayVar(&c.factors, "factors", nil,
		"factor file for --model ff3|ff5|carhart (Kenneth French daily CSV or tidy CSV, percent); repeat to merge files by date,\n"+
			"e.g. 5 factors + momentum; the value french downloads the library's daily files (cached; see --cache, --offline)")
}

// apply sets the conventions of p: the preset first, then the flags given
// explicitly on the command line or in the spec file.
func (c *convFlags) apply(p *study.Params) error {
	changed := func(n string) bool { return c.fs != nil && c.fs.Changed(n) }
	saved := *p
	if err := study.ApplyPreset(p, c.preset); err != nil {
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
	}
	cv := &p.Conventions
	var err error
	if changed("sigma-df") {
		if cv.SigmaDF, err = study.ParseSigmaDF(c.sigmaDF); err != nil {
			return err
		}
	}
	if changed("prediction-error") {
		cv.NoPredError = c.predError == "off"
	}
	if changed("car-variance") {
		cv.CARVar = study.CARVarExact
		if c.carVar == "additive" {
			cv.CARVar = study.CARVarAdditive
		}
	}
	if changed("t-df") {
		cv.TDFLminus1 = c.tDF == "l-1"
	}
	if changed("non-trading-limit") {
		if c.ntLimit < 0 {
			return fmt.Errorf("--non-trading-limit must be ≥ 0")
		}
		cv.NonTradingLimit = c.ntLimit
	}
	if p.Beta, err = study.ParseBetaMethod(c.beta); err != nil {
		return err
	}
	if p.Beta != study.BetaOLS && p.Model != study.MarketModel {
		return fmt.Errorf("--beta %s applies to the market model only", c.beta)
	}
	if c.dimsonLags < 1 {
		return fmt.Errorf("--dimson-lags must be ≥ 1")
	}
	p.DimsonLags = c.dimsonLags
	if p.Model.IsFactor() && len(c.factors) == 0 {
		return fmt.Errorf("--model %s needs --factors PATH (Kenneth French daily factor files) or --factors french (download them)", p.Model)
	}
	return nil
}
