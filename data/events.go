package data

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// EventOptions configures [ReadEvents]. The zero value reads ISO dates.
type EventOptions struct {
	// DateFormat of the date column; DateAuto ("") means DateISO here: a
	// date such as 06/08/2018 is ambiguous, so day- or month-first must be
	// asked for.
	DateFormat DateFormat
}

// An EventRow is one event of an events file.
type EventRow struct {
	Line       int       // line in the file, 1-based, counting the header
	ID         string    // event_id, or the 1-based data row number when absent or empty
	Symbol     string    // as written, trimmed
	Date       time.Time // 00:00 UTC
	Time       string    // "HH:MM" (exchange-local), or "" when not given
	AfterClose bool      // Time is at or after the 16:00 close: day 0 is the next trading day
	Market     string    // this event's benchmark symbol; "" means the --market default
	Name       string    // the company's name as the user wrote it ("" when not given)
	Extra      []string  // values of the carried-through columns, in EventFile.Extra order
}

// An EventFile is a parsed events file.
type EventFile struct {
	Name  string     // as given to ReadEvents
	Extra []string   // carried-through column names, as in the header, in file order
	Rows  []EventRow // in file order
}

// Column names of an events file, lower-case, in order of preference. The
// aliases read the files other tools ship: the Python package eventstudy
// writes security_ticker, market_ticker and event_date.
var (
	eventSymbolCols = []string{"symbol", "ticker", "security_ticker"}
	eventDateCols   = []string{"date", "event_date"}
	eventIDCols     = []string{"event_id"}
	eventTimeCols   = []string{"time", "event_time"}
	eventMarketCols = []string{"market", "market_ticker"}
	eventNameCols   = []string{"name", "company"}
)

// closeMinutes is the 16:00 New York close, in minutes after midnight.
const closeMinutes = 16 * 60

// ReadEvents reads an events CSV from r; name is used in error messages.
//
// The first non-blank line is the header. Column names are matched after
// trimming, ignoring case; a UTF-8 byte-order mark, CRLF line endings and
// blank lines are accepted. Columns:
//
//	symbol     required (aliases ticker, security_ticker)
//	date       required (alias event_date), in opt.DateFormat (ISO by default)
//	event_id   optional; default the 1-based data row number; must be unique
//	time       optional HH:MM (or H:MM, HH:MM:SS), exchange-local; empty = not given
//	market     optional benchmark symbol (alias market_ticker); empty = --market
//	name       optional company name (alias company) for titles and the
//	           name column of the outputs; empty = the price source's name
//
// When a column and its alias are both present, the first name listed wins
// and the other is carried through. Every other column is carried through
// as [EventFile.Extra] / [EventRow.Extra].
//
// Errors are *ParseError wrapping ErrMissingColumn (line 1), ErrBadDate,
// ErrBadTime, ErrEmptyField (symbol or date), ErrDuplicateEvent (naming the
// line of the first occurrence), ErrFieldCount, ErrDuplicateColumn or ErrEmpty
// (a header but no events).
func ReadEvents(r io.Reader, name string, opt EventOptions) (*EventFile, error) {
	df := opt.DateFormat
	if df == DateAuto {
		df = DateISO
	}
	t, err := openTable(r, name)
	if err != nil {
		return nil, err
	}
	iSym, iDate := t.col(eventSymbolCols...), t.col(eventDateCols...)
	iID, iTime, iMkt := t.col(eventIDCols...), t.col(eventTimeCols...), t.col(eventMarketCols...)
	iName := t.col(eventNameCols...)
	if iSym < 0 {
		return nil, &ParseError{File: name, Line: 1, Column: "symbol", Err: ErrMissingColumn}
	}
	if iDate < 0 {
		return nil, &ParseError{File: name, Line: 1, Column: "date", Err: ErrMissingColumn}
	}
	f := &EventFile{Name: name}
	var extra []int
	for i, h := range t.header {
		if i != iSym && i != iDate && i != iID && i != iTime && i != iMkt && i != iName {
			extra = append(extra, i)
			f.Extra = append(f.Extra, h)
		}
	}
	firstLine := make(map[string]int)
	for n := 1; ; n++ {
		rec, line, err := t.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		perr := func(col int, err error) error {
			return &ParseError{File: name, Line: line, Column: t.header[col], Err: err}
		}
		ev := EventRow{Line: line, Symbol: strings.TrimSpace(rec[iSym])}
		if ev.Symbol == "" {
			return nil, perr(iSym, ErrEmptyField)
		}
		ds := strings.TrimSpace(rec[iDate])
		if ds == "" {
			return nil, perr(iDate, ErrEmptyField)
		}
		d, ok := parseDate(ds, df)
		if !ok {
			return nil, perr(iDate, badDate(ds, df))
		}
		ev.Date = d
		if iID >= 0 {
			ev.ID = strings.TrimSpace(rec[iID])
		}
		if ev.ID == "" {
			ev.ID = strconv.Itoa(n)
		}
		if first, dup := firstLine[ev.ID]; dup {
			return nil, perr(max(iID, 0), fmt.Errorf("%w %q (first on line %d)", ErrDuplicateEvent, ev.ID, first))
		}
		firstLine[ev.ID] = line
		if iTime >= 0 {
			ts := strings.TrimSpace(rec[iTime])
			if ts != "" {
				hm, ok := parseClock(ts)
				if !ok {
					return nil, perr(iTime, fmt.Errorf("%w: %q", ErrBadTime, ts))
				}
				ev.Time = fmt.Sprintf("%02d:%02d", hm/60, hm%60)
				ev.AfterClose = hm >= closeMinutes
			}
		}
		if iMkt >= 0 {
			ev.Market = strings.TrimSpace(rec[iMkt])
		}
		if iName >= 0 {
			ev.Name = strings.TrimSpace(rec[iName])
		}
		if len(extra) > 0 {
			ev.Extra = make([]string, len(extra))
			for j, i := range extra {
				ev.Extra[j] = strings.TrimSpace(rec[i])
			}
		}
		f.Rows = append(f.Rows, ev)
	}
	if len(f.Rows) == 0 {
		return nil, &ParseError{File: name, Line: 1, Err: ErrEmpty}
	}
	return f, nil
}

// parseClock parses H:MM, HH:MM or HH:MM:SS into minutes after midnight.
func parseClock(s string) (int, bool) {
	h, rest, ok := strings.Cut(s, ":")
	if !ok || len(h) < 1 || len(h) > 2 {
		return 0, false
	}
	m, sec, hasSec := strings.Cut(rest, ":")
	if len(m) != 2 || hasSec && len(sec) != 2 {
		return 0, false
	}
	hh, ok1 := digits(h)
	mm, ok2 := digits(m)
	ss, ok3 := 0, true
	if hasSec {
		ss, ok3 = digits(sec)
	}
	if !ok1 || !ok2 || !ok3 || hh > 23 || mm > 59 || ss > 59 {
		return 0, false
	}
	return hh*60 + mm, true
}
