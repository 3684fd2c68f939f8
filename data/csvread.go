package data

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// Sentinel errors added for the CSV readers. Callers test them with errors.Is.
var (
	ErrFieldCount      = errors.New("wrong number of fields")
	ErrEmptyField      = errors.New("required field is empty")
	ErrDuplicateColumn = errors.New("duplicate column")
	ErrNotText         = errors.New("not a CSV text file")
)

// binaryKinds are the signatures of files that users save under a .csv name
// by mistake, for the error message.
var binaryKinds = []struct{ magic, kind string }{
	{"\x89PNG", "a PNG image"}, {"\xff\xd8\xff", "a JPEG image"}, {"%PDF", "a PDF document"},
	{"PK\x03\x04", "a ZIP archive (an Excel .xlsx workbook? save it as CSV)"},
	{"\xd0\xcf\x11\xe0", "an old Excel .xls workbook (save it as CSV)"}, {"\x1f\x8b", "a gzip file"},
	{"PAR1", "a Parquet file"}, {"SQLite format 3\x00", "an SQLite database"},
	{"\xff\xfe", "UTF-16 text (save it as UTF-8 CSV)"}, {"\xfe\xff", "UTF-16 text (save it as UTF-8 CSV)"},
}

// notText reports whether the start of a file is not text (a known binary
// signature, or a NUL byte, which no CSV text holds) and says what it looks
// like. Text in another 8-bit encoding (Latin-1) is read as before.
func notText(b []byte) (string, bool) {
	for _, k := range binaryKinds {
		if strings.HasPrefix(string(b), k.magic) {
			return k.kind, true
		}
	}
	if bytes.IndexByte(b, 0) >= 0 {
		return "binary data", true
	}
	return "", false
}

// table reads a CSV file with a header row: it drops a UTF-8 byte-order mark,
// accepts LF or CRLF, skips blank lines (also lines of empty fields) and
// reports errors as *ParseError.
type table struct {
	name   string
	r      *csv.Reader
	header []string // trimmed, as written (BOM removed)
	keys   []string // header lower-cased
}

// openTable reads the header. A file without one is ErrEmpty at line 1.
func openTable(r io.Reader, name string) (*table, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if b, err := br.Peek(3); err == nil && string(b) == "\uFEFF" {
		br.Discard(3)
	}
	if b, _ := br.Peek(512); len(b) > 0 {
		if kind, ok := notText(b); ok {
			return nil, &ParseError{File: name, Line: 1, Err: fmt.Errorf("%w: it looks like %s", ErrNotText, kind)}
		}
	}
	cr := csv.NewReader(br)
	cr.ReuseRecord = true
	cr.FieldsPerRecord = -1 // checked in next, to report ErrFieldCount
	t := &table{name: name, r: cr}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil, &ParseError{File: name, Line: 1, Err: ErrEmpty}
		}
		if err != nil {
			return nil, t.csvError(err)
		}
		if blank(rec) {
			continue
		}
		line, _ := cr.FieldPos(0)
		t.header = make([]string, len(rec))
		t.keys = make([]string, len(rec))
		seen := make(map[string]bool, len(rec))
		for i, h := range rec {
			h = strings.TrimSpace(h)
			t.header[i] = h
			k := strings.ToLower(h)
			t.keys[i] = k
			if k != "" && seen[k] {
				return nil, &ParseError{File: name, Line: line, Column: k, Err: ErrDuplicateColumn}
			}
			seen[k] = true
		}
		return t, nil
	}
}

// next reads the next non-blank record; it returns io.EOF at the end.
func (t *table) next() ([]string, int, error) {
	for {
		rec, err := t.r.Read()
		if err != nil {
			if err == io.EOF {
				return nil, 0, err
			}
			return nil, 0, t.csvError(err)
		}
		if blank(rec) {
			continue
		}
		line, _ := t.r.FieldPos(0)
		if len(rec) != len(t.header) {
			return nil, line, &ParseError{File: t.name, Line: line, Err: fieldCount(len(rec), len(t.header))}
		}
		return rec, line, nil
	}
}

func fieldCount(got, want int) error {
	return &wrapped{ErrFieldCount, strconv.Itoa(got) + " fields, header has " + strconv.Itoa(want)}
}

// wrapped is an error that adds a detail to a sentinel: "sentinel: detail".
type wrapped struct {
	err    error
	detail string
}

func (w *wrapped) Error() string { return w.err.Error() + ": " + w.detail }
func (w *wrapped) Unwrap() error { return w.err }

// csvError converts an encoding/csv error (quotes) into a *ParseError.
func (t *table) csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		line := pe.Line
		if line < 1 {
			line = 1
		}
		return &ParseError{File: t.name, Line: line, Err: pe.Err}
	}
	return &ParseError{File: t.name, Line: 1, Err: err}
}

// col returns the index of the first header named one of names (lower-case),
// or -1.
func (t *table) col(names ...string) int {
	for _, n := range names {
		for i, k := range t.keys {
			if k == n {
				return i
			}
		}
	}
	return -1
}

// blank reports whether every field of rec is empty or white space.
func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// missing reports whether a trimmed cell denotes a missing value: empty,
// null (Yahoo), NA / N/A (R, spreadsheets), "." (FRED), NaN.
func missing(s string) bool {
	switch len(s) {
	case 0:
		return true
	case 1:
		return s == "."
	case 2:
		return strings.EqualFold(s, "NA")
	case 3:
		return strings.EqualFold(s, "NaN") || strings.EqualFold(s, "N/A")
	case 4:
		return strings.EqualFold(s, "null") || s == "#N/A"
	}
	return false
}

// parseValue parses a trimmed numeric cell; missing cells are NaN. Infinities
// and out-of-range numbers are errors.
func parseValue(s string) (float64, error) {
	if missing(s) {
		return math.NaN(), nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(v, 0) {
		return 0, &wrapped{ErrBadNumber, strconv.Quote(s)}
	}
	return v, nil
}
