package main

import (
	"context"
	"fmt"
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

// staleRun is the shortest run of zero returns reported as stale prices.
const staleRun = 5

// qualityChecker reports, per event, data problems that the estimates do not
// show by themselves: days missing against the NYSE calendar, stale prices,
// jumps that look like unadjusted splits (data/quality), and other events of
// the same firm inside this event's estimation or event window (confounding
// events, which contaminate the estimation window or the event window; cf.
// MacKinlay 1997, sec. 9 on clustering and event-window overlap).
type qualityChecker struct {
	src     data.Source
	returns bool // the source holds returns: price checks do not apply
	cal     *calendar.Calendar
	mu      sync.Mutex // guards prices: check runs on the engine's workers
	prices  map[string]data.Series
	index   map[string]*quality.Index // per symbol: the checks' counts on any range in O(log n)
	byFirm  map[string][]firmEvent
	p       study.Params
	now     time.Time
}

type firmEvent struct {
	id   string
	date time.Time
}

func newQualityChecker(src data.Source, returns bool, p study.Params, events []engine.Event) *qualityChecker {
	q := &qualityChecker{src: src, returns: returns, cal: calendar.NYSE(), prices: map[string]data.Series{},
		index: map[string]*quality.Index{}, byFirm: map[string][]firmEvent{}, p: p, now: time.Now()}
	for _, e := range events {
		k := strings.ToUpper(e.Event.Symbol)
		q.byFirm[k] = append(q.byFirm[k], firmEvent{e.Event.ID, e.Event.Date})
	}
	for _, fe := range q.byFirm {
		sort.SliceStable(fe, func(i, j int) bool { return fe[i].date.Before(fe[j].date) })
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
	if s.Dates != nil {
		q.index[k] = quality.NewIndex(s, q.cal, staleRun, 0)
	}
	return s, q.index[k], s.Dates != nil
}

// check reports on one computed event; events without an estimation window
// (failed before the fit) get an empty report.
func (q *qualityChecker) check(ctx context.Context, r *study.Result) tidy.Quality {
	var out tidy.Quality
	if r.Fit.EstStart.IsZero() || len(r.Days) == 0 {
		return out
	}
	from, to := r.Fit.EstStart, r.Days[len(r.Days)-1].Date
	var notes []string
	if !q.returns {
		if s, idx, ok := q.series(ctx, r); ok {
			// The index gives the counts; a check runs on the event's slice,
			// for its note, only when its count is above zero.
			m, st, sj, exact := idx.Counts(from, to)
			sub := slice(s, from, to)
			for _, c := range []struct {
				n     *int
				count int
				check func() quality.Check
			}{
				{&out.MissingDays, m, func() quality.Check { return quality.MissingDays(sub, q.cal, from, to) }},
				{&out.StaleDays, st, func() quality.Check { return quality.StaleRuns(sub, staleRun) }},
				{&out.SplitJumps, sj, func() quality.Check { return quality.SplitJumps(sub, 0) }},
			} {
				if exact && c.count == 0 {
					continue
				}
				ch := c.check()
				*c.n = ch.Count
				if ch.Note != "" {
					notes = append(notes, ch.Note)
				}
			}
		}
	}
	var ids []string
	// The firm's events are sorted by date: those dated from..to are one run.
	fes := q.byFirm[strings.ToUpper(r.Event.Symbol)]
	lo := sort.Search(len(fes), func(i int) bool { return !fes[i].date.Before(from) })
	for _, fe := range fes[lo:] {
		if fe.date.After(to) {
			break
		}
		if fe.id != r.Event.ID {
			ids = append(ids, fe.id)
		}
	}
	if len(ids) > 0 {
		out.Confounding = strings.Join(ids, ";")
		notes = append(notes, fmt.Sprintf("other events of %s inside the estimation or event window (%s..%s): %s",
			r.Event.Symbol, from.Format(time.DateOnly), to.Format(time.DateOnly), strings.Join(ids, ", ")))
	}
	out.Note = strings.Join(notes, "; ")
	return out
}

// slice returns the part of s dated from..to (inclusive), sharing memory.
func slice(s data.Series, from, to time.Time) data.Series {
	i := sort.Search(len(s.Dates), func(i int) bool { return !s.Dates[i].Before(from) })
	j := sort.Search(len(s.Dates), func(i int) bool { return s.Dates[i].After(to) })
	return data.Series{Symbol: s.Symbol, Dates: s.Dates[i:j], Values: s.Values[i:j]}
}
