package data

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"time"
)

// PriceOptions configures [ReadSeries], [OpenCSV] and [OpenCSVFS]. The zero
// value reads prices from the adjusted close when there is one, with dates in
// ISO or m/d/yyyy detected per cell.
type PriceOptions struct {
	// Field names the value column (the --price-field flag), matched ignoring
	// case, spaces, '_' and '-': "close" picks Close over Adj Close. Empty
	// means the first of adj close, adjusted_close, close, price, value,
	// return(s) / ret present.
	Field string
	// Returns says the values are returns, not prices: zero and negative
	// values are accepted.
	Returns bool
	// DateFormat of the date column; DateAuto detects ISO or m/d/yyyy.
	// Day-first files need DateDMY.
	DateFormat DateFormat
	// Volume says the values are share volumes (--measure volume): the
	// value column is volume unless Field names another, zero is accepted
	// (a day without trades) and a negative value is ErrNegativeVolume.
	Volume bool
}

// Header names, lower-case (date, ticker) or normalised by norm (fields).
var (
	dateCols   = []string{"date", "timestamp", "observation_date", "datetime", "day"}
	tickerCols = []string{"ticker", "symbol", "name"}
	valueCols  = []string{"adjclose", "adjustedclose", "close", "price", "value", "return", "returns", "ret"}
	// barCols are fields of a bar; a header holding one is not a wide table.
	barCols = []string{"open", "high", "low", "close", "volume", "adjclose", "adjustedclose",
		"dividendamount", "splitcoefficient", "dividends", "stocksplits", "price", "value"}
)

