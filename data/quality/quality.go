package quality

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/eventstudy/eventstudy/data"
	"github.com/eventstudy/eventstudy/data/calendar"
)

// Check is the result of one check. Count is 0 when the series is clean, and
// Note is then "".
type Check struct {
	Count int         // days (MissingDays, StaleRuns) or jumps (SplitJumps) flagged
	Dates []time.Time // the flagged days: missing days, stale days, days after a jump
	Note  string      // e.g. "3 trading days missing: 2018-08-06, 2018-08-07, 2018-08-08"
}

func list(ds []time.Time, max int) string {
	var p []string
	for i, d := range ds {
		if i == max {
			p = append(p, fmt.Sprintf("… (%d more)", len(ds)-max))
			break
		}
		p = append(p, d.Format(time.DateOnly))
	}
	return strings.Join(p, ", ")
}

func civil(t time.Time) time.Time { return calendar.Date(t) }

// midnight is civil(t) as an instant, without the conversion when t is already
// midnight UTC (as data.Series dates are).
func midnight(t time.Time) time.Time {
	if t.Unix()%86400 == 0 && t.Nanosecond() == 0 {
		return t
	}
	return civil(t)
}

// MissingDays returns the trading days of cal in from..to on which s has no
// finite value (absent, or NaN).
func MissingDays(s data.Series, cal *calendar.Calendar, from, to time.Time) Check {
	// Both lists are ascending (data.Series, Calendar.Days): merge them.
	var c Check
	i := 0
	for _, d := range cal.Days(from, to) {
		for i < len(s.Dates) && midnight(s.Dates[i]).Before(d) {
			i++
		}
		have := false
		for j := i; j < len(s.Dates) && midnight(s.Dates[j]).Equal(d); j++ {
			if v := s.Values[j]; !math.IsNaN(v) && !math.IsInf(v, 0) {
				have = true
				break
			}
		}
		if !have {
			c.Dates = append(c.Dates, d)
		}
	}
	c.Count = len(c.Dates)
	if c.Count > 0 {
		c.Note = fmt.Sprintf("%s: %d trading day(s) missing in %s..%s: %s", s.Symbol, c.Count,
			civil(from).Format(time.DateOnly), civil(to).Format(time.DateOnly), list(c.Dates, 5))
	}
	return c
}

// StaleRuns flags runs of at least k consecutive zero returns (a value equal
// to the previous finite value), which suggest a stale or forward-filled
// price. Count is the number of zero-return days inside such runs; Dates are
// those days. k < 1 is treated as 1. NaN values break a run.
func StaleRuns(s data.Series, k int) Check {
	if k < 1 {
		k = 1
	}
	var c Check
	var runs []string
	var run []time.Time
	flush := func() {
		if len(run) >= k {
			c.Dates = append(c.Dates, run...)
			runs = append(runs, fmt.Sprintf("%s..%s (%d days)", run[0].Format(time.DateOnly), run[len(run)-1].Format(time.DateOnly), len(run)))
		}
		run = run[:0]
	}
	for i := 1; i < len(s.Values); i++ {
		a, b := s.Values[i-1], s.Values[i]
		if !math.IsNaN(a) && !math.IsNaN(b) && a == b {
			run = append(run, civil(s.Dates[i]))
			continue
		}
		flush()
	}
	flush()
	c.Count = len(c.Dates)
	if c.Count > 0 {
		c.Note = fmt.Sprintf("%s: %d stale day(s) (runs of ≥ %d zero returns): %s", s.Symbol, c.Count, k, strings.Join(runs, ", "))
	}
	return c
}

// SplitRatios are the price ratios of common splits and reverse splits that
// SplitJumps looks for (p_t/p_{t−1} near 1/r for an r-for-1 split).
// 4:3 and 5:4 are left out: a 25–33% day is too common (FB +29.6% on
// 2013-07-25) to call it a split.
var SplitRatios = []float64{2, 3, 4, 5, 6, 7, 8, 10, 15, 20, 1.5}

// SplitJumps flags day-over-day price ratios within relative tolerance tol
// (0 means 0.05, room for the day's own return: AAPL closed 499.23 then
// 129.04 across its 4:1 split, a ratio of 0.2585) of a split ratio r or its inverse, for r in [SplitRatios]:
// a split (or reverse split) the series was not adjusted for. Count is the
// number of such jumps; Dates are the days after each jump. Adjusted series
// should have none; a genuine 50% move is also flagged, which is why this
// is a note and not a filter.
func SplitJumps(s data.Series, tol float64) Check {
	if tol <= 0 {
		tol = 0.05
	}
	var c Check
	var notes []string
	prev := math.NaN()
	for i, v := range s.Values {
		if math.IsNaN(v) || v <= 0 {
			continue
		}
		if !math.IsNaN(prev) {
			q := v / prev
			if r, want, ok := splitMatch(q, tol); ok {
				c.Dates = append(c.Dates, civil(s.Dates[i]))
				notes = append(notes, fmt.Sprintf("%s ×%.4g (%s)", civil(s.Dates[i]).Format(time.DateOnly), q, splitName(r, want)))
			}
		}
		prev = v
	}
	c.Count = len(c.Dates)
	if c.Count > 0 {
		c.Note = fmt.Sprintf("%s: %d jump(s) that look like unadjusted splits: %s", s.Symbol, c.Count, strings.Join(notes, ", "))
	}
	return c
}

// splitMatch reports the first split ratio r of [SplitRatios] (and the price
// ratio want, 1/r or r) within relative tolerance tol of the price ratio q.
func splitMatch(q, tol float64) (r, want float64, ok bool) {
	for _, r := range SplitRatios {
		for _, want := range [2]float64{1 / r, r} {
			if math.Abs(q-want) <= tol*want {
				return r, want, true
			}
		}
	}
	return 0, 0, false
}

// splitName describes ratio r as seen in a price ratio want: a price falling
// to 1/r is an r-for-1 split; rising r-fold, a 1-for-r reverse split.
func splitName(r, want float64) string {
	if want < 1 {
		return fmt.Sprintf("%s-for-1 split?", ratio(r))
	}
	return fmt.Sprintf("1-for-%s reverse split?", ratio(r))
}

func ratio(r float64) string {
	for _, d := range []float64{1, 2, 3} {
		if n := r * d; math.Abs(n-math.Round(n)) < 1e-9 {
			if d == 1 {
				return fmt.Sprintf("%g", n)
			}
			return fmt.Sprintf("%g/%g", math.Round(n), d)
		}
	}
	return fmt.Sprintf("%.3g", r)
}

// ZeroVolume flags the days of a volume series without trades (a volume of
// exactly 0). They are kept in a volume study (ln(1 + 0) = 0; Campbell &
// Wasley 1996) and reported, so that a thinly traded firm is visible. Count
// is the number of such days; Dates are those days.
func ZeroVolume(s data.Series) Check {
	var c Check
	for i, v := range s.Values {
		if v == 0 {
			c.Dates = append(c.Dates, civil(s.Dates[i]))
		}
	}
	c.Count = len(c.Dates)
	if c.Count > 0 {
		c.Note = fmt.Sprintf("%s: %d day(s) without trades (volume 0): %s", s.Symbol, c.Count, list(c.Dates, 5))
	}
	return c
}
