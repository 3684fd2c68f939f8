package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/eventstudy/eventstudy/data"
	"github.com/eventstudy/eventstudy/data/cache"
	"github.com/eventstudy/eventstudy/data/calendar"
	"github.com/eventstudy/eventstudy/data/symbols"
)

// State is the outcome for one symbol, as it appears in per-event messages.
type State string

// States of [Status]. They are the words written to logs and event files.
const (
	StateCached   State = "cached"   // everything was in the cache
	StateFetched  State = "fetched"  // missing ranges were fetched and stored
	StateReplaced State = "replaced" // the vendor re-adjusted history: the series was replaced (new vintage)
	StateMissing  State = "missing"  // offline and the cache lacks some days
	StateNoData   State = "no-data"  // the source has no bars in the range
	StateUnknown  State = "unknown-symbol"
	StateFailed   State = "failed" // the source failed (rate limit, outage, malformed data); nothing was stored
)

// Status reports what [Cached] did for one symbol and range.
type Status struct {
	Source, Symbol string
	Vendor         string    // the symbol the source and the cache file the series under (see Cached.Symbols)
	From, To       time.Time // the request (civil dates)
	State          State
	Fetched        []cache.Range // ranges fetched from the source
	Missing        []cache.Range // offline: ranges absent from the cache
	Bars           int           // bars in From..To after the call
	Vintage        int           // the series' vintage after the call
	Err            error         // nil unless State is missing, no-data, unknown-symbol or failed
}

// Note returns a one-line readable account, e.g. "FB: fetched 2018-07-02..2018-08-06
// from yahoo (25 bars)".
func (s Status) Note() string {
	rs := func(r []cache.Range) string {
		var p []string
		for _, x := range r {
			p = append(p, x.String())
		}
		return strings.Join(p, ", ")
	}
	sym := asVendor(s.Symbol, s.Vendor)
	switch s.State {
	case StateCached:
		return fmt.Sprintf("%s: %d bars from the %s cache (vintage %d)", sym, s.Bars, s.Source, s.Vintage)
	case StateFetched:
		return fmt.Sprintf("%s: fetched %s from %s (%d bars in range)", sym, rs(s.Fetched), s.Source, s.Bars)
	case StateReplaced:
		return fmt.Sprintf("%s: %s re-adjusted history; series replaced (vintage %d, %d bars in range)", sym, s.Source, s.Vintage, s.Bars)
	case StateMissing:
		return fmt.Sprintf("%s: offline and not cached for %s: %s", sym, s.Source, rs(s.Missing))
	}
	return fmt.Sprintf("%s: %v", sym, s.Err)
}

// asVendor names symbol in messages, with the vendor's symbol when the
// source files it under another: "FB (as META)".
func asVendor(symbol, vendor string) string {
	if vendor != "" && !strings.EqualFold(vendor, symbol) {
		return symbol + " (as " + vendor + ")"
	}
	return symbol
}

// A MissingError lists what offline mode could not find.
type MissingError struct {
	Source, Symbol string
	Vendor         string // the symbol the cache files the series under, when not Symbol
	Ranges         []cache.Range
	ReadOnly       string // the cache's path when it is read-only (rather than offline)
}

func (e *MissingError) Error() string {
	var p []string
	for _, r := range e.Ranges {
		p = append(p, r.String())
	}
	sym := asVendor(e.Symbol, e.Vendor)
	if e.ReadOnly != "" {
		return fmt.Sprintf("%s %s not cached for %s, and the cache %s is read-only: nothing is fetched into it (use --cache with a writable file to fetch)",
			e.Source, sym, strings.Join(p, ", "), e.ReadOnly)
	}
	return fmt.Sprintf("%s %s not cached for %s (offline)", e.Source, sym, strings.Join(p, ", "))
}

// Unwrap returns data.ErrMissingInCache.
func (e *MissingError) Unwrap() error { return data.ErrMissingInCache }

// Cached serves a source through a cache. The zero value is not usable: set
// Cache, Source and Name. Fields must not change after first use; methods are
// safe for concurrent use.
type Cached struct {
	Cache  *cache.Cache
	Source data.BarSource // nil allowed when Offline
	Name   string         // the source's name in the cache: "yahoo", "stooq"

	// Symbols maps the symbol asked for to the one the source files the
	// company's history under today, as of the end of the requested range
	// (symbols.History.Resolve): FB asked for 2018 is fetched, stored and
	// read as META, so a cached FB and a cached META are one series. A
	// company delisted after the range is an unknown symbol (wrapping
	// data.ErrUnknownSymbol, nothing is asked), and a symbol the source does
	// not know gets a *symbols.UnknownError saying what to try. nil maps
	// nothing.
	Symbols *symbols.History

	Offline bool // never fetch; missing days are errors
	Refresh bool // re-fetch the requested range even when cached

	// Overlap is the number of cached trading days fetched again before a
	// missing range to detect re-adjusted history; 0 means 5, negative none.
	Overlap int
	// Calendar defines trading days; nil means calendar.NYSE().
	Calendar *calendar.Calendar
	// Now is the clock that bounds fetchable days; nil means time.Now.
	Now func() time.Time

	locks sync.Map // symbol → *sync.Mutex: one fill per symbol at a time in this process
}

