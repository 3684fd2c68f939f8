// Command eventstudy-beam runs the study of `eventstudy run` on CSV inputs as
// an Apache Beam pipeline (package pipeline), on any Beam runner: in-process
// Prism by default, or Flink, Spark and Dataflow with the Beam runner flags.
//
//	eventstudy-beam --events examples/fb_events.csv \
//	    --prices ../shared/data/yahoo_bluefin_2020/FB.csv --prices ../shared/data/yahoo_kriti_2020/GSPC.csv \
//	    --car -1,1 --car -10,10 --out out/beam
//
// The per-event tables are written as shards (events-00000-of-00004.csv …,
// each with its header), aar.csv and summary.csv once.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"

	"github.com/eventstudy/eventstudy/beam/pipeline"
	"github.com/eventstudy/eventstudy/data"
	"github.com/eventstudy/eventstudy/internal/convflag"
	"github.com/eventstudy/eventstudy/study"
)

// list is a repeatable string flag.
type list []string

func (l *list) String() string     { return strings.Join(*l, " ") }
func (l *list) Set(s string) error { *l = append(*l, s); return nil }

// windows is a repeatable window flag; the first Set replaces the default.
type windows struct {
	ws  *[]study.Window
	set bool
}

func (w *windows) String() string {
	if w.ws == nil {
		return ""
	}
	var parts []string
	for _, x := range *w.ws {
		parts = append(parts, fmt.Sprintf("%d,%d", x.Start, x.End))
	}
	return strings.Join(parts, " ")
}

func (w *windows) Set(s string) error {
	x, err := study.ParseWindow(s)
	if err != nil {
		return err
	}
	if !w.set {
		*w.ws, w.set = nil, true
	}
	*w.ws = append(*w.ws, x)
	return nil
}

type window struct{ w *study.Window }

func (w window) String() string {
	if w.w == nil {
		return ""
	}
	return fmt.Sprintf("%d,%d", w.w.Start, w.w.End)
}

func (w window) Set(s string) error {
	x, err := study.ParseWindow(s)
	*w.w = x
	return err
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "eventstudy-beam:", err)
		os.Exit(1)
	}
}

func run() error {
	ctx := context.Background()
	cfg, err := config(ctx, flag.CommandLine, os.Args[1:])
	if err != nil {
		return err
	}
	beam.Init()
	if len(cfg.Prices) > 0 && !strings.Contains(cfg.Out, "://") {
		if err := os.MkdirAll(cfg.Out, 0o755); err != nil {
			return err
		}
	}
	pl, s := beam.NewPipelineWithRoot()
	if err := pipeline.Build(ctx, s, cfg); err != nil {
		return err
	}
	return beamx.Run(ctx, pl)
}

