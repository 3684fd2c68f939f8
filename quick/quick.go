package quick

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"sync"
	"time"

	"github.com/eventstudy/eventstudy/charts"
	"github.com/eventstudy/eventstudy/data"
	"github.com/eventstudy/eventstudy/data/calendar"
	"github.com/eventstudy/eventstudy/data/symbols"
	"github.com/eventstudy/eventstudy/internal/engine"
	"github.com/eventstudy/eventstudy/narrative"
	"github.com/eventstudy/eventstudy/study"
)

// CARWindow is the one CAR window of a quick answer, days −1..+1.
var CARWindow = study.Window{Start: -1, End: 1}

// ErrWindow is returned by [Run] when the event window does not contain
// [CARWindow].
var ErrWindow = errors.New("the event window must contain -1..+1 for quick")

// Request is one event to answer. The zero Params is not usable: start from
// study.DefaultParams.
type Request struct {
	Symbol string
	Market string    // the benchmark, e.g. ^GSPC
	Date   time.Time // the date of the news (UTC midnight)
	// AfterClose says the news came at or after the 16:00 close, so that day
	// 0 is the next trading day.
	AfterClose bool
	Params     study.Params // its CARs are replaced by CARWindow
	Returns    bool         // the source holds simple returns, not prices
	Factors    *study.FactorSeries
	// Now bounds the dates fetched (nothing after today); zero means time.Now.
	Now time.Time
	// Symbols, for a web source, maps the symbols as of Date to the ones the
	// source files the histories under (FB in 2018 → META; see
	// engine.Options.Symbols); nil means the source's own (symbols.Mapped),
	// if any: files are not mapped.
	Symbols *symbols.History
	// SourceName is the source's name in messages ("yahoo").
	SourceName string
	// Name is the company's name for titles; "" means the one the source
	// gives with the prices (data.Namer), if any.
	Name string
}

// Answer is a computed event: the JSON of `quick --json` in Result, the
// study's own result and the parameters it used.
type Answer struct {
	Result Result
	Study  study.Result
	Params study.Params
	// Firm and Market are the symbols the source was asked for (Firm is META
	// for FB before 2022-06-09).
	Firm, Market string
}

// Result is what quick prints, as a table or as JSON.
type Result struct {
	Symbol string `json:"symbol"`
	// VendorSymbol is the symbol the prices were fetched under (META for FB
	// before 2022-06-09); SymbolNote says so in a sentence, with the vendor's
	// current name of the company ("FB has traded as META since 2022-06-09
	// (Meta Platforms, Inc.); prices from META's history").
	VendorSymbol string `json:"vendor_symbol,omitempty"`
	SymbolNote   string `json:"symbol_note,omitempty"`
	// Name is the company's name as of the event date: the request's, else
	// the symbol history's name under the old ticker ("Facebook, Inc." for
	// FB in 2018), else the name the price source gave with the prices
	// (Yahoo's meta.longName, cached); "" when unknown (files).
	Name       string `json:"name,omitempty"`
	Market     string `json:"market"`
	EventDate  string `json:"event_date"`
	Day0       string `json:"day0,omitempty"`
	Status     string `json:"status"`
	Message    string `json:"message,omitempty"`
	Model      string `json:"model"`
	Estimation [2]int `json:"estimation"`
	NEst       int    `json:"n_est"`
	Alpha      Float  `json:"alpha"`
	Beta       Float  `json:"beta"`
	Sigma      Float  `json:"sigma"`
	Days       []Day  `json:"days"`
	CAR        *CAR   `json:"car,omitempty"`
	Sentence   string `json:"sentence"`
}

// Day is one event day of a [Result]; returns are fractions.
type Day struct {
	RelDay    int    `json:"rel_day"`
	Date      string `json:"date"`
	Price     Float  `json:"price"`
	Ret       Float  `json:"ret"`
	MarketRet Float  `json:"market_ret"`
	AR        Float  `json:"ar"`
	T         Float  `json:"ar_t"`
	P         Float  `json:"ar_p"`
}

