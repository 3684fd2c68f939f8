package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/eventstudy/eventstudy/data"
	"github.com/eventstudy/eventstudy/data/sample"
	"github.com/eventstudy/eventstudy/quick"
	"github.com/eventstudy/eventstudy/study"
)

type quickOptions struct {
	*studyFlags
	symbol    string
	date      time.Time
	time      string
	json      bool
	marketSet bool
	source    sourceFlags
	chart     string // --chart FILE.png|svg|pdf (render.go)
	report    string // --report FILE.html (render.go)
	title     string // --title: the charts' title (the news)
	credit    string // --credit: the charts' source line
}

func newQuickCmd(e *env, runF func(context.Context, *env, *quickOptions) error) *cobra.Command {
	opts := &quickOptions{studyFlags: newStudyFlags()}
	cmd := &cobra.Command{
		Use:   "quick SYMBOL DATE",
		Short: "One ticker, one date: the move, the abnormal return and a sentence to publish",
		Long: `Study one event and print a compact table for days -1..+1 (price, return,
market return, abnormal return with its t and p), the CAR over -1..+1, and a
plain-English sentence a reporter can use. DATE is yyyy-mm-dd; news at or after
the 16:00 close (--time 16:30) moves day 0 to the next trading day.

Without --prices or --returns, prices come from Yahoo Finance through the local
cache (--source, --cache, --offline); --source sample reads the built-in sample.`,
		Example: `  $ eventstudy quick FB 2018-08-06 --prices ../shared/data/yahoo_bluefin_2020 --prices ../shared/data/yahoo_kriti_2020
  $ eventstudy quick FB 2018-07-25 --time 16:05 --prices prices/ --json
  $ eventstudy quick FB 2018-08-06                  # Yahoo Finance, cached
  $ eventstudy quick FB 2018-08-06 --offline        # from the cache only
  $ eventstudy quick SYNA 2020-02-26 --source sample`,
		Args: usageArgs(cobra.ExactArgs(2)),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.symbol = strings.TrimSpace(args[0])
			d, err := time.Parse(time.DateOnly, args[1])
			if err != nil {
				return usagef("date %q: want yyyy-mm-dd", args[1])
			}
			opts.date = d
			if opts.time != "" {
				if _, err := time.Parse("15:04", opts.time); err != nil {
					return usagef("--time %q: want HH:MM (exchange-local, 24-hour)", opts.time)
				}
			}
			opts.marketSet = cmd.Flags().Changed("market")
			if err := opts.source.resolve(len(opts.prices)+len(opts.returns) > 0, "yahoo"); err != nil {
				return err
			}
			if err := opts.resolve(); err != nil {
				return err
			}
			if runF != nil {
				return runF(cmd.Context(), e, opts)
			}
			return runQuick(cmd.Context(), e, opts)
		},
	}
	fs := cmd.Flags()
	fs.SortFlags = false
	opts.studyFlags.register(fs, false)
	opts.source.register(fs)
	fs.StringVar(&opts.time, "time", "", "time of the news, HH:MM exchange-local; at or after 16:00, day 0 is the next trading day")
	fs.BoolVar(&opts.json, "json", false, "print the result as JSON instead of a table")
	fs.StringVar(&opts.report, "report", "", "also write a one-event report (tables, charts, sentence, provenance) to FILE.html")
	fs.StringVar(&opts.chart, "chart", "", "also write the price chart (firm and benchmark indexed to 100 on day -1) to FILE.png, .svg or .pdf")
	fs.StringVar(&opts.title, "title", "", `title of the charts, usually the news, e.g. --title "Facebook asked banks for customer data"`)
	fs.StringVar(&opts.credit, "credit", "", `who made the charts, on their source line, e.g. --credit "The Daily Ledger"`)
	return cmd
}

