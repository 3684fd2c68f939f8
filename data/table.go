package data

import (
	"io"
	"strings"
)

// A Table is a whole CSV file with a header row, as text: what
// 'eventstudy regress' reads back of a run's output folder (events.csv,
// car.csv). The file is read as the events and price readers read theirs: a
// byte-order mark dropped, LF or CRLF, blank lines skipped.
type Table struct {
	Name   string     // as given to ReadTable
	Header []string   // trimmed, as written
	Rows   [][]string // in file order
	Lines  []int      // the 1-based line of each row, counting the header
	keys   []string
}

// ReadTable reads a CSV file with a header row from r; name is used in
// messages. Errors are *ParseError (ErrEmpty for a file without a header,
// ErrFieldCount for a row of another width, ErrDuplicateColumn).
func ReadTable(r io.Reader, name string) (*Table, error) {
	t, err := openTable(r, name)
	if err != nil {
		return nil, err
	}
	out := &Table{Name: name, Header: t.header, keys: t.keys}
	for {
		rec, line, err := t.next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		out.Rows = append(out.Rows, append([]string(nil), rec...))
		out.Lines = append(out.Lines, line)
	}
}

// Col returns the index of the column named name (ignoring case and
// surrounding space), or −1.
func (t *Table) Col(name string) int {
	k := strings.ToLower(strings.TrimSpace(name))
	for i, h := range t.keys {
		if h == k {
			return i
		}
	}
	return -1
}

// Floats parses column col as numbers: a missing cell (empty, NA, NaN, null,
// ".") is NaN; anything else that is not a finite number is a *ParseError
// naming the line and column (ErrBadNumber).
func (t *Table) Floats(col int) ([]float64, error) {
	out := make([]float64, len(t.Rows))
	for i, r := range t.Rows {
		v, err := parseValue(strings.TrimSpace(r[col]))
		if err != nil {
			return nil, &ParseError{File: t.Name, Line: t.Lines[i], Column: t.Header[col], Err: err}
		}
		out[i] = v
	}
	return out, nil
}

// Strings returns column col, each cell trimmed.
func (t *Table) Strings(col int) []string {
	out := make([]string, len(t.Rows))
	for i, r := range t.Rows {
		out[i] = strings.TrimSpace(r[col])
	}
	return out
}

// NewTable makes a Table of rows read elsewhere (a Parquet file): row i is
// reported as line i+2, as if under a header line.
func NewTable(name string, header []string, rows [][]string) *Table {
	t := &Table{Name: name, Header: header, Rows: rows, Lines: make([]int, len(rows)), keys: make([]string, len(header))}
	for i, h := range header {
		t.keys[i] = strings.ToLower(strings.TrimSpace(h))
	}
	for i := range rows {
		t.Lines[i] = i + 2
	}
	return t
}
