package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/eventstudy/eventstudy/data/tidy"
	"github.com/eventstudy/eventstudy/study"
)

type regressOptions struct {
	dir     string
	ys      []string // --y kind:a,b
	xs      []string // --x COLUMN
	factors []string // --factor COLUMN
	se      string   // --se classic|hc1|hc3|cluster:COLUMN
	wls     bool
	quiet   bool

	outcomes []outcome
	seType   study.SEType
	cluster  string
}

// outcome is one --y: a kind of tidy.Outcome over a CAR window.
type outcome struct {
	label  string // as given, e.g. car:-1,1
	kind   string
	window study.Window
}

func parseOutcome(s string) (outcome, error) {
	kind, win, ok := strings.Cut(strings.TrimSpace(s), ":")
	kind = strings.ToLower(kind)
	if !ok || (kind != tidy.OutcomeCAR && kind != tidy.OutcomeSCAR && kind != tidy.OutcomeBHAR) {
		return outcome{}, fmt.Errorf("--y %q: want car:a,b, scar:a,b or bhar:a,b (a CAR window of the run)", s)
	}
	w, err := study.ParseWindow(win)
	if err != nil {
		return outcome{}, fmt.Errorf("--y %q: %v", s, err)
	}
	return outcome{label: kind + ":" + formatWindow(w), kind: kind, window: w}, nil
}

func newRegressCmd(e *env, runF func(context.Context, *env, *regressOptions) error) *cobra.Command {
	opts := &regressOptions{}
	cmd := &cobra.Command{
		Use:   "regress OUTDIR",
		Short: "Regress each event's CAR on event columns (cross-sectional regression)",
		Long: `Regress a per-event outcome of a finished run on columns of its events:

  y_i = b0 + b1·x1_i + … + indicators of factor levels + e_i

The outcome (--y) is the CAR of a window of the run (car:a,b), the standardized
CAR CAR/σ(CAR) (scar:a,b) or the BHAR (bhar:a,b). Regressors are columns of the
run's events.csv: the columns of your events file, carried through, and the
run's own (beta, sigma, r2, n_est …). --x enters a numeric column as is;
--factor enters a categorical one by treatment coding (an indicator per level,
the first level in sorted order being the base, terms named COLUMN[level]).

Standard errors (--se): hc1 (default; White's heteroskedasticity-robust with
the n/(n−k) factor, MacKinnon & White 1985), hc3 (with ê/(1−h), better in small
samples), classic (homoskedastic), or cluster:COLUMN (clustered by a column,
e.g. the firm or the event date, with the factor G/(G−1)·(n−1)/(n−k) and t on
G−1 degrees of freedom, Cameron & Miller 2015). --wls weights each event by
1/Var(CAR) from car.csv, so precise CARs count more.

Events whose status is not ok, or that lack a value of y or of a regressor,
are left out and counted (column n_excluded; the reasons in the printed summary). Writes
OUTDIR/regression.csv: y, term, estimate, std_error, statistic, p_value, n, k,
r2, adj_r2, se_type, n_excluded, estimator; one row per term. A regression that
cannot be fitted (a factor level with one event, a column that is a linear
combination of others) stops with the name of the column or level.`,
		Example: `  # the 10-K filings of five firms: CAR(-1,1) by firm (Apple the base) and on the market-model beta
  $ eventstudy run --events ../shared/data/lemaire_gafam/10K.csv --date-format dd/mm/yyyy \
      --returns ../shared/data/lemaire_gafam/returns_GAFAM.csv --out out/10k
  $ eventstudy regress out/10k --y car:-1,1 --factor symbol --x beta

  # CAR(-1,1) on firm size, with sector fixed effects, clustered by date
  $ eventstudy regress out/study --y car:-1,1 --x log_mktcap --factor sector --se cluster:event_date

  # several outcomes at once, weighted by the precision of each CAR
  $ eventstudy regress out/study --y car:-1,1 --y scar:-1,1 --y bhar:0,5 --x surprise --wls`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.dir = args[0]
			if len(opts.ys) == 0 {
				return usagef("--y is required: e.g. --y car:-1,1")
			}
			for _, s := range opts.ys {
				o, err := parseOutcome(s)
				if err != nil {
					return &usageError{err}
				}
				opts.outcomes = append(opts.outcomes, o)
			}
			se, col, _ := strings.Cut(opts.se, ":")
			t, err := study.ParseSEType(se)
			if err != nil {
				return &usageError{err}
			}
			if (t == study.SECluster) != (col != "") {
				return usagef("--se %q: cluster needs a column, as cluster:COLUMN; the others take none", opts.se)
			}
			opts.seType, opts.cluster = t, strings.TrimSpace(col)
			if runF != nil {
				return runF(cmd.Context(), e, opts)
			}
			return runRegress(e, opts)
		},
	}
	fs := cmd.Flags()
	fs.SortFlags = false
	fs.StringArrayVar(&opts.ys, "y", nil, "outcome `car:a,b`, scar:a,b or bhar:a,b, over a --car window of the run (repeatable)")
	fs.StringArrayVar(&opts.xs, "x", nil, "numeric regressor: a `COLUMN` of events.csv (repeatable)")
	fs.StringArrayVar(&opts.factors, "factor", nil, "categorical regressor: a `COLUMN` of events.csv, treatment-coded, base = first level in sorted order (repeatable)")
	fs.StringVar(&opts.se, "se", "hc1", "standard errors: classic, hc1, hc3 or cluster:COLUMN")
	fs.BoolVar(&opts.wls, "wls", false, "weighted least squares with weights 1/Var(CAR) (car_se² of car.csv)")
	fs.BoolVarP(&opts.quiet, "quiet", "q", false, "print nothing on success")
	return cmd
}