// CAR is the cumulative abnormal return of a [Result] over its window.
type CAR struct {
	Start int   `json:"car_start"`
	End   int   `json:"car_end"`
	CAR   Float `json:"car"`
	T     Float `json:"car_t"`
	P     Float `json:"car_p"`
	BHAR  Float `json:"bhar"`
}

// Float is a float64 that encodes NaN and ±Inf as JSON null.
type Float float64

// MarshalJSON implements json.Marshaler.
func (f Float) MarshalJSON() ([]byte, error) {
	x := float64(f)
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return []byte("null"), nil
	}
	return []byte(fmt.Sprint(x)), nil
}

// Run loads the firm's and the benchmark's series from src and studies the
// event. A source failure (unknown symbol, no data, not cached) is not an
// error: it is the Status and Message of the answer, as for one event of a
// batch. Errors are a malformed price file (*data.ParseError) and [ErrWindow].
func Run(ctx context.Context, src data.Source, req Request) (*Answer, error) {
	p := req.Params
	p.CARs = []study.Window{CARWindow}
	if !p.Event.Contains(CARWindow) {
		return nil, fmt.Errorf("%w (event window %s)", ErrWindow, p.Event)
	}
	if req.Symbols == nil {
		req.Symbols, req.SourceName = symbols.Of(src)
	}
	ev := study.Event{ID: "1", Symbol: req.Symbol, Market: req.Market, Date: req.Date, AfterClose: req.AfterClose, Name: req.Name}
	now := req.Now
	if now.IsZero() {
		now = time.Now()
	}
	load := func(sym string) (data.Series, study.Series, error) {
		from, to := engine.Span(p, req.Date, now)
		s, err := src.Series(ctx, sym, from, to)
		if err != nil {
			return s, study.Series{}, err
		}
		in := study.Series{Dates: s.Dates, Values: s.Values}
		if req.Returns {
			return s, study.ConvertReturns(in, p.ReturnType), nil
		}
		return s, study.Returns(in, p.ReturnType), nil
	}
	var r study.Result
	var fp data.Series
	var fr, mr study.Series
	fres, ferr := resolve(req, req.Symbol)
	ev.VendorSymbol = fres.Vendor
	mres, merr := resolve(req, req.Market)
	// The firm and the benchmark are fetched at the same time: a slow or
	// stalled source costs one wait, not two.
	// A source that panics panics in the caller's goroutine, as before the
	// fetches were concurrent, where a server's handler can recover it.
	var wg sync.WaitGroup
	var mpanic any
	if merr == nil {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { mpanic = recover() }()
			_, mr, merr = load(mres.Vendor)
		}()
	}
	if ferr == nil {
		fp, fr, ferr = load(fres.Vendor)
	}
	wg.Wait()
	if mpanic != nil {
		panic(mpanic)
	}
	var current string // the vendor's name of the company today
	if ferr == nil {
		current = data.NameOf(ctx, src, fres.Vendor) // cached with the prices: no request
	}
	if ev.Name == "" {
		ev.Name = fres.Name(current) // the user's name wins, then the name as of the event date
	}
	for _, err := range []error{ferr, merr} {
		var pe *data.ParseError
		if errors.As(err, &pe) {
			return nil, err // a malformed file stops the command
		}
	}
	switch {
	case merr != nil:
		r = study.Result{Event: ev, Status: SourceStatus(merr), Message: engine.SourceMessage("market", req.Market, merr)}
	case ferr != nil:
		msg := fmt.Sprintf("%s: %v", req.Symbol, ferr)
		if errors.As(ferr, new(*symbols.UnknownError)) {
			msg = engine.SourceMessage("firm", req.Symbol, ferr)
		}
		r = study.Result{Event: ev, Status: SourceStatus(ferr), Message: msg}
	default:
		r = study.Estimate(p, study.Input{Event: ev, Firm: fr, Market: mr, Factors: req.Factors})
		study.PlaceDay0(&r, p.NonTrading, calendar.NYSE())
	}
	a := &Answer{Result: build(&r, p, fp, req.Returns), Study: r, Params: p, Firm: fres.Vendor, Market: mres.Vendor}
	if fres.Delisted == nil {
		a.Result.VendorSymbol, a.Result.SymbolNote = fres.Vendor, fres.NoteNamed(current)
	}
	a.Result.Name = ev.Name
	return a, nil
}

