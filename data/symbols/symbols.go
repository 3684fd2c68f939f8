package symbols

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/eventstudy/eventstudy/data"
	"github.com/eventstudy/eventstudy/data/calendar"
)

// A Change is one row of a symbol history: Old was renamed New from Date on,
// or, when New is empty, Old was delisted on Date with no successor ticker.
type Change struct {
	Old, New string    // upper case; New is "" for a delisting
	Date     time.Time // first session under New (or the delisting), 00:00 UTC
	Note     string    // what happened, e.g. "Facebook, Inc. renamed Meta Platforms, Inc."
	Source   string    // where it is documented: the announcement, or FILE:LINE for a user file
	// Name is the company's name while it traded as Old, when it differed
	// from the vendor's current one ("Facebook, Inc."); "" when the company
	// kept its name. NameUntil is the first day of the next name (Facebook
	// became Meta Platforms on 2021-10-28, before its ticker changed); zero
	// means Date.
	Name      string
	NameUntil time.Time
}

// nameUntil is the first day the company no longer carried Name.
func (c Change) nameUntil() time.Time {
	if c.NameUntil.IsZero() {
		return c.Date
	}
	return c.NameUntil
}

// Delisted reports whether c is a delisting without successor.
func (c Change) Delisted() bool { return c.New == "" }

func (c Change) String() string {
	if c.Delisted() {
		return fmt.Sprintf("%s delisted %s", c.Old, c.Date.Format(time.DateOnly))
	}
	return fmt.Sprintf("%s → %s %s", c.Old, c.New, c.Date.Format(time.DateOnly))
}

// A History is a set of symbol changes. The nil *History has none. A History
// is immutable and safe for concurrent use.
type History struct {
	by map[string][]Change // upper-case Old → its changes, by date
}

// New returns the history of changes. Two changes of the same old symbol on
// the same date are an error.
func New(changes []Change) (*History, error) {
	h := &History{by: map[string][]Change{}}
	for _, c := range changes {
		c.Old, c.New = norm(c.Old), norm(c.New)
		c.Date = civil(c.Date)
		if !c.NameUntil.IsZero() {
			c.NameUntil = civil(c.NameUntil)
		}
		h.by[c.Old] = append(h.by[c.Old], c)
	}
	for old, cs := range h.by {
		slices.SortStableFunc(cs, func(a, b Change) int { return a.Date.Compare(b.Date) })
		for i := 1; i < len(cs); i++ {
			if cs[i].Date.Equal(cs[i-1].Date) {
				return nil, fmt.Errorf("symbol history: %s has two changes on %s", old, cs[i].Date.Format(time.DateOnly))
			}
		}
	}
	return h, nil
}

// With returns a history holding h's changes and extra, where the changes of
// extra for an old symbol replace all of h's changes of that symbol (a user
// file overrides the built-in table symbol by symbol). h is not modified.
func (h *History) With(extra *History) *History {
	out := &History{by: map[string][]Change{}}
	if h != nil {
		for k, v := range h.by {
			out.by[k] = v
		}
	}
	if extra != nil {
		for k, v := range extra.by {
			out.by[k] = v
		}
	}
	return out
}

// Changes returns every change, ordered by old symbol then date.
func (h *History) Changes() []Change {
	if h == nil {
		return nil
	}
	var out []Change
	for _, cs := range h.by {
		out = append(out, cs...)
	}
	slices.SortFunc(out, func(a, b Change) int {
		if c := strings.Compare(a.Old, b.Old); c != 0 {
			return c
		}
		return a.Date.Compare(b.Date)
	})
	return out
}

// Of returns the changes of old symbol sym, by date.
func (h *History) Of(sym string) []Change {
	if h == nil {
		return nil
	}
	return slices.Clone(h.by[norm(sym)])
}

// next is the earliest change of sym dated after at, or nil.
func (h *History) next(sym string, at time.Time) *Change {
	if h == nil {
		return nil
	}
	for i, c := range h.by[sym] {
		if c.Date.After(at) {
			return &h.by[sym][i]
		}
	}
	return nil
}

// latestBy is the latest change of sym dated at or before at, or nil.
func (h *History) latestBy(sym string, at time.Time) *Change {
	if h == nil {
		return nil
	}
	var out *Change
	for i, c := range h.by[sym] {
		if !c.Date.After(at) {
			out = &h.by[sym][i]
		}
	}
	return out
}

// A Resolution says which symbol to ask a vendor for.
type Resolution struct {
	Symbol string // as given
	// Vendor is the symbol the vendor files the history under today: Symbol
	// itself when no change applies, "" when the company was delisted.
	Vendor   string
	Renames  []Change  // the renames followed, oldest first
	Delisted *Change   // the delisting that ended the company, or nil
	AsOf     time.Time // the date resolved at (the event date)
}

