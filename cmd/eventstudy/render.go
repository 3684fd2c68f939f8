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
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/pflag"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/eventstudy/eventstudy/charts"
	"github.com/eventstudy/eventstudy/data"
	"github.com/eventstudy/eventstudy/data/tables"
	"github.com/eventstudy/eventstudy/data/tidy"
	"github.com/eventstudy/eventstudy/quick"
	"github.com/eventstudy/eventstudy/study"
)

// Output names under --out.
const (
	chartsDir  = "charts"
	tablesDir  = "tables"
	reportFile = "report.html"
	xlsxFile   = "results.xlsx"
)

// renderFlags are the presentation flags of run.
type renderFlags struct {
	charts     string // comma list of png, svg, pdf; "none"
	tables     string // comma list of md, tex, html, xlsx; "none"
	stars      bool
	se         bool
	histWindow string
	maxPanels  int
	maxEvents  int // per-event charts, in files and in the report
	noReport   bool
}

func (f *renderFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.charts, "charts", "png",
		"chart formats under <out>/charts: comma list of png, svg, pdf, or none")
	fs.StringVar(&f.tables, "tables", "md,tex,html,xlsx",
		"table formats under <out>/tables: comma list of md, tex, html, xlsx, or none")
	fs.BoolVar(&f.stars, "stars", false,
		"significance stars in the tables (* p<0.10, ** p<0.05, *** p<0.01, defined in each table note)")
	fs.BoolVar(&f.se, "table-se", false,
		"standard errors instead of t statistics in parentheses under per-event CARs")
	fs.StringVar(&f.histWindow, "hist-window", "",
		"CAR window a,b of the histogram chart (default: the first --car window)")
	fs.IntVar(&f.maxPanels, "max-panels", charts.DefaultMaxPanels,
		"small multiples of CAR paths are drawn when there are at most this many OK events")
	fs.IntVar(&f.maxEvents, "max-event-charts", 50,
		"per-event price and AR charts for at most this many OK events (in input order); 0: none")
	fs.BoolVar(&f.noReport, "no-report", false, "do not write report.html")
}

// parseList splits a comma list and checks each item against allowed.
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

// safeName turns an event id into a file name stem: ASCII letters, digits,
// '-', '_' and '.', no leading dot, at most 80 bytes; used names get -2, -3….
func safeName(id string, used map[string]bool) string {
	var b strings.Builder
	dash := false
	for _, r := range id {
		ok := r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '.' || r == '-')
		if !ok {
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = true
			continue
		}
		b.WriteRune(r)
		dash = false
	}
	s := strings.Trim(b.String(), ".-")
	s = strings.ReplaceAll(s, "..", "_")
	if len(s) > 80 {
		s = s[:80]
	}
	if s == "" {
		s = "event"
	}
	name := s
	for k := 2; used[strings.ToLower(name)]; k++ {
		name = fmt.Sprintf("%s-%d", s, k)
	}
	used[strings.ToLower(name)] = true
	return name
}

// renderedChart is one chart of a study, drawn for the files and the report.
type renderedChart struct {
	Name  string // file stem under charts/
	Chart *charts.Chart
	Event int // index into the results; -1 for study charts
}

