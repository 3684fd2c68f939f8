package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"

	"github.com/eventstudy/eventstudy/data"
)

// DefaultUserAgent is a current desktop browser's User-Agent. Yahoo answers
// 429 to the Go default ("Go-http-client/1.1") on the first request.
const DefaultUserAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"

// Retry is the retry policy. The zero value means [DefaultRetry].
type Retry struct {
	Attempts       int           // total tries including the first; ≥ 1
	Base           time.Duration // first backoff before jitter
	Max            time.Duration // largest single backoff
	Total          time.Duration // deadline for all attempts and waits together
	AttemptTimeout time.Duration // deadline of one request including its body
}

// DefaultRetry: 5 attempts, 0.5 s doubling to at most 20 s, 2 min in total,
// 30 s per attempt.
var DefaultRetry = Retry{Attempts: 5, Base: 500 * time.Millisecond, Max: 20 * time.Second,
	Total: 2 * time.Minute, AttemptTimeout: 30 * time.Second}

// InteractiveRetry is the policy of a command someone waits for (quick): 3
// attempts of at most 10 s each, 20 s in total per symbol, so that a stalled
// server is reported in seconds rather than after DefaultRetry's 2 minutes.
var InteractiveRetry = Retry{Attempts: 3, Base: 500 * time.Millisecond, Max: 4 * time.Second,
	Total: 20 * time.Second, AttemptTimeout: 10 * time.Second}

func (r Retry) orDefault() Retry {
	if r == (Retry{}) {
		return DefaultRetry
	}
	if r.Attempts < 1 {
		r.Attempts = 1
	}
	return r
}

// Config configures a [Getter]. The zero value is usable: http.DefaultTransport
// with [DefaultUserAgent], [DefaultRetry], 4 concurrent requests, real sleep.
type Config struct {
	HTTPClient    *http.Client // its Transport is wrapped to set the User-Agent
	UserAgent     string
	Retry         Retry
	MaxConcurrent int // requests in flight at once over this Getter; 0 means 4

	// Sleep waits d or until ctx is done (then it returns ctx.Err()). Tests
	// replace it to run without waiting; nil means a real timer.
	Sleep func(ctx context.Context, d time.Duration) error
	// Jitter returns a number in [0, 1); nil means math/rand/v2.Float64.
	Jitter func() float64
	// OnRetry, if set, is called before each wait (for progress lines).
	OnRetry func(url string, attempt int, err error, wait time.Duration)
}

// Getter performs GET requests under a [Config]. It is safe for concurrent use.
type Getter struct {
	cfg    Config
	client *http.Client
	sem    chan struct{}
}

// New returns a Getter for cfg.
func New(cfg Config) *Getter {
	cfg.Retry = cfg.Retry.orDefault()
	if cfg.UserAgent == "" {
		cfg.UserAgent = DefaultUserAgent
	}
	if cfg.MaxConcurrent <= 0 {
		cfg.MaxConcurrent = 4
	}
	if cfg.Sleep == nil {
		cfg.Sleep = sleep
	}
	if cfg.Jitter == nil {
		cfg.Jitter = rand.Float64
	}
	base := cfg.HTTPClient
	if base == nil {
		base = &http.Client{}
	}
	c := *base
	c.Transport = &UserAgentTransport{Base: base.Transport, UserAgent: cfg.UserAgent}
	return &Getter{cfg: cfg, client: &c, sem: make(chan struct{}, cfg.MaxConcurrent)}
}

// Client returns the *http.Client the Getter uses (User-Agent included), for
// libraries that make their own requests.
func (g *Getter) Client() *http.Client { return g.client }

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// UserAgentTransport sets the User-Agent header of requests that have none,
// then delegates to Base (http.DefaultTransport when nil).
type UserAgentTransport struct {
	Base      http.RoundTripper
	UserAgent string
}

// RoundTrip implements http.RoundTripper.
func (t *UserAgentTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	base := t.Base
	if base == nil {
		base = http.DefaultTransport
	}
	if req.Header.Get("User-Agent") == "" {
		req = req.Clone(req.Context())
		req.Header.Set("User-Agent", t.UserAgent)
	}
	return base.RoundTrip(req)
}

// A StatusError is a final HTTP status the Getter does not retry or gave up
// retrying. Err is the data sentinel it maps to.
type StatusError struct {
	Status int
	Body   string // first 200 bytes, for messages
	Err    error
}

func (e *StatusError) Error() string {
	if e.Body == "" {
		return fmt.Sprintf("%v (HTTP %d)", e.Err, e.Status)
	}
	return fmt.Sprintf("%v (HTTP %d: %s)", e.Err, e.Status, e.Body)
}

func (e *StatusError) Unwrap() error { return e.Err }

// Response is a final answer: the status and the complete body.
type Response struct {
	Status int
	Body   []byte
}

// Check inspects a complete response. Returning an error that wraps
// data.ErrMalformed makes the Getter retry (a truncated body is usually
// transient); any other error is final. Returning nil accepts the response.
type Check func(Response) error

