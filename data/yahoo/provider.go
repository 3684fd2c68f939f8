package yahoo

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
	_ "time/tzdata" // bars are dated in the exchange zone even where the OS has no zoneinfo

	finance "github.com/piquette/finance-go"
	"github.com/piquette/finance-go/chart"
	"github.com/piquette/finance-go/datetime"
	"github.com/piquette/finance-go/form"

	"github.com/eventstudy/eventstudy/data"
	"github.com/eventstudy/eventstudy/data/calendar"
	"github.com/eventstudy/eventstudy/data/internal/fetch"
)

// DefaultBaseURL is Yahoo's chart API host.
const DefaultBaseURL = "https://query2.finance.yahoo.com"

// EnvURL names the environment variable that overrides [DefaultBaseURL].
const EnvURL = "EVENTSTUDY_YAHOO_URL"

// Name is the source name the cache and messages use.
const Name = "yahoo"

const defaultZone = "America/New_York"

var newYork = mustZone(defaultZone)

func mustZone(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		panic("yahoo: " + err.Error())
	}
	return l
}

// HTTPConfig configures the HTTP layer: client, User-Agent, retry policy,
// concurrency, and the injectable sleep and jitter. Its zero value is usable.
type HTTPConfig = fetch.Config

// Retry is the retry policy of [HTTPConfig]; the zero value means
// [DefaultRetry].
type Retry = fetch.Retry

// DefaultRetry: 5 attempts, 0.5 s doubling to at most 20 s, 2 min in total,
// 30 s per attempt.
var DefaultRetry = fetch.DefaultRetry

// InteractiveRetry: 3 attempts of at most 10 s, 20 s in total, for a command
// someone waits for.
var InteractiveRetry = fetch.InteractiveRetry

// Config configures a [Provider]. The zero value fetches from
// $EVENTSTUDY_YAHOO_URL or [DefaultBaseURL] with the defaults of HTTPConfig.
type Config struct {
	BaseURL string // scheme://host[/prefix] before /v8/finance/chart/SYMBOL
	HTTP    HTTPConfig
}

// Provider fetches Yahoo charts. It is safe for concurrent use; concurrent
// requests share one bound (HTTPConfig.MaxConcurrent).
type Provider struct {
	base string
	get  *fetch.Getter
}

// New returns a Provider for cfg.
func New(cfg Config) *Provider {
	base := cfg.BaseURL
	if base == "" {
		base = os.Getenv(EnvURL)
	}
	if base == "" {
		base = DefaultBaseURL
	}
	return &Provider{base: strings.TrimRight(base, "/"), get: fetch.New(cfg.HTTP)}
}

// BaseURL returns the base URL in use.
func (p *Provider) BaseURL() string { return p.base }

// Name returns "yahoo".
func (p *Provider) Name() string { return Name }

// Chart fetches the daily chart of symbol for the dates from..to inclusive
// (civil dates; their clock and location are ignored). Errors are
// *data.FetchError wrapping data.ErrUnknownSymbol (404), data.ErrNoData (400,
// or no bars in the range), data.ErrRateLimited, data.ErrUnavailable or
// data.ErrMalformed.
func (p *Provider) Chart(ctx context.Context, symbol string, from, to time.Time) (*Chart, error) {
	from, to = calendar.Date(from), calendar.Date(to)
	c, err := p.chart(ctx, symbol, from, to)
	if err != nil {
		return nil, &data.FetchError{Source: Name, Symbol: symbol, From: from, To: to, Err: err}
	}
	c.Bars = trim(c.Bars, from, to)
	if len(c.Bars) == 0 {
		return nil, &data.FetchError{Source: Name, Symbol: symbol, From: from, To: to,
			Err: fmt.Errorf("%w: the response has no bars in the range", data.ErrNoData)}
	}
	return c, nil
}

// Bars implements data.BarSource.
func (p *Provider) Bars(ctx context.Context, symbol string, from, to time.Time) ([]data.Bar, error) {
	c, err := p.Chart(ctx, symbol, from, to)
	if err != nil {
		return nil, err
	}
	return c.Bars, nil
}

