package fetch

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/eventstudy/eventstudy/data"
)

// fast returns a Config whose waits are recorded, not slept.
func fast(waits *[]time.Duration, mu *sync.Mutex) Config {
	return Config{
		Retry:  Retry{Attempts: 4, Base: 100 * time.Millisecond, Max: 2 * time.Second, Total: 10 * time.Second, AttemptTimeout: 200 * time.Millisecond},
		Jitter: func() float64 { return 0 }, // waits are exactly Base·2^k/2
		Sleep: func(ctx context.Context, d time.Duration) error {
			mu.Lock()
			*waits = append(*waits, d)
			mu.Unlock()
			return ctx.Err()
		},
	}
}

// script serves the given handlers in turn, then repeats the last one.
func script(hs ...http.HandlerFunc) (*httptest.Server, *atomic.Int32) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := int(n.Add(1)) - 1
		if i >= len(hs) {
			i = len(hs) - 1
		}
		hs[i](w, r)
	}))
	return srv, &n
}

func status(code int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(code)
		w.Write([]byte(body))
	}
}

func TestRetries(t *testing.T) {
	truncated := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "100")
		w.Write([]byte(`{"chart":`)) // the server closes after 9 of 100 bytes
	}
	slow := func(w http.ResponseWriter, r *http.Request) {
		select { // longer than AttemptTimeout; never blocks past the client
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}
	tests := []struct {
		name      string
		handlers  []http.HandlerFunc
		wantErr   error // nil: success
		wantCalls int32
		wantWaits []time.Duration
	}{
		{"429 then 200", []http.HandlerFunc{status(429, "slow down"), status(200, "ok")}, nil, 2, []time.Duration{50 * time.Millisecond}},
		{"500 500 200", []http.HandlerFunc{status(500, ""), status(503, ""), status(200, "ok")}, nil, 3, []time.Duration{50 * time.Millisecond, 100 * time.Millisecond}},
		{"always 429", []http.HandlerFunc{status(429, "")}, data.ErrRateLimited, 4, []time.Duration{50 * time.Millisecond, 100 * time.Millisecond, 200 * time.Millisecond}},
		{"always 502", []http.HandlerFunc{status(502, "")}, data.ErrUnavailable, 4, nil},
		{"timeout then 200", []http.HandlerFunc{slow, status(200, "ok")}, nil, 2, nil},
		{"truncated then 200", []http.HandlerFunc{truncated, status(200, "ok")}, nil, 2, nil},
		{"404 is final", []http.HandlerFunc{status(404, "nope")}, data.ErrUnavailable, 1, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, calls := script(tt.handlers...)
			defer srv.Close()
			var waits []time.Duration
			var mu sync.Mutex
			g := New(fast(&waits, &mu))
			resp, err := g.Get(context.Background(), srv.URL, nil)
			if tt.wantErr == nil {
				if err != nil || string(resp.Body) != "ok" {
					t.Fatalf("Get = %q, %v; want ok", resp.Body, err)
				}
			} else if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Get error = %v, want %v", err, tt.wantErr)
			}
			if got := calls.Load(); got != tt.wantCalls {
				t.Errorf("server saw %d requests, want %d", got, tt.wantCalls)
			}
			if tt.wantWaits != nil && !equalDurations(waits, tt.wantWaits) {
				t.Errorf("waits = %v, want %v", waits, tt.wantWaits)
			}
		})
	}
}

func equalDurations(a, b []time.Duration) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestRetryAfterAndDeadline(t *testing.T) {
	srv, calls := script(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "1")
		w.WriteHeader(429)
	})
	defer srv.Close()
	var waits []time.Duration
	var mu sync.Mutex
	cfg := fast(&waits, &mu)
	g := New(cfg)
	_, err := g.Get(context.Background(), srv.URL, nil)
	if !errors.Is(err, data.ErrRateLimited) {
		t.Fatalf("err = %v, want ErrRateLimited", err)
	}
	if len(waits) == 0 || waits[0] != time.Second {
		t.Errorf("waits = %v, want Retry-After 1s first", waits)
	}
	// A total deadline shorter than the next wait stops early.
	cfg.Retry.Total = 500 * time.Millisecond
	calls.Store(0)
	waits = nil
	_, err = New(cfg).Get(context.Background(), srv.URL, nil)
	if !errors.Is(err, data.ErrRateLimited) || !strings.Contains(err.Error(), "deadline") {
		t.Errorf("err = %v, want ErrRateLimited mentioning the deadline", err)
	}
	if calls.Load() != 1 {
		t.Errorf("calls = %d, want 1 (the 1 s wait passes the 500 ms deadline)", calls.Load())
	}
}

func TestCheckMalformedRetried(t *testing.T) {
	srv, calls := script(status(200, "bad"), status(200, "good"))
	defer srv.Close()
	var waits []time.Duration
	var mu sync.Mutex
	g := New(fast(&waits, &mu))
	check := func(r Response) error {
		if string(r.Body) != "good" {
			return data.ErrMalformed
		}
		return nil
	}
	resp, err := g.Get(context.Background(), srv.URL, check)
	if err != nil || string(resp.Body) != "good" || calls.Load() != 2 {
		t.Errorf("Get = %q, %v after %d calls; want good after 2", resp.Body, err, calls.Load())
	}
}

func TestUserAgentAndConcurrency(t *testing.T) {
	var inFlight, peak atomic.Int32
	var agents sync.Map
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		agents.Store(r.UserAgent(), true)
		n := inFlight.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		time.Sleep(5 * time.Millisecond)
		inFlight.Add(-1)
		w.Write([]byte("ok"))
	}))
	defer srv.Close()
	g := New(Config{MaxConcurrent: 2})
	var wg sync.WaitGroup
	errs := make(chan error, 10)
	for range 10 {
		wg.Go(func() {
			_, err := g.Get(context.Background(), srv.URL, nil)
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if p := peak.Load(); p > 2 {
		t.Errorf("peak concurrency = %d, want ≤ 2", p)
	}
	agents.Range(func(k, _ any) bool {
		if k.(string) != DefaultUserAgent {
			t.Errorf("User-Agent = %q, want the default browser agent", k)
		}
		return true
	})
}

func TestCallerCancel(t *testing.T) {
	srv, _ := script(status(503, ""))
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	g := New(Config{Retry: Retry{Attempts: 5, Base: time.Hour, Max: time.Hour, Total: 10 * time.Hour, AttemptTimeout: time.Second},
		Sleep: func(ctx context.Context, d time.Duration) error { cancel(); <-ctx.Done(); return ctx.Err() }})
	_, err := g.Get(ctx, srv.URL, nil)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}
