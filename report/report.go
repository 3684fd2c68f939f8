package report

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"math"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/eventstudy/eventstudy/charts"
	"github.com/eventstudy/eventstudy/data/tables"
	"github.com/eventstudy/eventstudy/data/tidy"
	"github.com/eventstudy/eventstudy/internal/numfmt"
	"github.com/eventstudy/eventstudy/narrative"
	"github.com/eventstudy/eventstudy/study"
)

// Page is one run's results as the report shows them.
type Page struct {
	// Manifest is the run's record: parameters, inputs, tool version,
	// command. Required.
	Manifest *tidy.Manifest
	Params   study.Params
	Results  []study.Result
	// Events says what the events file and the data checks tell about each
	// result, parallel to Results; nil or shorter: nothing beyond the results.
	Events  []Event
	Summary study.Summary
	// Tables are the result tables (data/tables); the first one, the
	// summary, comes before the study's charts. A table longer than
	// [MaxTableRows] shows its first rows with a note.
	Tables       []*tables.Table
	TableOptions tables.Options
	Charts       []Chart
	// Notes are said under the charts: why a chart is missing, which events
	// were drawn.
	Notes []string
}

// Event is what is known about an event besides its result.
type Event struct {
	Headline string // the news, from the events file's headline column; "" none
	Company  string // the company's name (the events file's name column); "" the result's Event.Name (the price source's), else none
	// Quality is the data check of the event (events.csv's quality columns):
	// its Note is shown on the event's card, its Confounding ids called out.
	Quality tidy.Quality
}

// Chart is one chart of the page.
type Chart struct {
	Name  string        // file stem under charts/ ("caar", "<event>.ar"); the figure's id
	Chart *charts.Chart // drawn for a desktop column
	// Narrow is the phone variant of Chart, shown instead of it on screens
	// narrower than 600 px; nil: Chart redrawn on the canvas of
	// charts.NarrowSpec (the same type sizes on a narrower canvas).
	Narrow *charts.Chart
	Event  int // index into Page.Results; −1: a chart of the whole study
}

// ChartsOf are the charts of a study (charts.StudyCharts, EventCharts) as
// the page shows them, each with its phone variant drawn from it.
func ChartsOf(named []charts.Named) []Chart {
	out := make([]Chart, len(named))
	for i, c := range named {
		out[i] = Chart{Name: c.Name, Chart: c.Chart, Event: c.Event}
	}
	return out
}

// Limits that keep the page of a large batch readable and light; the full
// results are in the run's CSV files and tables/.
const (
	MaxTableRows = 1000 // rows of a result table and of the events table
	MaxCards     = 100  // events with a card of their own, besides those with charts
)

// Write writes the page of p to w.
func Write(w io.Writer, p Page) error {
	if p.Manifest == nil {
		return fmt.Errorf("report: no manifest")
	}
	d, err := build(p)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := pageTmpl.Execute(&b, d); err != nil {
		return err
	}
	// The page's fonts hold only the characters it shows (its text and its
	// charts'): about 75 KB instead of the 1.1 MB of both whole faces in
	// base64. They go first in the page's style sheet, which follows the
	// title (escaped: no "</title>" inside).
	page := b.Bytes()
	css, err := charts.FontCSSFor(runesOf(page))
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	at := bytes.Index(page, []byte("</title>"))
	at += bytes.Index(page[at:], []byte("<style>\n")) + len("<style>\n")
	if bb, ok := w.(*bytes.Buffer); ok {
		bb.Grow(len(page) + len(css)) // the page in one allocation, not a dozen doublings
	}
	for _, part := range [][]byte{page[:at], []byte(css), page[at:]} {
		if _, err := w.Write(part); err != nil {
			return err
		}
	}
	return nil
}

// figure is a chart as the page embeds it.
type figure struct {
	ID           string
	Wide, Narrow template.HTML
}

// card is one event as the page shows it.
type card struct {
	ID, Anchor      string
	Heading, Byline string
	Symbol, Company string
	Date, Day0      string
	Status, Message string
	AR, ART, ARP    string // the day-0 abnormal return, its t and p
	ARPText         string // its p as a sentence writes it: "p = 0.022", "p < 0.001"
	CAR, CARP       string // the CAR over the first window and its p
	CARPText        string
	Sentence        string
	Quality         string
	Confounded      []callout // other news of the firm inside the windows
	Charts          []figure
	OK, HasCard     bool
	Top             bool   // the page's only event: its card comes first, under the page's heading
	ARLabel         string // see data
	CARWindow       string
	others          int    // other events of the firm inside the windows
	QualityFlag     string // a short mark for the events table
}