// studyCharts builds every chart of a run: per-event price and AR charts
// for the first maxEvents OK events, then CAAR, histogram and multiples.
// Charts that cannot be drawn (no data) are skipped with a note.
func studyCharts(ctx context.Context, src data.Source, isReturns bool, p study.Params, spec charts.Spec,
	rs []study.Result, sum study.Summary, hist study.Window, maxEvents int) ([]renderedChart, []string) {
	var out []renderedChart
	var notes []string
	used := map[string]bool{"caar": true, "histogram": true, "multiples": true}
	load := func(sym string, from, to time.Time) (study.Series, error) {
		s, err := src.Series(ctx, sym, from, to)
		return study.Series{Dates: s.Dates, Values: s.Values}, err
	}
	n := 0
	var ok []study.Result
	for i, r := range rs {
		if r.Status != study.StatusOK {
			continue
		}
		ok = append(ok, r)
		if n >= maxEvents {
			continue
		}
		n++
		id := r.Event.ID
		if id == "" {
			id = r.Event.Symbol + "-" + r.Event.Date.Format(time.DateOnly)
		}
		stem := safeName(id, used)
		if !isReturns {
			from, to := charts.PriceSpan(p.Event, r.Day0)
			firm, ferr := load(r.Event.Symbol, from, to)
			mkt, merr := load(r.Event.Market, from, to)
			if err := errors.Join(ferr, merr); err != nil {
				notes = append(notes, fmt.Sprintf("%s: no price chart: %v", id, err))
			} else if ch, err := charts.PriceChart(spec, charts.Prices{Event: r.Event, Day0: r.Day0, Firm: firm, Market: mkt, Window: p.Event}); err != nil {
				notes = append(notes, fmt.Sprintf("%s: no price chart: %v", id, err))
			} else {
				out = append(out, renderedChart{stem + ".price", ch, i})
			}
		}
		if ch, err := charts.ARChart(spec, r); err != nil {
			notes = append(notes, fmt.Sprintf("%s: no AR chart: %v", id, err))
		} else {
			out = append(out, renderedChart{stem + ".ar", ch, i})
		}
	}
	if len(ok) > maxEvents && maxEvents > 0 {
		notes = append(notes, fmt.Sprintf("per-event charts for the first %d of %d OK events (--max-event-charts)", maxEvents, len(ok)))
	}
	if ch, err := charts.CAARChart(spec, sum, caarBandSE(p, rs, sum)); err != nil {
		notes = append(notes, "no CAAR chart: "+err.Error())
	} else {
		out = append(out, renderedChart{"caar", ch, -1})
		notes = append(notes, "The CAAR band is CAAR ± t(0.975, N−1)·SE, SE = s/√N the cross-sectional standard error of "+
			"the CAAR (Brown & Warner 1985): the 95% interval of the cs_t test, robust to event-specific variance, not to "+
			"cross-correlation of events that share dates.")
	}
	if ch, err := charts.CARHistogram(spec, rs, hist); err != nil {
		notes = append(notes, "no histogram: "+err.Error())
	} else {
		out = append(out, renderedChart{"histogram", ch, -1})
	}
	if len(ok) > 0 {
		if ch, err := charts.CARMultiples(spec, ok); errors.Is(err, charts.ErrTooManyPanels) {
			notes = append(notes, fmt.Sprintf("no small multiples: %d OK events, more than --max-panels %d", len(ok), spec.MaxPanels))
		} else if err != nil {
			notes = append(notes, "no small multiples: "+err.Error())
		} else {
			out = append(out, renderedChart{"multiples", ch, -1})
		}
	}
	return out, notes
}

// caarBandSE is the SE that CAARChart widens by ±1.96 into the band, scaled
// so that the band is the 95% interval of the cross-sectional t test,
// CAAR ± t(0.975, N−1)·SE (study.CAARSE): with few events the normal 1.96
// would draw a band far narrower than the test's (t(0.975, 2) = 4.30).
func caarBandSE(p study.Params, rs []study.Result, sum study.Summary) []float64 {
	se, n := study.CAARSE(p, rs)
	if len(se) != len(sum.Days) {
		return nil
	}
	for i := range se {
		if n[i] >= 2 {
			se[i] *= distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(n[i] - 1)}.Quantile(0.975) / charts.Z95
		}
	}
	return se
}

// renderRun writes charts/, tables/ and report.html for a run, and adds
// their names to the manifest's outputs (call before the manifest is written).
// renderRun draws the charts, tables and report of a run; groups are the
// summaries by group of --by (nil without).
func renderRun(ctx context.Context, o *runOptions, src data.Source, rs []study.Result, sum study.Summary, groups []study.GroupSummary, m *tidy.Manifest) error {
	f := &o.render
	formats, err := parseList("charts", f.charts, []string{"png", "svg", "pdf"})
	if err != nil {
		return err
	}
	tfmts, err := parseList("tables", f.tables, tables.Formats)
	if err != nil {
		return err
	}
	hist := study.Window{}
	if len(o.params.CARs) > 0 {
		hist = o.params.CARs[0]
	}
	if f.histWindow != "" {
		if hist, err = parseWindow(f.histWindow); err != nil {
			return usagef("--hist-window: %v", err)
		}
	}
	root, err := openOutRoot(o.out)
	if err != nil {
		return err
	}
	defer root.Close()

	var built []renderedChart
	var notes []string
	if len(formats) > 0 || !f.noReport {
		spec := charts.DefaultSpec()
		spec.MaxPanels = max(f.maxPanels, 1)
		spec.Source = charts.SourceLine(sourceName(m.Parameters.Source), o.params)
		built, notes = studyCharts(ctx, src, len(o.returns) > 0, o.params, spec, rs, sum, hist, max(f.maxEvents, 0))
	}
	for _, c := range built {
		for _, format := range formats {
			var b bytes.Buffer
			if err := charts.Render(c.Chart, format, &b); err != nil {
				return fmt.Errorf("chart %s: %w", c.Name, err)
			}
			name := chartsDir + "/" + c.Name + "." + format
			if err := root.write(name, b.Bytes()); err != nil {
				return err
			}
		}
	}
	if len(formats) > 0 && len(built) > 0 {
		m.Outputs = append(m.Outputs, chartsDir+"/")
	}

	topt := tables.Options{Stars: f.stars, SE: f.se}
	ts := tables.All(sum, rs, topt)
	for _, format := range tfmts {
		if format == "xlsx" {
			var b bytes.Buffer
			if err := tables.WriteXLSX(&b, ts); err != nil {
				return fmt.Errorf("tables: %w", err)
			}
			if err := root.write(tablesDir+"/"+xlsxFile, b.Bytes()); err != nil {
				return err
			}
			continue
		}
		for _, t := range ts {
			var b bytes.Buffer
			if err := tables.Write(&b, t, format, topt); err != nil {
				return err
			}
			if err := root.write(tablesDir+"/"+t.Name+"."+format, b.Bytes()); err != nil {
				return err
			}
		}
	}
	if len(tfmts) > 0 {
		m.Outputs = append(m.Outputs, tablesDir+"/")
	}
	if f.noReport {
		return nil
	}
	m.Outputs = append(m.Outputs, reportFile)
	b, err := buildReport(reportData{Manifest: m, Params: o.params, Results: rs, Summary: sum, Tables: ts,
		TableOptions: topt, Charts: built, Notes: notes})
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return root.write(reportFile, b)
}