// command is the regression's command line as manifest.json records it:
// every option, defaults included, so that it reproduces regression.csv.
func (o *regressOptions) command() []string {
	args := []string{"eventstudy", "regress", o.dir}
	for _, y := range o.outcomes {
		args = append(args, "--y", y.label)
	}
	for _, x := range o.xs {
		args = append(args, "--x", x)
	}
	for _, f := range o.factors {
		args = append(args, "--factor", f)
	}
	args = append(args, "--se", o.se)
	if o.wls {
		args = append(args, "--wls")
	}
	return args
}

// regressOutput is the path of regression.csv in a run folder.
func regressOutput(dir string) string { return filepath.Join(dir, tidy.RegressionFile) }

func runRegress(e *env, o *regressOptions) error {
	run, err := tidy.ReadRun(o.dir)
	if err != nil {
		return err
	}
	var numeric []study.Regressor
	for _, name := range o.xs {
		j, err := run.Column(name)
		if err != nil {
			return &usageError{fmt.Errorf("--x: %w", err)}
		}
		v, err := run.Events.Floats(j)
		if err != nil {
			return fmt.Errorf("--x %s: %w (use --factor for a categorical column)", name, err)
		}
		numeric = append(numeric, study.Regressor{Name: run.Events.Header[j], Values: v})
	}
	factor := func(flag, name string) (study.Factor, error) {
		j, err := run.Column(name)
		if err != nil {
			return study.Factor{}, &usageError{fmt.Errorf("%s: %w", flag, err)}
		}
		return study.Factor{Name: run.Events.Header[j], Levels: run.Events.Strings(j)}, nil
	}
	var factors []study.Factor
	for _, name := range o.factors {
		f, err := factor("--factor", name)
		if err != nil {
			return err
		}
		factors = append(factors, f)
	}
	var cluster *study.Factor
	seLabel := string(o.seType)
	if o.seType == study.SECluster {
		f, err := factor("--se cluster", o.cluster)
		if err != nil {
			return err
		}
		cluster, seLabel = &f, "cluster:"+f.Name
	}
	estimator := "ols"
	if o.wls {
		estimator = "wls"
	}
	use := run.OK()
	var out []tidy.NamedRegression
	for _, y := range o.outcomes {
		v, variance, err := run.Outcome(y.kind, y.window)
		if err != nil {
			return &usageError{fmt.Errorf("--y %s: %w", y.label, err)}
		}
		spec := study.RegressionSpec{Y: v, YName: y.label, Numeric: numeric, Factors: factors, SE: o.seType, Cluster: cluster, Use: use}
		if o.wls {
			spec.Weights = make([]float64, len(variance))
			for i, s2 := range variance {
				spec.Weights[i] = 1 / s2
			}
		}
		fit, err := study.Regress(spec)
		if err != nil {
			return fmt.Errorf("regress %s: %w", y.label, err)
		}
		out = append(out, tidy.NamedRegression{Y: y.label, SEType: seLabel, Estimator: estimator, Fit: fit})
	}
	if err := tidy.WriteRegressions(o.dir, out); err != nil {
		return err
	}
	if err := tidy.RecordStep(o.dir, o.command(), tidy.RegressionFile); err != nil {
		return err
	}
	if !o.quiet {
		printRegressions(e.out, out, regressOutput(o.dir))
	}
	return nil
}

// printRegressions shows each regression as a coefficient table, with the
// events used and left out.
func printRegressions(w io.Writer, rs []tidy.NamedRegression, path string) {
	for i, r := range rs {
		if i > 0 {
			fmt.Fprintln(w)
		}
		f := r.Fit
		fmt.Fprintf(w, "%s (%s, %s standard errors): n = %d events, R² = %s, adjusted R² = %s\n",
			r.Y, strings.ToUpper(r.Estimator), r.SEType, f.N, num(f.R2, 3), num(f.AdjR2, 3))
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "term\testimate\tstd. error\tt\tp\t")
		for _, t := range f.Terms {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t\n", t.Name, num(t.Estimate, 5), num(t.SE, 5), num(t.Stat, 2), num(t.P, 3))
		}
		tw.Flush()
		if len(f.Excluded) > 0 {
			var parts []string
			for _, x := range f.Excluded {
				parts = append(parts, fmt.Sprintf("%d %s", x.N, x.Reason))
			}
			fmt.Fprintf(w, "left out %d events: %s\n", f.NExcluded(), strings.Join(parts, "; "))
		}
	}
	abs, _ := filepath.Abs(path)
	fmt.Fprintf(w, "wrote %s\n", abs)
}
