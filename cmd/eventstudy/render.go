package main

// Charts, tables and report.html for `run`, and the newsroom chart of
// `quick`. Every file is written inside the output folder through an
// os.Root (a name built from an event id cannot escape it) and atomically
// (a temporary file in the same folder, then a rename).

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/eventstudy/eventstudy/charts"
	"github.com/eventstudy/eventstudy/data"
	"github.com/eventstudy/eventstudy/data/symbols"
	"github.com/eventstudy/eventstudy/data/tables"
	"github.com/eventstudy/eventstudy/data/tidy"
	"github.com/eventstudy/eventstudy/internal/engine"
	"github.com/eventstudy/eventstudy/quick"
	"github.com/eventstudy/eventstudy/render"
	"github.com/eventstudy/eventstudy/report"
	"github.com/eventstudy/eventstudy/study"
)

// renderFlags are the presentation flags of run.
type renderFlags struct {
	charts     string // comma list of png, svg, pdf; "none"
	tables     string // comma list of md, tex, html, xlsx; "none"
	stars      bool
	se         bool
	histWindow string
	maxPanels  int
	maxEvents  int      // per-event charts, in files and in the report
	maxRows    int      // md, tex and html tables of more rows are not written; 0: no limit
	events     []string // --chart-events: ids always drawn
	credit     string
	noReport   bool
}

func (f *renderFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.charts, "charts", "png",
		"chart formats under <out>/charts: comma list of png, svg, pdf, or none")
	fs.StringVar(&f.tables, "tables", "md,tex,html,xlsx",
		"table formats under <out>/tables: comma list of md, tex, html, xlsx, or none")
	fs.IntVar(&f.maxRows, "max-table-rows", report.MaxTableRows,
		"md, tex and html tables of more rows than this (the per-event car table has one row per event and CAR window) "+
			"are not written: tables/results.xlsx and car.csv hold every row; 0: every table in every format, e.g. --max-table-rows 0")
	fs.BoolVar(&f.stars, "stars", false,
		"significance stars in the tables (* p<0.10, ** p<0.05, *** p<0.01, defined in each table note)")
	fs.BoolVar(&f.se, "table-se", false,
		"standard errors instead of t statistics in parentheses under per-event CARs")
	fs.StringVar(&f.histWindow, "hist-window", "",
		"CAR window a,b of the histogram chart (default: the first --car window)")
	fs.IntVar(&f.maxPanels, "max-panels", charts.DefaultMaxPanels,
		"small multiples of CAR paths are drawn when there are at most this many OK events")
	fs.IntVar(&f.maxEvents, "max-event-charts", charts.DefaultMaxEventCharts,
		fmt.Sprintf("per-event price and AR charts for every OK event when there are at most this many; "+
			"else for the %d largest absolute CARs (first --car window) and the --chart-events; 0: only the --chart-events", charts.DefaultMovers))
	fs.StringSliceVar(&f.events, "chart-events", nil,
		"event ids whose price and AR charts are always drawn, e.g. --chart-events banks,earnings")
	fs.StringVar(&f.credit, "credit", "",
		`who made the charts, on their source line, e.g. --credit "The Daily Ledger"`)
	fs.BoolVar(&f.noReport, "no-report", false, "do not write report.html")
}

// parseList splits a comma list and checks each item against allowed.
// writesNothing reports whether the flags ask for no chart, no table and no
// report (--charts none --tables none --no-report): the batch then keeps no
// results for rendering. Flags that do not parse write something: the
// render reports their error.
func (f *renderFlags) writesNothing() bool {
	c, err1 := parseList("charts", f.charts, []string{"png", "svg", "pdf"})
	t, err2 := parseList("tables", f.tables, tables.Formats)
	return err1 == nil && err2 == nil && len(c) == 0 && len(t) == 0 && f.noReport
}

