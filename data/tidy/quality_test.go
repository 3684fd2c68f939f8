package tidy

import (
	"testing"
	"time"

	"github.com/eventstudy/eventstudy/data"
	"github.com/eventstudy/eventstudy/data/calendar"
	"github.com/eventstudy/eventstudy/data/quality"
	"github.com/eventstudy/eventstudy/study"
)

// TestEventQuality: which checks an event gets, counted by hand on a short
// series over a week of NYSE trading days (Mon 2024-03-04 .. Fri 03-08).
func TestEventQuality(t *testing.T) {
	d := func(day int) time.Time { return time.Date(2024, 3, day, 0, 0, 0, 0, time.UTC) }
	// Wednesday is missing; Thursday has no trades (volume 0).
	s := data.Series{Symbol: "X", Dates: []time.Time{d(4), d(5), d(7), d(8)}, Values: []float64{10, 11, 0, 12}}
	ok := &study.Result{Event: study.Event{ID: "e", Symbol: "X", Date: d(8)}, Status: study.StatusOK,
		Fit: study.Fit{EstStart: d(4), N: 3}, Days: []study.Day{{Date: d(8)}}}
	firm := []quality.Dated{{ID: "e", Date: d(8)}, {ID: "other", Date: d(6)}}
	cal := calendar.NYSE()
	calls := 0
	series := func() (data.Series, *quality.Index) { calls++; return s, nil }

	failed := &study.Result{Event: ok.Event, Status: study.StatusUnknownSymbol}
	if q := EventQuality(failed, false, cal, firm, series); q != (Quality{}) || calls != 0 {
		t.Errorf("failed event: %+v (series read %d times), want an empty report and no read", q, calls)
	}
	vol := EventQuality(ok, true, cal, firm, series)
	if !vol.Volume || vol.MissingDays != 1 || vol.ZeroVolumeDays != 1 || vol.Confounding != "other" {
		t.Errorf("volume study: %+v, want Volume, 1 missing day, 1 zero-volume day, confounding other", vol)
	}
	pr := EventQuality(ok, false, cal, firm, series)
	if pr.Volume || pr.MissingDays != 1 || pr.ZeroVolumeDays != 0 || pr.Confounding != "other" {
		t.Errorf("price study: %+v, want no volume checks, 1 missing day, confounding other", pr)
	}
}
