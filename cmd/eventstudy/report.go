package main

import (
	"bytes"
	"html/template"
	"strings"

	"github.com/eventstudy/eventstudy/charts"
	"github.com/eventstudy/eventstudy/data/tables"
	"github.com/eventstudy/eventstudy/data/tidy"
	"github.com/eventstudy/eventstudy/narrative"
	"github.com/eventstudy/eventstudy/study"
)

// reportData is what report.html shows.
type reportData struct {
	Manifest     *tidy.Manifest
	Params       study.Params
	Results      []study.Result
	Summary      study.Summary
	Tables       []*tables.Table
	TableOptions tables.Options
	Charts       []renderedChart
	Notes        []string
}

type reportEvent struct {
	ID, Symbol, Market, Date, Day0, Status, Message string
	CAR, T, P                                       string
	Sentence                                        string
	Charts                                          []template.HTML
	OK                                              bool
}

// buildReport renders report.html: one self-contained page (inline SVG with
// the chart fonts embedded once as CSS, no scripts, no external assets).
func buildReport(d reportData) ([]byte, error) {
	svg := func(c renderedChart) (template.HTML, error) {
		var b bytes.Buffer
		if err := charts.Render(c.Chart, "svg-inline", &b); err != nil {
			return "", err
		}
		return template.HTML(b.String()), nil // our own drawing; titles are escaped by charts
	}
	byEvent := map[int][]template.HTML{}
	var studyCharts []template.HTML
	for _, c := range d.Charts {
		s, err := svg(c)
		if err != nil {
			return nil, err
		}
		if c.Event < 0 {
			studyCharts = append(studyCharts, s)
		} else {
			byEvent[c.Event] = append(byEvent[c.Event], s)
		}
	}
	var tabs []template.HTML
	for _, t := range d.Tables {
		tabs = append(tabs, template.HTML(tables.HTML(t, d.TableOptions)))
	}
	carWin := "CAR"
	if len(d.Params.CARs) > 0 {
		w := d.Params.CARs[0]
		carWin = "CAR " + w.String()
	}
	var evs []reportEvent
	var failed []reportEvent
	for i := range d.Results {
		r := &d.Results[i]
		e := reportEvent{ID: r.Event.ID, Symbol: r.Event.Symbol, Market: r.Event.Market, Date: tidy.Date(r.Event.Date),
			Day0: tidy.Date(r.Day0), Status: string(r.Status), Message: r.Message, OK: r.Status == study.StatusOK,
			Sentence: narrative.Sentence(r, d.Params.Model), Charts: byEvent[i]}
		if len(r.CARs) > 0 {
			c := r.CARs[0]
			e.CAR, e.T, e.P = pctCell(c.CAR), num(c.T, 2), num(c.P, 3)
		}
		if e.OK {
			evs = append(evs, e)
		} else {
			failed = append(failed, e)
		}
	}
	m := d.Manifest
	params := [][2]string{
		{"Model", m.Parameters.Model},
		{"Estimation window", windowText(m.Parameters.Estimation)},
		{"Event window", windowText(m.Parameters.Window)},
		{"Minimum estimation returns", num(float64(m.Parameters.MinEst), 0)},
		{"Returns", m.Parameters.ReturnType},
		{"Non-trading event dates", m.Parameters.NonTrading},
		{"Benchmark", m.Parameters.Market},
		{"p-values", m.Parameters.PValues},
		{"AR variance", m.Parameters.ARVariance},
		{"CAR variance", m.Parameters.CARVariance},
	}
	if len(d.Results) > 1 {
		params = append(params, [2]string{"Tests across events", strings.Join(d.Summary.Tests, ", ")})
	}
	var cw []string
	for _, w := range m.Parameters.CARs {
		cw = append(cw, windowText(w))
	}
	params = append(params, [2]string{"CAR windows", strings.Join(cw, ", ")})
	var buf bytes.Buffer
	err := reportTmpl.Execute(&buf, map[string]any{
		"Title":       "Event study: " + plural(len(d.Results), "event"),
		"FontCSS":     template.CSS(charts.FontCSS()),
		"Params":      params,
		"Manifest":    m,
		"Tables":      tabs,
		"StudyCharts": studyCharts,
		"Events":      evs,
		"Failed":      failed,
		"CARWindow":   carWin,
		"Notes":       d.Notes,
	})
	return buf.Bytes(), err
}

func windowText(w [2]int) string { return study.Window{Start: w[0], End: w[1]}.String() }

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return num(float64(n), 0) + " " + noun + "s"
}