// callout is a boxed remark on an event's card.
type callout struct {
	Class, Title, Text string
}

// data is what the template reads.
type data struct {
	Title, Subtitle string
	Params          [][2]string
	Summary         template.HTML
	StudyCharts     []figure
	Tables          []template.HTML
	ARLabel, ARWhat string // "Abnormal return on day 0", "abnormal return" (a volume study: log volume)
	CARWindow       string // "CAR over days −1 to +1"
	CARDays         string // "−1 to +1"
	Events          []card // OK events, in input order, at most MaxTableRows
	MoreEvents      int    // OK events beyond the table
	Cards           []card
	Failed          []card
	One             bool // a page about one computed event: its card first, no events table
	Notes           []string
	QualitySummary  string
	Manifest        *tidy.Manifest
	StarsNote       bool
}

func build(p Page) (*data, error) {
	byEvent := map[int][]figure{}
	d := &data{Manifest: p.Manifest, Notes: p.Notes}
	figs, err := embedAll(p.Charts)
	if err != nil {
		return nil, err
	}
	for i, c := range p.Charts {
		f := figs[i]
		if c.Event < 0 {
			d.StudyCharts = append(d.StudyCharts, f)
		} else {
			byEvent[c.Event] = append(byEvent[c.Event], f)
		}
	}
	for i, t := range p.Tables {
		t = clip(t)
		html := `<div class="scroll">` + tables.HTMLTable(t, p.TableOptions) + `</div>`
		if n := t.NoteText(p.TableOptions); n != "" {
			html += "\n<p class=\"note\">" + template.HTMLEscapeString(n) + "</p>"
		}
		h := template.HTML(html)
		if i == 0 {
			d.Summary = h
		} else {
			d.Tables = append(d.Tables, h)
		}
	}
	d.ARLabel, d.ARWhat = "Abnormal return on day 0", "abnormal return"
	if p.Params.Measure == study.MeasureVolume {
		d.ARLabel, d.ARWhat = "Abnormal log volume on day 0", "abnormal log volume"
	}
	d.CARWindow = "CAR"
	if len(p.Params.CARs) > 0 {
		d.CARDays = windowText(p.Params.CARs[0])
		d.CARWindow = "CAR over days " + d.CARDays
	}
	info := func(i int) Event {
		if i < len(p.Events) {
			return p.Events[i]
		}
		return Event{}
	}
	ids := map[string]int{} // event id → index, for the confounding call-outs
	for i, r := range p.Results {
		ids[r.Event.ID] = i
	}
	nOK, nNoted, nConf := 0, 0, 0
	for i := range p.Results {
		r := &p.Results[i]
		full := r.Status == study.StatusOK && (len(byEvent[i]) > 0 || len(p.Results) <= MaxCards)
		if r.Status == study.StatusOK && !full && len(d.Events) >= MaxTableRows {
			// Past the events table and without a card: the page shows
			// only the counts of this event's notes. Building its card
			// was most of the report's cost on a large batch.
			e := info(i)
			if e.Quality.Note != "" {
				nNoted++
			}
			if strings.ContainsFunc(e.Quality.Confounding, isIDRune) { // splitIDs would find an id
				nConf++
			}
			nOK++
			d.MoreEvents++
			continue
		}
		c := newCard(p, r, info(i), byEvent[i], ids, full)
		if c.Quality != "" {
			nNoted++
		}
		if c.others > 0 {
			nConf++
		}
		if !c.OK {
			d.Failed = append(d.Failed, c)
			continue
		}
		nOK++
		c.HasCard = full
		if len(d.Events) < MaxTableRows {
			d.Events = append(d.Events, c)
		} else {
			d.MoreEvents++
		}
		c.ARLabel, c.CARWindow = d.ARLabel, d.CARWindow
		if c.HasCard {
			d.Cards = append(d.Cards, c)
		}
	}
	d.Title, d.Subtitle = title(p, info)
	if d.One = len(p.Results) == 1 && len(d.Cards) == 1; d.One {
		d.Cards[0].Top = true
	}
	if nNoted > 0 {
		d.QualitySummary = fmt.Sprintf("%s %s a data note", charts.Count(nNoted, "event"), has(nNoted))
		if nConf > 0 {
			d.QualitySummary += fmt.Sprintf("; %s other news of the same company inside %s windows, so %s abnormal returns may mix two pieces of news",
				charts.Count(nConf, "event")+" "+has(nConf), its(nConf), its(nConf))
		}
		d.QualitySummary += "."
	}
	d.Params = params(p)
	d.StarsNote = p.TableOptions.Stars
	return d, nil
}

