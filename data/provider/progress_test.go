package provider

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestProgressPlain(t *testing.T) {
	f := setup(t)
	var buf bytes.Buffer
	pr := NewProgress(&buf, 2, false)
	f.cached().FetchAll(context.Background(), []string{"FB", "NOPE"}, day("2018-08-01"), day("2018-08-10"), 1, pr.Done)
	pr.Wait()
	out := buf.String()
	// Symbols finish in any order; the counter does not.
	if !strings.HasPrefix(out, "fetch 1/2 ") || !strings.Contains(out, "\nfetch 2/2 ") ||
		!strings.Contains(out, " FB (as META): fetched 2018-08-01..2018-08-10 from yahoo (8 bars in range)\n") ||
		!strings.Contains(out, " NOPE: yahoo NOPE 2018-08-01..2018-08-10: Yahoo has no data for NOPE (renamed or delisted?). If it was renamed, pass --symbols with old,new,date, or use the new ticker.\n") {
		t.Errorf("progress lines:\n%s", out)
	}
}

func TestProgressBar(t *testing.T) {
	f := setup(t)
	var buf bytes.Buffer
	pr := NewProgress(&buf, 2, true)
	f.cached().FetchAll(context.Background(), []string{"FB", "NOPE"}, day("2018-08-01"), day("2018-08-10"), 2, pr.Done)
	pr.Wait() // must return; what mpb draws on a non-terminal is its business
}
