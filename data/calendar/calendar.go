package calendar

import (
	"slices"
	"sync"
	"time"
)

// Calendar is an exchange trading calendar. The zero value is not useful; use
// [NYSE].
type Calendar struct {
	name    string
	special map[civil]string
	years   sync.Map // year → []time.Time of open days (yearDays)
}

type civil struct {
	y int
	m time.Month
	d int
}

func civilOf(t time.Time) civil {
	y, m, d := t.Date()
	return civil{y, m, d}
}

func (c civil) time() time.Time { return time.Date(c.y, c.m, c.d, 0, 0, 0, 0, time.UTC) }

var nyse = &Calendar{
	name: "NYSE",
	special: map[civil]string{
		{1985, 9, 27}:  "Hurricane Gloria",
		{1994, 4, 27}:  "funeral of Richard Nixon",
		{2001, 9, 11}:  "September 11 attacks",
		{2001, 9, 12}:  "September 11 attacks",
		{2001, 9, 13}:  "September 11 attacks",
		{2001, 9, 14}:  "September 11 attacks",
		{2004, 6, 11}:  "funeral of Ronald Reagan",
		{2007, 1, 2}:   "funeral of Gerald Ford",
		{2012, 10, 29}: "Hurricane Sandy",
		{2012, 10, 30}: "Hurricane Sandy",
		{2018, 12, 5}:  "funeral of George H. W. Bush",
		{2025, 1, 9}:   "funeral of Jimmy Carter",
	},
}

// NYSE returns the New York Stock Exchange calendar. It is safe for
// concurrent use.
func NYSE() *Calendar { return nyse }

// Name returns the exchange name, "NYSE".
func (c *Calendar) Name() string { return c.name }

// Date returns the civil date of t (its year, month and day in t's own
// location) at 00:00 UTC.
func Date(t time.Time) time.Time { return civilOf(t).time() }

// Closed reports whether the exchange is closed on the date of t and why:
// "Saturday", "Sunday", a holiday name or a special closure.
func (c *Calendar) Closed(t time.Time) (reason string, closed bool) {
	d := civilOf(t)
	switch d.time().Weekday() {
	case time.Saturday:
		return "Saturday", true
	case time.Sunday:
		return "Sunday", true
	}
	if r, ok := c.special[d]; ok {
		return r, true
	}
	if r := holiday(d); r != "" {
		return r, true
	}
	return "", false
}

// IsOpen reports whether the date of t is a trading day.
func (c *Calendar) IsOpen(t time.Time) bool {
	_, closed := c.Closed(t)
	return !closed
}

// Next returns the first trading day strictly after the date of t.
func (c *Calendar) Next(t time.Time) time.Time {
	d := Date(t).AddDate(0, 0, 1)
	for !c.IsOpen(d) {
		d = d.AddDate(0, 0, 1)
	}
	return d
}

// Prev returns the last trading day strictly before the date of t.
func (c *Calendar) Prev(t time.Time) time.Time {
	d := Date(t).AddDate(0, 0, -1)
	for !c.IsOpen(d) {
		d = d.AddDate(0, 0, -1)
	}
	return d
}

// Add moves n trading days from the date of t: Add(t, 0) is t's date when it
// is a trading day and the next trading day otherwise; negative n moves back.
// Add(t, 1) == Next(t) when t is a trading day.
func (c *Calendar) Add(t time.Time, n int) time.Time {
	d := Date(t)
	if n == 0 {
		if c.IsOpen(d) {
			return d
		}
		return c.Next(d)
	}
	for ; n > 0; n-- {
		d = c.Next(d)
	}
	for ; n < 0; n++ {
		d = c.Prev(d)
	}
	return d
}

// Days returns the trading days from the date of from to the date of to, both
// inclusive, ascending. It returns nil when to is before from.
func (c *Calendar) Days(from, to time.Time) []time.Time {
	f, l := Date(from), Date(to)
	var out []time.Time
	for y := f.Year(); y <= l.Year(); y++ {
		days := c.yearDays(y)
		i, _ := slices.BinarySearchFunc(days, f, time.Time.Compare)
		j, found := slices.BinarySearchFunc(days, l, time.Time.Compare)
		if found {
			j++
		}
		if i < j {
			out = append(out, days[i:j]...)
		}
	}
	return out
}