func has(n int) string {
	if n == 1 {
		return "has"
	}
	return "have"
}

func its(n int) string {
	if n == 1 {
		return "its"
	}
	return "their"
}

// embedAll renders the charts as inline SVG on GOMAXPROCS goroutines (a
// chart and its phone variant on the same one: they may share plots); the
// first error wins.
func embedAll(cs []Chart) ([]figure, error) {
	out := make([]figure, len(cs))
	errs := make([]error, len(cs))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(cs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i], errs[i] = embed(cs[i])
			}
		}()
	}
	for i := range cs {
		next <- i
	}
	close(next)
	wg.Wait()
	return out, errors.Join(errs...)
}

// embed renders a chart (and its phone variant) as inline SVG.
func embed(c Chart) (figure, error) {
	svg := func(ch *charts.Chart) (template.HTML, error) {
		if ch == nil {
			return "", nil
		}
		var b bytes.Buffer
		if err := charts.Render(ch, "svg-inline", &b); err != nil {
			return "", fmt.Errorf("report: chart %s: %w", c.Name, err)
		}
		return template.HTML(b.String()), nil // our own drawing; its text is escaped by charts
	}
	wide, err := svg(c.Chart)
	if err != nil {
		return figure{}, err
	}
	n := c.Narrow
	if n == nil && c.Chart != nil {
		n = c.Chart.Narrow() // laid out again for a phone's canvas where the layout depends on the width
	}
	narrow, err := svg(n)
	return figure{ID: "chart-" + anchor(c.Name), Wide: wide, Narrow: narrow}, err
}

// clip is t cut to MaxTableRows rows, with a note saying so; t itself if
// it is short enough.
func clip(t *tables.Table) *tables.Table {
	if t.Len() <= MaxTableRows {
		return t
	}
	note := fmt.Sprintf("The first %s of %s rows; every row is in the CSV files and tables/results.xlsx.",
		charts.Thousands(MaxTableRows), charts.Thousands(t.Len()))
	c := t.Slice(0, MaxTableRows)
	c.Note = strings.TrimSpace(note + " " + t.Note)
	return c
}

// newCard is the card of result r.
func newCard(p Page, r *study.Result, e Event, figs []figure, ids map[string]int, full bool) card {
	if e.Company == "" {
		e.Company = r.Event.Name // the name the price source gave
	}
	c := card{ID: r.Event.ID, Anchor: "event-" + anchor(r.Event.ID), Symbol: r.Event.Symbol, Company: e.Company,
		Date: day(r.Event.Date), Day0: day(r.Day0), Status: string(r.Status), Message: r.Message,
		OK: r.Status == study.StatusOK, Charts: figs, Quality: e.Quality.Note}
	who := r.Event.Symbol
	if e.Company != "" && !strings.EqualFold(e.Company, r.Event.Symbol) {
		who = e.Company + " (" + r.Event.Symbol + ")"
	}
	c.Heading = e.Headline
	if c.Heading == "" {
		c.Heading = who + " on " + long(r.Event.Date)
	}
	by := []string{who, "news on " + long(r.Event.Date)}
	if !r.Day0.IsZero() && !r.Day0.Equal(r.Event.Date) {
		by = append(by, "day 0 "+long(r.Day0))
	}
	if r.Event.ID != "" {
		by = append(by, "event "+r.Event.ID)
	}
	c.Byline = strings.Join(by, " · ")
	if c.OK {
		c.AR, c.ART, c.ARP, c.ARPText = "n/a", "n/a", "n/a", "p n/a"
		for _, d := range r.Days {
			if d.RelDay == 0 {
				c.AR, c.ART, c.ARP, c.ARPText = value(p, d.AR), stat(d.T), pval(d.P), narrative.PValue(d.P)
			}
		}
		c.CAR, c.CARP, c.CARPText = "n/a", "n/a", "p n/a"
		if len(r.CARs) > 0 {
			c.CAR, c.CARP, c.CARPText = value(p, r.CARs[0].CAR), pval(r.CARs[0].P), narrative.PValue(r.CARs[0].P)
		}
	}
	inWindow := false
	for _, id := range splitIDs(e.Quality.Confounding) {
		c.others++
		_, rel, _ := otherNews(p, r, id, ids)
		inWindow = inWindow || rel != nil
		if full {
			c.Confounded = append(c.Confounded, confounding(p, r, id, ids))
		}
	}
	if full {
		c.Sentence = narrative.Sentence(r, p.Params.Model)
		if p.Params.Measure == study.MeasureVolume {
			c.Sentence = narrative.VolumeSentence(r)
		}
		sort.SliceStable(c.Confounded, func(i, j int) bool { // warnings first
			return c.Confounded[i].Class == "warn" && c.Confounded[j].Class != "warn"
		})
	}
	switch {
	case inWindow:
		c.QualityFlag = "other news in event window"
	case c.others > 0:
		c.QualityFlag = "other news in estimation window"
	case c.Quality != "":
		c.QualityFlag = "data note"
	}
	return c
}

