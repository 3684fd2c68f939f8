package symbols

import (
	"bufio"
	"encoding/csv"
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
// data.ErrFieldCount, data.ErrEmpty, [ErrBadSymbol], [ErrSelf] or
// [ErrDuplicate].
func Read(r io.Reader, name string) (*History, error) {
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && string(b) == "\uFEFF" {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	perr := func(line int, col string, err error) error {
		return &data.ParseError{File: name, Line: line, Column: col, Err: err}
	}
	var cols map[string]int
	var ncols int
	nameCol := "old_name" // or "name": the company's name under old
	var changes []Change
	seen := map[string]int{} // old + date → line
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var ce *csv.ParseError
			if errors.As(err, &ce) {
				return nil, perr(max(ce.Line, 1), "", ce.Err)
			}
			return nil, perr(1, "", err)
		}
		line, _ := cr.FieldPos(0)
		if blank(rec) {
			continue
		}
		if cols == nil {
			cols, ncols = map[string]int{}, len(rec)
			for i, h := range rec {
				k := strings.ToLower(strings.TrimSpace(h))
				if _, dup := cols[k]; dup && k != "" {
					return nil, perr(line, k, data.ErrDuplicateColumn)
				}
				cols[k] = i
			}
			for _, c := range []string{"old", "new", "date"} {
				if _, ok := cols[c]; !ok {
					return nil, perr(line, c, data.ErrMissingColumn)
				}
			}
			if _, ok := cols["name"]; ok {
				if _, both := cols["old_name"]; both {
					return nil, perr(line, "name", fmt.Errorf("%w: old_name and name are the same column", data.ErrDuplicateColumn))
				}
				nameCol = "name"
			}
			continue
		}
		if len(rec) != ncols {
			return nil, perr(line, "", fmt.Errorf("%w: %d fields, header has %d", data.ErrFieldCount, len(rec), ncols))
		}
		cell := func(c string) string {
			i, ok := cols[c]
			if !ok || i >= len(rec) {
				return ""
			}
			return strings.TrimSpace(rec[i])
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
	if cols == nil {
		return nil, perr(1, "", data.ErrEmpty)
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

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}
