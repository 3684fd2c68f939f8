package pipeline

import (
	"strings"

	"github.com/eventstudy/eventstudy/data"
	"github.com/eventstudy/eventstudy/data/calendar"
	"github.com/eventstudy/eventstudy/data/quality"
	"github.com/eventstudy/eventstudy/data/tidy"
	"github.com/eventstudy/eventstudy/study"
)

// qualityChecker fills the data-quality columns of events.csv with
// quality.EventReport, as cmd/eventstudy does. The test compares events.csv
// with the CLI's, cell for cell.
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
	if r.Fit.EstStart.IsZero() || len(r.Days) == 0 {
		return tidy.Quality{}
	}
	firm := make([]quality.Dated, len(all))
	for i, fe := range all {
		firm[i] = quality.Dated{ID: fe.ID, Date: fe.Date}
	}
	rep := quality.EventReport(prices, nil, q.cal, r.Event.Symbol, r.Event.ID, r.Fit.EstStart, r.Days[len(r.Days)-1].Date, firm)
	return tidy.Quality{MissingDays: rep.MissingDays, StaleDays: rep.StaleDays, SplitJumps: rep.SplitJumps,
		Confounding: strings.Join(rep.Confounding, ";"), Note: rep.Note}
}
