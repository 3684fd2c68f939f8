package study

import (
	"fmt"
	"time"
)

// TradingCalendar is an exchange calendar (data/calendar.NYSE() is one).
type TradingCalendar interface {
	IsOpen(day time.Time) bool
	Next(day time.Time) time.Time // the first open day after day
	Prev(day time.Time) time.Time // the last open day before day
}

// PlaceDay0 gives an event whose date lies outside the benchmark's data (news
// of today, before the vendor has the bar; or after the data's end) the day 0
// of an exchange calendar, so that outputs and the message say where the
// event would sit. Event time still counts the benchmark's own trading days:
// the result keeps its status (StatusOutOfRange). Other results are left alone.
func PlaceDay0(r *Result, rule NonTrading, cal TradingCalendar) {
	if r.Status != StatusOutOfRange || !r.Day0.IsZero() || r.Event.Date.IsZero() {
		return
	}
	d := r.Event.Date
	d = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
	switch {
	case cal.IsOpen(d) && r.Event.AfterClose:
		d = cal.Next(d)
	case cal.IsOpen(d):
	case rule == Previous:
		d = cal.Prev(d)
	case rule == Skip:
		return
	default:
		d = cal.Next(d)
	}
	r.Day0 = d
	r.Message += fmt.Sprintf(" (day 0 on the %s calendar: %s)", calendarName(cal), d.Format(isoDate))
}

func calendarName(cal TradingCalendar) string {
	if n, ok := cal.(interface{ Name() string }); ok {
		return n.Name()
	}
	return "exchange"
}
