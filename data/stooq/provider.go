package stooq

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/eventstudy/eventstudy/data"
	"github.com/eventstudy/eventstudy/data/calendar"
	"github.com/eventstudy/eventstudy/data/internal/fetch"
)

// DefaultBaseURL is Stooq's host.
const DefaultBaseURL = "https://stooq.com"

// EnvURL names the environment variable that overrides [DefaultBaseURL].
const EnvURL = "EVENTSTUDY_STOOQ_URL"

// Name is the source name the cache and messages use.
const Name = "stooq"

// HTTPConfig configures the HTTP layer (see data/yahoo.HTTPConfig).
type HTTPConfig = fetch.Config

// Retry is the retry policy of HTTPConfig.
type Retry = fetch.Retry

// InteractiveRetry: 3 attempts of at most 10 s, 20 s in total, for a command
// someone waits for.
var InteractiveRetry = fetch.InteractiveRetry

// Config configures a [Provider]. The zero value is usable.
type Config struct {
	BaseURL string
	HTTP    HTTPConfig
	// Symbol maps a user ticker to Stooq's; nil means [Symbol].
	Symbol func(string) string
}

// Provider fetches Stooq daily CSVs. It is safe for concurrent use.
type Provider struct {
	base   string
	get    *fetch.Getter
	symbol func(string) string
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
	sym := cfg.Symbol
	if sym == nil {
		sym = Symbol
	}
	return &Provider{base: strings.TrimRight(base, "/"), get: fetch.New(cfg.HTTP), symbol: sym}
}

// Symbol maps a Yahoo-style ticker to Stooq's: ^GSPC → ^spx, ^DJI → ^dji,
// ^IXIC → ^ndq; a ticker with a dot (fb.us, vod.uk) is lowercased; any other
// is taken as a US listing: FB → fb.us, BRK-B → brk-b.us.
func Symbol(s string) string {
	switch strings.ToUpper(s) {
	case "^GSPC":
		return "^spx"
	case "^DJI":
		return "^dji"
	case "^IXIC":
		return "^ndq"
	}
	s = strings.ToLower(s)
	if strings.HasPrefix(s, "^") || strings.Contains(s, ".") {
		return s
	}
	return s + ".us"
}

// Name returns "stooq".
func (p *Provider) Name() string { return Name }

// Bars implements data.BarSource. Errors are *data.FetchError.
func (p *Provider) Bars(ctx context.Context, symbol string, from, to time.Time) ([]data.Bar, error) {
	from, to = calendar.Date(from), calendar.Date(to)
	bars, err := p.bars(ctx, symbol, from, to)
	if err != nil {
		return nil, &data.FetchError{Source: Name, Symbol: symbol, From: from, To: to, Err: err}
	}
	return bars, nil
}

func (p *Provider) bars(ctx context.Context, symbol string, from, to time.Time) ([]data.Bar, error) {
	q := url.Values{}
	q.Set("s", p.symbol(symbol))
	q.Set("i", "d")
	q.Set("d1", from.Format("20060102"))
	q.Set("d2", to.Format("20060102"))
	resp, err := p.get.Get(ctx, p.base+"/q/d/l/?"+q.Encode(), check)
	if err != nil {
		return nil, err
	}
	bars, err := ParseCSV(bytes.NewReader(resp.Body), "stooq "+symbol)
	if err != nil {
		return nil, err
	}
	var out []data.Bar
	for _, b := range bars {
		if !b.Date.Before(from) && !b.Date.After(to) {
			out = append(out, b)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: no bars in the range", data.ErrNoData)
	}
	return out, nil
}

func check(r fetch.Response) error {
	if r.Status == http.StatusNotFound {
		return fmt.Errorf("%w (HTTP 404)", data.ErrUnknownSymbol)
	}
	if r.Status != http.StatusOK {
		return &fetch.StatusError{Status: r.Status, Err: data.ErrUnavailable}
	}
	if bytes.Contains(bytes.ToLower(r.Body[:min(len(r.Body), 200)]), []byte("exceeded the daily hits limit")) {
		return fmt.Errorf("%w: Stooq's daily download limit", data.ErrRateLimited)
	}
	return nil
}

// Series implements data.Source with closes.
func (p *Provider) Series(ctx context.Context, symbol string, from, to time.Time) (data.Series, error) {
	bars, err := p.Bars(ctx, symbol, from, to)
	if err != nil {
		return data.Series{}, err
	}
	return data.AdjCloses(symbol, bars), nil
}
