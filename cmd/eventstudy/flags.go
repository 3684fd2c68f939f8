package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/eventstudy/eventstudy/internal/convflag"
	"github.com/eventstudy/eventstudy/study"
)

func formatWindow(w study.Window) string { return fmt.Sprintf("%d,%d", w.Start, w.End) }

// windowValue is a pflag.Value for one window.
type windowValue struct{ w *study.Window }

func (v windowValue) String() string { return formatWindow(*v.w) }
func (v windowValue) Type() string   { return "a,b" }
func (v windowValue) Set(s string) error {
	w, err := study.ParseWindow(s)
	if err != nil {
		return err
	}
	*v.w = w
	return nil
}

// windowsValue is a repeatable window flag; the first Set replaces the default.
type windowsValue struct {
	ws  *[]study.Window
	set bool
}

func (v *windowsValue) String() string {
	var parts []string
	for _, w := range *v.ws {
		parts = append(parts, formatWindow(w))
	}
	return strings.Join(parts, " ")
}
func (v *windowsValue) Type() string { return "a,b" }
func (v *windowsValue) Set(s string) error {
	w, err := study.ParseWindow(s)
	if err != nil {
		return err
	}
	if !v.set {
		*v.ws = nil
		v.set = true
	}
	*v.ws = append(*v.ws, w)
	return nil
}

// enumValue is a string flag restricted to a list of choices.
type enumValue struct {
	s       *string
	choices []string
}

func (v enumValue) String() string { return *v.s }
func (v enumValue) Type() string {
	var shown []string
	for _, c := range v.choices {
		if c != "" { // "" (automatic) is the default, not a value to type
			shown = append(shown, c)
		}
	}
	return strings.Join(shown, "|")
}
func (v enumValue) Set(s string) error {
	for _, c := range v.choices {
		if s == c {
			*v.s = s
			return nil
		}
	}
	return fmt.Errorf("%q is not one of %s", s, strings.Join(v.choices, ", "))
}

// studyFlags are the design choices shared by run and quick.
type studyFlags struct {
	params     study.Params
	model      string
	returnType string
	nonTrading string
	market     string
	prices     []string
	returns    []string
	priceField string
	dateFormat string
	conv       convFlags
	tests      testFlags
	measure    string         // --measure (run only)
	fs         *pflag.FlagSet // to tell flags given explicitly
}

func newStudyFlags() *studyFlags {
	return &studyFlags{
		params:     study.DefaultParams(),
		model:      "market",
		returnType: "simple",
		nonTrading: "next",
		market:     "^GSPC",
		dateFormat: "yyyy-mm-dd",
		measure:    "returns",
	}
}

func (f *studyFlags) register(fs *pflag.FlagSet, withCARs bool) {
	f.fs = fs
	if withCARs {
		fs.Var(enumValue{&f.measure, []string{"returns", "volume", "volatility"}}, "measure",
			"what to study: returns (abnormal returns), volume (abnormal log volume, Campbell & Wasley 1996; reads the\n"+
				"Volume column of the price files or the cache), volatility (abnormal returns plus event-day variance ratios, Beaver 1968)")
	}
	fs.Var(enumValue{&f.model, []string{"market", "market-adjusted", "constant-mean", "mean-adjusted", "raw", "ff3", "ff5", "carhart", "garch"}}, "model",
		"benchmark for normal returns: market (OLS market model), market-adjusted (R−Rm), constant-mean (alias mean-adjusted), raw;\n"+
			"ff3, ff5, carhart (factor models on excess returns, need --factors); garch (market model with GARCH(1,1) errors, maximum likelihood;\n"+
			"ARs standardized by the conditional variance forecast); --measure volume takes mean-adjusted (its default) or market")
	fs.Var(windowValue{&f.params.Estimation}, "estimation",
		"estimation window, in trading days relative to day 0 (inclusive)")
	fs.Var(windowValue{&f.params.Event}, "window",
		"event window, in trading days relative to day 0 (inclusive)")
	if withCARs {
		fs.Var(&windowsValue{ws: &f.params.CARs}, "car",
			"CAR window a,b inside the event window; repeat the flag for several")
	}
	fs.IntVar(&f.params.MinEst, "min-est", study.DefaultMinEst,
		"minimum number of estimation-window returns an event needs (else status insufficient_estimation); 120 for -250,-11")
	fs.Lookup("min-est").DefValue = "half the estimation window"
	fs.Var(enumValue{&f.returnType, []string{"simple", "log"}}, "returns-type",
		"returns from consecutive prices: simple (P1/P0−1) or log (ln P1/P0)")
	fs.Var(enumValue{&f.nonTrading, []string{"next", "previous", "skip"}}, "non-trading",
		"day 0 when the event date is not a trading day: next, previous, or skip the event")
	fs.StringVar(&f.market, "market", f.market,
		"benchmark symbol for events without a market column (^GSPC also finds GSPC.csv)")
	fs.StringArrayVar(&f.prices, "prices", nil,
		"price file or folder of SYMBOL.csv files; repeatable (Yahoo, date+close, long panel or wide layouts)")
	fs.StringArrayVar(&f.returns, "returns", nil,
		"like --prices, but the files hold simple returns instead of prices; repeatable")
	fs.StringVar(&f.priceField, "price-field", "",
		"price column to use (default: adj close if present, else close)")
	fs.Var(enumValue{&f.dateFormat, []string{"yyyy-mm-dd", "dd/mm/yyyy", "mm/dd/yyyy"}}, "date-format",
		"date format of the events file (price files are detected)")
	f.conv.register(fs)
	f.tests.register(fs, &f.params.Conventions)
}

// resolve turns the flag strings into study parameters.
func (f *studyFlags) resolve() error {
	var err error
	if err := f.tests.apply(&f.params.Conventions); err != nil {
		return &usageError{err}
	}
	if f.params.Measure, err = study.ParseMeasure(f.measure); err != nil {
		return &usageError{err}
	}
	if f.params.Model, err = convflag.Model(f.model, f.params.Measure, f.fs != nil && f.fs.Changed("model")); err != nil {
		return &usageError{err}
	}
	if f.returnType == "log" {
		f.params.ReturnType = study.Log
	} else {
		f.params.ReturnType = study.Simple
	}
	if f.params.NonTrading, err = study.ParseNonTrading(f.nonTrading); err != nil {
		return &usageError{err}
	}
	if err := f.conv.apply(&f.params); err != nil {
		return &usageError{err}
	}
	if len(f.prices) > 0 && len(f.returns) > 0 {
		return usagef("--prices and --returns cannot be combined: give one kind of input")
	}
	if f.params.Measure == study.MeasureVolume && len(f.returns) > 0 {
		return usagef("--measure volume reads volumes from price files (--prices) or the cache, not from --returns")
	}
	if err := f.params.Validate(); err != nil {
		return &usageError{err}
	}
	return nil
}

// usageArgs wraps a cobra positional-argument check so that its error is a
// usage error (exit code 2).
func usageArgs(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := check(cmd, args); err != nil {
			return &usageError{err}
		}
		return nil
	}
}