// norm lower-cases a header name and drops spaces, '_' and '-', so that
// "Adj Close", "adj_close" and "adjclose" compare equal.
func norm(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r != ' ' && r != '_' && r != '-' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// ReadSeries reads a price or return file from r and returns one [Series]
// per symbol; name is used in error messages, fileSymbol is the symbol of a
// single-symbol file (see [SymbolFromFilename]).
//
// # Layouts
//
// The layout is detected from the header (names trimmed, case ignored; a
// UTF-8 byte-order mark, CRLF and blank lines accepted). The date column is
// the first of date, timestamp, observation_date, datetime, day.
//
//	single   a value column (opt.Field, else adj close, adjusted_close, close,
//	         price, value, return(s), ret): Yahoo, Stooq, Alpha Vantage and
//	         generic date,close files; one Series named fileSymbol
//	panel    the same plus a ticker, symbol or name column (the S&P panel,
//	         Kaggle's all_stocks_5yr.csv): one Series per ticker, in order of
//	         first appearance; with no value column named as above, a panel
//	         with exactly one other column uses it
//	wide     no value or bar column (open, volume ...): every other column is a
//	         symbol (returns_GAFAM.csv, estudy2 prices.csv, FRED's
//	         observation_date,SP500): one Series per column, in header order,
//	         named by the header; cells before a column's first value and
//	         after its last are dropped (listing, delisting), and a column
//	         with no value at all gives no Series
//
// # Values and dates
//
// Empty cells, null (Yahoo), NA, N/A, #N/A, "." (FRED) and NaN are missing
// values: the row is kept with NaN. Other cells must parse as finite
// numbers (ErrBadNumber) and, unless opt.Returns, be positive
// (ErrNonPositive). A file's rows, per symbol, must have strictly ascending
// or strictly descending dates; descending (newest-first) series are
// returned ascending. A repeated date is ErrDuplicateDate naming both lines;
// a direction change is ErrOutOfOrder.
//
// Every error is a *ParseError with Line ≥ 1; a header without data rows is
// ErrEmpty, an unrecognised header ErrMissingColumn or ErrUnknownLayout.
func ReadSeries(r io.Reader, name string, fileSymbol string, opt PriceOptions) ([]Series, error) {
	t, err := openTable(r, name)
	if err != nil {
		return nil, err
	}
	lay, err := detectLayout(t, opt)
	if err != nil {
		return nil, err
	}
	p := seriesParser{t: t, lay: lay, opt: opt}
	if lay.wide != nil {
		return p.readWide()
	}
	return p.readLong(fileSymbol)
}

// layout is the result of header detection.
type layout struct {
	date   int
	ticker int   // -1 unless a panel
	value  int   // -1 for a wide table
	wide   []int // value columns of a wide table
}

func detectLayout(t *table, opt PriceOptions) (layout, error) {
	lay := layout{date: t.col(dateCols...), ticker: t.col(tickerCols...), value: -1}
	if lay.date < 0 {
		return lay, &ParseError{File: t.name, Line: 1, Column: "date", Err: ErrMissingColumn}
	}
	normed := make([]string, len(t.header))
	for i, h := range t.header {
		normed[i] = norm(h)
	}
	find := func(n string) int {
		for i, k := range normed {
			if k == n && i != lay.date && i != lay.ticker {
				return i
			}
		}
		return -1
	}
	field := opt.Field
	if field == "" && opt.Volume {
		field = "volume"
	}
	if field != "" {
		if lay.value = find(norm(field)); lay.value < 0 {
			return lay, &ParseError{File: t.name, Line: 1, Column: field, Err: ErrMissingColumn}
		}
		return lay, nil
	}
	for _, n := range valueCols {
		if lay.value = find(n); lay.value >= 0 {
			return lay, nil
		}
	}
	var others []int
	bars := false
	for i := range t.header {
		if i == lay.date || i == lay.ticker {
			continue
		}
		others = append(others, i)
		for _, b := range barCols {
			bars = bars || normed[i] == b
		}
	}
	if lay.ticker >= 0 {
		if len(others) == 1 {
			lay.value = others[0]
			return lay, nil
		}
		return lay, &ParseError{File: t.name, Line: 1, Column: "close", Err: ErrMissingColumn}
	}
	if bars || len(others) == 0 {
		return lay, &ParseError{File: t.name, Line: 1, Column: "close", Err: ErrMissingColumn}
	}
	for _, i := range others {
		if t.header[i] == "" {
			return lay, &ParseError{File: t.name, Line: 1, Err: fmt.Errorf("%w: wide table with an unnamed column %d", ErrUnknownLayout, i+1)}
		}
	}
	lay.wide = others
	return lay, nil
}

// seq accumulates one series and checks the order of its dates.
type seq struct {
	symbol   string
	dates    []time.Time
	values   []float64
	lastLine int
	dir      int // 0 unknown, +1 ascending, -1 descending
}

// push appends d; the error, if any, is for the date column.
func (q *seq) push(d time.Time, line int, panel bool) error {
	if n := len(q.dates); n > 0 {
		last := q.dates[n-1]
		var dir int
		switch {
		case d.Equal(last):
			return fmt.Errorf("%w %s%s (also on line %d)", ErrDuplicateDate, d.Format(time.DateOnly), q.of(panel), q.lastLine)
		case d.After(last):
			dir = 1
		default:
			dir = -1
		}
		if q.dir != 0 && dir != q.dir {
			return fmt.Errorf("%w: %s%s follows %s on line %d", ErrOutOfOrder, d.Format(time.DateOnly), q.of(panel), last.Format(time.DateOnly), q.lastLine)
		}
		q.dir = dir
	}
	q.dates = append(q.dates, d)
	q.lastLine = line
	return nil
}

func (q *seq) of(panel bool) string {
	if panel {
		return " of " + q.symbol
	}
	return ""
}

// series returns the accumulated series in ascending order.
func (q *seq) series() Series {
	if q.dir < 0 {
		for i, j := 0, len(q.dates)-1; i < j; i, j = i+1, j-1 {
			q.dates[i], q.dates[j] = q.dates[j], q.dates[i]
			q.values[i], q.values[j] = q.values[j], q.values[i]
		}
		q.dir = 1
	}
	return Series{Symbol: q.symbol, Dates: q.dates, Values: q.values}
}

type seriesParser struct {
	t   *table
	lay layout
	opt PriceOptions
}

func (p *seriesParser) errAt(line, col int, err error) error {
	return &ParseError{File: p.t.name, Line: line, Column: p.t.header[col], Err: err}
}

// date parses the date cell of rec.
func (p *seriesParser) date(rec []string, line int) (time.Time, error) {
	s := strings.TrimSpace(rec[p.lay.date])
	if s == "" {
		return time.Time{}, p.errAt(line, p.lay.date, ErrEmptyField)
	}
	d, ok := parseDate(s, p.opt.DateFormat)
	if !ok {
		return time.Time{}, p.errAt(line, p.lay.date, badDate(s, p.opt.DateFormat))
	}
	return d, nil
}

// value parses the value cell in column col of rec.
func (p *seriesParser) value(rec []string, line, col int) (float64, error) {
	s := strings.TrimSpace(rec[col])
	v, err := parseValue(s)
	if err != nil {
		return 0, p.errAt(line, col, err)
	}
	switch {
	case p.opt.Volume:
		if v < 0 {
			return 0, p.errAt(line, col, &wrapped{ErrNegativeVolume, s})
		}
	case v <= 0 && !p.opt.Returns:
		return 0, p.errAt(line, col, &wrapped{ErrNonPositive, s})
	}
	return v, nil
}

// readLong reads a single-symbol file or a long panel.
func (p *seriesParser) readLong(fileSymbol string) ([]Series, error) {
	panel := p.lay.ticker >= 0
	var (
		all   []*seq
		index map[string]*seq
		cur   = &seq{symbol: fileSymbol}
	)
	if panel {
		index = make(map[string]*seq)
	} else {
		all = append(all, cur)
	}
	for {
		rec, line, err := p.t.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if panel {
			sym := strings.TrimSpace(rec[p.lay.ticker])
			if sym == "" {
				return nil, p.errAt(line, p.lay.ticker, ErrEmptyField)
			}
			if sym != cur.symbol || len(all) == 0 {
				q, ok := index[sym]
				if !ok {
					q = &seq{symbol: strings.Clone(sym)}
					index[q.symbol] = q
					all = append(all, q)
				}
				cur = q
			}
		}
		d, err := p.date(rec, line)
		if err != nil {
			return nil, err
		}
		v, err := p.value(rec, line, p.lay.value)
		if err != nil {
			return nil, err
		}
		if err := cur.push(d, line, panel); err != nil {
			return nil, p.errAt(line, p.lay.date, err)
		}
		cur.values = append(cur.values, v)
	}
	if len(all) == 0 || len(all[0].dates) == 0 {
		return nil, &ParseError{File: p.t.name, Line: 1, Err: ErrEmpty}
	}
	out := make([]Series, len(all))
	for i, q := range all {
		out[i] = q.series()
	}
	return out, nil
}

// readWide reads a date column plus one column per symbol.
func (p *seriesParser) readWide() ([]Series, error) {
	dates := seq{}
	cols := make([][]float64, len(p.lay.wide))
	for {
		rec, line, err := p.t.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		d, err := p.date(rec, line)
		if err != nil {
			return nil, err
		}
		for j, c := range p.lay.wide {
			v, err := p.value(rec, line, c)
			if err != nil {
				return nil, err
			}
			cols[j] = append(cols[j], v)
		}
		if err := dates.push(d, line, false); err != nil {
			return nil, p.errAt(line, p.lay.date, err)
		}
	}
	if len(dates.dates) == 0 {
		return nil, &ParseError{File: p.t.name, Line: 1, Err: ErrEmpty}
	}
	// The symbols share one date vector (a date takes three times the memory
	// of a value): put it in ascending order once, here.
	if dates.dir < 0 {
		slices.Reverse(dates.dates)
		for _, c := range cols {
			slices.Reverse(c)
		}
		dates.dir = 1
	}
	var out []Series
	for j, c := range p.lay.wide {
		vals := cols[j]
		lo, hi := 0, len(vals)
		for lo < hi && math.IsNaN(vals[lo]) {
			lo++
		}
		for hi > lo && math.IsNaN(vals[hi-1]) {
			hi--
		}
		if lo == hi {
			continue
		}
		q := seq{symbol: p.t.header[c], dir: dates.dir,
			dates: dates.dates[lo:hi:hi], values: vals[lo:hi:hi]}
		out = append(out, q.series())
	}
	if len(out) == 0 {
		return nil, &ParseError{File: p.t.name, Line: 1, Err: fmt.Errorf("%w: every value column is empty", ErrEmpty)}
	}
	return out, nil
}