// Renamed reports whether the vendor's symbol is a later ticker of the
// company (false for a delisted company).
func (r Resolution) Renamed() bool { return len(r.Renames) > 0 && r.Delisted == nil }

// Since is the date of the last rename followed (zero when none).
func (r Resolution) Since() time.Time {
	if len(r.Renames) == 0 {
		return time.Time{}
	}
	return r.Renames[len(r.Renames)-1].Date
}

// Note returns the sentence the outputs carry for a renamed symbol, e.g.
// "FB has traded as META since 2022-06-09; prices from META's history", and
// "" when nothing was renamed.
func (r Resolution) Note() string { return r.NoteNamed("") }

// NoteNamed is [Resolution.Note] with the vendor's current name of the
// company after the new symbol when current is not "": "FB has traded as
// META since 2022-06-09 (Meta Platforms, Inc.); prices from META's history".
func (r Resolution) NoteNamed(current string) string {
	if !r.Renamed() {
		return ""
	}
	s := fmt.Sprintf("%s has traded as %s since %s", r.Symbol, r.Vendor, r.Since().Format(time.DateOnly))
	var via, paren []string
	for _, c := range r.Renames[:len(r.Renames)-1] {
		via = append(via, fmt.Sprintf("%s from %s", c.New, c.Date.Format(time.DateOnly)))
	}
	if len(via) > 0 {
		paren = append(paren, strings.Join(via, ", "))
	}
	if current != "" {
		paren = append(paren, current)
	}
	if len(paren) > 0 {
		s += " (" + strings.Join(paren, "; ") + ")"
	}
	return s + fmt.Sprintf("; prices from %s's history", r.Vendor)
}

// OldName returns the company's name as of r.AsOf when it differed from the
// vendor's current one: the Name of the first rename followed, when AsOf is
// before its NameUntil ("Facebook, Inc." for FB in 2018; "" for FB on
// 2022-01-03, when the company was already Meta Platforms). "" when nothing
// was renamed or the history has no name.
func (r Resolution) OldName() string {
	if !r.Renamed() {
		return ""
	}
	c := r.Renames[0]
	if c.Name == "" || !civil(r.AsOf).Before(c.nameUntil()) {
		return ""
	}
	return c.Name
}

// Name returns the company's name as of r.AsOf: [Resolution.OldName] when
// there is one, else current, the name the vendor gives the company today
// (Yahoo's meta.longName). An events file's own name wins over both; the
// caller checks that first.
func (r Resolution) Name(current string) string {
	if n := r.OldName(); n != "" {
		return n
	}
	return current
}

// NoteFrom is [Resolution.NoteNamed] with the company's current name that
// src knows for r.Vendor ([data.NameOf]: cached with the prices, no
// request); src is asked only for a renamed symbol.
func (r Resolution) NoteFrom(ctx context.Context, src data.Source) string {
	if !r.Renamed() {
		return ""
	}
	return r.NoteNamed(data.NameOf(ctx, src, r.Vendor))
}

// maxChain bounds the renames followed (dates strictly increase along a
// chain, so it always ends; the bound only guards a corrupt table).
const maxChain = 32

// Resolve maps symbol as of the date asOf (an event date) to the vendor's
// current symbol: it follows the first rename of symbol dated after asOf,
// then the first rename of the new symbol dated after that rename, and so on.
// A delisting met on the way ends the resolution with Vendor "" (never
// mapped). The zero asOf follows every change of the symbol.
func (h *History) Resolve(symbol string, asOf time.Time) Resolution {
	r := Resolution{Symbol: symbol, Vendor: symbol, AsOf: asOf}
	if h == nil || len(h.by) == 0 {
		return r // files: nothing to map, at no cost per event
	}
	cur, at := norm(symbol), civil(asOf)
	for range maxChain {
		c := h.next(cur, at)
		if c == nil {
			break
		}
		if c.Delisted() {
			r.Vendor, r.Delisted = "", c
			return r
		}
		r.Renames = append(r.Renames, *c)
		r.Vendor = c.New
		cur, at = c.New, c.Date
	}
	return r
}

func norm(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

func civil(t time.Time) time.Time { return calendar.Date(t) }

// A Mapped price source fetches through a History (a web source behind the
// cache). Callers that know an event's date resolve its symbols with it
// before asking the source, and name the source in messages.
type Mapped interface {
	SymbolHistory() *History
	SourceName() string
}

// Of returns the history and source name of src when it is [Mapped], else
// nil and "".
func Of(src any) (*History, string) {
	if m, ok := src.(Mapped); ok {
		return m.SymbolHistory(), m.SourceName()
	}
	return nil, ""
}
