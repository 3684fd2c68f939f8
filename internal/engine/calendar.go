package engine

import (
	"fmt"

	"github.com/eventstudy/eventstudy/data/calendar"
	"github.com/eventstudy/eventstudy/study"
)

// PlaceDay0 gives an event whose date lies outside the benchmark's data (news
// of today, before the vendor has the bar; or after the data's end) the day 0
// of the NYSE trading calendar, so that events.csv and the message say where
// the event would sit. Event time still counts the benchmark's own trading
// days: the event keeps its status (out_of_range). Other results are left alone.
func PlaceDay0(r *study.Result, rule study.NonTrading) {
	if r.Status != study.StatusOutOfRange || !r.Day0.IsZero() || r.Event.Date.IsZero() {
		return
	}
	cal := calendar.NYSE()
	d := calendar.Date(r.Event.Date)
	switch {
	case cal.IsOpen(d) && r.Event.AfterClose:
		d = cal.Next(d)
	case cal.IsOpen(d):
	case rule == study.Previous:
		d = cal.Prev(d)
	case rule == study.Skip:
		return
	default:
		d = cal.Next(d)
	}
	r.Day0 = d
	r.Message += fmt.Sprintf(" (day 0 on the NYSE calendar: %s)", d.Format("2006-01-02"))
}
