package engine

import (
	"testing"
	"time"

	"github.com/eventstudy/eventstudy/study"
)

// The span covers the estimation window and the event window of every event
// of a symbol: 250 trading days are at most 250·7/5 = 350 calendar days plus
// holidays (at most ~10 a year), and never reach past today.
func TestSymbolSpans(t *testing.T) {
	p := study.DefaultParams()
	d1 := time.Date(2018, 8, 6, 0, 0, 0, 0, time.UTC)
	d2 := time.Date(2018, 3, 19, 0, 0, 0, 0, time.UTC)
	now := time.Date(2018, 8, 10, 15, 0, 0, 0, time.UTC)
	ev := []Event{
		{Event: study.Event{Symbol: "fb", Market: "^GSPC", Date: d1}},
		{Event: study.Event{Symbol: "FB", Market: "^gspc", Date: d2}},
	}
	sp := SymbolSpans(p, ev, now, &Options{})
	if len(sp) != 2 {
		t.Fatalf("spans = %v, want FB and ^GSPC", sp)
	}
	fb := sp["FB"]
	if want := d2.AddDate(0, 0, -(350 + 14)); !fb.From.Equal(want) {
		t.Errorf("from = %v, want %v", fb.From, want)
	}
	if want := time.Date(2018, 8, 10, 0, 0, 0, 0, time.UTC); !fb.To.Equal(want) {
		t.Errorf("to = %v, want today %v (the event window reaches past it)", fb.To, want)
	}
	if sp["^GSPC"] != fb {
		t.Errorf("market span %v, want the same as the firm's %v", sp["^GSPC"], fb)
	}
}
