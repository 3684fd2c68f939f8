// Package yahoo fetches daily bars, adjusted closes, splits and dividends from
// the Yahoo Finance v8 chart API through github.com/piquette/finance-go.
//
// A [Provider] implements data.Source (adjusted closes) and data.BarSource.
// Its base URL comes from [Config].BaseURL, else $EVENTSTUDY_YAHOO_URL, else
// [DefaultBaseURL], so tests replay recorded responses from a local server.
//
// # What finance-go does and does not do here
//
// finance-go builds the request (symbol, period1, period2, interval) and
// decodes the bars (chart.Client.Get). Every other part is ours, through a
// per-request finance.Backend (never the library's global SetBackend):
//
//   - HTTP: finance-go turns every status ≥ 400 into one opaque string and
//     cannot set headers, so our backend performs the request with a browser
//     User-Agent, bounded concurrency and retries (data/internal/fetch) and
//     maps 404 to data.ErrUnknownSymbol, 400 to data.ErrNoData, exhausted 429
//     to data.ErrRateLimited and 5xx/timeouts to data.ErrUnavailable.
//   - Validation: finance-go panics on "result":[], on a quote array shorter
//     than the timestamps and on Iter.Meta after an error, and decodes JSON
//     null as 0. [ParseChart] checks every body first; only bodies it accepts
//     reach finance-go, whose bars must then agree with ours. Null values
//     become NaN, never 0. A recover() remains as a last guard.
//   - Events: chart.Params has no "events" field and the response struct drops
//     the "events" block, so the backend adds events=div|split and
//     includeAdjustedClose=true to the query and [ParseChart] decodes splits
//     and dividends.
//   - Time: a daily bar's timestamp is the 09:30 regular-session open in the
//     exchange's zone (meta.exchangeTimezoneName, America/New_York for US
//     stocks); bars are dated in that zone, never in the machine's. Request
//     bounds are built from explicit UTC midnights: period1 = from 00:00 UTC,
//     period2 = (to + 1 day) 00:00 UTC, which Yahoo treats as exclusive.
//   - Numbers: finance-go returns decimal.Decimal made from float64; they are
//     converted back with InexactFloat64, which round-trips exactly.
package yahoo
