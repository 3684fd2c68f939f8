package calendar

import (
	"testing"
	"time"
)

// holidayRules is the rule list evaluated directly (the form holiday had
// before its per-year cache), as the reference for the cache.
func holidayRules(d civil) string {
	y := d.y
	switch {
	case d == newYear(y):
		return "New Year's Day"
	case y >= 1998 && d == nthWeekday(y, time.January, time.Monday, 3):
		return "Martin Luther King Jr. Day"
	case d == nthWeekday(y, time.February, time.Monday, 3):
		return "Washington's Birthday"
	case d == goodFriday(y):
		return "Good Friday"
	case d == lastWeekday(y, time.May, time.Monday):
		return "Memorial Day"
	case y >= 2022 && d == observed(civil{y, time.June, 19}):
		return "Juneteenth"
	case d == observed(civil{y, time.July, 4}):
		return "Independence Day"
	case d == nthWeekday(y, time.September, time.Monday, 1):
		return "Labor Day"
	case d == nthWeekday(y, time.November, time.Thursday, 4):
		return "Thanksgiving Day"
	case d == observed(civil{y, time.December, 25}):
		return "Christmas Day"
	}
	return ""
}

func TestHolidayCacheMatchesRules(t *testing.T) {
	for d := time.Date(1950, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() < 2101; d = d.AddDate(0, 0, 1) {
		c := civilOf(d)
		if got, want := holiday(c), holidayRules(c); got != want {
			t.Fatalf("%s: %q, want %q", d.Format(time.DateOnly), got, want)
		}
	}
}

func BenchmarkDays(b *testing.B) {
	from, to := time.Date(2017, 6, 1, 0, 0, 0, 0, time.UTC), time.Date(2018, 7, 1, 0, 0, 0, 0, time.UTC)
	for b.Loop() {
		NYSE().Days(from, to)
	}
}
