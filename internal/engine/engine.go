// Package engine runs a batch of events: it asks a data.Source for each
// event's firm and benchmark series (each symbol loaded once and shared), turns
// prices into returns, and calls study.Estimate on a pool of workers. Results
// come back in input order whatever the number of workers, so outputs are
// identical for any --jobs.
package engine

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/eventstudy/eventstudy/data"
	"github.com/eventstudy/eventstudy/data/calendar"
	"github.com/eventstudy/eventstudy/data/symbols"
	"github.com/eventstudy/eventstudy/study"
)

// StatusDataError marks an event whose data source failed for a reason other
// than an unknown symbol (a provider error); the message says which.
const StatusDataError study.Status = "data_error"

// Options configure a batch.
type Options struct {
	Params  study.Params
	Market  string      // benchmark for events that name none
	Source  data.Source // prices (or returns, with InputIsReturns)
	Returns bool        // the source holds simple returns, not prices
	Jobs    int         // workers; ≤ 0 means runtime.NumCPU()
	// Progress, when set, is called after each finished event with the number
	// done so far; it is called from one goroutine at a time.
	Progress func(done int)
	// Factors are the factor returns of the factor models (study.Input.Factors).
	Factors *study.FactorSeries
	// Symbols, when set, maps each event's symbols as of the event date to
	// the ones Source files the histories under (FB in 2018 → META): the
	// source is asked for those, the results keep the event's symbols
	// ([Vendor]). A company delisted after the event date is unknown_symbol
	// with that explanation and the source is not asked. Set it for web
	// sources only: files are named by the user's symbols.
	Symbols *symbols.History
	// SourceName is the source's name in messages ("yahoo").
	SourceName string
}

// Vendor returns what opt.Symbols makes of symbol as of the event date date.
func (opt *Options) Vendor(symbol string, date time.Time) symbols.Resolution {
	return opt.Symbols.Resolve(symbol, date)
}

// Event is one input row: the study event and its carried-through values.
type Event struct {
	Event study.Event
	Extra []string
}

// FromRows converts parsed event rows, filling the default benchmark.
func FromRows(rows []data.EventRow, market string) []Event {
	out := make([]Event, len(rows))
	for i, r := range rows {
		m := r.Market
		if m == "" {
			m = market
		}
		out[i] = Event{
			Event: study.Event{ID: r.ID, Symbol: r.Symbol, Market: m, Date: r.Date, AfterClose: r.AfterClose, Name: r.Name},
			Extra: r.Extra,
		}
	}
	return out
}

// A FatalError stops the batch: malformed input files, as opposed to
// per-event problems, which become statuses.
type FatalError struct{ Err error }

func (e *FatalError) Error() string { return e.Err.Error() }
func (e *FatalError) Unwrap() error { return e.Err }

// Run computes every event and calls emit with the results in input order.
// Per-event problems are statuses on the results; Run returns an error only
// for a malformed input file, a failing emit, or a cancelled context.
func Run(ctx context.Context, opt Options, events []Event, emit func(i int, r *study.Result) error) error {
	return RunPrepared(ctx, opt, events, nil, func(i int, r *study.Result, _ struct{}) error { return emit(i, r) })
}