// openPrices opens the price source of quick and serve: the --prices or
// --returns files, the sample (whose benchmark is the default market unless
// --market was set) or a web source behind the cache.
func (f *studyFlags) openPrices(sf *sourceFlags, marketSet bool) (*openedSource, data.PriceOptions, error) {
	popt := data.PriceOptions{Field: f.priceField}
	paths := f.prices
	if len(f.returns) > 0 {
		paths = f.returns
		popt.Returns = true
	}
	if sf.source == "sample" && !marketSet {
		f.market = sample.Market
	}
	src, err := sf.open(paths, popt)
	return src, popt, err
}

func runQuick(ctx context.Context, e *env, o *quickOptions) error {
	o.source.interactive = true // someone waits: a stalled server is reported in seconds
	src, popt, err := o.openPrices(&o.source, o.marketSet)
	if err != nil {
		return err
	}
	defer src.close()
	p := o.params
	factors, err := loadFactors(ctx, o.conv.factors, p.Model, &o.source, nil)
	if err != nil {
		return err
	}
	a, err := quick.Run(ctx, src, quick.Request{Symbol: o.symbol, Market: o.market, Date: o.date,
		AfterClose: o.time >= "16:00", Params: p, Returns: popt.Returns, Factors: factors})
	if errors.Is(err, quick.ErrWindow) {
		return &usageError{err}
	}
	if err != nil {
		return err
	}
	r := &a.Study
	if o.chart != "" && !popt.Returns {
		if err := writeQuickChart(ctx, src, a, src.describe, o); err != nil {
			return err
		}
	}
	if o.report != "" {
		args := append([]string{"eventstudy"}, os.Args[min(1, len(os.Args)):]...)
		if err := writeQuickReport(ctx, src, a.Params, r, src.describe, o, args); err != nil {
			return err
		}
	}
	if o.json {
		enc := json.NewEncoder(e.out)
		enc.SetIndent("", "  ")
		return enc.Encode(a.Result)
	}
	// A failed event with nothing computed (no prices, unknown symbol) gets
	// the error alone, not an empty table with day 0 = n/a.
	if r.Status == study.StatusOK || len(a.Result.Days) > 0 {
		printQuick(e.out, &a.Result)
	}
	if r.Status != study.StatusOK {
		return fmt.Errorf("%s on %s: %s: %s", o.symbol, o.date.Format(time.DateOnly), r.Status, r.Message)
	}
	return nil
}

func printQuick(out io.Writer, q *quick.Result) {
	var b bytes.Buffer
	sym := q.Symbol
	if q.Name != "" {
		sym += " (" + q.Name + ")"
	}
	fmt.Fprintf(&b, "%s around %s (day 0 = %s), benchmark %s, %s model, estimation %+d..%+d (%d returns)\n",
		sym, q.EventDate, orNA(q.Day0), q.Market, q.Model, q.Estimation[0], q.Estimation[1], q.NEst)
	if q.SymbolNote != "" {
		fmt.Fprintf(&b, "%s\n", q.SymbolNote)
	}
	b.WriteString("\n")
	if len(q.Days) > 0 {
		tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "day\tdate\tprice\treturn\tmarket\tAR\tt\tp\t")
		for _, d := range q.Days {
			fmt.Fprintf(tw, "%+d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", d.RelDay, d.Date, num(float64(d.Price), 2),
				pctCell(float64(d.Ret)), pctCell(float64(d.MarketRet)), pctCell(float64(d.AR)), num(float64(d.T), 2), num(float64(d.P), 3))
		}
		tw.Flush()
	}
	if q.CAR != nil {
		fmt.Fprintf(&b, "\nCAR %+d..%+d: %s (t = %s, p = %s); BHAR %s\n", q.CAR.Start, q.CAR.End,
			pctCell(float64(q.CAR.CAR)), num(float64(q.CAR.T), 2), num(float64(q.CAR.P), 3), pctCell(float64(q.CAR.BHAR)))
	}
	fmt.Fprintf(&b, "\n%s\n", q.Sentence)
	out.Write(b.Bytes())
}

func orNA(s string) string {
	if s == "" {
		return "n/a"
	}
	return s
}
