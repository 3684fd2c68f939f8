package main

import (
	"fmt"

	"github.com/spf13/pflag"

	"github.com/eventstudy/eventstudy/internal/convflag"
	"github.com/eventstudy/eventstudy/study"
)

// convFlags are the per-event convention knobs, the presets that set several
// at once and the thin-trading betas (read as eventstudy-beam reads them:
// internal/convflag), and the factor files. A flag given explicitly always
// wins over the preset.
type convFlags struct {
	fs      *pflag.FlagSet
	v       convflag.Values
	factors []string
}

func (c *convFlags) register(fs *pflag.FlagSet) {
	c.fs = fs
	c.v = convflag.Defaults()
	u := convflag.Usage
	fs.Var(enumValue{&c.v.Preset, study.Presets}, convflag.FlagPreset, u[convflag.FlagPreset])
	fs.Var(enumValue{&c.v.SigmaDF, []string{"l-k", "l-1", "l"}}, convflag.FlagSigmaDF, u[convflag.FlagSigmaDF])
	fs.Var(enumValue{&c.v.PredError, []string{"on", "off"}}, convflag.FlagPredError, u[convflag.FlagPredError])
	fs.Var(enumValue{&c.v.CARVar, []string{"exact", "additive"}}, convflag.FlagCARVar, u[convflag.FlagCARVar])
	fs.Var(enumValue{&c.v.TDF, []string{"model", "l-1"}}, convflag.FlagTDF, u[convflag.FlagTDF])
	fs.IntVar(&c.v.NTLimit, convflag.FlagNTLimit, 0, u[convflag.FlagNTLimit])
	fs.Var(enumValue{&c.v.Beta, []string{"ols", "scholes-williams", "dimson"}}, convflag.FlagBeta, u[convflag.FlagBeta])
	fs.IntVar(&c.v.DimsonLags, convflag.FlagDimsonLags, 1, u[convflag.FlagDimsonLags])
	fs.StringArrayVar(&c.factors, "factors", nil,
		"factor file for --model ff3|ff5|carhart (Kenneth French daily CSV or tidy CSV, percent); repeat to merge files by date,\n"+
			"e.g. 5 factors + momentum; the value french downloads the library's daily files (cached; see --cache, --offline)")
}

// apply sets the conventions of p: the preset first, then the flags given
// explicitly on the command line or in the spec file.
func (c *convFlags) apply(p *study.Params) error {
	if err := c.v.Apply(p, func(n string) bool { return c.fs != nil && c.fs.Changed(n) }); err != nil {
		return err
	}
	if p.Model.IsFactor() && len(c.factors) == 0 {
		return fmt.Errorf("--model %s needs --factors PATH (Kenneth French daily factor files) or --factors french (download them)", p.Model)
	}
	return nil
}