// BarsListing implements data.ListingSource: the bars and the company's
// names from the same response.
func (p *Provider) BarsListing(ctx context.Context, symbol string, from, to time.Time) ([]data.Bar, data.Listing, error) {
	c, err := p.Chart(ctx, symbol, from, to)
	if err != nil {
		return nil, data.Listing{}, err
	}
	return c.Bars, c.Listing, nil
}

// Series implements data.Source with adjusted closes (NaN where Yahoo has
// null).
func (p *Provider) Series(ctx context.Context, symbol string, from, to time.Time) (data.Series, error) {
	bars, err := p.Bars(ctx, symbol, from, to)
	if err != nil {
		return data.Series{}, err
	}
	return data.AdjCloses(symbol, bars), nil
}

func trim(bars []data.Bar, from, to time.Time) []data.Bar {
	out := bars[:0:0]
	for _, b := range bars {
		if !b.Date.Before(from) && !b.Date.After(to) {
			out = append(out, b)
		}
	}
	return out
}

// chart runs finance-go's chart.Client over a per-request backend.
func (p *Provider) chart(ctx context.Context, symbol string, from, to time.Time) (c *Chart, err error) {
	if symbol == "" || strings.ContainsAny(symbol, "/?#") {
		return nil, fmt.Errorf("%w: invalid symbol %q", data.ErrUnknownSymbol, symbol)
	}
	b := &backend{p: p}
	start := from              // explicit UTC midnight: datetime.New keeps the instant
	end := to.AddDate(0, 0, 1) // period2 is exclusive
	params := &chart.Params{Symbol: symbol, Start: datetime.New(&start), End: datetime.New(&end), Interval: datetime.OneDay}
	params.Context = &ctx
	return decode(chart.Client{B: b}, params, b)
}

// decode iterates finance-go's bars and checks them against ParseChart's,
// which the backend stored in b.parsed.
func decode(cl chart.Client, params *chart.Params, b *backend) (c *Chart, err error) {
	defer func() {
		// Last guard: ParseChart should have rejected every body finance-go
		// panics on (see the package comment); a panic here is a bug of ours.
		if r := recover(); r != nil {
			c, err = nil, fmt.Errorf("%w: finance-go panicked: %v", data.ErrMalformed, r)
		}
	}()
	it := cl.Get(params)
	var fg []data.Bar
	for it.Next() {
		bar := it.Bar()
		fg = append(fg, data.Bar{
			Open: bar.Open.InexactFloat64(), High: bar.High.InexactFloat64(), Low: bar.Low.InexactFloat64(),
			Close: bar.Close.InexactFloat64(), AdjClose: bar.AdjClose.InexactFloat64(), Volume: int64(bar.Volume),
			Date: time.Unix(int64(bar.Timestamp), 0), // re-dated below from ours
		})
	}
	if err := it.Err(); err != nil { // never call it.Meta() after an error: it panics
		if errors.Is(err, data.ErrUnknownSymbol) || errors.Is(err, data.ErrNoData) ||
			errors.Is(err, data.ErrRateLimited) || errors.Is(err, data.ErrUnavailable) || errors.Is(err, data.ErrMalformed) ||
			errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return nil, err
		}
		// finance-go's own errors are formatted strings (error.go), e.g. a
		// json.Unmarshal failure on a meta field of an unexpected type.
		return nil, fmt.Errorf("%w: finance-go: %v", data.ErrMalformed, err)
	}
	c = b.parsed
	if c == nil {
		return nil, fmt.Errorf("%w: no response decoded", data.ErrMalformed)
	}
	if err := agree(fg, c); err != nil {
		return nil, err
	}
	return c, nil
}

