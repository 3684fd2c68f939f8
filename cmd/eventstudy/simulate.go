package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/eventstudy/eventstudy/charts"
	"github.com/eventstudy/eventstudy/data"
	"github.com/eventstudy/eventstudy/internal/simulate"
	"github.com/eventstudy/eventstudy/study"
)

type simOptions struct {
	*studyFlags
	n, samples int
	delta      string
	spread     study.Window
	varMult    float64
	cluster    bool
	level      float64
	seed       uint64
	jobs       int
	test       study.Window
	reps       int
	out        string
	chart      string
}

func newSimulateCmd(e *env) *cobra.Command {
	o := &simOptions{studyFlags: newStudyFlags(), n: 50, samples: 1000, delta: "0", varMult: 1, level: 0.05, seed: 1, reps: 200}
	o.params.Event = study.Window{Start: -5, End: 5}
	cmd := &cobra.Command{
		Use:   "simulate --prices PANEL --market SYMBOL",
		Short: "Size and power of every test across events, by simulation on a price panel (Brown & Warner 1985)",
		Long: `Draw --samples samples of --n random (firm, date) events from the firms of
--prices (every symbol but the market), add an abnormal return --delta on day 0
(or spread evenly over --spread), optionally multiply the event-day variance
(--var-mult) or put all events of a sample on one date (--cluster), run every
test across events on the --test-window CAR, and report each test's rejection
rate at --level with its binomial standard error.

With --delta 0 the rate is the test's size (a well-specified test rejects near
--level); otherwise it is the power. Events lacking data are redrawn. Seeded:
the same flags give the same table for any --jobs.`,
		Example: `  # size on the S&P 500 panel, 1000 samples of 50 events
  $ eventstudy simulate --prices ../shared/data/sp500_panel_yahoo_2017_2019 \
      --prices ../shared/data/yahoo_kriti_2020/GSPC.csv --market ^GSPC --out out/sim

  # power at δ = 1%, clustered event dates
  $ eventstudy simulate --prices panel.csv --prices GSPC.csv --delta 1% --cluster`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.resolve(); err != nil {
				return err
			}
			if len(o.prices)+len(o.returns) == 0 {
				return usagef("simulate needs a panel: give --prices PATH (and the market's prices)")
			}
			if o.n < 2 || o.samples < 1 {
				return usagef("--n must be ≥ 2 and --samples ≥ 1")
			}
			if o.level <= 0 || o.level >= 1 {
				return usagef("--level must be in (0, 1)")
			}
			return runSimulate(cmd.Context(), e, o)
		},
	}
	fs := cmd.Flags()
	fs.SortFlags = false
	fs.IntVar(&o.n, "n", o.n, "events per sample")
	fs.IntVar(&o.samples, "samples", o.samples, "number of samples")
	fs.StringVar(&o.delta, "delta", o.delta, "abnormal return added, as a fraction (0.01) or percent (1%)")
	fs.Var(windowValue{&o.spread}, "spread", "event days over which --delta is spread evenly")
	fs.Float64Var(&o.varMult, "var-mult", o.varMult, "event-day variance multiplier (event-induced volatility; 1 = none)")
	fs.BoolVar(&o.cluster, "cluster", false, "all events of a sample on one random date (cross-correlated abnormal returns)")
	fs.Var(windowValue{&o.test}, "test-window", "CAR window the tests are run on")
	fs.Float64Var(&o.level, "level", o.level, "test level")
	fs.Uint64Var(&o.seed, "seed", o.seed, "random seed")
	fs.IntVar(&o.reps, "bootstrap-reps", o.reps, "bootstrap replications per sample, for the bootstrap test")
	fs.IntVarP(&o.jobs, "jobs", "j", 0, "parallel workers (0 = one per CPU); results are identical for any value")
	fs.StringVarP(&o.out, "out", "o", "", "folder for simulate.csv and the chart (none: table on stdout only)")
	fs.StringVar(&o.chart, "chart", "svg", "chart format in --out: png, svg or pdf")
	o.studyFlags.register(fs, false)
	return cmd
}