var newYork = func() *time.Location {
	l, err := time.LoadLocation("America/New_York")
	if err != nil {
		return time.FixedZone("EST", -5*3600)
	}
	return l
}()

func (c *Cached) cal() *calendar.Calendar {
	if c.Calendar != nil {
		return c.Calendar
	}
	return calendar.NYSE()
}

// lastSession is the last trading day whose session has closed; see
// [LastSession].
func (c *Cached) lastSession() time.Time {
	now := time.Now
	if c.Now != nil {
		now = c.Now
	}
	return LastSession(now(), c.cal())
}

// LastSession is the last trading day of cal whose session has closed at
// now: the 16:00 New York close plus a 30-minute margin for the vendor's
// end-of-day bar. Later days have no daily bar yet.
func LastSession(now time.Time, cal *calendar.Calendar) time.Time {
	t := now.In(newYork).Add(-(16*time.Hour + 30*time.Minute))
	d := calendar.Date(t)
	if !cal.IsOpen(d) {
		d = cal.Prev(d)
	}
	return d
}

func civil(t time.Time) time.Time { return calendar.Date(t) }

// Bars implements data.BarSource: the cached bars of symbol in from..to
// after filling the cache as the mode allows. Errors are *data.FetchError.
func (c *Cached) Bars(ctx context.Context, symbol string, from, to time.Time) ([]data.Bar, error) {
	bars, st := c.bars(ctx, symbol, from, to)
	if st.Err != nil {
		return nil, st.Err
	}
	return bars, nil
}

// Series implements data.Source with adjusted closes.
func (c *Cached) Series(ctx context.Context, symbol string, from, to time.Time) (data.Series, error) {
	bars, err := c.Bars(ctx, symbol, from, to)
	if err != nil {
		return data.Series{}, err
	}
	return data.AdjCloses(symbol, bars), nil
}

// Fetch fills the cache for symbol over from..to as the mode allows and
// reports what happened; st.Err is set when the symbol is unusable.
func (c *Cached) Fetch(ctx context.Context, symbol string, from, to time.Time) Status {
	_, st := c.bars(ctx, symbol, from, to)
	return st
}

func (c *Cached) lock(symbol string) func() {
	m, _ := c.locks.LoadOrStore(symbol, &sync.Mutex{})
	mu := m.(*sync.Mutex)
	mu.Lock()
	return mu.Unlock
}

func (c *Cached) bars(ctx context.Context, asked string, from, to time.Time) ([]data.Bar, Status) {
	from, to = civil(from), civil(to)
	res := c.Symbols.Resolve(asked, to)
	symbol := res.Vendor
	st := Status{Source: c.Name, Symbol: asked, Vendor: symbol, From: from, To: to, State: StateCached}
	fail := func(state State, err error) ([]data.Bar, Status) {
		st.State = state
		if errors.Is(err, data.ErrUnknownSymbol) && !errors.As(err, new(*symbols.UnknownError)) {
			err = c.Symbols.Unknown(c.Name, symbol, to, err)
		}
		if _, ok := err.(*data.FetchError); !ok {
			err = &data.FetchError{Source: c.Name, Symbol: asked, From: from, To: to, Err: err}
		}
		st.Err = err
		return nil, st
	}
	if res.Delisted != nil {
		return fail(StateUnknown, symbols.DelistedError(c.Name, res))
	}
	defer c.lock(symbol)()

	last := to
	if ls := c.lastSession(); last.After(ls) {
		last = ls
	}
	var todo []cache.Range
	if !last.Before(from) {
		if c.Refresh && !c.Offline && !c.Cache.ReadOnly() {
			todo = []cache.Range{{From: from, To: last}}
		} else {
			m, err := c.Cache.Missing(ctx, c.Name, symbol, from, last, c.cal())
			if err != nil {
				return fail(StateFailed, err)
			}
			todo = m
		}
	}
	if len(todo) > 0 && (c.Offline || c.Cache.ReadOnly()) {
		st.Missing = todo
		me := &MissingError{Source: c.Name, Symbol: asked, Vendor: symbol, Ranges: todo}
		if !c.Offline {
			me.ReadOnly = c.Cache.Path()
		}
		return fail(StateMissing, me)
	}
	if len(todo) > 0 && c.Source == nil {
		return fail(StateFailed, fmt.Errorf("%w: no source configured", data.ErrUnavailable))
	}
	noData := 0
	for _, r := range todo {
		state, err := c.fill(ctx, symbol, r, from, to, &st)
		switch {
		case errors.Is(err, data.ErrNoData):
			noData++
		case errors.Is(err, data.ErrUnknownSymbol):
			return fail(StateUnknown, err)
		case err != nil:
			return fail(StateFailed, err)
		}
		if state == StateReplaced || st.State == StateCached {
			st.State = state
		}
	}
	bars, err := c.Cache.Bars(ctx, c.Name, symbol, from, to)
	if err != nil {
		return fail(StateFailed, err)
	}
	st.Bars = len(bars)
	st.Vintage, _ = c.Cache.Vintage(ctx, c.Name, symbol)
	if len(bars) == 0 {
		return fail(StateNoData, fmt.Errorf("%w: %s has no bars for %s in %s..%s", data.ErrNoData, c.Name, symbol,
			from.Format(time.DateOnly), to.Format(time.DateOnly)))
	}
	return bars, st
}

