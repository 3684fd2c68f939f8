package library

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/eventstudy/eventstudy/data"
	"github.com/eventstudy/eventstudy/data/cache"
	"github.com/eventstudy/eventstudy/internal/replay"
	"github.com/eventstudy/eventstudy/internal/shareddata"
)

// zipOf builds a library-style zip holding one CSV.
func zipOf(t *testing.T, name string, body []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(body)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestFetch(t *testing.T) {
	csv, err := os.ReadFile(shareddata.Path(t, "fama_french_daily", "F-F_Research_Data_Factors_daily.CSV"))
	if err != nil {
		t.Fatal(err)
	}
	z := zipOf(t, "F-F_Research_Data_Factors_daily.CSV", csv)
	srv := replay.New()
	defer srv.Close()
	path := "/F-F_Research_Data_Factors_daily_CSV.zip"
	srv.Handle(path, "", replay.Response{Status: 200, Body: z})
	srv.Inject(path, replay.Fault{Status: 503}, replay.Fault{Truncate: 1000}, replay.Fault{Status: 200, Body: z[:len(z)/2]})
	c, err := cache.Open(filepath.Join(t.TempDir(), "cache.db"), cache.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	t.Setenv(EnvURL, srv.URL)
	cfg := Config{Cache: c, HTTP: HTTPConfig{
		Retry: Retry{Attempts: 4, Base: time.Millisecond, Max: time.Second, Total: 10 * time.Second, AttemptTimeout: time.Second},
		Sleep: func(ctx context.Context, d time.Duration) error { return ctx.Err() },
	}}
	f, err := New(cfg).Fetch(context.Background(), ThreeFactors)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Dates) != 25880 || srv.Hits(path) != 4 {
		t.Errorf("%d rows after %d requests; want 25880 after 4 (503, cut, truncated zip, 200)", len(f.Dates), srv.Hits(path))
	}
	// Offline now reads the cached zip; no request.
	cfg.Offline = true
	g, err := New(cfg).Fetch(context.Background(), ThreeFactors)
	if err != nil || len(g.Dates) != 25880 || srv.Hits(path) != 4 {
		t.Errorf("offline: %v, %d requests", err, srv.Hits(path))
	}
	if _, err := New(cfg).Fetch(context.Background(), Momentum); !errors.Is(err, data.ErrMissingInCache) {
		t.Errorf("offline momentum: err = %v, want ErrMissingInCache", err)
	}
	cfg.Offline = false
	if _, err := New(cfg).Fetch(context.Background(), Momentum); !errors.Is(err, data.ErrUnknownSymbol) {
		t.Errorf("404: err = %v, want ErrUnknownSymbol", err)
	}
}
