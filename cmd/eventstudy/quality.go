package main

import (
	"context"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/eventstudy/eventstudy/data"
	"github.com/eventstudy/eventstudy/data/calendar"
	"github.com/eventstudy/eventstudy/data/quality"
	"github.com/eventstudy/eventstudy/data/symbols"
	"github.com/eventstudy/eventstudy/data/tidy"
	"github.com/eventstudy/eventstudy/internal/engine"
	"github.com/eventstudy/eventstudy/study"
)

// qualityChecker reports, per event, data problems that the estimates do not
// show by themselves: days missing against the NYSE calendar, stale prices,
// jumps that look like unadjusted splits (data/quality), and other events of
// the same firm inside this event's estimation or event window (confounding
// events, which contaminate the estimation window or the event window; cf.
// MacKinlay 1997, sec. 9 on clustering and event-window overlap).
type qualityChecker struct {
	// opt holds the source, whether it holds returns (the price checks then
	// do not apply) and the symbols it files histories under (Vendor).
	opt    *engine.Options
	volume bool // the source holds volumes (--measure volume): volume checks instead of price checks
	cal    *calendar.Calendar
	mu     sync.Mutex // guards prices: check runs on the engine's workers
	prices map[string]data.Series
	index  map[string]*quality.Index // per symbol: the checks' counts on any range in O(log n)
	byFirm map[string][]quality.Dated
	spans  map[string]engine.DateRange // per symbol: the dates all its events need
}

// newQualityChecker checks the events of a batch run with opt (its source,
// returns flag, parameters and symbol history).
func newQualityChecker(opt *engine.Options, events []engine.Event) *qualityChecker {
	p := opt.Params
	q := &qualityChecker{opt: opt, volume: p.Measure == study.MeasureVolume, cal: calendar.NYSE(),
		prices: map[string]data.Series{}, index: map[string]*quality.Index{}, byFirm: map[string][]quality.Dated{},
		spans: engine.SymbolSpans(p, events, time.Now(), opt)}
	for _, e := range events {
		k := firmKey(e.Event.Symbol, q.opt.Vendor(e.Event.Symbol, e.Event.Date))
		q.byFirm[k] = append(q.byFirm[k], quality.Dated{ID: e.Event.ID, Date: e.Event.Date})
	}
	for _, fe := range q.byFirm {
		sort.SliceStable(fe, func(i, j int) bool { return fe[i].Date.Before(fe[j].Date) })
	}
	return q
}

// firmKey identifies the company of symbol, resolved as of its event date as
// v, for confounding events: its current ticker, so that FB in 2018 and META
// in 2023 are one firm.
func firmKey(symbol string, v symbols.Resolution) string {
	if v.Vendor != "" {
		symbol = v.Vendor
	}
	return strings.ToUpper(symbol)
}

// series returns the firm's prices as the engine reads them: under vendor,
// the source's symbol as of the event date, once per symbol, over the span of all
// its events, so that the answer does not depend on which event is checked
// first (check runs concurrently on the engine's workers, and a span of the
// first event alone made the others see days missing at the start of their
// estimation windows, issue 13).
func (q *qualityChecker) series(ctx context.Context, vendor string) (data.Series, *quality.Index) {
	k := strings.ToUpper(vendor)
	q.mu.Lock()
	defer q.mu.Unlock()
	if s, ok := q.prices[k]; ok {
		return s, q.index[k]
	}
	var s data.Series // empty: not read (a delisted symbol) or failed
	if sp, ok := q.spans[k]; ok {
		if got, err := data.SharedSeries(ctx, q.opt.Source, vendor, sp.From, sp.To); err == nil { // read only
			s = got
		}
	}
	q.prices[k] = s
	if s.Dates != nil && !q.volume {
		q.index[k] = quality.NewIndex(s, q.cal, quality.StaleRun, 0)
	}
	return s, q.index[k]
}

// check reports on one computed event; events without an estimation window
// (failed before the fit) get an empty report. The note of a renamed firm
// starts with the rename and the company's current name ("FB has traded as
// META since 2022-06-09 (Meta Platforms, Inc.); prices from META's history"),
// whatever the event's status.
func (q *qualityChecker) check(ctx context.Context, r *study.Result) tidy.Quality {
	v := q.opt.Vendor(r.Event.Symbol, r.Event.Date)
	qa := tidy.EventQuality(r, q.volume, q.cal, q.byFirm[firmKey(r.Event.Symbol, v)], func() (data.Series, *quality.Index) {
		if q.opt.Returns && !q.volume {
			return data.Series{}, nil // returns: the price checks do not apply
		}
		return q.series(ctx, v.Vendor)
	})
	if n := v.NoteFrom(ctx, q.opt.Source); n != "" {
		qa.Note = strings.TrimSuffix(n+"; "+qa.Note, "; ")
	}
	return qa
}
