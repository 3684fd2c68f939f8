package symbols

import (
	"fmt"
	"strings"
	"time"

	"github.com/eventstudy/eventstudy/data"
)

// An UnknownError is a vendor's "no such symbol" with what the user can try.
// It matches data.ErrUnknownSymbol (errors.Is) and wraps the vendor's error.
type UnknownError struct {
	Vendor string // display name, e.g. "Yahoo"
	Symbol string // the symbol asked for
	// Delisted is the delisting (no successor) of the company: after the
	// date, nothing was asked (the vendor's current symbol may be another
	// company's); on or before it, the vendor did not know the symbol.
	Delisted *Change
	// Renamed is the latest rename of Symbol on or before the date: the
	// company trades under Renamed.New since.
	Renamed *Change
	Err     error // the vendor's answer; nil when nothing was asked
}

func (e *UnknownError) Error() string {
	switch {
	case e.Delisted != nil:
		s := fmt.Sprintf("%s has no data for %s: it was delisted on %s with no successor ticker",
			e.Vendor, e.Symbol, e.Delisted.Date.Format(time.DateOnly))
		if e.Delisted.Note != "" {
			s += " (" + e.Delisted.Note + ")"
		}
		return s + "; give its prices in a file (--prices) to study it"
	case e.Renamed != nil:
		return fmt.Sprintf("%s has no data for %s, which has traded as %s since %s: use %s for dates from then on",
			e.Vendor, e.Symbol, e.Renamed.New, e.Renamed.Date.Format(time.DateOnly), e.Renamed.New)
	}
	return fmt.Sprintf("%s has no data for %s (renamed or delisted?). If it was renamed, pass --symbols with old,new,date, or use the new ticker.",
		e.Vendor, e.Symbol)
}

// Unwrap returns data.ErrUnknownSymbol and the vendor's error.
func (e *UnknownError) Unwrap() []error {
	if e.Err == nil {
		return []error{data.ErrUnknownSymbol}
	}
	return []error{data.ErrUnknownSymbol, e.Err}
}

// Unknown returns the error for a vendor (its source name, e.g. "yahoo")
// that does not know symbol, asked for a range ending at asOf: it names the
// latest change of the symbol on or before asOf when the history has one (a
// rename, or a delisting). err is the vendor's answer.
func (h *History) Unknown(vendor, symbol string, asOf time.Time, err error) *UnknownError {
	e := &UnknownError{Vendor: VendorName(vendor), Symbol: symbol, Err: err}
	if c := h.latestBy(norm(symbol), civil(asOf)); c != nil && c.Delisted() {
		e.Delisted = c
	} else {
		e.Renamed = c
	}
	return e
}

// DelistedError returns the error for a symbol whose resolution ended in a
// delisting (r.Delisted set).
func DelistedError(vendor string, r Resolution) *UnknownError {
	return &UnknownError{Vendor: VendorName(vendor), Symbol: r.Symbol, Delisted: r.Delisted}
}

// VendorName is the display name of a source name: "yahoo" → "Yahoo".
func VendorName(source string) string {
	switch source {
	case "":
		return "the source"
	case "yahoo":
		return "Yahoo"
	case "stooq":
		return "Stooq"
	}
	return strings.ToUpper(source[:1]) + source[1:]
}
