package convflag

import (
	"slices"
	"strings"
	"testing"

	"github.com/eventstudy/eventstudy/study"
)

// apply runs Values.Apply on the default params with the flags given.
func apply(t *testing.T, v Values, given ...string) (study.Params, error) {
	t.Helper()
	p := study.DefaultParams()
	err := v.Apply(&p, func(n string) bool { return slices.Contains(given, n) })
	return p, err
}

// The preset sets its conventions; a knob given explicitly wins over it; a
// knob not given keeps the preset's value even when its flag has a value.
func TestApply(t *testing.T) {
	v := Defaults()
	v.Preset, v.SigmaDF = "lemaire", "l-k" // --sigma-df not given: lemaire's l stays
	p, err := apply(t, v, FlagPreset)
	if err != nil {
		t.Fatal(err)
	}
	if c := p.Conventions; c.SigmaDF != study.SigmaL || !c.NoPredError || c.CARVar != study.CARVarAdditive || !c.TDFLminus1 || c.NonTradingLimit != 4 {
		t.Errorf("lemaire: %+v", c)
	}
	if p.Estimation != study.LemaireEstimation(p.Event) {
		t.Errorf("lemaire estimation window %v, want %v", p.Estimation, study.LemaireEstimation(p.Event))
	}

	v.SigmaDF, v.PredError, v.CARVar, v.TDF, v.NTLimit = "l-1", "on", "exact", "model", 2
	p, err = apply(t, v, FlagPreset, FlagSigmaDF, FlagPredError, FlagCARVar, FlagTDF, FlagNTLimit)
	if err != nil {
		t.Fatal(err)
	}
	if c := p.Conventions; c.SigmaDF != study.SigmaLminus1 || c.NoPredError || c.CARVar != study.CARVarExact || c.TDFLminus1 || c.NonTradingLimit != 2 {
		t.Errorf("lemaire with every knob given: %+v", c)
	}

	// A window or return type given on the command line stays under a preset.
	p = study.DefaultParams()
	p.Estimation = study.Window{Start: -100, End: -20}
	v = Defaults()
	v.Preset = "estudy2"
	if err := v.Apply(&p, func(n string) bool { return n == "estimation" || n == FlagPreset }); err != nil {
		t.Fatal(err)
	}
	if p.Estimation != (study.Window{Start: -100, End: -20}) || p.ReturnType != study.Log || !p.Conventions.Estudy2 {
		t.Errorf("estudy2 with --estimation: %v %v %+v", p.Estimation, p.ReturnType, p.Conventions)
	}
}

func TestApplyErrors(t *testing.T) {
	for _, tc := range []struct {
		set   func(*Values)
		given string
		want  string
	}{
		{func(v *Values) { v.Preset = "nope" }, FlagPreset, "nope"},
		{func(v *Values) { v.SigmaDF = "l-2" }, FlagSigmaDF, "l-2"},
		{func(v *Values) { v.PredError = "maybe" }, FlagPredError, "want on or off"},
		{func(v *Values) { v.CARVar = "sum" }, FlagCARVar, "want exact or additive"},
		{func(v *Values) { v.TDF = "l" }, FlagTDF, "want model or l-1"},
		{func(v *Values) { v.NTLimit = -1 }, FlagNTLimit, "≥ 0"},
		{func(v *Values) { v.Beta = "vasicek" }, FlagBeta, "vasicek"},
		{func(v *Values) { v.DimsonLags = 0 }, FlagDimsonLags, "≥ 1"},
	} {
		v := Defaults()
		tc.set(&v)
		if _, err := apply(t, v, tc.given); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("--%s: err = %v, want one containing %q", tc.given, err, tc.want)
		}
	}
	// Thin-trading betas are for the market model only.
	v := Defaults()
	v.Beta = "dimson"
	p := study.DefaultParams()
	p.Model = study.ConstantMean
	if err := v.Apply(&p, func(string) bool { return false }); err == nil || !strings.Contains(err.Error(), "market model only") {
		t.Errorf("dimson beta on the constant-mean model: err = %v", err)
	}
}

// TestModel: mean-adjusted is constant-mean; a volume study without --model
// takes it; a given --model wins.
func TestModel(t *testing.T) {
	for _, c := range []struct {
		name  string
		m     study.Measure
		given bool
		want  study.Model
	}{
		{"market", study.MeasureReturns, false, study.MarketModel},
		{"mean-adjusted", study.MeasureReturns, true, study.ConstantMean},
		{"market", study.MeasureVolume, false, study.ConstantMean},
		{"market", study.MeasureVolume, true, study.MarketModel},
		{"mean-adjusted", study.MeasureVolume, true, study.ConstantMean},
		{"carhart", study.MeasureVolatility, true, study.Carhart},
	} {
		got, err := Model(c.name, c.m, c.given)
		if err != nil || got != c.want {
			t.Errorf("Model(%q, %v, %v) = %v, %v; want %v", c.name, c.m, c.given, got, err, c.want)
		}
	}
	if _, err := Model("nope", study.MeasureReturns, true); err == nil {
		t.Error("Model(nope) accepted")
	}
}
