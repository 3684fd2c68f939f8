package study_test

import (
	"strings"
	"testing"
	"time"

	"github.com/eventstudy/eventstudy/study"
)

// fakeNYSE is the NYSE around Thanksgiving 2026 (Nov 26 closed; Nov 28–29 a
// weekend), written out by hand so that study's test needs no data package.
type fakeNYSE struct{}

func (fakeNYSE) IsOpen(d time.Time) bool {
	wd := d.Weekday()
	return wd != time.Saturday && wd != time.Sunday && d.Format(time.DateOnly) != "2026-11-26"
}
func (c fakeNYSE) Next(d time.Time) time.Time {
	for d = d.AddDate(0, 0, 1); !c.IsOpen(d); d = d.AddDate(0, 0, 1) {
	}
	return d
}
func (c fakeNYSE) Prev(d time.Time) time.Time {
	for d = d.AddDate(0, 0, -1); !c.IsOpen(d); d = d.AddDate(0, 0, -1) {
	}
	return d
}
func (fakeNYSE) Name() string { return "NYSE" }

// Events beyond the benchmark's data get their day 0 from the calendar,
// keeping their status.
func TestPlaceDay0(t *testing.T) {
	d := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	for _, c := range []struct {
		date       string
		afterClose bool
		rule       study.NonTrading
		want       string // "" = left alone
	}{
		{"2026-11-26", false, study.Next, "2026-11-27"},
		{"2026-11-27", false, study.Next, "2026-11-27"},
		{"2026-11-27", true, study.Next, "2026-11-30"},
		{"2026-11-28", false, study.Previous, "2026-11-27"},
		{"2026-11-28", false, study.Skip, ""},
	} {
		r := &study.Result{Event: study.Event{Date: d(c.date), AfterClose: c.afterClose}, Status: study.StatusOutOfRange, Message: "event date outside"}
		study.PlaceDay0(r, c.rule, fakeNYSE{})
		got := ""
		if !r.Day0.IsZero() {
			got = r.Day0.Format(time.DateOnly)
		}
		if got != c.want || (c.want != "" && !strings.Contains(r.Message, c.want)) || r.Status != study.StatusOutOfRange {
			t.Errorf("%s after close %v rule %v: day0 %q, message %q, status %s; want %q", c.date, c.afterClose, c.rule, got, r.Message, r.Status, c.want)
		}
	}
	ok := &study.Result{Event: study.Event{Date: d("2026-11-26")}, Status: study.StatusOK}
	if study.PlaceDay0(ok, study.Next, fakeNYSE{}); !ok.Day0.IsZero() {
		t.Errorf("an ok result was changed: %v", ok.Day0)
	}
}
