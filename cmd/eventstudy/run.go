package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/eventstudy/eventstudy/data"
	"github.com/eventstudy/eventstudy/data/sample"
	"github.com/eventstudy/eventstudy/data/tidy"
	"github.com/eventstudy/eventstudy/internal/engine"
	"github.com/eventstudy/eventstudy/study"
)

type runOptions struct {
	*studyFlags
	spec   string
	events string
	out    string
	jobs   int
	quiet  bool
	by     string       // --by: the events column whose values are the groups
	groups *eventGroups // its groups, once the events are read
	args   []string     // the command line, for the manifest

	digests func()      // adds the price files read to the manifest, once they are known
	stage   string      // where the run's files are written until it is complete (tidy.Stage)
	source  sourceFlags // where prices come from (source.go)
	render  renderFlags // charts, tables and report.html (render.go)
	batch   batchFlags  // --format, --resume (batch.go)

	// progress, when set, is also told how many events are done (the web page of serve).
	progress func(done, total int)
}

func newRunCmd(e *env, runF func(context.Context, *env, *runOptions) error) *cobra.Command {
	opts := &runOptions{studyFlags: newStudyFlags()}
	cmd := &cobra.Command{
		Use:   "run [study.yaml]",
		Short: "Run an event study on a file of events and write tidy outputs",
		Long: `Run an event study: for every event of --events, fit the --model on the
estimation window, compute abnormal returns over the event window and CARs over
each --car window, then test them across events. Outputs go to --out:
events.csv, abnormal_returns.csv, car.csv, aar.csv, summary.csv, manifest.json.
With --by COLUMN, aar.csv and summary.csv hold the whole sample, group (all),
then each value of the column (empty cells: group (missing)), and groups.csv
tests whether the mean CAR differs between groups (Welch t, Mann–Whitney;
ANOVA F and Kruskal–Wallis with three groups or more). Follow with
'eventstudy regress' to explain the CARs by event columns.

--measure volume studies abnormal log volume ln(1 + volume) instead of returns
(the same files; ar holds the abnormal log volume); --measure volatility adds
volatility.csv, the event-day variance ratios (AR/SE)² and their tests;
--model garch standardizes each AR by a GARCH(1,1) variance forecast
(docs/measures.md).

A failing event (unknown ticker, too little data) gets a status and a message in
events.csv and the batch goes on; a malformed file stops the run with its name,
line and column.

Every flag can also come from a YAML spec file whose keys are the flag names;
flags on the command line override the file. With no --events, the built-in
synthetic sample is studied (benchmark SYNMKT).`,
		Example: `  # the built-in synthetic sample
  $ eventstudy run --out out/demo

  # your events against prices in a folder of SYMBOL.csv files
  $ eventstudy run --events events.csv --prices prices/ --market ^GSPC --out out/study

  # three Facebook events on real prices (README), with log returns and a longer CAR window
  $ eventstudy run --events fb_events.csv --prices ../shared/data/yahoo_bluefin_2020 \
      --prices ../shared/data/yahoo_kriti_2020 --returns-type log --car -1,1 --car -10,10

  # the same events in groups: CAAR per value of the events column sector, and
  # tests of the differences between sectors in groups.csv
  $ eventstudy run --events events.csv --prices prices/ --by sector --out out/sectors

  # a spec file (keys are flag names), with one flag overridden
  $ eventstudy run study.yaml --out out/other

  # did volatility rise? variance ratios (AR/SE)² and their tests in volatility.csv, GARCH(1,1) ARs
  $ eventstudy run --events banks.csv --prices prices/ --measure volatility --model garch --out out/vol

  # abnormal trading volume of Facebook and the banks (Volume column; mean-adjusted log volume)
  $ eventstudy run --events banks.csv --prices ../shared/data/yahoo_bluefin_2020 \
      --prices ../shared/data/yahoo_kriti_2020 --measure volume --out out/volume`,
		Args: usageArgs(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.spec = args[0]
				if err := applySpec(args[0], cmd.Flags()); err != nil {
					return &usageError{err}
				}
			}
			if !cmd.Flags().Changed("market") && opts.events == "" && len(opts.prices)+len(opts.returns) == 0 {
				opts.market = sample.Market
			}
			if err := opts.resolve(); err != nil {
				return err
			}
			if opts.events == "" && len(opts.prices)+len(opts.returns) > 0 {
				return usagef("--prices or --returns given without --events")
			}
			fallback := "yahoo"
			if opts.events == "" {
				fallback = "sample"
			}
			if err := opts.source.resolve(len(opts.prices)+len(opts.returns) > 0, fallback); err != nil {
				return err
			}
			if opts.jobs < 0 {
				return usagef("--jobs must be ≥ 0")
			}
			opts.args = append([]string{"eventstudy", "run"}, os.Args[min(2, len(os.Args)):]...)
			if runF != nil {
				return runF(cmd.Context(), e, opts)
			}
			return runRun(cmd.Context(), e, opts)
		},
	}
	fs := cmd.Flags()
	fs.SortFlags = false
	fs.StringVar(&opts.events, "events", "", "events CSV: columns symbol, date; optional event_id, time (HH:MM), market; others are carried through")
	opts.studyFlags.register(fs, true)
	fs.StringVarP(&opts.out, "out", "o", "out", "output folder (created if needed; files are replaced atomically)")
	fs.StringVar(&opts.by, "by", "", "compute aar.csv and summary.csv for each value of this events `COLUMN` too (first column group), "+
		"and test the differences between groups in groups.csv (e.g. --by sector; symbol and market work too)")
	fs.IntVarP(&opts.jobs, "jobs", "j", 0, "parallel workers (0 = one per CPU); outputs are identical for any value")
	fs.BoolVarP(&opts.quiet, "quiet", "q", false, "no progress or summary on the terminal")
	opts.render.register(fs)
	opts.batch.register(fs)
	opts.source.register(fs)
	return cmd
}