// parseDelta reads 0.01 or 1%.
func parseDelta(s string) (float64, error) {
	s = strings.TrimSpace(s)
	scale := 1.0
	if strings.HasSuffix(s, "%") {
		s, scale = strings.TrimSuffix(s, "%"), 0.01
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, fmt.Errorf("--delta %q: want a number like 0.01 or 1%%", s)
	}
	return v * scale, nil
}

func runSimulate(ctx context.Context, e *env, o *simOptions) error {
	delta, err := parseDelta(o.delta)
	if err != nil {
		return &usageError{err}
	}
	p := o.params
	p.CARs = []study.Window{o.test}
	p.Conventions.BootstrapReps = o.reps
	if err := p.Validate(); err != nil {
		return &usageError{err}
	}
	pan, err := loadPanel(ctx, o)
	if err != nil {
		return err
	}
	start := time.Now()
	rep, err := simulate.Run(ctx, pan, simulate.Config{
		Params: p, N: o.n, Samples: o.samples, Delta: delta, Spread: o.spread,
		VarMult: o.varMult, Cluster: o.cluster, Level: o.level, Seed: o.seed, Workers: o.jobs,
	})
	if err != nil {
		return err
	}
	desc := fmt.Sprintf("%d samples of %d events from %d firms; δ = %.2f%% over days %v; variance ×%g; %s dates; CAR %v; level %.0f%%; seed %d",
		o.samples, o.n, len(pan.Firms), 100*delta, o.spread, o.varMult, map[bool]string{true: "clustered", false: "random"}[o.cluster],
		o.test, 100*o.level, o.seed)
	fmt.Fprintln(e.out, desc)
	writeSimTable(e.out, rep)
	fmt.Fprintf(e.out, "%d events estimated in %.1fs\n", rep.Drawn, time.Since(start).Seconds())
	if o.out == "" {
		return nil
	}
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return err
	}
	var b strings.Builder
	writeSimCSV(&b, rep, delta)
	if err := os.WriteFile(filepath.Join(o.out, "simulate.csv"), []byte(b.String()), 0o644); err != nil {
		return err
	}
	rates := make([]charts.RejectionRate, len(rep.Rows))
	for i, r := range rep.Rows {
		rates[i] = charts.RejectionRate{Test: r.Test, Rate: r.Rate, SE: r.SE}
	}
	title := "Rejection rates"
	if delta == 0 && o.varMult <= 1 {
		title = "Size of the tests (no abnormal return)"
	} else if delta != 0 {
		title = fmt.Sprintf("Power of the tests at δ = %.2f%%", 100*delta)
	}
	spec := charts.DefaultSpec()
	spec.Source = "eventstudy simulate: " + strings.Join(o.prices, ", ")
	ch, err := charts.RejectionChart(spec, title, desc+"\nbars: rejection rate; whiskers ±1.96 SE; dashed line: nominal level", rates, o.level)
	if err != nil {
		return err
	}
	f, err := os.Create(filepath.Join(o.out, "simulate."+o.chart))
	if err != nil {
		return err
	}
	defer f.Close()
	w := bufio.NewWriter(f)
	if err := charts.Render(ch, o.chart, w); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(e.out, "wrote %s\n", o.out)
	return f.Close()
}

func writeSimTable(w io.Writer, rep simulate.Report) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "test\trejections\tsamples\trate\tSE\t")
	for _, r := range rep.Rows {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.3f\t%.3f\t\n", r.Test, r.Rejections, r.Valid, r.Rate, r.SE)
	}
	tw.Flush()
}

