package calendar

import (
	"math/rand/v2"
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

// TestDaysMatchesDayByDay: Days from the per-year cache equals the day-by-day
// walk with IsOpen, over random ranges (across years, empty, reversed).
func TestDaysMatchesDayByDay(t *testing.T) {
	c := NYSE()
	walk := func(from, to time.Time) []time.Time {
		var out []time.Time
		for d := Date(from); !d.After(Date(to)); d = d.AddDate(0, 0, 1) {
			if c.IsOpen(d) {
				out = append(out, d)
			}
		}
		return out
	}
	rng := rand.New(rand.NewPCG(7, 7))
	base := time.Date(1995, 1, 1, 0, 0, 0, 0, time.UTC)
	for range 2000 {
		from := base.AddDate(0, 0, rng.IntN(40*365)).Add(time.Duration(rng.IntN(86400)) * time.Second)
		to := from.AddDate(0, 0, rng.IntN(800)-20)
		got, want := c.Days(from, to), walk(from, to)
		if len(got) != len(want) {
			t.Fatalf("Days(%s, %s): %d days, want %d", from, to, len(got), len(want))
		}
		for i := range got {
			if !got[i].Equal(want[i]) {
				t.Fatalf("Days(%s, %s)[%d] = %s, want %s", from, to, i, got[i], want[i])
			}
		}
	}
}