// agree checks that finance-go decoded the bars ParseChart decoded: the same
// dates (after merging same-date bars, last wins) and the same numbers
// wherever ours are not missing; finance-go's zeros for null are our NaN.
func agree(fg []data.Bar, c *Chart) error {
	loc, err := time.LoadLocation(c.Timezone)
	if err != nil {
		loc = newYork
	}
	var merged []data.Bar
	for _, b := range fg {
		b.Date = dateIn(b.Date.Unix(), loc)
		if k := len(merged); k > 0 && merged[k-1].Date.Equal(b.Date) {
			merged[k-1] = b
			continue
		}
		merged = append(merged, b)
	}
	if len(merged) != len(c.Bars) {
		return fmt.Errorf("%w: finance-go decoded %d bars, validation %d", data.ErrMalformed, len(merged), len(c.Bars))
	}
	for i, ours := range c.Bars {
		theirs := merged[i]
		if !theirs.Date.Equal(ours.Date) {
			return fmt.Errorf("%w: finance-go and validation disagree on the date of bar %d", data.ErrMalformed, i)
		}
		for _, pair := range [][2]float64{{ours.Open, theirs.Open}, {ours.High, theirs.High}, {ours.Low, theirs.Low},
			{ours.Close, theirs.Close}, {ours.AdjClose, theirs.AdjClose}} {
			if !math.IsNaN(pair[0]) && pair[0] != pair[1] {
				return fmt.Errorf("%w: finance-go and validation disagree on bar %d (%v vs %v)", data.ErrMalformed, i, pair[1], pair[0])
			}
		}
	}
	return nil
}

// backend is a finance.Backend for one chart request. It performs the HTTP
// request itself (see the package comment) and keeps ParseChart's result.
type backend struct {
	p      *Provider
	body   []byte // when set, used instead of HTTP (fuzz tests)
	parsed *Chart
}

var _ finance.Backend = (*backend)(nil)

// Call implements finance.Backend.
func (b *backend) Call(path string, params *form.Values, ctx *context.Context, v any) error {
	c := context.Background()
	if ctx != nil {
		c = *ctx
	}
	// finance-go cannot ask for events or adjusted closes (chart.Params has no
	// such fields): add them here.
	q := params.ToValues()
	q.Set("events", "div|split")
	q.Set("includeAdjustedClose", "true")
	body := b.body
	if body == nil {
		u, err := url.Parse(b.p.base)
		if err != nil {
			return fmt.Errorf("%w: base URL: %v", data.ErrUnavailable, err)
		}
		u = u.JoinPath(path) // escapes ^ in ^GSPC
		u.RawQuery = q.Encode()
		resp, err := b.p.get.Get(c, u.String(), check)
		if err != nil {
			return err
		}
		body = resp.Body
	}
	parsed, err := ParseChart(body)
	if err != nil {
		return err
	}
	b.parsed = parsed
	if err := json.Unmarshal(body, v); err != nil {
		return fmt.Errorf("%w: finance-go cannot decode the body: %v", data.ErrMalformed, err)
	}
	return nil
}

// check accepts 200 bodies that ParseChart accepts and maps Yahoo's error
// statuses (whose JSON error object is kept in the message).
func check(r fetch.Response) error {
	if r.Status == http.StatusOK {
		_, err := ParseChart(r.Body)
		if errors.Is(err, data.ErrNoData) || errors.Is(err, data.ErrUnknownSymbol) {
			return nil // a final answer: Call reports it
		}
		return err // ErrMalformed is retried
	}
	e := parseErrorBody(r.Body)
	if e == nil {
		e = &ErrorBody{Code: http.StatusText(r.Status), Description: snippet(r.Body)}
	}
	return remoteError(r.Status, e)
}

func snippet(b []byte) string {
	if len(b) > 120 {
		return string(b[:120]) + "…"
	}
	return string(b)
}

// decodeBody runs a body through the same path as a fetched one (validation,
// finance-go, agreement) without HTTP. Fuzz tests use it.
func decodeBody(body []byte) (*Chart, error) {
	b := &backend{body: body}
	start := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	end := start.AddDate(100, 0, 0)
	params := &chart.Params{Symbol: "X", Start: datetime.New(&start), End: datetime.New(&end), Interval: datetime.OneDay}
	return decode(chart.Client{B: b}, params, b)
}
