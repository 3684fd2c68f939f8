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
	returns bool // the source holds returns: price checks do not apply
	volume  bool // the source holds volumes (--measure volume): volume checks instead of price checks
	cal     *calendar.Calendar
	mu      sync.Mutex // guards prices: check runs on the engine's workers
	prices  map[string]data.Series
	index   map[string]*quality.Index // per symbol: the checks' counts on any range in O(log n)
	byFirm  map[string][]quality.Dated
	p       study.Params
	now     time.Time
}

func newQualityChecker(src data.Source, returns bool, p study.Params, events []engine.Event) *qualityChecker {
	q := &qualityChecker{src: src, returns: returns, volume: p.Measure == study.MeasureVolume, cal: calendar.NYSE(), prices: map[string]data.Series{},
		index: map[string]*quality.Index{}, byFirm: map[string][]quality.Dated{}, p: p, now: time.Now()}
	for _, e := range events {
		k := strings.ToUpper(e.Event.Symbol)
		q.byFirm[k] = append(q.byFirm[k], quality.Dated{ID: e.Event.ID, Date: e.Event.Date})
	}
	for _, fe := range q.byFirm {
		sort.SliceStable(fe, func(i, j int) bool { return fe[i].Date.Before(fe[j].Date) })
	}
	return q
}

// series returns the firm's prices, read once per symbol. Results arrive in
// order from one goroutine, so no lock is needed.
func (q *qualityChecker) series(ctx context.Context, r *study.Result) (data.Series, *quality.Index, bool) {
	k := strings.ToUpper(r.Event.Symbol)
	q.mu.Lock()
	defer q.mu.Unlock()
	if s, ok := q.prices[k]; ok {
		return s, q.index[k], s.Dates != nil
	}
	from, to := engine.Span(q.p, r.Event.Date, q.now)
	s, err := data.SharedSeries(ctx, q.src, r.Event.Symbol, from, to) // read only
	if err != nil {
		s = data.Series{}
	}
	q.prices[k] = s
	if s.Dates != nil && !q.volume {
		q.index[k] = quality.NewIndex(s, q.cal, quality.StaleRun, 0)
	}
	return s, q.index[k], s.Dates != nil
}

// check reports on one computed event; events without an estimation window
// (failed before the fit) get an empty report.
func (q *qualityChecker) check(ctx context.Context, r *study.Result) tidy.Quality {
	if r.Fit.EstStart.IsZero() || len(r.Days) == 0 {
		return tidy.Quality{}
	}
	firm, to := q.byFirm[strings.ToUpper(r.Event.Symbol)], r.Days[len(r.Days)-1].Date
	if q.volume {
		s, _, _ := q.series(ctx, r)
		qa := tidyQuality(quality.VolumeReport(s, q.cal, r.Event.Symbol, r.Event.ID, r.Fit.EstStart, to, firm))
		qa.Volume = true
		return qa
	}
	var s data.Series
	var idx *quality.Index
	if !q.returns {
		s, idx, _ = q.series(ctx, r)
	}
	return tidyQuality(quality.EventReport(s, idx, q.cal, r.Event.Symbol, r.Event.ID, r.Fit.EstStart, to, firm))
}

// tidyQuality is the events.csv form of a report.
func tidyQuality(rep quality.Report) tidy.Quality {
	return tidy.Quality{MissingDays: rep.MissingDays, StaleDays: rep.StaleDays, SplitJumps: rep.SplitJumps,
		ZeroVolumeDays: rep.ZeroVolumeDays, Confounding: strings.Join(rep.Confounding, ";"), Note: rep.Note}
}
