package data

import (
	"errors"
	"fmt"
	"time"
)

// Sentinel errors of the web providers (data/yahoo, data/stooq, data/french)
// and of the price cache (data/cache). A provider wraps them in a *FetchError
// naming the source, symbol and range; callers test them with errors.Is.
var (
	// ErrRateLimited: the provider kept answering 429 Too Many Requests (or its
	// own "limit exceeded" page) after every retry.
	ErrRateLimited = errors.New("rate limited by provider")
	// ErrNoData: the symbol exists but the provider has no bars in the range
	// (Yahoo 400 "Data doesn't exist for startDate", a range before listing).
	ErrNoData = errors.New("no data in the requested range")
	// ErrUnavailable: the provider failed (5xx, timeouts, connection errors)
	// after every retry, or answered with an unexpected status.
	ErrUnavailable = errors.New("provider unavailable")
	// ErrMalformed: the provider answered 200 with a body we cannot use
	// (truncated or invalid JSON/CSV, arrays of different lengths).
	ErrMalformed = errors.New("malformed provider response")
	// ErrMissingInCache: offline mode and the cache lacks some of the
	// requested trading days.
	ErrMissingInCache = errors.New("missing in cache (offline)")
)

// A FetchError reports a provider failure for one symbol and date range. Err
// is a sentinel of this package (ErrUnknownSymbol, ErrNoData, ErrRateLimited,
// ErrUnavailable, ErrMalformed, ErrMissingInCache) possibly wrapping details.
type FetchError struct {
	Source   string    // "yahoo", "stooq", "french", "cache"
	Symbol   string    // as the user gave it
	From, To time.Time // requested range, dates inclusive; zero when not applicable
	Err      error
}

func (e *FetchError) Error() string {
	if e.From.IsZero() && e.To.IsZero() {
		return fmt.Sprintf("%s %s: %v", e.Source, e.Symbol, e.Err)
	}
	return fmt.Sprintf("%s %s %s..%s: %v", e.Source, e.Symbol,
		e.From.Format(time.DateOnly), e.To.Format(time.DateOnly), e.Err)
}

func (e *FetchError) Unwrap() error { return e.Err }