// otherNews finds the other event id of r's firm: its result, and its day
// in r's event window (nil: outside it, or an unknown id).
func otherNews(p Page, r *study.Result, id string, ids map[string]int) (o *study.Result, rel *int, ok bool) {
	j, ok := ids[id]
	if !ok {
		return nil, nil, false
	}
	o = &p.Results[j]
	when := o.Event.Date
	if !o.Day0.IsZero() {
		when = o.Day0
	}
	k := sort.Search(len(r.Days), func(k int) bool { return !r.Days[k].Date.Before(when) })
	if k < len(r.Days) && r.Days[k].Date.Equal(when) {
		return o, &r.Days[k].RelDay, true
	}
	return o, nil, true
}

// confounding says where the other event id of the same firm falls
// relative to r: inside the event window (its move is in r's abnormal
// returns: a warning) or the estimation window (it is in the benchmark
// model's fit: a remark).
func confounding(p Page, r *study.Result, id string, ids map[string]int) callout {
	o, rel, ok := otherNews(p, r, id, ids)
	if !ok {
		return callout{"warn", "Other news in the windows.",
			fmt.Sprintf("Other news of the same company (event %s) falls inside this event's estimation or event window.", id)}
	}
	what := "event " + id
	if j := ids[id]; j < len(p.Events) && p.Events[j].Headline != "" {
		what = fmt.Sprintf("%q (event %s)", p.Events[j].Headline, id)
	}
	when := o.Event.Date
	if !o.Day0.IsZero() {
		when = o.Day0
	}
	if rel != nil {
		return callout{"warn", "Other news in the event window.", fmt.Sprintf("Other news of the same company, %s on %s, "+
			"falls on day %s of this event's window: its price move is part of these abnormal returns and of the CAR.",
			what, long(when), numfmt.Signed(*rel))}
	}
	return callout{"quality", "Other news in the estimation window.", fmt.Sprintf("Other news of the same company, %s on %s, "+
		"falls inside this event's estimation window: it enters the fit of the benchmark model.", what, long(when))}
}

// runesOf returns each character of the UTF-8 text b once.
func runesOf(b []byte) string {
	var ascii [utf8.RuneSelf]bool
	other := map[rune]bool{}
	var out []rune
	for len(b) > 0 {
		r, n := rune(b[0]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRune(b)
			if !other[r] {
				other[r] = true
				out = append(out, r)
			}
		} else if !ascii[r] {
			ascii[r] = true
			out = append(out, r)
		}
		b = b[n:]
	}
	return string(out)
}

// isIDRune reports whether r can be part of an id of splitIDs.
func isIDRune(r rune) bool { return r != ';' && !unicode.IsSpace(r) }

