package charts

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/eventstudy/eventstudy/study"
)

// A Named chart is one chart of a study with the file stem it is written
// under (charts/<Name>.png) and the event it belongs to.
type Named struct {
	Name  string // file stem: "caar", "histogram", "<event id>.price", …
	Chart *Chart
	Event int // index into the study's results; −1 for a chart of the whole study
}

// PriceLoader returns the closing prices of a symbol over [from, to], for
// the price charts; the caller reads them (charts never fetch).
type PriceLoader func(symbol string, from, to time.Time) (study.Series, error)

// StudyInput is what [StudyCharts] draws.
type StudyInput struct {
	Params  study.Params
	Results []study.Result
	Summary study.Summary
	// BandSE is the standard error behind the CAAR band, one per day of
	// Summary.Days (study.CAARBandSE); nil: no band.
	BandSE []float64
	// News holds each result's headline and company name, parallel to
	// Results; nil or short: none. StudyCharts fills News.Others itself from
	// the other results of the same firm.
	News []News
	// Prices loads closing prices for the price charts; nil (a study on
	// returns): no price charts.
	Prices PriceLoader
	// Hist is the CAR window of the distribution charts (and of "largest
	// movers"); zero: the first of Params.CARs.
	Hist study.Window
	// Select chooses the events that get their own charts.
	Select Selection
	// Groups, for a study by group (--by), adds the chart of the groups
	// side by side ([CAARGroupsChart]); nil: none.
	Groups *study.Grouped
}

// Selection chooses the events that get per-event charts (price and AR), so
// that a batch of thousands costs a few charts by default: every OK event
// when there are at most Max, else the Movers (at most Max) largest absolute
// CARs over the histogram window; plus, always, the events whose ids are in
// IDs.
type Selection struct {
	Max    int      // zero: DefaultMaxEventCharts; negative: none but IDs
	Movers int      // zero: DefaultMovers
	IDs    []string // event ids always drawn ("--chart-events")
}

// Defaults of [Selection].
const (
	DefaultMaxEventCharts = 36
	DefaultMovers         = 3
)

// StudyCharts builds every chart of a study: the price and AR charts of the
// selected events (see [Selection]), then the CAAR chart, the distribution
// of CARs (histogram, or dot plot for a few events) and the small multiples
// (or, above Spec.MaxPanels events, the fan chart).
// A chart that cannot be drawn is left out with a note saying why; the
// notes also say which events were chosen and why.
func StudyCharts(spec Spec, in StudyInput) ([]Named, []string) {
	spec = spec.withDefaults()
	var out []Named
	var notes []string
	used := map[string]bool{"caar": true, "caar_groups": true, "histogram": true, "multiples": true, "fan": true}
	hist := in.Hist
	if hist == (study.Window{}) && len(in.Params.CARs) > 0 {
		hist = in.Params.CARs[0]
	}
	nOK := 0
	for i := range in.Results {
		if in.Results[i].Status == study.StatusOK {
			nOK++
		}
	}
	chosen, note := in.Select.choose(in.Results, hist)
	if note != "" {
		notes = append(notes, note)
	}
	byFirm := map[string][]int{}
	for i, r := range in.Results {
		k := strings.ToUpper(r.Event.Symbol)
		byFirm[k] = append(byFirm[k], i)
	}
	for _, i := range chosen {
		stem := SafeName(strings.ReplaceAll(eventName(in.Results[i].Event), " ", "-"), used)
		ch, ns := EventCharts(spec, in, i, stem, byFirm[strings.ToUpper(in.Results[i].Event.Symbol)])
		out, notes = append(out, ch...), append(notes, ns...)
	}
	if ch, err := CAARChart(spec, in.Summary, in.BandSE); err != nil {
		notes = append(notes, "no CAAR chart: "+err.Error())
	} else {
		out = append(out, Named{"caar", ch, -1})
		if in.BandSE != nil {
			notes = append(notes, "The CAAR band is CAAR ± t(0.975, N−1)·SE, SE = s/√N the cross-sectional standard error of "+
				"the CAAR (Brown & Warner 1985): the 95% interval of the cs_t test, robust to event-specific variance, not to "+
				"cross-correlation of events that share dates.")
		}
	}
	if in.Groups != nil {
		if ch, err := CAARGroupsChart(spec, in.Groups); err != nil {
			notes = append(notes, "no chart of the groups: "+err.Error())
		} else {
			out = append(out, Named{"caar_groups", ch, -1})
		}
	}
	if ch, err := CARHistogram(spec, in.Results, hist); err != nil {
		notes = append(notes, "no histogram: "+err.Error())
	} else {
		out = append(out, Named{"histogram", ch, -1})
	}
	if nOK > spec.MaxPanels {
		if ch, err := CARFan(spec, in.Results); err != nil {
			notes = append(notes, "no fan chart: "+err.Error())
		} else {
			out = append(out, Named{"fan", ch, -1})
			notes = append(notes, fmt.Sprintf("%d OK events, more than --max-panels %d: a fan chart of the CAR paths "+
				"replaces the small multiples", nOK, spec.MaxPanels))
		}
	} else if nOK > 0 {
		ok := make([]study.Result, 0, nOK)
		for _, r := range in.Results {
			if r.Status == study.StatusOK {
				ok = append(ok, r)
			}
		}
		if ch, err := CARMultiples(spec, ok); err != nil {
			notes = append(notes, "no small multiples: "+err.Error())
		} else {
			out = append(out, Named{"multiples", ch, -1})
		}
	}
	return out, notes
}

