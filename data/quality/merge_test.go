package quality

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/eventstudy/eventstudy/data"
	"github.com/eventstudy/eventstudy/data/calendar"
)

// missingByMap is MissingDays by a set of the series' valid days (its form
// before the merge), the reference for the merge.
func missingByMap(s data.Series, cal *calendar.Calendar, from, to time.Time) []time.Time {
	have := map[time.Time]bool{}
	for i, d := range s.Dates {
		if v := s.Values[i]; !math.IsNaN(v) && !math.IsInf(v, 0) {
			have[civil(d)] = true
		}
	}
	var out []time.Time
	for _, d := range cal.Days(from, to) {
		if !have[d] {
			out = append(out, d)
		}
	}
	return out
}

func TestMissingDaysMergeMatchesSet(t *testing.T) {
	cal := calendar.NYSE()
	rng := rand.New(rand.NewPCG(3, 3))
	start := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)
	for range 300 {
		var s data.Series
		for d := start; d.Before(start.AddDate(2, 0, 0)); d = d.AddDate(0, 0, 1) {
			if rng.IntN(10) < 7 { // some days absent, some NaN or Inf, weekends too
				v := rng.Float64()
				switch rng.IntN(20) {
				case 0:
					v = math.NaN()
				case 1:
					v = math.Inf(1)
				}
				s.Dates, s.Values = append(s.Dates, d), append(s.Values, v)
			}
		}
		from := start.AddDate(0, 0, rng.IntN(600)-30)
		to := from.AddDate(0, 0, rng.IntN(300))
		got, want := MissingDays(s, cal, from, to).Dates, missingByMap(s, cal, from, to)
		if !slices.EqualFunc(got, want, time.Time.Equal) {
			t.Fatalf("%s..%s: %d missing, want %d", from, to, len(got), len(want))
		}
	}
}
