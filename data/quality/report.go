package quality

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/eventstudy/eventstudy/data"
	"github.com/eventstudy/eventstudy/data/calendar"
)

// StaleRun is the shortest run of zero returns reported as stale prices.
const StaleRun = 5

// Dated is one event of a firm, for the confounding-event check.
type Dated struct {
	ID   string
	Date time.Time
}

// Report is one event's data-quality findings over its estimation start to
// event-window end: the counts of MissingDays, StaleRuns (runs of ≥ StaleRun)
// and SplitJumps, the firm's other events inside the range (confounding
// events, which contaminate the estimation or event window; MacKinlay 1997,
// sec. 9), and the findings in words.
type Report struct {
	MissingDays, StaleDays, SplitJumps int
	ZeroVolumeDays                     int      // VolumeReport only
	Confounding                        []string // event ids, by date
	Note                               string   // "; "-separated; empty when there is nothing to report
}

// EventReport reports on the event self of symbol over from..to. s is the
// firm's price series (no Dates: the inputs are returns or the firm is
// unknown, and the price checks are skipped); idx, when not nil, is
// NewIndex(s, cal, StaleRun, 0) and gives the counts in O(log n), the checks
// then running (for their notes) only where a count is above zero. firm is
// the firm's events sorted by date.
func EventReport(s data.Series, idx *Index, cal *calendar.Calendar, symbol, self string, from, to time.Time, firm []Dated) Report {
	var out Report
	var notes []string
	if s.Dates != nil {
		m, st, sj, exact := 0, 0, 0, false
		if idx != nil {
			m, st, sj, exact = idx.Counts(from, to)
		}
		sub := slice(s, from, to)
		for _, c := range []struct {
			n     *int
			count int
			check func() Check
		}{
			{&out.MissingDays, m, func() Check { return MissingDays(sub, cal, from, to) }},
			{&out.StaleDays, st, func() Check { return StaleRuns(sub, StaleRun) }},
			{&out.SplitJumps, sj, func() Check { return SplitJumps(sub, 0) }},
		} {
			if exact && c.count == 0 {
				continue
			}
			ch := c.check()
			*c.n = ch.Count
			if ch.Note != "" {
				notes = append(notes, ch.Note)
			}
		}
	}
	// The firm's events are sorted by date: those dated from..to are one run.
	lo := sort.Search(len(firm), func(i int) bool { return !firm[i].Date.Before(from) })
	for _, fe := range firm[lo:] {
		if fe.Date.After(to) {
			break
		}
		if fe.ID != self {
			out.Confounding = append(out.Confounding, fe.ID)
		}
	}
	if len(out.Confounding) > 0 {
		notes = append(notes, fmt.Sprintf("other events of %s inside the estimation or event window (%s..%s): %s",
			symbol, from.Format(time.DateOnly), to.Format(time.DateOnly), strings.Join(out.Confounding, ", ")))
	}
	out.Note = strings.Join(notes, "; ")
	return out
}

// slice returns the part of s dated from..to (inclusive), sharing memory.
func slice(s data.Series, from, to time.Time) data.Series {
	i := sort.Search(len(s.Dates), func(i int) bool { return !s.Dates[i].Before(from) })
	j := sort.Search(len(s.Dates), func(i int) bool { return s.Dates[i].After(to) })
	return data.Series{Symbol: s.Symbol, Dates: s.Dates[i:j], Values: s.Values[i:j]}
}

// VolumeReport is [EventReport] for a volume study: s is the firm's share
// volumes, and the checks are the NYSE trading days without a volume
// (MissingDays: absent or unknown, never filled in) and the days without
// trades (ZeroVolumeDays, [ZeroVolume]); the price checks (stale prices,
// split jumps) do not apply to volumes. Confounding events as in EventReport.
func VolumeReport(s data.Series, cal *calendar.Calendar, symbol, self string, from, to time.Time, firm []Dated) Report {
	out := EventReport(data.Series{}, nil, cal, symbol, self, from, to, firm)
	var notes []string
	if s.Dates != nil {
		sub := slice(s, from, to)
		m, z := MissingDays(sub, cal, from, to), ZeroVolume(sub)
		out.MissingDays, out.ZeroVolumeDays = m.Count, z.Count
		for _, n := range []string{m.Note, z.Note} {
			if n != "" {
				notes = append(notes, n)
			}
		}
	}
	if out.Note != "" {
		notes = append(notes, out.Note)
	}
	out.Note = strings.Join(notes, "; ")
	return out
}