// resolve maps sym as of the request's date with req.Symbols; a company
// delisted after the date is an error wrapping data.ErrUnknownSymbol.
func resolve(req Request, sym string) (symbols.Resolution, error) {
	r := req.Symbols.Resolve(sym, req.Date)
	if r.Delisted != nil {
		return r, symbols.DelistedError(req.SourceName, r)
	}
	return r, nil
}

func build(r *study.Result, p study.Params, prices data.Series, isReturns bool) Result {
	q := Result{
		Symbol: r.Event.Symbol, Market: r.Event.Market, EventDate: r.Event.Date.Format(time.DateOnly),
		Status: string(r.Status), Message: r.Message, Model: p.Model.String(),
		Estimation: [2]int{p.Estimation.Start, p.Estimation.End}, NEst: r.Fit.N,
		Alpha: Float(r.Fit.Alpha), Beta: Float(r.Fit.Beta), Sigma: Float(r.Fit.Sigma),
		Sentence: narrative.Sentence(r, p.Model),
	}
	if !r.Day0.IsZero() {
		q.Day0 = r.Day0.Format(time.DateOnly)
	}
	for _, d := range r.Days {
		if d.RelDay < CARWindow.Start || d.RelDay > CARWindow.End {
			continue
		}
		price := math.NaN()
		if !isReturns {
			if i := sort.Search(len(prices.Dates), func(i int) bool { return !prices.Dates[i].Before(d.Date) }); i < len(prices.Dates) && prices.Dates[i].Equal(d.Date) {
				price = prices.Values[i]
			}
		}
		q.Days = append(q.Days, Day{RelDay: d.RelDay, Date: d.Date.Format(time.DateOnly), Price: Float(price),
			Ret: Float(d.Ret), MarketRet: Float(d.MarketRet), AR: Float(d.AR), T: Float(d.T), P: Float(d.P)})
	}
	if len(r.CARs) == 1 && r.Status == study.StatusOK {
		c := r.CARs[0]
		q.CAR = &CAR{Start: c.Window.Start, End: c.Window.End, CAR: Float(c.CAR), T: Float(c.T), P: Float(c.P), BHAR: Float(c.BHAR)}
	}
	return q
}

// SourceStatus is the event status for a source error: unknown_symbol when
// the source does not know the symbol, data_error for any other failure.
func SourceStatus(err error) study.Status { return engine.SourceStatus(err) }

// ErrNoChart is returned by [Chart] for an answer whose status is not ok.
var ErrNoChart = errors.New("no chart")

// Chart draws the newsroom price chart of an answer (`quick --chart` and
// the web page): firm and benchmark indexed to 100 on day −1, loaded from
// src over charts.PriceSpan around day 0. It needs a price source.
func Chart(ctx context.Context, src data.Source, a *Answer, spec charts.Spec) (*charts.Chart, error) {
	r := &a.Study
	if r.Status != study.StatusOK {
		return nil, fmt.Errorf("%w: %s", ErrNoChart, r.Status)
	}
	from, to := charts.PriceSpan(a.Params.Event, r.Day0)
	load := func(sym string) (study.Series, error) {
		s, err := src.Series(ctx, sym, from, to)
		return study.Series{Dates: s.Dates, Values: s.Values}, err
	}
	firm, ferr := load(a.Firm)
	mkt, merr := load(a.Market)
	if err := errors.Join(ferr, merr); err != nil {
		return nil, err
	}
	if spec.News.Company == "" {
		spec.News.Company = r.Event.Name // the name the source gave with the prices
	}
	return charts.PriceChart(spec, charts.Prices{Event: r.Event, Day0: r.Day0, Firm: firm, Market: mkt, Window: a.Params.Event})
}
