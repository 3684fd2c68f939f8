package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/eventstudy/eventstudy/data"
	"github.com/eventstudy/eventstudy/data/calendar"
	"github.com/eventstudy/eventstudy/data/sample"
	"github.com/eventstudy/eventstudy/internal/engine"
	"github.com/eventstudy/eventstudy/narrative"
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
	return cmd
}

// quickResult is what quick prints, as a table or as JSON.
type quickResult struct {
	Symbol     string     `json:"symbol"`
	Market     string     `json:"market"`
	EventDate  string     `json:"event_date"`
	Day0       string     `json:"day0,omitempty"`
	Status     string     `json:"status"`
	Message    string     `json:"message,omitempty"`
	Model      string     `json:"model"`
	Estimation [2]int     `json:"estimation"`
	NEst       int        `json:"n_est"`
	Alpha      jsonFloat  `json:"alpha"`
	Beta       jsonFloat  `json:"beta"`
	Sigma      jsonFloat  `json:"sigma"`
	Days       []quickDay `json:"days"`
	CAR        *quickCAR  `json:"car,omitempty"`
	Sentence   string     `json:"sentence"`
}

type quickDay struct {
	RelDay    int       `json:"rel_day"`
	Date      string    `json:"date"`
	Price     jsonFloat `json:"price"`
	Ret       jsonFloat `json:"ret"`
	MarketRet jsonFloat `json:"market_ret"`
	AR        jsonFloat `json:"ar"`
	T         jsonFloat `json:"ar_t"`
	P         jsonFloat `json:"ar_p"`
}

type quickCAR struct {
	Start int       `json:"car_start"`
	End   int       `json:"car_end"`
	CAR   jsonFloat `json:"car"`
	T     jsonFloat `json:"car_t"`
	P     jsonFloat `json:"car_p"`
	BHAR  jsonFloat `json:"bhar"`
}

func runQuick(ctx context.Context, e *env, o *quickOptions) error {
	popt := data.PriceOptions{Field: o.priceField}
	paths := o.prices
	if len(o.returns) > 0 {
		paths = o.returns
		popt.Returns = true
	}
	if o.source.source == "sample" && !o.marketSet {
		o.market = sample.Market
	}
	src, err := o.source.open(paths, popt)
	if err != nil {
		return err
	}
	defer src.close()
	p := o.params
	factors, err := loadFactors(ctx, o.conv.factors, p.Model, &o.source, nil)
	if err != nil {
		return err
	}
	p.CARs = []study.Window{{Start: -1, End: 1}}
	if !p.Event.Contains(p.CARs[0]) {
		return usagef("the event window %s must contain -1..+1 for quick", p.Event)
	}
	ev := study.Event{ID: "1", Symbol: o.symbol, Market: o.market, Date: o.date, AfterClose: o.time >= "16:00"}

	load := func(sym string) (data.Series, study.Series, error) {
		from, to := engine.Span(p, o.date, time.Now())
		s, err := src.Series(ctx, sym, from, to)
		if err != nil {
			return s, study.Series{}, err
		}
		in := study.Series{Dates: s.Dates, Values: s.Values}
		if popt.Returns {
			return s, study.ConvertReturns(in, p.ReturnType), nil
		}
		return s, study.Returns(in, p.ReturnType), nil
	}
	var r study.Result
	fp, fr, ferr := load(o.symbol)
	_, mr, merr := load(o.market)
	switch {
	case merr != nil:
		r = study.Result{Event: ev, Status: sourceStatus(merr), Message: fmt.Sprintf("market %s: %v", o.market, merr)}
	case ferr != nil:
		r = study.Result{Event: ev, Status: sourceStatus(ferr), Message: fmt.Sprintf("%s: %v", o.symbol, ferr)}
	default:
		r = study.Estimate(p, study.Input{Event: ev, Firm: fr, Market: mr, Factors: factors})
		study.PlaceDay0(&r, p.NonTrading, calendar.NYSE())
	}
	for _, err := range []error{ferr, merr} {
		var pe *data.ParseError
		if errors.As(err, &pe) {
			return err // a malformed file stops the command
		}
	}
	q := buildQuick(&r, p, fp, popt.Returns)
	if o.chart != "" && !popt.Returns {
		if err := writeQuickChart(ctx, src.Source, p, &r, sourceName(src.describe), o.chart); err != nil {
			return err
		}
	}
	if o.report != "" {
		args := append([]string{"eventstudy"}, os.Args[min(1, len(os.Args)):]...)
		if err := writeQuickReport(ctx, src.Source, p, &r, src.describe, o.report, args); err != nil {
			return err
		}
	}
	if o.json {
		enc := json.NewEncoder(e.out)
		enc.SetIndent("", "  ")
		return enc.Encode(q)
	}
	printQuick(e.out, q)
	if r.Status != study.StatusOK {
		return fmt.Errorf("%s on %s: %s: %s", o.symbol, o.date.Format(time.DateOnly), r.Status, r.Message)
	}
	return nil
}

func buildQuick(r *study.Result, p study.Params, prices data.Series, isReturns bool) *quickResult {
	q := &quickResult{
		Symbol: r.Event.Symbol, Market: r.Event.Market, EventDate: r.Event.Date.Format(time.DateOnly),
		Status: string(r.Status), Message: r.Message, Model: p.Model.String(),
		Estimation: [2]int{p.Estimation.Start, p.Estimation.End}, NEst: r.Fit.N,
		Alpha: jsonFloat(r.Fit.Alpha), Beta: jsonFloat(r.Fit.Beta), Sigma: jsonFloat(r.Fit.Sigma),
		Sentence: narrative.Sentence(r, p.Model),
	}
	if !r.Day0.IsZero() {
		q.Day0 = r.Day0.Format(time.DateOnly)
	}
	for _, d := range r.Days {
		if d.RelDay < -1 || d.RelDay > 1 {
			continue
		}
		price := math.NaN()
		if !isReturns {
			if i := sort.Search(len(prices.Dates), func(i int) bool { return !prices.Dates[i].Before(d.Date) }); i < len(prices.Dates) && prices.Dates[i].Equal(d.Date) {
				price = prices.Values[i]
			}
		}
		q.Days = append(q.Days, quickDay{RelDay: d.RelDay, Date: d.Date.Format(time.DateOnly), Price: jsonFloat(price),
			Ret: jsonFloat(d.Ret), MarketRet: jsonFloat(d.MarketRet), AR: jsonFloat(d.AR), T: jsonFloat(d.T), P: jsonFloat(d.P)})
	}
	if len(r.CARs) == 1 && r.Status == study.StatusOK {
		c := r.CARs[0]
		q.CAR = &quickCAR{Start: c.Window.Start, End: c.Window.End, CAR: jsonFloat(c.CAR), T: jsonFloat(c.T), P: jsonFloat(c.P), BHAR: jsonFloat(c.BHAR)}
	}
	return q
}

func printQuick(out io.Writer, q *quickResult) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s around %s (day 0 = %s), benchmark %s, %s model, estimation %+d..%+d (%d returns)\n\n",
		q.Symbol, q.EventDate, orNA(q.Day0), q.Market, q.Model, q.Estimation[0], q.Estimation[1], q.NEst)
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

// sourceStatus is the event status for a source error: unknown_symbol when
// the source does not know the symbol, data_error for any other failure.
func sourceStatus(err error) study.Status {
	if errors.Is(err, data.ErrUnknownSymbol) {
		return study.StatusUnknownSymbol
	}
	return engine.StatusDataError
}
