package main

import (
	"context"
	"flag"
	"strings"
	"testing"

	"github.com/eventstudy/eventstudy/study"
)

// The command reads the study flags as eventstudy run does: a preset, then
// the knobs given explicitly; the flags the preset does not own stay.
func TestConfigConventions(t *testing.T) {
	parse := func(args ...string) (study.Params, error) {
		fs := flag.NewFlagSet("eventstudy-beam", flag.ContinueOnError)
		cfg, err := config(context.Background(), fs, append([]string{"--events", "e.csv", "--prices", "p.csv"}, args...))
		return cfg.Params, err
	}
	want := study.DefaultParams()
	if err := study.ApplyPreset(&want, "estudy2"); err != nil {
		t.Fatal(err)
	}
	want.Conventions.SigmaDF = study.SigmaL
	want.Conventions.Alternative = study.Greater
	want.Conventions.Seed = 7
	want.Conventions.BootstrapReps = study.DefaultBootstrapReps
	want.DimsonLags = 1
	got, err := parse("--conventions", "estudy2", "--sigma-df", "l", "--alternative", "greater", "--seed", "7")
	if err != nil {
		t.Fatal(err)
	}
	if g, w := got.Conventions, want.Conventions; g != w {
		t.Errorf("conventions %+v, want %+v", g, w)
	}

	got, err = parse("--beta", "dimson", "--dimson-lags", "2")
	if err != nil || got.Beta != study.BetaDimson || got.DimsonLags != 2 {
		t.Errorf("--beta dimson --dimson-lags 2: %v %d, %v", got.Beta, got.DimsonLags, err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--model", "ff3"}, "needs --factors"},
		{[]string{"--model", "raw", "--beta", "dimson"}, "market model only"},
		{[]string{"--conventions", "nope"}, "nope"},
		{[]string{"--prediction-error", "maybe"}, "want on or off"},
	} {
		if _, err := parse(tc.args...); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: err = %v, want one containing %q", tc.args, err, tc.want)
		}
	}
}

// --measure: a volume study takes the mean-adjusted model unless --model is
// given, as eventstudy run (convflag.Model); volumes are not read from --returns.
func TestConfigMeasure(t *testing.T) {
	parse := func(args ...string) (study.Params, error) {
		fs := flag.NewFlagSet("eventstudy-beam", flag.ContinueOnError)
		cfg, err := config(context.Background(), fs, append([]string{"--events", "e.csv"}, args...))
		return cfg.Params, err
	}
	for _, tc := range []struct {
		args    []string
		measure study.Measure
		model   study.Model
	}{
		{[]string{"--prices", "p.csv"}, study.MeasureReturns, study.MarketModel},
		{[]string{"--prices", "p.csv", "--measure", "volume"}, study.MeasureVolume, study.ConstantMean},
		{[]string{"--prices", "p.csv", "--measure", "volume", "--model", "market"}, study.MeasureVolume, study.MarketModel},
		{[]string{"--prices", "p.csv", "--measure", "volatility", "--model", "mean-adjusted"}, study.MeasureVolatility, study.ConstantMean},
	} {
		p, err := parse(tc.args...)
		if err != nil || p.Measure != tc.measure || p.Model != tc.model {
			t.Errorf("%v: measure %v, model %v, err %v; want %v, %v", tc.args, p.Measure, p.Model, err, tc.measure, tc.model)
		}
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--returns", "r.csv", "--measure", "volume"}, "not from --returns"},
		{[]string{"--prices", "p.csv", "--measure", "volume", "--model", "raw"}, "volume"},
		{[]string{"--prices", "p.csv", "--measure", "sound"}, "sound"},
	} {
		if _, err := parse(tc.args...); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: err = %v, want one containing %q", tc.args, err, tc.want)
		}
	}
}