// EventCharts builds the price chart (when in.Prices is set) and the AR
// chart of result i, named stem.price and stem.ar, with its headline and
// company from in.News (else from spec.News); firm lists the indices of the results of the same
// firm, whose events are marked where they fall inside the window. A chart
// that cannot be drawn is left out with a note saying why.
func EventCharts(spec Spec, in StudyInput, i int, stem string, firm []int) (out []Named, notes []string) {
	r := in.Results[i]
	id := eventName(r.Event)
	s := spec.withDefaults()
	n := in.news(i) // the event's own text, over the spec's
	if n.Headline == "" {
		n.Headline = spec.News.Headline
	}
	if n.Company == "" {
		n.Company = spec.News.Company
	}
	s.News = n
	for _, j := range firm {
		if j == i {
			continue
		}
		o := in.Results[j]
		label := in.news(j).Headline
		if label == "" {
			label = o.Event.ID
		}
		s.News.Others = append(s.News.Others, Other{Day: eventDay(o), Label: label})
	}
	if in.Prices != nil {
		from, to := PriceSpan(in.Params.Event, r.Day0)
		sym := r.Event.Symbol
		if r.Event.VendorSymbol != "" {
			sym = r.Event.VendorSymbol // the symbol the prices were read under (META for FB in 2018)
		}
		firm, ferr := in.Prices(sym, from, to)
		mkt, merr := in.Prices(r.Event.Market, from, to)
		if err := errors.Join(ferr, merr); err != nil {
			notes = append(notes, fmt.Sprintf("%s: no price chart: %v", id, err))
		} else if ch, err := PriceChart(s, Prices{Event: r.Event, Day0: r.Day0, Firm: firm, Market: mkt, Window: in.Params.Event}); err != nil {
			notes = append(notes, fmt.Sprintf("%s: no price chart: %v", id, err))
		} else {
			out = append(out, Named{stem + ".price", ch, i})
		}
	}
	if ch, err := ARChart(s, r); err != nil {
		notes = append(notes, fmt.Sprintf("%s: no AR chart: %v", id, err))
	} else {
		out = append(out, Named{stem + ".ar", ch, i})
	}
	return out, notes
}

// news returns the News of result i, or none.
func (in *StudyInput) news(i int) News {
	if i < len(in.News) {
		n := in.News[i]
		n.Others = nil
		return n
	}
	return News{}
}

// choose returns the indices of the results that get per-event charts, in
// input order, and a note when not every OK event is drawn.
func (sel Selection) choose(rs []study.Result, w study.Window) ([]int, string) {
	max, movers := sel.Max, sel.Movers
	if max == 0 {
		max = DefaultMaxEventCharts
	}
	if movers <= 0 {
		movers = DefaultMovers
	}
	if max > 0 {
		movers = min(movers, max)
	}
	named := map[string]bool{}
	for _, id := range sel.IDs {
		named[id] = true
	}
	var ok []int
	pick := map[int]bool{}
	for i := range rs {
		r := &rs[i]
		if r.Status != study.StatusOK {
			continue
		}
		ok = append(ok, i)
		if named[r.Event.ID] {
			pick[i] = true
		}
	}
	note := ""
	switch {
	case max < 0:
		if len(ok) > len(pick) {
			note = fmt.Sprintf("per-event charts for %d of %d OK events: those named by --chart-events", len(pick), len(ok))
		}
	case len(ok) <= max:
		for _, i := range ok {
			pick[i] = true
		}
	default:
		mag := func(i int) float64 {
			for _, c := range rs[i].CARs {
				if c.Window == w && finite(c.CAR) {
					return math.Abs(c.CAR)
				}
			}
			return -1
		}
		for _, i := range largest(ok, movers, mag) {
			pick[i] = true
		}
		note = fmt.Sprintf("per-event charts for %d of %d OK events: the %d largest absolute CARs over days %s "+
			"and the events named by --chart-events; --max-event-charts %d or more draws every event",
			len(pick), len(ok), min(movers, len(ok)), windowString(w), len(ok))
	}
	out := make([]int, 0, len(pick))
	for i := range pick {
		out = append(out, i)
	}
	sort.Ints(out)
	return out, note
}

// SafeName turns an event id into a file name stem: ASCII letters, digits,
// '-', '_' and '.', no leading dot, at most 80 bytes; names already in used
// (compared without case) get -2, -3…; the name returned is added to used.
func SafeName(id string, used map[string]bool) string {
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

// RenderAll renders every chart in every format on jobs goroutines (zero or
// less: one) and hands each file to write, named "<Name>.<format>"; write
// is called from several goroutines at once. The first error stops the
// work and is returned, wrapped with the chart's name. Rendering dominates
// the cost of charts (rasterising and compressing a PNG takes tens of
// milliseconds), so a batch's charts take about 1/jobs of the time.
func RenderAll(named []Named, formats []string, jobs int, write func(name string, b []byte) error) error {
	type job struct {
		c      Named
		format string
	}
	work := make(chan job)
	errs := make(chan error, 1)
	done := make(chan struct{})
	var wg sync.WaitGroup
	for range max(jobs, 1) {
		wg.Go(func() {
			for j := range work {
				var b bytes.Buffer
				err := Render(j.c.Chart, j.format, &b)
				if err == nil {
					err = write(j.c.Name+"."+j.format, b.Bytes())
				} else {
					err = fmt.Errorf("chart %s: %w", j.c.Name, err)
				}
				if err != nil {
					select {
					case errs <- err:
						close(done)
					default:
					}
					return
				}
			}
		})
	}
feed:
	for _, c := range named {
		for _, f := range formats {
			select {
			case work <- job{c, f}:
			case <-done:
				break feed
			}
		}
	}
	close(work)
	wg.Wait()
	select {
	case err := <-errs:
		return err
	default:
		return nil
	}
}
