package render

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/eventstudy/eventstudy/charts"
	"github.com/eventstudy/eventstudy/data/tables"
	"github.com/eventstudy/eventstudy/data/tidy"
	"github.com/eventstudy/eventstudy/report"
	"github.com/eventstudy/eventstudy/study"
)

// Names of the files written, relative to the output folder.
const (
	ChartsDir  = "charts"       // charts/<name>.<format>
	TablesDir  = "tables"       // tables/<name>.<format>
	ReportFile = "report.html"  // the page
	XLSXFile   = "results.xlsx" // tables/results.xlsx: every table, one sheet each
)

// A Sink writes one file, named by a slash path relative to the output
// folder ("charts/caar.png"). Write calls it from several goroutines at once.
type Sink func(name string, b []byte) error

// Run is a finished run as the render sees it.
type Run struct {
	Manifest *tidy.Manifest // the run's record; required for the report
	Params   study.Params
	Results  []study.Result
	// News and Qualities are parallel to Results (nil or short: none): each
	// event's headline and company name, and its data checks.
	News      []charts.News
	Qualities []tidy.Quality
	Summary   study.Summary
	Groups    *study.Grouped // the summaries by group of --by; nil: none
	// Prices loads closing prices for the price charts; nil (a study on
	// returns): no price charts.
	Prices charts.PriceLoader
}

// Options say what to write. The zero value writes nothing.
type Options struct {
	Charts []string // chart formats under charts/: png, svg, pdf
	Tables []string // table formats under tables/: tables.Formats
	Report bool     // write report.html
	// Spec is the look of the charts: source line, note, MaxPanels.
	Spec charts.Spec
	// Hist is the CAR window of the distribution charts; zero: the first
	// of Params.CARs.
	Hist study.Window
	// Select chooses the events that get their own charts.
	Select charts.Selection
	// TableOptions format the tables (stars, SE, the study's measure).
	TableOptions tables.Options
	// MaxTableRows: a table of more rows goes only into the XLSX workbook,
	// not into the text formats (md, tex, html); 0: no limit.
	MaxTableRows int
	// Jobs is the number of goroutines that draw the chart files; zero or
	// less: one.
	Jobs int
}

// Write writes the charts, tables and report of r that o asks for to sink.
// A chart that cannot be drawn is left out with a note in the report. The
// chart files, the tables and the report are written side by side: an
// error in one does not stop the other two, and every error is returned.
// Every goroutine has ended when Write returns.
func Write(r Run, o Options, sink Sink) error {
	var built []charts.Named
	var notes []string
	formats := o.Charts
	chartsBuilt := make(chan struct{})
	switch {
	case r.Params.Measure == study.MeasureVolume:
		// The charts draw prices and percent returns: from log volumes they
		// would mislabel every axis. The tables and the report know volume.
		if len(formats) > 0 {
			notes = append(notes, "no charts for --measure volume: they draw prices and returns")
		}
		formats = nil
		close(chartsBuilt)
	case len(formats) > 0 || o.Report:
		in := charts.StudyInput{Params: r.Params, Results: r.Results, Summary: r.Summary, News: r.News,
			Hist: o.Hist, Select: o.Select, Groups: r.Groups, Prices: r.Prices}
		go func() { // chart prep, beside the tables
			defer close(chartsBuilt)
			in.BandSE = study.CAARBandSE(r.Params, r.Results, charts.Z95)
			var cnotes []string
			built, cnotes = charts.StudyCharts(o.Spec, in)
			notes = append(notes, cnotes...)
		}()
	default:
		close(chartsBuilt)
	}
	drawn := make(chan error, 1)
	go func() {
		<-chartsBuilt
		drawn <- charts.RenderAll(built, formats, o.Jobs, func(name string, b []byte) error {
			return sink(ChartsDir+"/"+name, b)
		})
	}()
	topt := o.TableOptions
	ts := append(tables.All(r.Summary, r.Results, topt), tables.Relabel(tables.Groups(r.Groups), topt.Measure)...)
	if r.Params.Measure == study.MeasureVolatility {
		// volatility.csv's numbers, from the same results (study.NewPanel
		// orders them as the batch's panel).
		ts = append(ts, tables.Volatility(study.VolatilityStats(study.NewPanel(r.Params, r.Results)))...)
	}
	reported := make(chan error, 1)
	if !o.Report {
		reported <- nil
	} else {
		skipped := textSkipped(o.Tables, ts, o.MaxTableRows)
		go func() {
			<-chartsBuilt
			pnotes := notes
			if len(skipped) > 0 {
				pnotes = append(slices.Clip(notes), fmt.Sprintf("tables of more than %d rows are written only as XLSX "+
					"(--max-table-rows 0 writes them in every format): %s", o.MaxTableRows, strings.Join(skipped, ", ")))
			}
			var b bytes.Buffer
			err := report.Write(&b, report.Page{Manifest: r.Manifest, Params: r.Params, Results: r.Results,
				Events: Events(r.News, r.Qualities, len(r.Results)), Summary: r.Summary, Tables: ts, TableOptions: topt,
				Charts: report.ChartsOf(built), Notes: pnotes})
			if err != nil {
				reported <- fmt.Errorf("%s: %w", ReportFile, err) // report.Write says "report: …" itself
				return
			}
			reported <- sink(ReportFile, b.Bytes())
		}()
	}
	err := WriteTables(ts, o.Tables, topt, o.MaxTableRows, sink)
	derr, rerr := <-drawn, <-reported
	return errors.Join(derr, err, rerr)
}

