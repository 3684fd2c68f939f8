package pipeline

import (
	"github.com/eventstudy/eventstudy/data"
	"github.com/eventstudy/eventstudy/data/calendar"
	"github.com/eventstudy/eventstudy/data/quality"
	"github.com/eventstudy/eventstudy/data/tidy"
	"github.com/eventstudy/eventstudy/study"
)

// qualityChecker fills the data-quality columns of events.csv with
// tidy.EventQuality, as cmd/eventstudy does. The test compares events.csv
// with the CLI's, cell for cell.
type qualityChecker struct {
	cal    *calendar.Calendar
	volume bool // a volume study: the volume checks
}

func newQualityChecker(p study.Params) *qualityChecker {
	return &qualityChecker{cal: calendar.NYSE(), volume: p.Measure == study.MeasureVolume}
}

// check reports on one event; s is the firm's series as read (prices, or
// volumes in a volume study; empty when the inputs are returns or the firm is
// unknown), all the firm's events by date.
func (q *qualityChecker) check(r *study.Result, s data.Series, firm []quality.Dated) tidy.Quality {
	return tidy.EventQuality(r, q.volume, q.cal, firm, func() (data.Series, *quality.Index) { return s, nil })
}
