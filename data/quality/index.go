package quality

import (
	"math"
	"sort"
	"sync"
	"time"

	"github.com/eventstudy/eventstudy/data"
	"github.com/eventstudy/eventstudy/data/calendar"
)

// Index answers the counts of [MissingDays], [StaleRuns] and [SplitJumps] on
// any date range of one series in O(log n), for batches that check many
// events of the same firm. It is built once per series in O(n) and keeps
// only the exceptions, sorted: the positions whose day is not a trading day
// of the calendar or whose value is not finite, the maximal runs of zero
// returns, the positions that are not positive prices, and the split-like
// jumps between consecutive positive prices. A range's counts then follow
// from binary searches, with the edges of the range handled as the checks
// on the sliced series handle them (a run of zero returns is cut at the
// range's first day; the first price of the range has no previous price).
//
// Counts equal the Count of the three checks run on the series sliced to
// from..to (inclusive); the readable notes are left to the checks themselves,
// for the rare ranges with a count above zero.
type Index struct {
	exact bool // dates strictly ascending, each midnight UTC
	cal   *calendar.Calendar
	dates []time.Time // the series' dates, shared (exact only)
	k     int         // shortest stale run

	bad     []int32    // positions not an open day of cal, or with a value that is not finite
	runs    [][2]int32 // maximal runs [a, b] of positions i ≥ 1 with Values[i−1] == Values[i] (both not NaN)
	runLong []int      // runLong[r]: days in the runs before r that have at least k days
	nonPos  []int32    // positions with a NaN or non-positive value (skipped by SplitJumps)
	jumps   []int32    // positions of a positive value whose ratio to the previous positive value looks like a split
}

// NewIndex indexes s for [MissingDays] against cal, [StaleRuns] with runs of
// at least k zero returns and [SplitJumps] with tolerance tol (same defaults
// as the checks: k < 1 is 1, tol ≤ 0 is 0.05).
func NewIndex(s data.Series, cal *calendar.Calendar, k int, tol float64) *Index {
	if k < 1 {
		k = 1
	}
	if tol <= 0 {
		tol = 0.05
	}
	x := &Index{exact: true, cal: cal, k: k, dates: s.Dates}
	var open []int64 // the open days of the current year, merged with the dates
	year, o := 0, 0
	prevDay := int64(math.MinInt64)
	for i, d := range s.Dates {
		day, ok := utcDay(d)
		if !ok || day <= prevDay {
			x.exact, x.dates = false, nil
			return x
		}
		prevDay = day
		if y := d.Year(); y != year {
			year, open, o = y, yearOpenDays(cal, y), 0
		}
		for o < len(open) && open[o] < day {
			o++
		}
		if v := s.Values[i]; v-v != 0 || o == len(open) || open[o] != day { // NaN or ±Inf, or not an open day
			x.bad = append(x.bad, int32(i))
		}
	}
	for i := 1; i < len(s.Values); i++ {
		a, b := s.Values[i-1], s.Values[i]
		if a == b { // neither is NaN
			if n := len(x.runs); n > 0 && x.runs[n-1][1] == int32(i-1) {
				x.runs[n-1][1] = int32(i)
			} else {
				x.runs = append(x.runs, [2]int32{int32(i), int32(i)})
			}
		}
	}
	x.runLong = make([]int, len(x.runs)+1)
	for r, run := range x.runs {
		x.runLong[r+1] = x.runLong[r]
		if n := int(run[1]-run[0]) + 1; n >= k {
			x.runLong[r+1] += n
		}
	}
	// No split ratio lies in the band (lo, hi) around 1 (the smallest ratio
	// above 1 and the largest below, with their tolerance): daily ratios
	// there need no check. The margins absorb rounding.
	lo, hi := 0.0, math.Inf(1)
	for _, r := range SplitRatios {
		lo = max(lo, (1/r)*(1+tol))
		hi = min(hi, r*(1-tol))
	}
	lo, hi = lo*(1+1e-6), hi*(1-1e-6)
	prev, havePrev := 0.0, false
	for i, v := range s.Values {
		if !(v > 0) { // NaN or ≤ 0
			x.nonPos = append(x.nonPos, int32(i))
			continue
		}
		if q := v / prev; havePrev && !(lo < q && q < hi) {
			if _, _, ok := splitMatch(q, tol); ok {
				x.jumps = append(x.jumps, int32(i))
			}
		}
		prev, havePrev = v, true
	}
	return x
}