// Get fetches url, retrying transient failures. It returns the response once
// check accepts it (status 200 by default: pass a check to accept others, as
// Yahoo's 404 and 400 JSON bodies). Errors wrap data.ErrRateLimited,
// data.ErrUnavailable, data.ErrMalformed, the check's error, or ctx.Err() when
// the caller's context ends.
func (g *Getter) Get(ctx context.Context, url string, check Check) (Response, error) {
	r := g.cfg.Retry
	parent := ctx
	ctx, cancel := context.WithTimeout(ctx, r.Total)
	defer cancel()
	deadline, _ := ctx.Deadline()
	var last error
	for k := 0; k < r.Attempts; k++ {
		resp, err := g.once(ctx, url)
		if err == nil {
			if err = classify(resp, check); err == nil {
				return resp, nil
			}
		}
		if parent.Err() != nil {
			return Response{}, fmt.Errorf("get %s: %w", url, parent.Err())
		}
		var retry *retryable
		isRetry := errors.As(err, &retry)
		if isRetry {
			last = retry.err
		} else if ctx.Err() == nil {
			return resp, err // final answer from check or a bad request
		}
		if ctx.Err() != nil {
			if last == nil {
				last = fmt.Errorf("%w: %v", data.ErrUnavailable, err)
			}
			return Response{}, fmt.Errorf("%w (total deadline %v reached after %d attempts)", last, r.Total, k+1)
		}
		if k == r.Attempts-1 {
			break
		}
		wait := time.Duration((0.5 + 0.5*g.cfg.Jitter()) * float64(backoff(r, k)))
		if retry.after > wait && retry.after <= r.Max {
			wait = retry.after
		}
		if time.Now().Add(wait).After(deadline) {
			return Response{}, fmt.Errorf("%w (gave up after %d attempts: next wait %v would pass the %v deadline)",
				last, k+1, wait.Round(time.Millisecond), r.Total)
		}
		if g.cfg.OnRetry != nil {
			g.cfg.OnRetry(url, k+1, last, wait)
		}
		if err := g.cfg.Sleep(ctx, wait); err != nil {
			if parent.Err() != nil {
				return Response{}, fmt.Errorf("get %s: %w", url, parent.Err())
			}
			return Response{}, fmt.Errorf("%w (interrupted after %d attempts: %v)", last, k+1, err)
		}
	}
	return Response{}, fmt.Errorf("%w (gave up after %d attempts)", last, r.Attempts)
}

func backoff(r Retry, k int) time.Duration {
	d := r.Base << k
	if d > r.Max || d <= 0 {
		d = r.Max
	}
	return d
}

type retryable struct {
	err   error
	after time.Duration // server's Retry-After, 0 when absent
}

func (e *retryable) Error() string { return e.err.Error() }
func (e *retryable) Unwrap() error { return e.err }

var errAttemptTimeout = errors.New("request timed out")

// once makes one request and reads the whole body. Transport errors, attempt
// timeouts and short bodies come back as *retryable.
func (g *Getter) once(ctx context.Context, url string) (Response, error) {
	if err := acquire(ctx, g.sem); err != nil {
		return Response{}, err
	}
	defer func() { <-g.sem }()
	actx, cancel := context.WithTimeoutCause(ctx, g.cfg.Retry.AttemptTimeout, errAttemptTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(actx, http.MethodGet, url, nil)
	if err != nil {
		return Response{}, err
	}
	res, err := g.client.Do(req)
	if err != nil {
		if context.Cause(actx) == errAttemptTimeout && ctx.Err() == nil {
			return Response{}, &retryable{err: fmt.Errorf("%w: %w after %v", data.ErrUnavailable, errAttemptTimeout, g.cfg.Retry.AttemptTimeout)}
		}
		return Response{}, &retryable{err: fmt.Errorf("%w: %v", data.ErrUnavailable, err)}
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		if context.Cause(actx) == errAttemptTimeout && ctx.Err() == nil {
			err = errAttemptTimeout
		}
		return Response{}, &retryable{err: fmt.Errorf("%w: reading body: %w", data.ErrUnavailable, err)}
	}
	resp := Response{Status: res.StatusCode, Body: body}
	if res.StatusCode == http.StatusTooManyRequests || res.StatusCode >= 500 {
		sentinel := data.ErrUnavailable
		if res.StatusCode == http.StatusTooManyRequests {
			sentinel = data.ErrRateLimited
		}
		return resp, &retryable{
			err:   &StatusError{Status: res.StatusCode, Body: snippet(body), Err: sentinel},
			after: retryAfter(res.Header.Get("Retry-After")),
		}
	}
	return resp, nil
}

func acquire(ctx context.Context, sem chan struct{}) error {
	select {
	case sem <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// classify applies check (or the default: only 200 is accepted).
func classify(resp Response, check Check) error {
	var err error
	if check != nil {
		err = check(resp)
	} else if resp.Status != http.StatusOK {
		err = &StatusError{Status: resp.Status, Body: snippet(resp.Body), Err: data.ErrUnavailable}
	}
	if err != nil && errors.Is(err, data.ErrMalformed) {
		return &retryable{err: err}
	}
	return err
}

func retryAfter(h string) time.Duration {
	if h == "" {
		return 0
	}
	if s, err := strconv.Atoi(h); err == nil && s >= 0 {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(h); err == nil {
		return time.Until(t)
	}
	return 0
}

func snippet(b []byte) string {
	const n = 200
	if len(b) > n {
		return string(b[:n]) + "…"
	}
	return string(b)
}