// yearDays returns the open days of year y, computed once per calendar and
// year (a batch asks for the same years for every event).
func (c *Calendar) yearDays(y int) []time.Time {
	if v, ok := c.years.Load(y); ok {
		return v.([]time.Time)
	}
	var days []time.Time
	for d := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() == y; d = d.AddDate(0, 0, 1) {
		if c.IsOpen(d) {
			days = append(days, d)
		}
	}
	v, _ := c.years.LoadOrStore(y, days)
	return v.([]time.Time)
}

// Count returns len(c.Days(from, to)) without allocating.
func (c *Calendar) Count(from, to time.Time) int {
	n := 0
	f, l := Date(from), Date(to)
	for d := f; !d.After(l); d = d.AddDate(0, 0, 1) {
		if c.IsOpen(d) {
			n++
		}
	}
	return n
}

// holiday returns the name of the NYSE holiday observed on d (a weekday), or "".
func holiday(d civil) string { return holidaysOf(d.y)[d] }

// holidayCache holds each year's rule-based holidays (map[civil]string by
// year), computed once: a batch asks for the same few years millions of times.
var holidayCache sync.Map

// holidaysOf returns the holidays of year y by date. Where two rules fall on
// one date the first listed names it.
func holidaysOf(y int) map[civil]string {
	if m, ok := holidayCache.Load(y); ok {
		return m.(map[civil]string)
	}
	m := map[civil]string{}
	add := func(d civil, name string, applies bool) {
		if _, dup := m[d]; applies && !dup {
			m[d] = name
		}
	}
	add(newYear(y), "New Year's Day", true)
	add(nthWeekday(y, time.January, time.Monday, 3), "Martin Luther King Jr. Day", y >= 1998)
	add(nthWeekday(y, time.February, time.Monday, 3), "Washington's Birthday", true)
	add(goodFriday(y), "Good Friday", true)
	add(lastWeekday(y, time.May, time.Monday), "Memorial Day", true)
	add(observed(civil{y, time.June, 19}), "Juneteenth", y >= 2022)
	add(observed(civil{y, time.July, 4}), "Independence Day", true)
	add(nthWeekday(y, time.September, time.Monday, 1), "Labor Day", true)
	add(nthWeekday(y, time.November, time.Thursday, 4), "Thanksgiving Day", true)
	add(observed(civil{y, time.December, 25}), "Christmas Day", true)
	holidayCache.Store(y, m)
	return m
}

// newYear is the observed New Year's Day of year y. When 1 January is a
// Saturday the NYSE does not close on the Friday before (NYSE Rule 7.2), so the
// result is the Saturday itself, which is closed anyway.
func newYear(y int) civil {
	d := civil{y, time.January, 1}
	if d.time().Weekday() == time.Sunday {
		return civil{y, time.January, 2}
	}
	return d
}

// observed moves a fixed-date holiday on a Saturday to Friday and one on a
// Sunday to Monday.
func observed(d civil) civil {
	switch d.time().Weekday() {
	case time.Saturday:
		return civilOf(d.time().AddDate(0, 0, -1))
	case time.Sunday:
		return civilOf(d.time().AddDate(0, 0, 1))
	}
	return d
}

// nthWeekday returns the n-th (1-based) weekday wd of month m in year y.
func nthWeekday(y int, m time.Month, wd time.Weekday, n int) civil {
	first := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	off := (int(wd) - int(first.Weekday()) + 7) % 7
	return civil{y, m, 1 + off + 7*(n-1)}
}

// lastWeekday returns the last weekday wd of month m in year y.
func lastWeekday(y int, m time.Month, wd time.Weekday) civil {
	last := time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC)
	off := (int(last.Weekday()) - int(wd) + 7) % 7
	return civil{y, m, last.Day() - off}
}

// Easter returns Easter Sunday of year y in the Gregorian calendar, by the
// anonymous Gregorian algorithm (Meeus/Jones/Butcher):
//
//	a = y mod 19, b = y div 100, c = y mod 100, d = b div 4, e = b mod 4,
//	f = (b+8) div 25, g = (b−f+1) div 3, h = (19a+b−d−g+15) mod 30,
//	i = c div 4, k = c mod 4, l = (32+2e+2i−h−k) mod 7,
//	m = (a+11h+22l) div 451, month = (h+l−7m+114) div 31,
//	day = ((h+l−7m+114) mod 31) + 1
//
// Meeus, J. (1991). Astronomical Algorithms, ch. 8.
func Easter(y int) time.Time {
	a := y % 19
	b, c := y/100, y%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return time.Date(y, time.Month(month), day, 0, 0, 0, 0, time.UTC)
}

func goodFriday(y int) civil { return civilOf(Easter(y).AddDate(0, 0, -2)) }