// inputs opens the events and the price source the options name, or the
// built-in sample.
func (o *runOptions) inputs(m *tidy.Manifest) (*data.EventFile, *openedSource, error) {
	df, err := data.ParseDateFormat(o.dateFormat)
	if err != nil {
		return nil, nil, &usageError{err}
	}
	var ef *data.EventFile
	if o.events == "" {
		b, err := sample.FS.ReadFile(sample.EventsFile)
		if err != nil {
			return nil, nil, err
		}
		if ef, err = data.ReadEvents(bytes.NewReader(b), "sample:"+sample.EventsFile, data.EventOptions{}); err != nil {
			return nil, nil, err
		}
		m.Inputs = append(m.Inputs, tidy.Input{Role: "events", Path: "sample:" + sample.EventsFile, SHA256: tidy.HashBytes(b), Bytes: int64(len(b))})
		m.Parameters.EventsSource = "sample:" + sample.EventsFile
	} else {
		f, err := os.Open(o.events)
		if err != nil {
			return nil, nil, fmt.Errorf("read events: %w", err)
		}
		defer f.Close()
		if ef, err = data.ReadEvents(f, o.events, data.EventOptions{DateFormat: df}); err != nil {
			return nil, nil, err
		}
		sum, n, err := tidy.HashFile(o.events)
		if err != nil {
			return nil, nil, err
		}
		m.Inputs = append(m.Inputs, tidy.Input{Role: "events", Path: o.events, SHA256: sum, Bytes: n})
		m.Parameters.EventsSource = o.events
	}
	popt := data.PriceOptions{Field: o.priceField, Volume: o.params.Measure == study.MeasureVolume}
	paths, role := o.prices, "prices"
	if len(o.returns) > 0 {
		paths, role = o.returns, "returns"
		popt.Returns = true
	}
	src, err := o.source.open(paths, popt)
	if err != nil {
		return nil, nil, err
	}
	m.Parameters.Source = src.describe
	if src.symFile != nil {
		m.Inputs = append(m.Inputs, *src.symFile)
	}
	m.Parameters.InputIsRet = popt.Returns
	if o.source.source == "sample" {
		pb, _ := sample.FS.ReadFile(sample.PricesFile)
		m.Inputs = append(m.Inputs, tidy.Input{Role: "prices", Path: "sample:" + sample.PricesFile, SHA256: tidy.HashBytes(pb), Bytes: int64(len(pb))})
	} else if src.csv != nil {
		o.digests = func() {
			for _, d := range src.csv.Files() {
				m.Inputs = append(m.Inputs, tidy.Input{Role: role, Path: d.Path, SHA256: d.SHA256, Bytes: d.Bytes})
			}
		}
	}
	return ef, src, nil
}

