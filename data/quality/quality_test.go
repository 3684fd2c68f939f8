package quality

import (
	"bufio"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/eventstudy/eventstudy/data"
	"github.com/eventstudy/eventstudy/data/calendar"
	"github.com/eventstudy/eventstudy/internal/shareddata"
	"github.com/eventstudy/eventstudy/internal/testdate"
)

var day = testdate.Day

func series(dates []string, vals []float64) data.Series {
	s := data.Series{Symbol: "X", Values: vals}
	for _, d := range dates {
		s.Dates = append(s.Dates, day(d))
	}
	return s
}

func TestMissingDays(t *testing.T) {
	// 2018-08-01..08-10 has 8 sessions; 08-06 is absent and 08-07 is NaN.
	s := series([]string{"2018-08-01", "2018-08-02", "2018-08-03", "2018-08-07", "2018-08-08", "2018-08-09", "2018-08-10"},
		[]float64{1, 2, 3, math.NaN(), 5, 6, 7})
	c := MissingDays(s, calendar.NYSE(), day("2018-08-01"), day("2018-08-10"))
	want := "X: 2 trading day(s) missing in 2018-08-01..2018-08-10: 2018-08-06, 2018-08-07"
	if c.Count != 2 || c.Note != want {
		t.Errorf("MissingDays = %d %q, want 2 %q", c.Count, c.Note, want)
	}
	if c := MissingDays(s, calendar.NYSE(), day("2018-08-08"), day("2018-08-12")); c.Count != 0 || c.Note != "" {
		t.Errorf("clean range: %+v", c)
	}
}

func TestStaleRuns(t *testing.T) {
	s := series([]string{"2018-08-01", "2018-08-02", "2018-08-03", "2018-08-06", "2018-08-07", "2018-08-08", "2018-08-09"},
		[]float64{1, 1, 1, 1, 2, 2, 3})
	c := StaleRuns(s, 3)
	want := "X: 3 stale day(s) (runs of ≥ 3 zero returns): 2018-08-02..2018-08-06 (3 days)"
	if c.Count != 3 || c.Note != want {
		t.Errorf("StaleRuns(k=3) = %d %q, want 3 %q", c.Count, c.Note, want)
	}
	if c := StaleRuns(s, 1); c.Count != 4 {
		t.Errorf("StaleRuns(k=1).Count = %d, want 4", c.Count)
	}
	if c := StaleRuns(s, 4); c.Count != 0 {
		t.Errorf("StaleRuns(k=4).Count = %d, want 0", c.Count)
	}
}

func TestSplitJumps(t *testing.T) {
	s := series([]string{"2020-08-27", "2020-08-28", "2020-08-31", "2020-09-01"}, []float64{500.04, 499.23, 129.04, 134.18})
	// AAPL's 4:1 split of 2020-08-31, unadjusted (as-traded closes).
	c := SplitJumps(s, 0)
	if c.Count != 1 || !c.Dates[0].Equal(day("2020-08-31")) || !strings.Contains(c.Note, "4-for-1 split?") {
		t.Errorf("SplitJumps = %+v", c)
	}
	r := series([]string{"2020-01-02", "2020-01-03"}, []float64{1.1, 3.32})
	if c := SplitJumps(r, 0); c.Count != 1 || !strings.Contains(c.Note, "1-for-3 reverse split?") {
		t.Errorf("reverse split: %+v", c)
	}
}

// TestRealFB: the real FB series (yahoo_bluefin_2020) has no missing day
// against the calendar, no stale run of 3 and no split-like jump — its
// −19% day (2018-07-26) included — until we undo a fictitious 2:1 split.
func TestRealFB(t *testing.T) {
	f, err := os.Open(shareddata.Path(t, "yahoo_bluefin_2020", "FB.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s := data.Series{Symbol: "FB"}
	sc := bufio.NewScanner(f)
	sc.Scan()
	for sc.Scan() {
		r := strings.Split(sc.Text(), ",")
		v, err := strconv.ParseFloat(r[5], 64)
		if err != nil {
			t.Fatal(err)
		}
		s.Dates, s.Values = append(s.Dates, day(r[0])), append(s.Values, v)
	}
	cal := calendar.NYSE()
	if c := MissingDays(s, cal, s.Dates[0], s.Dates[len(s.Dates)-1]); c.Count != 0 {
		t.Errorf("MissingDays: %s", c.Note)
	}
	if c := StaleRuns(s, 3); c.Count != 0 {
		t.Errorf("StaleRuns: %s", c.Note)
	}
	if c := SplitJumps(s, 0); c.Count != 0 {
		t.Errorf("SplitJumps: %s", c.Note)
	}
	for i, d := range s.Dates {
		if d.Before(day("2018-01-02")) {
			s.Values[i] *= 2
		}
	}
	if c := SplitJumps(s, 0); c.Count != 1 || !c.Dates[0].Equal(day("2018-01-02")) {
		t.Errorf("with a fictitious 2:1 split: %+v", c)
	}
}

func TestZeroVolumeAndVolumeReport(t *testing.T) {
	cal := calendar.NYSE()
	// 2018-08-06..2018-08-10 are five NYSE sessions; 08-08 is absent and
	// 08-09 unknown (NaN): two missing; 08-07 and 08-10 without trades.
	s := data.Series{Symbol: "X",
		Dates:  []time.Time{day("2018-08-06"), day("2018-08-07"), day("2018-08-09"), day("2018-08-10")},
		Values: []float64{100, 0, math.NaN(), 0}}
	z := ZeroVolume(s)
	if z.Count != 2 || !z.Dates[0].Equal(day("2018-08-07")) || !strings.Contains(z.Note, "2 day(s) without trades") {
		t.Errorf("ZeroVolume = %+v, want 2 days (08-07, 08-10)", z)
	}
	firm := []Dated{{ID: "a", Date: day("2018-08-06")}, {ID: "b", Date: day("2018-08-08")}}
	rep := VolumeReport(s, cal, "X", "a", day("2018-08-06"), day("2018-08-10"), firm)
	if rep.MissingDays != 2 || rep.ZeroVolumeDays != 2 || rep.StaleDays != 0 || rep.SplitJumps != 0 ||
		len(rep.Confounding) != 1 || rep.Confounding[0] != "b" {
		t.Errorf("VolumeReport = %+v, want 2 missing, 2 zero-volume, confounding [b]", rep)
	}
	for _, w := range []string{"2 trading day(s) missing", "without trades", "other events of X"} {
		if !strings.Contains(rep.Note, w) {
			t.Errorf("note %q lacks %q", rep.Note, w)
		}
	}
}
