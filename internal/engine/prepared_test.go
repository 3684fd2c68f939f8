package engine

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/eventstudy/eventstudy/data"
	"github.com/eventstudy/eventstudy/data/sample"
	"github.com/eventstudy/eventstudy/study"
)

// sampleBatch is the embedded sample's events, repeated n times.
func sampleBatch(t *testing.T, n int) (data.Source, []Event) {
	t.Helper()
	b, err := sample.FS.ReadFile(sample.EventsFile)
	if err != nil {
		t.Fatal(err)
	}
	ef, err := data.ReadEvents(bytes.NewReader(b), "sample", data.EventOptions{})
	if err != nil {
		t.Fatal(err)
	}
	src, err := data.OpenCSVFS(sample.FS, []string{sample.PricesFile}, data.PriceOptions{})
	if err != nil {
		t.Fatal(err)
	}
	one := FromRows(ef.Rows, sample.Market)
	var evs []Event
	for range n {
		evs = append(evs, one...)
	}
	return src, evs
}

// TestRunPreparedOrder: emit sees every event once, in input order, with the
// value prepare computed for that event, and the results of Run, for any
// number of workers (the window of 64 events per worker is exceeded).
func TestRunPreparedOrder(t *testing.T) {
	src, evs := sampleBatch(t, 40)
	opt := Options{Params: study.DefaultParams(), Source: src, Jobs: 1}
	var want []string
	if err := Run(context.Background(), opt, evs, func(i int, r *study.Result) error {
		want = append(want, fmt.Sprintf("%d %+v", i, *r))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for _, jobs := range []int{1, 2, 5} {
		opt.Jobs = jobs
		n := 0
		err := RunPrepared(context.Background(), opt, evs,
			func(i int, r *study.Result) string { return r.Event.ID + fmt.Sprint(i) },
			func(i int, r *study.Result, v string) error {
				if i != n || v != r.Event.ID+fmt.Sprint(i) {
					return fmt.Errorf("emit %d (value %q) at position %d", i, v, n)
				}
				if got := fmt.Sprintf("%d %+v", i, *r); got != want[i] {
					return fmt.Errorf("event %d differs from Run", i)
				}
				n++
				return nil
			})
		if err != nil || n != len(evs) {
			t.Fatalf("jobs=%d: %v after %d of %d", jobs, err, n, len(evs))
		}
	}
}
