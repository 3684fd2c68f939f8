package study

import (
	"fmt"
	"sort"
	"time"
)

// dayKey is the UTC calendar day of t, as days since 1970-01-01. Dates are meant
// to be 00:00 UTC; a time of day in UTC does not change the key.
func dayKey(t time.Time) int64 {
	s := t.Unix()
	d := s / 86400
	if s < 0 && s%86400 != 0 {
		d--
	}
	return d
}

const isoDate = "2006-01-02"

// searchDates returns the index of the first date in dates on or after the day
// of t (len(dates) if none).
func searchDates(dates []time.Time, t time.Time) int {
	k := dayKey(t)
	return sort.Search(len(dates), func(i int) bool { return dayKey(dates[i]) >= k })
}

// Day0 returns the index in the market's trading days of day 0 for ev:
//
//   - the event date itself when it is a trading day, or the next trading day
//     when ev.AfterClose (news at or after the close is first priced the next
//     day, whatever the rule);
//   - otherwise, by rule: [Next], the first trading day after the date; [Previous],
//     the last trading day before it (news on a Saturday belongs to Friday's
//     close under this rule, even with AfterClose); [Skip], none.
//
// A date outside the first..last trading day cannot be placed and is reported
// as [StatusOutOfRange]; with [Skip], a date that is not a trading day as
// [StatusMissingEventData]. On failure the index is −1 and the message says why.
// market names the benchmark in messages.
func Day0(dates []time.Time, ev Event, rule NonTrading, market string) (int, Status, string) {
	n := len(dates)
	if n == 0 {
		return -1, StatusOutOfRange, fmt.Sprintf("%s has no returns", market)
	}
	// Messages are formatted only on failure: Day0 runs once per event.
	first, last := func() string { return dates[0].Format(isoDate) }, func() string { return dates[n-1].Format(isoDate) }
	date := func() string { return ev.Date.Format(isoDate) }
	k := dayKey(ev.Date)
	if k < dayKey(dates[0]) || k > dayKey(dates[n-1]) {
		return -1, StatusOutOfRange, fmt.Sprintf("event date %s is outside %s's returns %s..%s", date(), market, first(), last())
	}
	i := searchDates(dates, ev.Date) // dates[i] is on or after the event date; i < n
	trading := dayKey(dates[i]) == k
	switch {
	case trading && ev.AfterClose:
		i++
	case trading:
	case rule == Next:
	case rule == Previous:
		i-- // ≥ 0: the date is after the first trading day
	default:
		return -1, StatusMissingEventData, fmt.Sprintf("event date %s is not a trading day of %s (non-trading rule skip)", date(), market)
	}
	if i >= n {
		return -1, StatusOutOfRange, fmt.Sprintf("news after the close of %s, the last trading day of %s's returns %s..%s", date(), market, first(), last())
	}
	return i, "", ""
}

// alignFirm writes into dst the firm's return on each of the trading days in
// dates (NaN where the firm has none), matching by calendar day. Firm dates
// that are not trading days of the benchmark are ignored. It walks both sorted
// series once after a binary search: no map, no allocation.
func alignFirm(dst []float64, dates []time.Time, firm Series) {
	j := searchDates(firm.Dates, dates[0])
	for i, d := range dates {
		k := dayKey(d)
		for j < len(firm.Dates) && dayKey(firm.Dates[j]) < k {
			j++
		}
		if j < len(firm.Dates) && dayKey(firm.Dates[j]) == k {
			dst[i] = firm.Values[j]
			j++
		} else {
			dst[i] = nan
		}
	}
}
