// Package data does all input and output of market data and events: it reads
// event lists and price or return files in the layouts vendors ship, and (in
// sub-packages) fetches and caches prices from web sources. Malformed input is
// reported as a *ParseError naming the file, line and column.
package data

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Series is one symbol's daily observations (prices or returns). Dates are
// ascending, unique, at 00:00 UTC; NaN marks a missing value (a Yahoo "null"
// row, a holiday blank).
type Series struct {
	Symbol string
	Dates  []time.Time
	Values []float64
}

// Source gives the series of a symbol. Implementations may return more than
// the requested range; callers must not assume less. An unknown symbol is an
// error wrapping ErrUnknownSymbol.
type Source interface {
	Series(ctx context.Context, symbol string, from, to time.Time) (Series, error)
}

// Sentinel errors. Callers test them with errors.Is.
var (
	ErrUnknownSymbol  = errors.New("unknown symbol")
	ErrMissingColumn  = errors.New("missing required column")
	ErrBadDate        = errors.New("unparseable date")
	ErrBadNumber      = errors.New("unparseable number")
	ErrBadTime        = errors.New("unparseable time (want HH:MM)")
	ErrNonPositive    = errors.New("price is zero or negative")
	ErrNegativeVolume = errors.New("volume is negative")
	ErrDuplicateDate  = errors.New("duplicate date")
	ErrOutOfOrder     = errors.New("dates out of order (neither ascending nor descending)")
	ErrDuplicateEvent = errors.New("duplicate event id")
	ErrEmpty          = errors.New("no data rows")
	ErrUnknownLayout  = errors.New("unrecognised header")
)

// A ParseError reports malformed input at a position in a named file.
type ParseError struct {
	File   string // as the user gave it
	Line   int    // 1-based, counting the header
	Column string // header name; empty when the whole row is wrong
	Err    error  // an Err* value of this package, or a strconv error
}

func (e *ParseError) Error() string {
	if e.Column == "" {
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s:%d: column %q: %v", e.File, e.Line, e.Column, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }
