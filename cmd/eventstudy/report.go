package main

import (
	"bytes"

	"github.com/eventstudy/eventstudy/charts"
	"github.com/eventstudy/eventstudy/data/tables"
	"github.com/eventstudy/eventstudy/data/tidy"
	"github.com/eventstudy/eventstudy/report"
	"github.com/eventstudy/eventstudy/study"
)

// reportData is what report.html shows; buildReport hands it to package
// report, which the web page of serve calls too.
type reportData struct {
	Manifest     *tidy.Manifest
	Params       study.Params
	Results      []study.Result
	Events       []report.Event // parallel to Results; nil: none known
	Summary      study.Summary
	Tables       []*tables.Table
	TableOptions tables.Options
	Charts       []renderedChart
	Notes        []string
}

// buildReport renders report.html (package report).
func buildReport(d reportData) ([]byte, error) {
	p := report.Page{Manifest: d.Manifest, Params: d.Params, Results: d.Results, Events: d.Events, Summary: d.Summary,
		Tables: d.Tables, TableOptions: d.TableOptions, Notes: d.Notes}
	for _, c := range d.Charts {
		p.Charts = append(p.Charts, report.Chart{Name: c.Name, Chart: c.Chart, Event: c.Event})
	}
	var b bytes.Buffer
	err := report.Write(&b, p)
	return b.Bytes(), err
}

// reportEvents is what the report says about each of n events besides its
// result: headline and company name (news) and data checks (qs), both
// parallel to the results and possibly nil.
func reportEvents(news []charts.News, qs []tidy.Quality, n int) []report.Event {
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