// fill fetches one missing range (with the overlap) and stores it, replacing
// the series on a vintage change.
func (c *Cached) fill(ctx context.Context, symbol string, r cache.Range, from, to time.Time, st *Status) (State, error) {
	fetchFrom, fetchTo := r.From, r.To
	if n := c.overlap(); n > 0 && !c.Refresh {
		if v, _ := c.Cache.Vintage(ctx, c.Name, symbol); v > 0 {
			// Cached days on either side come back for comparison.
			fetchFrom = c.cal().Add(r.From, -n)
			if t := c.cal().Add(r.To, n); t.Before(c.lastSession()) {
				fetchTo = t
			} else if r.To.Before(c.lastSession()) {
				fetchTo = c.lastSession()
			}
		}
	}
	var bars []data.Bar
	var listing data.Listing
	var err error
	if ls, ok := c.Source.(data.ListingSource); ok {
		bars, listing, err = ls.BarsListing(ctx, symbol, fetchFrom, fetchTo)
	} else {
		bars, err = c.Source.Bars(ctx, symbol, fetchFrom, fetchTo)
	}
	covered := cache.Range{From: fetchFrom, To: fetchTo}
	if errors.Is(err, data.ErrNoData) && c.Refresh {
		// An empty answer where the cache holds bars (--refresh asks again
		// for cached days) is the source failing, not history vanishing: an
		// error, as it is without --refresh, and the cache stays as it was
		// (issue 13: it was stamped as freshly fetched).
		if held, herr := c.Cache.Bars(ctx, c.Name, symbol, fetchFrom, fetchTo); herr == nil && len(held) > 0 {
			return "", fmt.Errorf("%s returned no bars for %s in %s..%s, where the cache holds %d; the cache is unchanged (%v)",
				c.Name, symbol, fetchFrom.Format(time.DateOnly), fetchTo.Format(time.DateOnly), len(held), err)
		}
	}
	if errors.Is(err, data.ErrNoData) {
		// Remember that the source has nothing there (before listing): a
		// deterministic answer, not worth asking again.
		if perr := c.Cache.Put(ctx, c.Name, symbol, covered, nil); perr != nil {
			return "", perr
		}
		st.Fetched = append(st.Fetched, covered)
		return StateFetched, err
	}
	if err != nil {
		return "", err
	}
	err = c.Cache.PutListing(ctx, c.Name, symbol, covered, bars, listing)
	var verr *cache.VintageError
	if !errors.As(err, &verr) {
		if err == nil {
			st.Fetched = append(st.Fetched, covered)
			return StateFetched, nil
		}
		return "", err
	}
	// Re-adjusted history: fetch the whole span we hold plus the request and
	// swap it in.
	span := cache.Range{From: from, To: r.To}
	if to.Before(span.To) {
		span.To = to
	}
	cov, err := c.Cache.Coverage(ctx, c.Name, symbol)
	if err != nil {
		return "", err
	}
	for _, x := range cov {
		if x.From.Before(span.From) {
			span.From = x.From
		}
		if x.To.After(span.To) {
			span.To = x.To
		}
	}
	all, err := c.Source.Bars(ctx, symbol, span.From, span.To)
	if err != nil {
		return "", fmt.Errorf("re-fetch after a vintage change: %w", err)
	}
	if err := c.Cache.Replace(ctx, c.Name, symbol, span, all, verr, ""); err != nil {
		return "", err
	}
	st.Fetched = append(st.Fetched, span)
	return StateReplaced, nil
}

func (c *Cached) overlap() int {
	switch {
	case c.Overlap == 0:
		return 5
	case c.Overlap < 0:
		return 0
	}
	return c.Overlap
}

// CompanyName implements data.Namer: the company's name stored with the cached
// series of symbol (the source's own symbol, e.g. META: names are not
// resolved through Symbols, which needs a date), "" when unknown. It makes
// no request.
func (c *Cached) CompanyName(ctx context.Context, symbol string) string {
	l, err := c.Cache.Listing(ctx, c.Name, symbol)
	if err != nil {
		return ""
	}
	return l.Name()
}

// FetchAll fills the cache for every symbol over from..to with at most
// workers symbols in flight (≤ 0 means 4), calling done (if not nil) as each
// finishes, from any goroutine. It returns the statuses in symbols' order.
func (c *Cached) FetchAll(ctx context.Context, symbols []string, from, to time.Time, workers int, done func(Status)) []Status {
	if workers <= 0 {
		workers = 4
	}
	out := make([]Status, len(symbols))
	sem := make(chan struct{}, workers)
	var wg sync.WaitGroup
	for i, sym := range symbols {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			out[i] = c.Fetch(ctx, sym, from, to)
			if done != nil {
				done(out[i])
			}
		})
	}
	wg.Wait()
	return out
}