func writeSimCSV(w io.Writer, rep simulate.Report, delta float64) {
	c := rep.Config
	cw := csv.NewWriter(w)
	cw.Write([]string{"test", "rejections", "valid", "rate", "se", "n", "samples", "delta", "spread", "var_mult", "cluster", "level", "car_window", "seed"})
	for _, r := range rep.Rows {
		cw.Write([]string{r.Test, strconv.Itoa(r.Rejections), strconv.Itoa(r.Valid),
			strconv.FormatFloat(r.Rate, 'g', 6, 64), strconv.FormatFloat(r.SE, 'g', 6, 64),
			strconv.Itoa(c.N), strconv.Itoa(c.Samples), strconv.FormatFloat(delta, 'g', -1, 64),
			formatWindow(c.Spread), strconv.FormatFloat(c.VarMult, 'g', -1, 64), strconv.FormatBool(c.Cluster),
			strconv.FormatFloat(c.Level, 'g', -1, 64), formatWindow(c.Params.CARs[0]), strconv.FormatUint(c.Seed, 10)})
	}
	cw.Flush()
}

// loadPanel reads the market and every other symbol of the --prices files as
// returns.
func loadPanel(ctx context.Context, o *simOptions) (simulate.Panel, error) {
	paths, popt := o.prices, data.PriceOptions{Field: o.priceField}
	if len(o.returns) > 0 {
		paths, popt.Returns = o.returns, true
	}
	src, err := data.OpenCSV(paths, popt)
	if err != nil {
		return simulate.Panel{}, err
	}
	conv := func(s data.Series) study.Series {
		in := study.Series{Dates: s.Dates, Values: s.Values}
		if popt.Returns {
			return study.ConvertReturns(in, o.params.ReturnType)
		}
		return study.Returns(in, o.params.ReturnType)
	}
	ms, err := src.Series(ctx, o.market, time.Time{}, time.Time{})
	if err != nil {
		return simulate.Panel{}, fmt.Errorf("market %s: %w", o.market, err)
	}
	pan := simulate.Panel{Market: conv(ms)}
	syms, err := panelSymbols(paths)
	if err != nil {
		return simulate.Panel{}, err
	}
	mk := strings.TrimPrefix(strings.ToUpper(o.market), "^")
	for _, s := range syms {
		if strings.TrimPrefix(strings.ToUpper(s), "^") == mk {
			continue
		}
		fs, err := src.Series(ctx, s, time.Time{}, time.Time{})
		if err != nil {
			continue // a symbol that cannot be read is not drawn
		}
		pan.Symbols = append(pan.Symbols, s)
		pan.Firms = append(pan.Firms, conv(fs))
	}
	if len(pan.Firms) == 0 {
		return pan, fmt.Errorf("no firm besides the market %s in %s", o.market, strings.Join(paths, ", "))
	}
	return pan, nil
}

// panelSymbols lists the symbols of price files: the distinct values of a
// ticker/symbol column of a long panel, else the file name (SYMBOL.csv);
// folders are listed.
func panelSymbols(paths []string) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	add := func(s string) {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	file := func(p string) error {
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		r := csv.NewReader(bufio.NewReader(f))
		r.FieldsPerRecord = -1
		r.ReuseRecord = true
		h, err := r.Read()
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		col := -1
		for i, n := range h {
			switch strings.ToLower(strings.TrimSpace(n)) {
			case "ticker", "symbol":
				col = i
			}
		}
		if col < 0 {
			add(data.SymbolFromFilename(p))
			return nil
		}
		for {
			rec, err := r.Read()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return fmt.Errorf("%s: %w", p, err)
			}
			if col < len(rec) {
				add(strings.TrimSpace(rec[col]))
			}
		}
	}
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			if err := file(p); err != nil {
				return nil, err
			}
			continue
		}
		ents, err := os.ReadDir(p)
		if err != nil {
			return nil, err
		}
		for _, e := range ents {
			if !e.IsDir() && strings.EqualFold(filepath.Ext(e.Name()), ".csv") {
				if err := file(filepath.Join(p, e.Name())); err != nil {
					return nil, err
				}
			}
		}
	}
	sort.Strings(out)
	return out, nil
}
