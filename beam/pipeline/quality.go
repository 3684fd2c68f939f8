package pipeline

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/eventstudy/eventstudy/data"
	"github.com/eventstudy/eventstudy/data/calendar"
	"github.com/eventstudy/eventstudy/data/quality"
	"github.com/eventstudy/eventstudy/data/tidy"
	"github.com/eventstudy/eventstudy/study"
)

// staleRun is the shortest run of zero returns reported as stale prices
// (cmd/eventstudy's value).
const staleRun = 5

// qualityChecker fills the data-quality columns of events.csv as
// cmd/eventstudy's qualityChecker does (that one is in package main, so it
// cannot be imported): the counts come from data/quality, over the event's
// estimation start to event-window end; the confounding events are the
// firm's other events in that range. The test compares events.csv with the
// CLI's, cell for cell, so the two cannot drift apart unnoticed.
type qualityChecker struct {
	cal *calendar.Calendar
	p   study.Params
}

func newQualityChecker(p study.Params) *qualityChecker {
	return &qualityChecker{cal: calendar.NYSE(), p: p}
}

// check reports on one event; prices is the firm's price series (empty when
// the inputs are returns or the firm is unknown), all the firm's events by date.
func (q *qualityChecker) check(r *study.Result, prices data.Series, all []firmEvent) tidy.Quality {
	var out tidy.Quality
	if r.Fit.EstStart.IsZero() || len(r.Days) == 0 {
		return out
	}
	from, to := r.Fit.EstStart, r.Days[len(r.Days)-1].Date
	var notes []string
	if prices.Dates != nil {
		sub := slice(prices, from, to)
		for _, c := range []struct {
			n     *int
			check quality.Check
		}{
			{&out.MissingDays, quality.MissingDays(sub, q.cal, from, to)},
			{&out.StaleDays, quality.StaleRuns(sub, staleRun)},
			{&out.SplitJumps, quality.SplitJumps(sub, 0)},
		} {
			*c.n = c.check.Count
			if c.check.Note != "" {
				notes = append(notes, c.check.Note)
			}
		}
	}
	var ids []string
	for _, fe := range all {
		if fe.ID != r.Event.ID && !fe.Date.Before(from) && !fe.Date.After(to) {
			ids = append(ids, fe.ID)
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