// RunPrepared is [Run] with a step that runs on the workers: prepare (if not
// nil) is called, concurrently, with each result as soon as it is computed,
// and its value is handed to emit with the result, in input order. Work that
// does not depend on the order (formatting output rows, encoding a journal
// record) thus leaves the single emitting goroutine.
//
// At most a window of events (64 per worker) is in flight beyond the next one
// to emit, so memory stays bounded however slow one event is.
func RunPrepared[T any](ctx context.Context, opt Options, events []Event, prepare func(i int, r *study.Result) T,
	emit func(i int, r *study.Result, v T) error) error {
	if err := opt.Params.Validate(); err != nil {
		return err
	}
	jobs := opt.Jobs
	if jobs <= 0 {
		jobs = runtime.NumCPU()
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ld := &loader{src: opt.Source, cache: map[string]*entry{},
		spans: SymbolSpans(opt.Params, events, time.Now(), &opt), opt: &opt}

	type done struct {
		i int
		r *study.Result
		v T
	}
	window := make(chan struct{}, 64*jobs) // a token per event between dispatch and emit
	idx := make(chan int)
	out := make(chan done, jobs)
	var wg sync.WaitGroup
	var fatalOnce sync.Once
	var fatal error
	for range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range idx {
				r, err := Estimate(ctx, &opt, events[i].Event, ld.series)
				if err != nil {
					fatalOnce.Do(func() { fatal = err; cancel() })
					return
				}
				var v T
				if prepare != nil {
					v = prepare(i, r)
				}
				select {
				case out <- done{i, r, v}:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() {
		defer close(idx)
		for i := range events {
			select {
			case window <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case idx <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(out) }()

	// Reorder: emit results strictly in input order.
	pending := map[int]done{}
	next := 0
	var emitErr error
	for d := range out {
		if emitErr != nil {
			continue
		}
		pending[d.i] = d
		for {
			p, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			<-window
			if err := emit(next, p.r, p.v); err != nil {
				emitErr = err
				cancel()
				break
			}
			next++
			if opt.Progress != nil {
				opt.Progress(next)
			}
		}
	}
	switch {
	case fatal != nil:
		return fatal
	case emitErr != nil:
		return emitErr
	case next < len(events):
		if err := ctx.Err(); err != nil {
			return err
		}
		return fmt.Errorf("engine: %d of %d events finished", next, len(events))
	}
	return nil
}

// loader loads each symbol's returns once and shares them between events.
type loader struct {
	src   data.Source
	mu    sync.Mutex
	cache map[string]*entry
	spans map[string]DateRange // the dates each symbol's events need
	opt   *Options
	dates dateInterner // one copy of each distinct date vector
}

type entry struct {
	once sync.Once
	s    study.Series
	name string // the company's name the source knows (data.Namer), "" when none
	err  error
}

// series returns the returns of symbol, and the company's name the source
// knows for it.
func (l *loader) series(ctx context.Context, symbol string) (study.Series, string, error) {
	key := strings.ToUpper(symbol)
	l.mu.Lock()
	e, ok := l.cache[key]
	if !ok {
		e = &entry{}
		l.cache[key] = e
	}
	l.mu.Unlock()
	e.once.Do(func() {
		// One request per symbol covers all its events (SymbolSpans).
		sp := l.spans[key]
		s, err := data.SharedSeries(ctx, l.src, symbol, sp.From, sp.To) // read only: returns are new slices
		if err != nil {
			e.err = err
			return
		}
		e.s = Measured(s, l.opt.Params, l.opt.Returns)
		e.s.Dates = l.dates.intern(e.s.Dates)
		e.name = data.NameOf(ctx, l.src, symbol) // cached with the prices: no request
	})
	return e.s, e.name, e.err
}

// Measured is what the study reads from a loaded series s: returns
// (study.Returns of prices, or study.ConvertReturns when the source holds
// simple returns, isReturns), or the log volumes of a volume study
// (study.LogVolume, p.Measure volume).
func Measured(s data.Series, p study.Params, isReturns bool) study.Series {
	in := study.Series{Dates: s.Dates, Values: s.Values}
	switch {
	case p.Measure == study.MeasureVolume:
		return study.LogVolume(in)
	case isReturns:
		return study.ConvertReturns(in, p.ReturnType)
	default:
		return study.Returns(in, p.ReturnType)
	}
}

// Lookup returns the series of symbol as [Measured] makes it, and the
// company's name the source knows ("" when none); an error wrapping
// data.ErrUnknownSymbol when the symbol has no data.
type Lookup func(ctx context.Context, symbol string) (study.Series, string, error)

// Estimate is the per-event step of [Run]: the event's symbols as of its date
// (opt.Symbols), the benchmark's series, then the firm's (series), then
// study.Estimate with opt.Params and opt.Factors, and day 0 placed on the NYSE
// calendar. A lookup error becomes the event's status and message
// ([SourceStatus], [SourceMessage]); Estimate returns an error only for a
// malformed file (*FatalError) or a cancelled context. Other runners of the
// study (the Beam pipeline) call it with their own lookup, so that their
// events are Run's, cell for cell.
func Estimate(ctx context.Context, opt *Options, ev study.Event, series Lookup) (*study.Result, error) {
	fail := func(role, symbol string, err error) (*study.Result, error) {
		var pe *data.ParseError
		if errors.As(err, &pe) {
			return nil, &FatalError{err}
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return &study.Result{Event: ev, Status: SourceStatus(err), Message: SourceMessage(role, symbol, err)}, nil
	}
	fres := opt.Vendor(ev.Symbol, ev.Date)
	ev.VendorSymbol = fres.Vendor // "" when delisted: nothing is asked
	if ev.Market == "" {
		return &study.Result{Event: ev, Status: study.StatusUnknownSymbol, Message: "no benchmark: set --market or a market column"}, nil
	}
	mres := opt.Vendor(ev.Market, ev.Date)
	if mres.Delisted != nil {
		return fail("market", ev.Market, symbols.DelistedError(opt.SourceName, mres))
	}
	m, _, err := series(ctx, mres.Vendor)
	if err != nil {
		return fail("market", ev.Market, err)
	}
	if fres.Delisted != nil {
		return fail("firm", ev.Symbol, symbols.DelistedError(opt.SourceName, fres))
	}
	f, name, err := series(ctx, fres.Vendor)
	if err != nil {
		return fail("firm", ev.Symbol, err)
	}
	if ev.Name == "" {
		ev.Name = fres.Name(name) // the user's name wins, then the name as of the event date, then the vendor's
	}
	r := study.Estimate(opt.Params, study.Input{Event: ev, Firm: f, Market: m, Factors: opt.Factors})
	study.PlaceDay0(&r, opt.Params.NonTrading, calendar.NYSE())
	return &r, nil
}

// SourceStatus is the event status for a source error: unknown_symbol when
// the source does not know the symbol, data_error for any other failure.
func SourceStatus(err error) study.Status {
	if errors.Is(err, data.ErrUnknownSymbol) {
		return study.StatusUnknownSymbol
	}
	return StatusDataError
}

// SourceMessage is the event message for a source error about the firm's or
// the market's (role) symbol: a vendor's unknown symbol says what to try
// (symbols.UnknownError), other errors are prefixed with the role and symbol.
func SourceMessage(role, symbol string, err error) string {
	var ue *symbols.UnknownError
	switch {
	case errors.As(err, &ue) && role == "firm":
		return ue.Error()
	case errors.As(err, &ue):
		return role + " " + symbol + ": " + ue.Error()
	}
	// Sources name the symbol themselves ("SYNZ: unknown symbol"): say it
	// once ("firm SYNZ: unknown symbol", not "firm SYNZ: SYNZ: …").
	msg := err.Error()
	if len(msg) > len(symbol)+2 && strings.EqualFold(msg[:len(symbol)], symbol) && msg[len(symbol):len(symbol)+2] == ": " {
		msg = msg[len(symbol)+2:]
	}
	return fmt.Sprintf("%s %s: %s", role, symbol, msg)
}

// Tests are the tests across events of a batch (name "basic": study.BasicTests,
// else the battery, study.DefaultTests) adapted to the study's measure
// (study.MeasureTests). eventstudy run and the Beam pipeline both take them
// from here.
func Tests(m study.Measure, name string) []study.Test {
	base := study.DefaultTests()
	if name == "basic" {
		base = study.BasicTests()
	}
	return study.MeasureTests(m, base)
}

// KeepEstAR reports whether the results must keep their estimation residuals
// (study.Result.EstAR) for the tests across events: every test but cs_t, j1
// and j2 may read them, and the volatility rank test of a volatility study
// ranks them too.
func KeepEstAR(m study.Measure, tests []study.Test) bool {
	if m == study.MeasureVolatility {
		return true
	}
	for _, t := range tests {
		switch t.Name {
		case "cs_t", "j1", "j2":
		default:
			return true
		}
	}
	return false
}