var reportTmpl = template.Must(template.New("report").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
{{.FontCSS}}
body{font-family:"Liberation Sans",Arial,Helvetica,sans-serif;color:#222;max-width:1240px;margin:0 auto;padding:1.5em;line-height:1.45}
h1{font-size:1.7em;margin-bottom:.2em}
h2{font-size:1.3em;margin-top:2em;border-bottom:1px solid #ddd;padding-bottom:.2em}
h3{font-size:1.1em;margin-top:1.6em}
.lede{color:#595959}
svg{display:block;max-width:100%;height:auto;margin:1em 0;border:1px solid #eee}
table{border-collapse:collapse;margin:1em 0;font-size:.92em}
caption{text-align:left;font-weight:bold;padding-bottom:.4em}
th,td{padding:.25em .7em;border-bottom:1px solid #e5e5e5;vertical-align:top;text-align:left;white-space:nowrap}
td.sentence,td.note,td.why{white-space:normal}
thead th{border-bottom:2px solid #222}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.under{color:#595959;font-size:.9em}
td.note{color:#595959;font-size:.85em;border-bottom:none}
dl.params{display:grid;grid-template-columns:max-content auto;gap:.2em 1.2em}
dl.params dt{font-weight:bold}
dl.params dd{margin:0}
.sentence{max-width:60em}
.failed td{color:#8a3b00}
code{font-size:.9em;word-break:break-all}
</style>
</head>
<body>
<h1>{{.Title}}</h1>
<p class="lede">Abnormal returns measure how far a stock moved beyond what its benchmark model predicts. They show
association with an event date; on their own they do not establish why the price moved.</p>

<h2 id="parameters">Parameters</h2>
<dl class="params">
{{range .Params}}<dt>{{index . 0}}</dt><dd>{{index . 1}}</dd>
{{end}}</dl>

<h2 id="summary">Results</h2>
{{with .Tables}}{{index . 0}}{{end}}
{{range .StudyCharts}}<figure>{{.}}</figure>
{{end}}{{range $i, $t := .Tables}}{{if $i}}{{$t}}{{end}}{{end}}

<h2 id="events">Events</h2>
<table class="results" id="table-events">
<thead><tr><th>Event</th><th>Symbol</th><th>Date</th><th>Day 0</th><th class="num">{{.CARWindow}}</th><th class="num">t</th><th class="num">p</th><th>In plain English</th></tr></thead>
<tbody>
{{range .Events}}<tr><td>{{.ID}}</td><td>{{.Symbol}}</td><td>{{.Date}}</td><td>{{.Day0}}</td><td class="num">{{.CAR}}</td><td class="num">{{.T}}</td><td class="num">{{.P}}</td><td class="sentence">{{.Sentence}}</td></tr>
{{end}}</tbody>
</table>
{{range .Events}}{{if .Charts}}<h3 id="event-{{.ID}}">{{.ID}}: {{.Symbol}} on {{.Day0}}</h3>
<p class="sentence">{{.Sentence}}</p>
{{range .Charts}}<figure>{{.}}</figure>
{{end}}{{end}}{{end}}

<h2 id="failures">Events that could not be computed</h2>
{{if .Failed}}<table class="results failed" id="table-failures">
<thead><tr><th>Event</th><th>Symbol</th><th>Date</th><th>Status</th><th>Why</th></tr></thead>
<tbody>
{{range .Failed}}<tr><td>{{.ID}}</td><td>{{.Symbol}}</td><td>{{.Date}}</td><td>{{.Status}}</td><td class="why">{{.Message}}</td></tr>
{{end}}</tbody>
</table>{{else}}<p>None: every event was computed.</p>{{end}}
{{if .Notes}}<h3>Notes on the charts</h3>
<ul>{{range .Notes}}<li>{{.}}</li>{{end}}</ul>{{end}}

<h2 id="provenance">Data provenance</h2>
<p>From manifest.json: {{.Manifest.Tool}} {{.Manifest.Version}} ({{.Manifest.GoVersion}}); data source: {{.Manifest.Parameters.Source}}.</p>
{{if .Manifest.Command}}<p>Command: <code>{{range .Manifest.Command}}{{.}} {{end}}</code></p>{{end}}
<table class="results" id="table-inputs">
<thead><tr><th>Role</th><th>File</th><th class="num">Bytes</th><th>SHA-256</th></tr></thead>
<tbody>
{{range .Manifest.Inputs}}<tr><td>{{.Role}}</td><td><code>{{.Path}}</code></td><td class="num">{{.Bytes}}</td><td><code>{{.SHA256}}</code></td></tr>
{{end}}</tbody>
</table>
{{if .Manifest.Created}}<p class="lede">Run created {{.Manifest.Created}}.</p>{{end}}
</body>
</html>
`))