func runRun(ctx context.Context, e *env, o *runOptions) (err error) {
	stop, err := o.batch.startProfile()
	if err != nil {
		return err
	}
	defer func() {
		if serr := stop(); err == nil {
			err = serr
		}
	}()
	m := tidy.NewManifest()
	m.Command = o.args
	m.Parameters = tidy.NewParameters(o.params)
	ef, src, err := o.inputs(m)
	if err != nil {
		return err
	}
	defer src.close()
	m.Parameters.Market = o.market
	m.Parameters.PriceField = o.priceField
	m.Parameters.DateFormat = o.dateFormat
	m.Parameters.Extra = ef.Extra
	if o.spec != "" {
		m.Parameters.Other = append(m.Parameters.Other, tidy.KeyValue{Key: "spec", Value: o.spec})
		if sum, n, err := tidy.HashFile(o.spec); err == nil {
			m.Inputs = append(m.Inputs, tidy.Input{Role: "spec", Path: o.spec, SHA256: sum, Bytes: n})
		}
	}
	events := engine.FromRows(ef.Rows, o.market)
	if o.groups, err = groupLabels(o.by, ef, events); err != nil {
		return err
	}
	if o.by != "" {
		m.Parameters.Other = append(m.Parameters.Other, tidy.KeyValue{Key: "by", Value: o.by})
	}
	ef.Rows = nil // the events are in events now: a million rows need not be held twice
	factors, err := loadFactors(ctx, o.conv.factors, o.params.Model, &o.source, m)
	if err != nil {
		return err
	}

	sum, err := o.runBatch(ctx, e, m, ef.Extra, events, engine.Options{
		Params:     o.params,
		Market:     o.market,
		Source:     src,
		Returns:    len(o.returns) > 0,
		Jobs:       o.jobs,
		Factors:    factors,
		Symbols:    src.symbols,
		SourceName: src.name,
	}, func(results []study.Result, qs []tidy.Quality, sum study.Summary, groups *study.Grouped) error {
		return renderRun(ctx, o, src, results, eventNews(ef.Extra, events, results), qs, sum, groups, m)
	})
	if err != nil {
		return err
	}
	if !o.quiet {
		printRunSummary(e.out, o, m, sum)
	}
	return nil
}

// printRunSummary tells the user what was written and the headline numbers.
func printRunSummary(out io.Writer, o *runOptions, m *tidy.Manifest, sum study.Summary) {
	var sts []string
	for s, n := range m.Statuses {
		sts = append(sts, fmt.Sprintf("%d %s", n, s))
	}
	sort.Strings(sts)
	abs, _ := filepath.Abs(o.out)
	what := ""
	if o.params.Measure != study.MeasureReturns {
		what = " of " + o.params.Measure.String()
	}
	if o.source.source == "sample" {
		fmt.Fprint(out, "SYNTHETIC DATA: the built-in sample (firms SYNA..SYNF simulated from a market model with known parameters and\n"+
			"planted abnormal returns, data/sample/truth.csv), not market prices; give --events and --prices for a real study\n")
	}
	fmt.Fprintf(out, "%d events (%s); %s model%s, estimation %s, event window %s\n",
		m.Events, strings.Join(sts, ", "), o.params.ModelName(), what, o.params.Estimation, o.params.Event)
	if m.Statuses[string(study.StatusOK)] < m.Events {
		fmt.Fprintf(out, "events that could not be computed are listed with a message in %s\n", filepath.Join(abs, tidy.EventsFile))
	}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	caar, cell := "CAAR", pctCell
	if o.params.Measure == study.MeasureVolume {
		caar, cell = "mean abnormal log volume", func(x float64) string { return num(x, 3) }
	}
	fmt.Fprintf(tw, "window\tN\t%s\t", caar)
	for _, t := range sum.Tests {
		if headlineTest(t) {
			fmt.Fprintf(tw, "%s\tp\t", t)
		}
	}
	fmt.Fprintln(tw)
	for _, ws := range sum.Windows {
		fmt.Fprintf(tw, "%s\t%d\t%s\t", ws.Window, ws.N, cell(ws.CAAR))
		for _, st := range ws.Tests {
			if headlineTest(st.Test) {
				fmt.Fprintf(tw, "%s\t%s\t", num(st.Stat, 2), num(st.P, 3))
			}
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
	if len(sum.Tests) > 4 {
		fmt.Fprintf(out, "all %d tests, with the bootstrap confidence intervals, in %s\n", len(sum.Tests), tidy.SummaryFile)
	}
	if o.params.Measure == study.MeasureVolatility {
		fmt.Fprintf(out, "abnormal volatility (variance ratios U = (AR/SE)², tests of mean U = 1 and of ranks) in %s\n", tidy.VolatilityFile)
	}
	fmt.Fprintf(out, "wrote %s\n", abs)
}
