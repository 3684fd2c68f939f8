package quality

import (
	"bufio"
	"context"
	"math"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/eventstudy/eventstudy/data"
	"github.com/eventstudy/eventstudy/data/calendar"
	"github.com/eventstudy/eventstudy/internal/shareddata"
)

// sliceDates is s restricted to the dates from..to (inclusive), as the
// per-event checks see it.
func sliceDates(s data.Series, from, to time.Time) data.Series {
	out := data.Series{Symbol: s.Symbol}
	for i, d := range s.Dates {
		if !d.Before(from) && !d.After(to) {
			out.Dates, out.Values = append(out.Dates, d), append(out.Values, s.Values[i])
		}
	}
	return out
}

// checkIndex compares Index.Counts with the three checks on the sliced
// series over random ranges (some outside the series, some empty).
func checkIndex(t *testing.T, name string, s data.Series, rng *rand.Rand, ranges int) {
	t.Helper()
	cal := calendar.NYSE()
	x := NewIndex(s, cal, 5, 0)
	first, last := s.Dates[0], s.Dates[len(s.Dates)-1]
	span := int(last.Sub(first).Hours()/24) + 1
	for range ranges {
		from := first.AddDate(0, 0, rng.IntN(span+60)-30)
		to := from.AddDate(0, 0, rng.IntN(400)-5)
		m, st, j, ok := x.Counts(from, to)
		if !ok {
			t.Fatalf("%s: index not exact", name)
		}
		sub := sliceDates(s, from, to)
		wm, ws, wj := MissingDays(sub, cal, from, to).Count, StaleRuns(sub, 5).Count, SplitJumps(sub, 0).Count
		if m != wm || st != ws || j != wj {
			t.Fatalf("%s %s..%s: missing, stale, jumps = %d, %d, %d; the checks give %d, %d, %d",
				name, from.Format(time.DateOnly), to.Format(time.DateOnly), m, st, j, wm, ws, wj)
		}
	}
}

// Random series with absent days (weekends and holidays included), NaN,
// ±Inf, zero and negative values, runs of repeated prices of every length
// and split-like jumps: the index's counts equal the checks' on the slice.
func TestIndexMatchesChecksRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 8))
	start := time.Date(2015, 12, 20, 0, 0, 0, 0, time.UTC)
	for trial := range 200 {
		var s data.Series
		v := 100.0
		for d := start; d.Before(start.AddDate(2, 0, 0)); d = d.AddDate(0, 0, 1) {
			if rng.IntN(10) >= 8 {
				continue
			}
			switch k := rng.IntN(100); {
			case k < 3:
				s.Dates, s.Values = append(s.Dates, d), append(s.Values, []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, -1}[rng.IntN(5)])
				continue
			case k < 6:
				v *= []float64{0.5, 2, 1.0 / 3, 0.25, 1.5, 0.667}[rng.IntN(6)]
			case k < 40 && trial%2 == 0:
				// repeated price: a zero return
			default:
				v *= math.Exp(0.02 * rng.NormFloat64())
			}
			s.Dates, s.Values = append(s.Dates, d), append(s.Values, v)
		}
		checkIndex(t, "random", s, rng, 60)
	}
}

// A series the index cannot answer exactly says so (dates not at midnight
// UTC; from or to not at midnight UTC).
func TestIndexNotExact(t *testing.T) {
	d := time.Date(2018, 1, 2, 0, 0, 0, 0, time.UTC)
	s := data.Series{Dates: []time.Time{d, d.Add(24*time.Hour + time.Hour)}, Values: []float64{1, 2}}
	if _, _, _, ok := NewIndex(s, calendar.NYSE(), 5, 0).Counts(d, d.AddDate(0, 1, 0)); ok {
		t.Error("dates off midnight: ok")
	}
	s.Dates[1] = d.AddDate(0, 0, 1)
	if _, _, _, ok := NewIndex(s, calendar.NYSE(), 5, 0).Counts(d.Add(time.Hour), d.AddDate(0, 1, 0)); ok {
		t.Error("from off midnight: ok")
	}
}

// Real prices: 60 firms of the S&P 500 panel (gaps, listings inside the
// period), over random ranges.
func TestIndexMatchesChecksSP500(t *testing.T) {
	path := shareddata.Path(t, "sp500_panel_yahoo_2017_2019", "sp500_daily_2017-06-01_2019-03-29.csv")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var tickers []string
	sc := bufio.NewScanner(f)
	for sc.Scan() && len(tickers) < 400 {
		if r := strings.Split(sc.Text(), ","); len(r) > 1 && r[1] != "Ticker" && !seen[r[1]] {
			seen[r[1]] = true
			tickers = append(tickers, r[1])
		}
	}
	f.Close()
	src, err := data.OpenCSV([]string{path}, data.PriceOptions{})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(9, 9))
	for i := 0; i < len(tickers); i += max(1, len(tickers)/60) {
		s, err := src.Series(context.Background(), tickers[i], time.Time{}, time.Time{})
		if err != nil || len(s.Dates) < 2 {
			continue
		}
		checkIndex(t, tickers[i], s, rng, 100)
	}
}