// config registers the study's flags on fs, parses args (with the Beam
// runner's flags when fs is flag.CommandLine) and returns the pipeline's
// configuration, the factor files read.
func config(ctx context.Context, fs *flag.FlagSet, args []string) (pipeline.Config, error) {
	p := study.DefaultParams()
	var events, prices, returns list
	fs.Var(&events, "events", "events CSV file or glob (columns symbol, date; optional event_id, time, market); repeatable")
	fs.Var(&prices, "prices", "price file, folder of SYMBOL.csv files, or glob (local or gs://…); repeatable")
	fs.Var(&returns, "returns", "like --prices, but the files hold simple returns; repeatable")
	model := fs.String("model", "market", "market, market-adjusted, constant-mean (alias mean-adjusted), raw; ff3, ff5, carhart (need --factors); garch; "+
		"--measure volume takes mean-adjusted (its default) or market")
	measure := fs.String("measure", "returns", "what to study: returns, volume (abnormal log volume; the Volume column of the price files) or "+
		"volatility (abnormal returns plus event-day variance ratios, volatility.csv)")
	fs.Var(window{&p.Estimation}, "estimation", "estimation window a,b (trading days relative to day 0)")
	fs.Var(window{&p.Event}, "window", "event window a,b")
	fs.Var(&windows{ws: &p.CARs}, "car", "CAR window a,b; repeat for several (default -1,1 0,0 0,1 -5,5)")
	fs.IntVar(&p.MinEst, "min-est", study.DefaultMinEst, "minimum number of estimation-window returns")
	rt := fs.String("returns-type", "simple", "simple or log")
	nt := fs.String("non-trading", "next", "day 0 of an event on a non-trading day: next, previous or skip")
	market := fs.String("market", "^GSPC", "benchmark of events without a market column")
	field := fs.String("price-field", "", "price column (default: adj close if present, else close)")
	df := fs.String("date-format", "yyyy-mm-dd", "date format of the events file: yyyy-mm-dd, dd/mm/yyyy or mm/dd/yyyy")
	tests := fs.String("tests", "battery", "tests across events: battery or basic")
	out := fs.String("out", "out/beam", "output folder (local, or a Beam filesystem such as gs://bucket/dir)")
	shards := fs.Int("shards", 4, "files per per-event table")
	alt := fs.String("alternative", "two-sided", "alternative hypothesis of the tests across events: two-sided, greater or less")
	fs.IntVar(&p.Conventions.BootstrapReps, "bootstrap-reps", study.DefaultBootstrapReps, "resamples for the bootstrap confidence interval of the CAAR")
	fs.Uint64Var(&p.Conventions.Seed, "seed", 1, "seed of the bootstrap's resampling (as eventstudy run's)")
	conv := convflag.Defaults()
	u := convflag.Usage
	fs.StringVar(&conv.Preset, convflag.FlagPreset, conv.Preset, u[convflag.FlagPreset])
	fs.StringVar(&conv.SigmaDF, convflag.FlagSigmaDF, conv.SigmaDF, u[convflag.FlagSigmaDF])
	fs.StringVar(&conv.PredError, convflag.FlagPredError, conv.PredError, u[convflag.FlagPredError])
	fs.StringVar(&conv.CARVar, convflag.FlagCARVar, conv.CARVar, u[convflag.FlagCARVar])
	fs.StringVar(&conv.TDF, convflag.FlagTDF, conv.TDF, u[convflag.FlagTDF])
	fs.IntVar(&conv.NTLimit, convflag.FlagNTLimit, conv.NTLimit, u[convflag.FlagNTLimit])
	fs.StringVar(&conv.Beta, convflag.FlagBeta, conv.Beta, u[convflag.FlagBeta])
	fs.IntVar(&conv.DimsonLags, convflag.FlagDimsonLags, conv.DimsonLags, u[convflag.FlagDimsonLags])
	var factorFiles list
	fs.Var(&factorFiles, "factors", "factor file for --model ff3|ff5|carhart (Kenneth French daily CSV or tidy CSV, percent; local or gs://…); repeat to merge files by date")
	if err := fs.Parse(args); err != nil {
		return pipeline.Config{}, err
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	var err error
	if p.Measure, err = study.ParseMeasure(*measure); err != nil {
		return pipeline.Config{}, err
	}
	if p.Model, err = convflag.Model(*model, p.Measure, given["model"]); err != nil {
		return pipeline.Config{}, err
	}
	switch *rt {
	case "simple":
		p.ReturnType = study.Simple
	case "log":
		p.ReturnType = study.Log
	default:
		return pipeline.Config{}, fmt.Errorf("--returns-type %q: want simple or log", *rt)
	}
	if p.NonTrading, err = study.ParseNonTrading(*nt); err != nil {
		return pipeline.Config{}, err
	}
	// The preset first, then the knobs given (as eventstudy run); the
	// alternative, bootstrap and seed flags are not a preset's.
	alternative, reps, seed := p.Conventions.Alternative, p.Conventions.BootstrapReps, p.Conventions.Seed
	if err := conv.Apply(&p, func(n string) bool { return given[n] }); err != nil {
		return pipeline.Config{}, err
	}
	p.Conventions.Alternative, p.Conventions.BootstrapReps, p.Conventions.Seed = alternative, reps, seed
	if p.Conventions.Alternative, err = study.ParseAlternative(*alt); err != nil {
		return pipeline.Config{}, err
	}
	var factors *study.FactorSeries
	if p.Model.IsFactor() {
		if len(factorFiles) == 0 {
			return pipeline.Config{}, fmt.Errorf("--model %s needs --factors FILE (Kenneth French daily factor files)", p.Model)
		}
		if factors, err = pipeline.ReadFactors(ctx, factorFiles); err != nil {
			return pipeline.Config{}, err
		}
	}
	if p.Conventions.BootstrapReps < 1 {
		return pipeline.Config{}, fmt.Errorf("--bootstrap-reps must be at least 1")
	}
	dateFormat, err := data.ParseDateFormat(*df)
	if err != nil {
		return pipeline.Config{}, err
	}
	if len(prices) > 0 && len(returns) > 0 {
		return pipeline.Config{}, fmt.Errorf("--prices and --returns cannot be combined")
	}
	if p.Measure == study.MeasureVolume && len(returns) > 0 {
		return pipeline.Config{}, fmt.Errorf("--measure volume reads volumes from price files (--prices), not from --returns")
	}
	if err := p.Validate(); err != nil {
		return pipeline.Config{}, err
	}
	cfg := pipeline.Config{Events: events, Prices: prices, PriceField: *field, DateFormat: dateFormat,
		Market: *market, Params: p, Tests: *tests, Out: *out, Shards: *shards, Factors: factors}
	if len(returns) > 0 {
		cfg.Prices, cfg.Returns = returns, true
	}
	return cfg, nil
}