// WriteTables writes the tables in each format under tables/: the XLSX
// format as one workbook (results.xlsx), the others one file per table. A
// table of more than maxRows rows (maxRows > 0) goes only into the XLSX
// workbook: as Markdown, LaTeX or HTML the per-event table of a large batch
// is megabytes nobody reads, and formatting it is most of the tables' cost
// (issue 11's render budget).
func WriteTables(ts []*tables.Table, formats []string, topt tables.Options, maxRows int, sink Sink) error {
	for _, format := range formats {
		if format == "xlsx" {
			var b bytes.Buffer
			b.Grow(tables.XLSXSize(ts)) // one allocation rather than a dozen doublings of a 4 MB workbook
			if err := tables.WriteXLSX(&b, ts); err != nil {
				return fmt.Errorf("%s/%s: %w", TablesDir, XLSXFile, err)
			}
			if err := sink(TablesDir+"/"+XLSXFile, b.Bytes()); err != nil {
				return err
			}
			continue
		}
		for _, t := range ts {
			if maxRows > 0 && t.Len() > maxRows {
				continue
			}
			name := TablesDir + "/" + t.Name + "." + format
			var b bytes.Buffer
			if err := tables.Write(&b, t, format, topt); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			if err := sink(name, b.Bytes()); err != nil {
				return err
			}
		}
	}
	return nil
}

// textSkipped names the tables that WriteTables leaves out of the text
// formats, when formats has one.
func textSkipped(formats []string, ts []*tables.Table, maxRows int) []string {
	if maxRows <= 0 || !slices.ContainsFunc(formats, func(f string) bool { return f != "xlsx" }) {
		return nil
	}
	var skipped []string
	for _, t := range ts {
		if t.Len() > maxRows && !slices.Contains(skipped, t.Name) {
			skipped = append(skipped, t.Name)
		}
	}
	return skipped
}

// Events is what the report says about each of n events besides its
// result: headline and company name (news) and data checks (qs), both
// parallel to the results and possibly nil.
func Events(news []charts.News, qs []tidy.Quality, n int) []report.Event {
	out := make([]report.Event, n)
	for k := range out {
		if k < len(news) {
			out[k].Headline, out[k].Company = news[k].Headline, news[k].Company
		}
		if k < len(qs) {
			out[k].Quality = qs[k]
		}
	}
	return out
}