// Counts returns the Count of [MissingDays] (from..to against the calendar),
// [StaleRuns] and [SplitJumps] on the series sliced to the dates from..to
// (inclusive). ok is false, and the counts 0, when the index cannot answer
// exactly: the series' dates or from and to are not midnight UTC, or the
// dates are not strictly ascending. Then run the checks themselves.
func (x *Index) Counts(from, to time.Time) (missing, stale, jumps int, ok bool) {
	f, ok1 := utcDay(from)
	l, ok2 := utcDay(to)
	if !x.exact || !ok1 || !ok2 {
		return 0, 0, 0, false
	}
	i0 := sort.Search(len(x.dates), func(i int) bool { return x.dates[i].Unix()/86400 >= f })
	i1 := sort.Search(len(x.dates), func(i int) bool { return x.dates[i].Unix()/86400 > l })
	if i1 < i0 {
		i1 = i0
	}
	// Missing: open days of the range minus positions of the slice on an
	// open day with a finite value (dates are distinct days).
	missing = openDays(x.cal, from, to) - (i1 - i0 - countIn(x.bad, i0, i1))

	// Stale: zero returns at positions i0+1..i1−1 (the slice's first value
	// has no return), in runs cut to that span.
	if lo, hi := int32(i0+1), int32(i1-1); lo <= hi {
		r0 := sort.Search(len(x.runs), func(r int) bool { return x.runs[r][1] >= lo })
		r1 := sort.Search(len(x.runs), func(r int) bool { return x.runs[r][0] > hi }) - 1
		if r0 <= r1 {
			clip := func(r int) int {
				if n := int(min(x.runs[r][1], hi)-max(x.runs[r][0], lo)) + 1; n >= x.k {
					return n
				}
				return 0
			}
			stale = clip(r0)
			if r1 > r0 {
				stale += clip(r1) + x.runLong[r1] - x.runLong[r0+1]
			}
		}
	}

	// Split jumps: those inside the slice, except at its first positive
	// price, whose previous price lies before the slice.
	jumps = countIn(x.jumps, i0, i1)
	if jumps > 0 {
		first := int32(i0)
		for p := sort.Search(len(x.nonPos), func(p int) bool { return x.nonPos[p] >= first }); p < len(x.nonPos) && x.nonPos[p] == first; p++ {
			first++
		}
		if j := sort.Search(len(x.jumps), func(j int) bool { return x.jumps[j] >= first }); first < int32(i1) && j < len(x.jumps) && x.jumps[j] == first {
			jumps--
		}
	}
	return missing, stale, jumps, true
}

// countIn is the number of positions of the ascending list in [i0, i1).
func countIn(pos []int32, i0, i1 int) int {
	a := sort.Search(len(pos), func(p int) bool { return pos[p] >= int32(i0) })
	b := sort.Search(len(pos), func(p int) bool { return pos[p] >= int32(i1) })
	return b - a
}

// utcDay is t's day number since 1970-01-01 if t is midnight UTC.
func utcDay(t time.Time) (int64, bool) {
	u := t.Unix()
	if u%86400 != 0 || t.Nanosecond() != 0 || t.Location() != time.UTC {
		return 0, false
	}
	return u / 86400, true
}

type yearKey struct {
	cal  *calendar.Calendar
	year int
}

var yearOpen sync.Map // yearKey → []int64, the open days of a year as day numbers

// openDays is len(cal.Days(from, to)) for from and to at midnight UTC, from
// the open days of each year, listed once per calendar and year.
func openDays(cal *calendar.Calendar, from, to time.Time) int {
	f, l := from.Unix()/86400, to.Unix()/86400
	n := 0
	for y := from.Year(); y <= to.Year(); y++ {
		days := yearOpenDays(cal, y)
		a := sort.Search(len(days), func(i int) bool { return days[i] >= f })
		b := sort.Search(len(days), func(i int) bool { return days[i] > l })
		if b > a {
			n += b - a
		}
	}
	return n
}

// yearOpenDays returns the open days of cal in year y as day numbers,
// listed once per calendar and year.
func yearOpenDays(cal *calendar.Calendar, y int) []int64 {
	v, ok := yearOpen.Load(yearKey{cal, y})
	if !ok {
		var days []int64
		for _, d := range cal.Days(time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC)) {
			days = append(days, d.Unix()/86400)
		}
		v, _ = yearOpen.LoadOrStore(yearKey{cal, y}, days)
	}
	return v.([]int64)
}