// sourceName is the data source of a manifest (Parameters.Source) as a
// chart's source line names it.
func sourceName(s string) string {
	switch {
	case strings.HasPrefix(s, "yahoo"):
		return "Yahoo Finance"
	case strings.HasPrefix(s, "stooq"):
		return "Stooq"
	case strings.HasPrefix(s, "csv: "):
		var names []string
		for _, p := range strings.Split(strings.TrimPrefix(s, "csv: "), ", ") {
			names = append(names, filepath.Base(filepath.Clean(p)))
		}
		return "price files " + strings.Join(names, ", ")
	}
	return s
}

// writeQuickChart writes the newsroom price chart of quick to path; the
// format comes from its extension (.png, .svg, .pdf).
func writeQuickChart(ctx context.Context, src data.Source, a *quick.Answer, provider, path string) error {
	format := strings.TrimPrefix(strings.ToLower(filepath.Ext(path)), ".")
	if format != "png" && format != "svg" && format != "pdf" {
		return usagef("--chart %s: the file must end in .png, .svg or .pdf", path)
	}
	spec := charts.DefaultSpec()
	spec.Source = charts.SourceLine(provider, a.Params)
	ch, err := quick.Chart(ctx, src, a, spec)
	if err != nil {
		return fmt.Errorf("--chart: %w", err)
	}
	var b bytes.Buffer
	if err := charts.Render(ch, format, &b); err != nil {
		return err
	}
	return writeFileAt(path, b.Bytes())
}

// writeQuickReport writes a one-event report.html for quick to path: the
// same page as run's, with the price and AR charts of the event.
func writeQuickReport(ctx context.Context, src data.Source, p study.Params, r *study.Result, provider, path string, args []string) error {
	m := tidy.NewManifest()
	m.Command = args
	m.Parameters = tidy.NewParameters(p)
	m.Parameters.Market = r.Event.Market
	m.Parameters.Source = provider
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
	spec := charts.DefaultSpec()
	spec.Source = charts.SourceLine(sourceName(m.Parameters.Source), p)
	var built []renderedChart
	var notes []string
	if r.Status == study.StatusOK {
		from, to := charts.PriceSpan(p.Event, r.Day0)
		firm, ferr := src.Series(ctx, r.Event.Symbol, from, to)
		mkt, merr := src.Series(ctx, r.Event.Market, from, to)
		if err := errors.Join(ferr, merr); err == nil {
			ch, err := charts.PriceChart(spec, charts.Prices{Event: r.Event, Day0: r.Day0, Window: p.Event,
				Firm:   study.Series{Dates: firm.Dates, Values: firm.Values},
				Market: study.Series{Dates: mkt.Dates, Values: mkt.Values}})
			if err == nil {
				built = append(built, renderedChart{"price", ch, 0})
			} else {
				notes = append(notes, "no price chart: "+err.Error())
			}
		}
		if ch, err := charts.ARChart(spec, *r); err == nil {
			built = append(built, renderedChart{"ar", ch, 0})
		} else {
			notes = append(notes, "no AR chart: "+err.Error())
		}
	}
	topt := tables.Options{}
	b, err := buildReport(reportData{Manifest: m, Params: p, Results: rs, Summary: sum,
		Tables: []*tables.Table{tables.CARs(rs, topt)}, TableOptions: topt, Charts: built, Notes: notes})
	if err != nil {
		return err
	}
	return writeFileAt(path, b)
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
