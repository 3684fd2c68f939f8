// Package library downloads the daily Fama–French factor files from the
// Kenneth R. French Data Library, through the price cache (data/cache) so
// that a second run works offline; data/french parses them.
package library

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/eventstudy/eventstudy/data"
	"github.com/eventstudy/eventstudy/data/cache"
	"github.com/eventstudy/eventstudy/data/french"
	"github.com/eventstudy/eventstudy/data/internal/fetch"
)

// Dataset names a daily file of the library (its name without "_CSV.zip").
type Dataset string

// The daily datasets this package reads.
const (
	ThreeFactors Dataset = "F-F_Research_Data_Factors_daily"
	FiveFactors  Dataset = "F-F_Research_Data_5_Factors_2x3_daily"
	Momentum     Dataset = "F-F_Momentum_Factor_daily"
)

// DefaultBaseURL is the library's download folder.
const DefaultBaseURL = "https://mba.tuck.dartmouth.edu/pages/faculty/ken.french/ftp"

// EnvURL names the environment variable that overrides [DefaultBaseURL].
const EnvURL = "EVENTSTUDY_FRENCH_URL"

// HTTPConfig configures the HTTP layer (see data/yahoo.HTTPConfig).
type HTTPConfig = fetch.Config

// Retry is the retry policy of HTTPConfig.
type Retry = fetch.Retry

// Config configures a [Client]. The zero value downloads from
// $EVENTSTUDY_FRENCH_URL or DefaultBaseURL without caching.
type Config struct {
	BaseURL string
	HTTP    HTTPConfig
	// Cache, when set, keeps each downloaded zip (key "french/<dataset>");
	// a cached zip is used unless Refresh. Offline uses only the cache.
	Cache   *cache.Cache
	Offline bool
	Refresh bool
}

// Client downloads factor files. It is safe for concurrent use.
type Client struct {
	cfg  Config
	base string
	get  *fetch.Getter
}

// New returns a Client for cfg.
func New(cfg Config) *Client {
	base := cfg.BaseURL
	if base == "" {
		base = os.Getenv(EnvURL)
	}
	if base == "" {
		base = DefaultBaseURL
	}
	return &Client{cfg: cfg, base: strings.TrimRight(base, "/"), get: fetch.New(cfg.HTTP)}
}

// URL returns the download URL of ds.
func (c *Client) URL(ds Dataset) string { return c.base + "/" + string(ds) + "_CSV.zip" }

// Fetch returns the factors of ds, from the cache when allowed, else
// downloaded (and then cached). Errors are *data.FetchError (source
// "french", symbol the dataset) or *data.ParseError for a malformed file.
func (c *Client) Fetch(ctx context.Context, ds Dataset) (*french.Factors, error) {
	key := "french/" + string(ds)
	fail := func(err error) error { return &data.FetchError{Source: "french", Symbol: string(ds), Err: err} }
	var body []byte
	if c.cfg.Cache != nil && (!c.cfg.Refresh || c.cfg.Offline) {
		b, _, ok, err := c.cfg.Cache.File(ctx, key)
		if err != nil {
			return nil, fail(err)
		}
		if ok {
			body = b
		}
	}
	if body == nil {
		if c.cfg.Offline {
			return nil, fail(fmt.Errorf("%w: %s", data.ErrMissingInCache, key))
		}
		resp, err := c.get.Get(ctx, c.URL(ds), func(r fetch.Response) error {
			if r.Status == 404 {
				return fmt.Errorf("%w (HTTP 404 for %s)", data.ErrUnknownSymbol, c.URL(ds))
			}
			if r.Status != 200 {
				return &fetch.StatusError{Status: r.Status, Err: data.ErrUnavailable}
			}
			if _, err := zip.NewReader(bytes.NewReader(r.Body), int64(len(r.Body))); err != nil {
				return fmt.Errorf("%w: not a zip: %v", data.ErrMalformed, err) // retried: likely truncated
			}
			return nil
		})
		if err != nil {
			return nil, fail(err)
		}
		body = resp.Body
	}
	f, err := french.ReadZip(body, string(ds))
	if err != nil {
		return nil, err
	}
	if c.cfg.Cache != nil && !c.cfg.Offline && !c.cfg.Cache.ReadOnly() {
		// Only a zip that parsed is cached; a read-only cache is never written.
		if err := c.cfg.Cache.PutFile(ctx, key, body); err != nil {
			return nil, fail(err)
		}
	}
	return f, nil
}
