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
	src     data.Source
	opt     *engine.Options // the symbols the source files histories under (Vendor)
	returns bool            // the source holds returns: price checks do not apply
	volume  bool            // the source holds volumes (--measure volume): volume checks instead of price checks
	cal     *calendar.Calendar
	mu      sync.Mutex // guards prices: check runs on the engine's workers
	prices  map[string]data.Series
	index   map[string]*quality.Index // per symbol: the checks' counts on any range in O(log n)
	byFirm  map[string][]quality.Dated
	spans   map[string]engine.DateRange // per symbol: the dates all its events need
}

// newQualityChecker checks the events of a batch run with opt (its source,
// returns flag, parameters and symbol history).
func newQualityChecker(opt *engine.Options, events []engine.Event) *qualityChecker {
	p := opt.Params
	q := &qualityChecker{src: opt.Source, opt: opt, returns: opt.Returns, volume: p.Measure == study.MeasureVolume, cal: calendar.NYSE(),
		prices: map[string]data.Series{}, index: map[string]*quality.Index{}, byFirm: map[string][]quality.Dated{},
		spans: engine.SymbolSpans(p, events, time.Now(), opt)}
	for _, e := range events {
		k := q.firm(e.Event.Symbol, e.Event.Date)
		q.byFirm[k] = append(q.byFirm[k], quality.Dated{ID: e.Event.ID, Date: e.Event.Date})
	}
	for _, fe := range q.byFirm {
		sort.SliceStable(fe, func(i, j int) bool { return fe[i].Date.Before(fe[j].Date) })
	}
	return q
}

// firm identifies the company of symbol as of date for confounding events:
// its current ticker, so that FB in 2018 and META in 2023 are one firm.
func (q *qualityChecker) firm(symbol string, date time.Time) string {
	if v := q.opt.Vendor(symbol, date).Vendor; v != "" {
		symbol = v
	}
	return strings.ToUpper(symbol)
}

// series returns the firm's prices as the engine reads them: under the
// source's symbol as of the event date, once per symbol, over the span of all
// its events, so that the answer does not depend on which event is checked
// first (check runs concurrently on the engine's workers, and a span of the
// first event alone made the others see days missing at the start of their
// estimation windows, issue 13).
func (q *qualityChecker) series(ctx context.Context, r *study.Result) (data.Series, *quality.Index, bool) {
	vendor := q.opt.Vendor(r.Event.Symbol, r.Event.Date).Vendor
	k := strings.ToUpper(vendor)
	q.mu.Lock()
	defer q.mu.Unlock()
	if s, ok := q.prices[k]; ok {
		return s, q.index[k], s.Dates != nil
	}
	var s data.Series // empty: not read (a delisted symbol) or failed
	if sp, ok := q.spans[k]; ok {
		if got, err := data.SharedSeries(ctx, q.src, vendor, sp.From, sp.To); err == nil { // read only
			s = got
		}
	}
	q.prices[k] = s
	if s.Dates != nil && !q.volume {
		q.index[k] = quality.NewIndex(s, q.cal, quality.StaleRun, 0)
	}
	return s, q.index[k], s.Dates != nil
}

// check reports on one computed event; events without an estimation window
// (failed before the fit) get an empty report. The note of a renamed firm
// starts with the rename and the company's current name ("FB has traded as
// META since 2022-06-09 (Meta Platforms, Inc.); prices from META's history"),
// whatever the event's status.
func (q *qualityChecker) check(ctx context.Context, r *study.Result) tidy.Quality {
	qa := q.checkPrices(ctx, r)
	if n := q.opt.Vendor(r.Event.Symbol, r.Event.Date).NoteFrom(ctx, q.src); n != "" {
		qa.Note = strings.TrimSuffix(n+"; "+qa.Note, "; ")
	}
	return qa
}

func (q *qualityChecker) checkPrices(ctx context.Context, r *study.Result) tidy.Quality {
	return tidy.EventQuality(r, q.volume, q.cal, q.byFirm[q.firm(r.Event.Symbol, r.Event.Date)], func() (data.Series, *quality.Index) {
		if q.returns && !q.volume {
			return data.Series{}, nil // returns: the price checks do not apply
		}
		s, idx, _ := q.series(ctx, r)
		return s, idx
	})
}
