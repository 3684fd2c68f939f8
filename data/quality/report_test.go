package quality

import (
	"reflect"
	"testing"
	"time"

	"github.com/eventstudy/eventstudy/data"
	"github.com/eventstudy/eventstudy/data/calendar"
)

// EventReport gives the same report with and without an Index, and lists the
// firm's other events inside the range, by date, not the event itself.
func TestEventReport(t *testing.T) {
	cal := calendar.NYSE()
	d := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	days := cal.Days(d("2018-01-02"), d("2018-03-30"))
	s := data.Series{Symbol: "XYZ"}
	p := 100.0
	for i, day := range days {
		switch {
		case i == 7: // a missing day
			continue
		case i >= 20 && i < 27: // 7 zero returns: days 20..26 repeat the close of day 19
		case i == 40: // 2:1, unadjusted
			p /= 2
		default:
			p *= 1.002
		}
		s.Dates, s.Values = append(s.Dates, day), append(s.Values, p)
	}
	firm := []Dated{{"a", d("2017-12-01")}, {"b", d("2018-02-01")}, {"self", d("2018-02-15")}, {"c", d("2018-03-01")}, {"d", d("2018-06-01")}}
	from, to := d("2018-01-02"), d("2018-03-30")
	without := EventReport(s, nil, cal, "XYZ", "self", from, to, firm)
	with := EventReport(s, NewIndex(s, cal, StaleRun, 0), cal, "XYZ", "self", from, to, firm)
	if !reflect.DeepEqual(with, without) {
		t.Errorf("with index %+v\nwithout    %+v", with, without)
	}
	if without.MissingDays != 1 || without.StaleDays != 7 || without.SplitJumps != 1 || !reflect.DeepEqual(without.Confounding, []string{"b", "c"}) {
		t.Errorf("report = %+v; want 1 missing, 7 stale, 1 split, confounding [b c]", without)
	}
	if r := EventReport(data.Series{}, nil, cal, "XYZ", "self", from, to, nil); !reflect.DeepEqual(r, Report{}) {
		t.Errorf("no prices, no other events: %+v, want an empty report", r)
	}
}