func splitIDs(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ";") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// title is the page's heading and subtitle: the news of a one-event page;
// the company and the number of events of a page about one company; else
// the number of events.
func title(p Page, info func(int) Event) (string, string) {
	n := len(p.Results)
	if n == 0 {
		return "Event study: no events", ""
	}
	if n == 1 {
		r := &p.Results[0]
		c := newCard(p, r, info(0), nil, nil, false)
		return c.Heading, c.Byline
	}
	company, one := "", true
	first, last := p.Results[0].Event.Date, p.Results[0].Event.Date
	for i, r := range p.Results {
		name := info(i).Company
		if name == "" {
			name = r.Event.Name
		}
		if name == "" {
			name = r.Event.Symbol
		}
		if i == 0 {
			company = name
		} else if !strings.EqualFold(name, company) {
			one = false
		}
		if r.Event.Date.Before(first) {
			first = r.Event.Date
		}
		if r.Event.Date.After(last) {
			last = r.Event.Date
		}
	}
	sub := "News from " + long(first) + " to " + long(last)
	if one {
		return "Event study of " + company + ": " + charts.Count(n, "event"), sub
	}
	return "Event study: " + charts.Count(n, "event"), sub
}

// params are the rows of the parameters list.
func params(p Page) [][2]string {
	m := p.Manifest
	out := [][2]string{
		{"Model", m.Parameters.Model},
		{"Estimation window", windowText(study.Window{Start: m.Parameters.Estimation[0], End: m.Parameters.Estimation[1]})},
		{"Event window", windowText(study.Window{Start: m.Parameters.Window[0], End: m.Parameters.Window[1]})},
		{"Minimum estimation returns", strconv.Itoa(m.Parameters.MinEst)},
		{"Returns", m.Parameters.ReturnType},
		{"Non-trading event dates", m.Parameters.NonTrading},
		{"Benchmark", m.Parameters.Market},
		{"p-values", m.Parameters.PValues},
		{"AR variance", m.Parameters.ARVariance},
		{"CAR variance", m.Parameters.CARVariance},
	}
	if len(p.Results) > 1 {
		var names []string
		for _, t := range p.Summary.Tests {
			names = append(names, tables.TestName(t))
		}
		out = append(out, [2]string{"Tests across events", strings.Join(names, ", ")})
	}
	var cw []string
	for _, w := range m.Parameters.CARs {
		cw = append(cw, windowText(study.Window{Start: w[0], End: w[1]}))
	}
	return append(out, [2]string{"CAR windows", strings.Join(cw, ", ")})
}

// windowText is a window as readers write it: days −1 to +1.
func windowText(w study.Window) string { return numfmt.Signed(w.Start) + " to " + numfmt.Signed(w.End) }

// The numbers of the event cards and the events table are written as the
// result tables beside them write theirs (tables.Format: a true minus, no
// sign on a value that rounds to zero), "n/a" when missing.

// pct is a fraction as a signed percentage with two decimals: +3.92%, −1.05%, 0.00%.
func pct(x float64) string {
	if !finite(x) {
		return "n/a"
	}
	return plus(tables.Format(tables.Percent, x)) + "%"
}

// value is an abnormal return as a percentage, or in a volume study an
// abnormal log volume with three decimals and its sign: +0.412, −0.051, 0.000.
func value(p Page, x float64) string {
	if p.Params.Measure == study.MeasureVolume {
		return plus(number(tables.LogVolume, x))
	}
	return pct(x)
}

// stat is a test statistic with two decimals and a true minus.
func stat(x float64) string { return number(tables.Stat, x) }

// pval is a p-value with three decimals, "< 0.001" below 0.001.
func pval(p float64) string { return number(tables.PValue, p) }

// number is x as the tables show a value of kind k; "n/a" if missing.
func number(k tables.Kind, x float64) string {
	if s := tables.Format(k, x); s != "" {
		return s
	}
	return "n/a"
}

// plus puts "+" before a positive number written by tables.Format.
func plus(s string) string {
	if s == "n/a" || strings.HasPrefix(s, "−") || strings.Trim(s, "0.") == "" {
		return s
	}
	return "+" + s
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// day is a date as ISO 8601; long as readers write it ("Aug 6, 2018").
func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

func long(t time.Time) string {
	if t.IsZero() {
		return "an unknown date"
	}
	return t.Format("Jan 2, 2006")
}

// anchor turns an id into an HTML id fragment: letters, digits, - and _.
func anchor(id string) string {
	var b strings.Builder
	for _, r := range id {
		if r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}

//go:embed page.html
var pageHTML string

// pageTmpl is the page; html/template escapes every text it inserts.
var pageTmpl = template.Must(template.New("report").Parse(pageHTML))
