package symbols

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/eventstudy/eventstudy/data"
)

// Errors of [Read], wrapped in a *data.ParseError.
var (
	ErrBadSymbol = errors.New("not a ticker symbol")
	ErrSelf      = errors.New("new symbol equals old")
	ErrDuplicate = errors.New("second change of the same symbol on the same date")
)

// Read reads a symbol-history CSV (columns old, new, date, optional note,
// old_name (or name) and name_until; see
// the package comment) from r; name is used in errors and as the Source of
// each change ("name:line"). Errors are *data.ParseError wrapping
// data.ErrMissingColumn, data.ErrEmptyField, data.ErrBadDate,
// data.ErrFieldCount, data.ErrEmpty, data.ErrDuplicateColumn,
// data.ErrNotText, [ErrBadSymbol], [ErrSelf] or [ErrDuplicate]. The file is
// read as [data.ReadTable] reads it.
func Read(r io.Reader, name string) (*History, error) {
	t, err := data.ReadTable(r, name)
	if err != nil {
		return nil, err
	}
	perr := func(line int, col string, err error) error {
		return &data.ParseError{File: name, Line: line, Column: col, Err: err}
	}
	for _, c := range []string{"old", "new", "date"} {
		if t.Col(c) < 0 {
			return nil, perr(1, c, data.ErrMissingColumn)
		}
	}
	nameCol := "old_name" // or "name": the company's name under old
	if t.Col("name") >= 0 {
		if t.Col("old_name") >= 0 {
			return nil, perr(1, "name", fmt.Errorf("%w: old_name and name are the same column", data.ErrDuplicateColumn))
		}
		nameCol = "name"
	}
	cols := map[string]int{}
	for _, c := range []string{"old", "new", "date", "note", nameCol, "name_until"} {
		cols[c] = t.Col(c)
	}
	var changes []Change
	seen := map[string]int{} // old + date → line
	for i, rec := range t.Rows {
		line := t.Lines[i]
		cell := func(c string) string {
			if j := cols[c]; j >= 0 {
				return strings.TrimSpace(rec[j])
			}
			return ""
		}
		c := Change{Old: norm(cell("old")), New: norm(cell("new")), Note: cell("note"), Source: fmt.Sprintf("%s:%d", name, line),
			Name: cell(nameCol)}
		if c.Old == "" {
			return nil, perr(line, "old", data.ErrEmptyField)
		}
		for _, s := range []struct{ col, sym string }{{"old", c.Old}, {"new", c.New}} {
			if !validSymbol(s.sym) {
				return nil, perr(line, s.col, fmt.Errorf("%w: %q", ErrBadSymbol, s.sym))
			}
		}
		if c.New == c.Old {
			return nil, perr(line, "new", fmt.Errorf("%w: %s", ErrSelf, c.Old))
		}
		ds := cell("date")
		if ds == "" {
			return nil, perr(line, "date", data.ErrEmptyField)
		}
		d, err := time.Parse(time.DateOnly, ds)
		if err != nil {
			return nil, perr(line, "date", fmt.Errorf("%w: %q (want yyyy-mm-dd)", data.ErrBadDate, ds))
		}
		c.Date = d
		if ns := cell("name_until"); ns != "" {
			if c.NameUntil, err = time.Parse(time.DateOnly, ns); err != nil {
				return nil, perr(line, "name_until", fmt.Errorf("%w: %q (want yyyy-mm-dd)", data.ErrBadDate, ns))
			}
		}
		k := c.Old + " " + ds
		if first, ok := seen[k]; ok {
			return nil, perr(line, "date", fmt.Errorf("%w: %s on %s (first on line %d)", ErrDuplicate, c.Old, ds, first))
		}
		seen[k] = line
		changes = append(changes, c)
	}
	if len(changes) == 0 {
		return nil, perr(2, "", data.ErrEmpty)
	}
	return New(changes)
}

// ReadFile reads the symbol-history file at path ([Read]).
func ReadFile(path string) (*History, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read symbols: %w", err)
	}
	defer f.Close()
	return Read(f, path)
}

// validSymbol accepts what vendors use in tickers: letters, digits and
// . - ^ = (BRK.B, BRK-B, ^GSPC, EURUSD=X); the empty new symbol is a
// delisting.
func validSymbol(s string) bool {
	for _, r := range s {
		switch {
		case r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-', r == '^', r == '=':
		default:
			return false
		}
	}
	return len(s) <= 32
}