func parseList(flag, s string, allowed []string) ([]string, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "none" {
		return nil, nil
	}
	var out []string
	seen := map[string]bool{}
	for _, x := range strings.Split(s, ",") {
		x = strings.ToLower(strings.TrimSpace(x))
		ok := false
		for _, a := range allowed {
			ok = ok || x == a
		}
		if !ok {
			return nil, usagef("--%s: %q is not one of %s (or none)", flag, x, strings.Join(allowed, ", "))
		}
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out, nil
}

// outRoot writes files under one folder through an os.Root, atomically.
type outRoot struct{ root *os.Root }

func openOutRoot(dir string) (*outRoot, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	r, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return &outRoot{r}, nil
}

func (o *outRoot) Close() error { return o.root.Close() }

// write replaces name (a slash path relative to the root) with b.
func (o *outRoot) write(name string, b []byte) error {
	if d := filepath.Dir(name); d != "." {
		if err := o.root.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	var rnd [6]byte
	rand.Read(rnd[:])
	tmp := filepath.Join(filepath.Dir(name), "."+filepath.Base(name)+".tmp-"+hex.EncodeToString(rnd[:]))
	f, err := o.root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = o.root.Rename(tmp, name)
	}
	if err != nil {
		o.root.Remove(tmp)
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}

// renderRun writes charts/, tables/ and report.html for a run into its
// staging folder (the manifest lists them when the run is published), with
// package render.
//
// news holds each result's headline and company name (nil: none), qs its
// data checks (the report shows their notes); groups are
// the summaries by group of --by (nil without).
func renderRun(ctx context.Context, o *runOptions, src data.Source, rs []study.Result, news []charts.News, qs []tidy.Quality, sum study.Summary, groups *study.Grouped, m *tidy.Manifest) error {
	f := &o.render
	ro := render.Options{Report: !f.noReport, MaxTableRows: f.maxRows, Jobs: o.jobs,
		TableOptions: tables.Options{Stars: f.stars, SE: f.se, Measure: o.params.Measure},
		Select:       charts.Selection{Max: f.maxEvents, IDs: f.events}}
	var err error
	if ro.Charts, err = parseList("charts", f.charts, []string{"png", "svg", "pdf"}); err != nil {
		return err
	}
	if ro.Tables, err = parseList("tables", f.tables, tables.Formats); err != nil {
		return err
	}
	if len(o.params.CARs) > 0 {
		ro.Hist = o.params.CARs[0]
	}
	if f.histWindow != "" {
		if ro.Hist, err = study.ParseWindow(f.histWindow); err != nil {
			return usagef("--hist-window: %v", err)
		}
	}
	if f.maxEvents == 0 {
		ro.Select.Max = -1
	}
	if ro.Jobs <= 0 {
		ro.Jobs = runtime.NumCPU()
	}
	ro.Spec = chartSpec(m.Parameters.Source, src, f.credit, o.params)
	ro.Spec.MaxPanels = max(f.maxPanels, 1)
	run := render.Run{Manifest: m, Params: o.params, Results: rs, News: news, Qualities: qs, Summary: sum, Groups: groups}
	if len(o.returns) == 0 {
		run.Prices = priceLoader(ctx, src)
	}
	root, err := openOutRoot(o.stage)
	if err != nil {
		return err
	}
	defer root.Close()
	return render.Write(run, ro, root.write)
}

// chartSpec is the spec of a run's charts: the vendor and credit on the
// source line, the model in the note line.
func chartSpec(describe string, src data.Source, credit string, p study.Params) charts.Spec {
	var files []string
	if f, ok := src.(interface{ Files() []data.FileDigest }); ok {
		for _, d := range f.Files() {
			files = append(files, d.Path)
		}
	}
	spec := charts.DefaultSpec()
	spec.Source = charts.SourceLine(charts.Vendor(describe, files), credit)
	spec.Note = charts.ModelNote(p)
	return spec
}

// priceLoader reads closing prices from src for the price charts.
func priceLoader(ctx context.Context, src data.Source) charts.PriceLoader {
	return func(sym string, from, to time.Time) (study.Series, error) {
		s, err := src.Series(ctx, sym, from, to)
		return study.Series{Dates: s.Dates, Values: s.Values}, err
	}
}

// eventNews gives each result its headline, from the events file's
// carried-through column "headline" (any case), and its company's name
// (study.Event.Name: the events file's name column, else the price source's).
func eventNews(extra []string, events []engine.Event, rs []study.Result) []charts.News {
	ih := -1
	for i, c := range extra {
		if strings.EqualFold(strings.TrimSpace(c), "headline") {
			ih = i
		}
	}
	out := make([]charts.News, len(rs))
	for k := range rs {
		if ih >= 0 && k < len(events) && ih < len(events[k].Extra) {
			out[k].Headline = events[k].Extra[ih]
		}
		out[k].Company = rs[k].Event.Name
	}
	return out
}

// quickSpec is the spec of one event's charts (quick, and the answer page of
// serve): the title (quick --title, the page's headline) as headline, the
// credit on the source line.
func quickSpec(src data.Source, p study.Params, describe, credit, title string) charts.Spec {
	spec := chartSpec(describe, src, credit, p)
	spec.News.Headline = title
	return spec
}

// writeQuickChart writes the newsroom price chart of quick to o.chart; the
// format comes from its extension (.png, .svg, .pdf).
func writeQuickChart(ctx context.Context, src data.Source, a *quick.Answer, describe string, o *quickOptions) error {
	path := o.chart
	format := strings.TrimPrefix(strings.ToLower(filepath.Ext(path)), ".")
	if format != "png" && format != "svg" && format != "pdf" {
		return usagef("--chart %s: the file must end in .png, .svg or .pdf", path)
	}
	ch, err := quick.Chart(ctx, src, a, quickSpec(src, a.Params, describe, o.credit, o.title))
	if err != nil {
		return fmt.Errorf("--chart: %w", err)
	}
	var b bytes.Buffer
	if err := charts.Render(ch, format, &b); err != nil {
		return err
	}
	return writeFileAt(path, b.Bytes())
}

// writeQuickReport writes a one-event report.html for quick to o.report:
// the same page as run's, with the price and AR charts of the event.
func writeQuickReport(ctx context.Context, src data.Source, p study.Params, r *study.Result, describe string, o *quickOptions, args []string) error {
	m := tidy.NewManifest()
	m.Command = args
	m.Parameters = tidy.NewParameters(p)
	m.Parameters.Market = r.Event.Market
	m.Parameters.Source = describe
	m.Events = 1
	m.Statuses[string(r.Status)]++
	if f, ok := src.(interface{ Files() []data.FileDigest }); ok {
		for _, d := range f.Files() {
			m.Inputs = append(m.Inputs, tidy.Input{Role: "prices", Path: d.Path, SHA256: d.SHA256, Bytes: d.Bytes})
		}
	}
	rs := []study.Result{*r}
	sum := study.Aggregate(p, rs)
	m.Parameters.Tests = sum.Tests
	var built []charts.Named
	var notes []string
	if r.Status == study.StatusOK {
		in := charts.StudyInput{Params: p, Results: rs}
		if len(o.returns) == 0 {
			in.Prices = priceLoader(ctx, src)
		}
		built, notes = charts.EventCharts(quickSpec(src, p, describe, o.credit, o.title), in, 0, "event", nil)
	}
	topt := tables.Options{}
	var b bytes.Buffer
	err := report.Write(&b, report.Page{Manifest: m, Params: p, Results: rs, Summary: sum,
		Events: []report.Event{quickReportEvent(ctx, src, r, o.title)}, Tables: []*tables.Table{tables.CARs(rs, topt)}, TableOptions: topt,
		Charts: report.ChartsOf(built), Notes: notes})
	if err != nil {
		return err
	}
	return writeFileAt(o.report, b.Bytes())
}

// writeFileAt writes a file the user named (quick --chart, --report)
// atomically, through the output root of its folder.
func writeFileAt(path string, b []byte) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	root, err := openOutRoot(filepath.Dir(abs))
	if err != nil {
		return err
	}
	defer root.Close()
	return root.write(filepath.Base(abs), b)
}

// quickReportEvent is what quick's report says of its event besides the
// result: the headline (--title), the company's name, and, for a renamed
// ticker, where the prices came from ("FB has traded as META since
// 2022-06-09 (Meta Platforms, Inc.); prices from META's history").
func quickReportEvent(ctx context.Context, src data.Source, r *study.Result, title string) report.Event {
	hist, _ := symbols.Of(src)
	return report.Event{Headline: title, Company: r.Event.Name,
		Quality: tidy.Quality{Note: hist.Resolve(r.Event.Symbol, r.Event.Date).NoteFrom(ctx, src)}}
}
