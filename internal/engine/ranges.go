package engine

import (
	"strings"
	"time"

	"github.com/eventstudy/eventstudy/study"
)

// DateRange is the calendar range of data a symbol's events need.
type DateRange struct{ From, To time.Time }

// SymbolSpans returns, per upper-case symbol (firms and benchmarks), the
// calendar dates from the earliest estimation-window start to the latest
// event-window end of its events, so that a web source fetches once per
// symbol and no more than needed. Trading days are converted to calendar days
// generously (7/5 plus two weeks of holidays), since the exact trading days are
// only known from the benchmark's data.
//
// Symbols are keyed as the source is asked for them (opt.Vendor as of each
// event's date).
func SymbolSpans(p study.Params, events []Event, now time.Time, opt *Options) map[string]DateRange {
	out := map[string]DateRange{}
	add := func(sym string, d time.Time) {
		k := strings.ToUpper(opt.Vendor(sym, d).Vendor)
		if k == "" {
			return // delisted: never asked for
		}
		from, to := Span(p, d, now)
		s, ok := out[k]
		if !ok {
			out[k] = DateRange{from, to}
			return
		}
		if from.Before(s.From) {
			s.From = from
		}
		if to.After(s.To) {
			s.To = to
		}
		out[k] = s
	}
	for _, e := range events {
		add(e.Event.Symbol, e.Event.Date)
		add(e.Event.Market, e.Event.Date)
	}
	return out
}

// Span is the calendar range of data one event dated d needs: from the
// estimation-window start to the event-window end, with trading days turned
// into calendar days generously, and never past today (now).
func Span(p study.Params, d, now time.Time) (from, to time.Time) {
	back := time.Duration(-min(p.Estimation.Start, p.Event.Start, 0)*7/5+14) * 24 * time.Hour
	fwd := time.Duration(max(p.Event.End, p.Estimation.End, 0)*7/5+14) * 24 * time.Hour
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	from, to = d.Add(-back), d.Add(fwd)
	if to.After(today) {
		to = today
	}
	return from, to
}
