package quick_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/eventstudy/eventstudy/data"
	"github.com/eventstudy/eventstudy/data/sample"
	"github.com/eventstudy/eventstudy/quick"
	"github.com/eventstudy/eventstudy/study"
)

// barrierSource answers a series only once two have been asked for at the
// same time: a Run that fetches the firm and then the benchmark waits in
// vain and gets an error.
type barrierSource struct {
	inner data.Source
	mu    sync.Mutex
	n     int
	both  chan struct{}
}

func (b *barrierSource) Series(ctx context.Context, symbol string, from, to time.Time) (data.Series, error) {
	b.mu.Lock()
	if b.n++; b.n == 2 {
		close(b.both)
	}
	b.mu.Unlock()
	select {
	case <-b.both:
		return b.inner.Series(ctx, symbol, from, to)
	case <-time.After(5 * time.Second):
		return data.Series{}, fmt.Errorf("%s: asked alone: the other series was not requested meanwhile", symbol)
	}
}

// quick fetches the firm's and the benchmark's prices concurrently, so that
// a stalled server costs one wait, not one per symbol (issue 13: 4 minutes
// for one quick).
func TestRunFetchesConcurrently(t *testing.T) {
	src := &barrierSource{inner: sampleSource(t), both: make(chan struct{})}
	a, err := quick.Run(context.Background(), src, quick.Request{Symbol: "SYNA", Market: sample.Market,
		Date: day("2020-02-26"), Params: study.DefaultParams()})
	if err != nil {
		t.Fatal(err)
	}
	if a.Result.Status != "ok" {
		t.Errorf("status %s: %s", a.Result.Status, a.Result.Message)
	}
}
