package charts_test

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/eventstudy/eventstudy/charts"
	"github.com/eventstudy/eventstudy/study"
)

// look renders a chart as PNG into -pngdir, for the visual review.
func look(t *testing.T, name string, ch *charts.Chart) {
	t.Helper()
	var b bytes.Buffer
	if err := charts.Render(ch, "png", &b); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if *pngDir != "" {
		if err := os.WriteFile(filepath.Join(*pngDir, name+".png"), b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestMissingDays(t *testing.T) {
	r := fbResult()
	for _, i := range []int{3, 12, 13} { // days −7, +2, +3 missing
		r.Days[i].AR, r.Days[i].SE, r.Days[i].CAR = math.NaN(), math.NaN(), math.NaN()
	}
	ch, err := charts.ARChart(spec, r)
	if err != nil {
		t.Fatal(err)
	}
	look(t, "ar_missing", ch)

	r.Days = nil
	r.Status, r.Message = study.StatusInsufficientEstimation, "80 estimation returns, need 120"
	if _, err := charts.ARChart(spec, r); !errors.Is(err, charts.ErrNoData) {
		t.Errorf("ARChart(no days) error = %v, want ErrNoData", err)
	}
}

func TestEmptySummary(t *testing.T) {
	_, err := charts.CAARChart(spec, study.Summary{}, nil)
	if !errors.Is(err, charts.ErrNoData) {
		t.Fatalf("CAARChart(empty) error = %v, want ErrNoData", err)
	}
	if !strings.Contains(err.Error(), "no event days") {
		t.Errorf("CAARChart(empty) error = %q, want it to say the summary has no event days", err)
	}
	defer func() {
		if recover() == nil {
			t.Errorf("CAARChart with 2 SEs for 21 days did not panic")
		}
	}()
	s, _ := summary()
	charts.CAARChart(spec, s, []float64{0.01, 0.02})
}

func TestSingleEvent(t *testing.T) {
	one := batch(1)
	w := study.Window{Start: -1, End: 1}
	h, err := charts.CARHistogram(spec, one, w)
	if err != nil {
		t.Fatal(err)
	}
	if want := "across 1 event"; !strings.Contains(h.Title, want) {
		t.Errorf("histogram title %q, want %q", h.Title, want)
	}
	look(t, "histogram_one", h)

	m, err := charts.CARMultiples(spec, one)
	if err != nil {
		t.Fatal(err)
	}
	look(t, "multiples_one", m)

	// One event: the cross-sectional SE of the CAAR is undefined (NaN), so
	// there is no band, and the chart still draws.
	s, se := summary()
	for i := range s.Days {
		s.Days[i].N, se[i] = 1, math.NaN()
	}
	c, err := charts.CAARChart(spec, s, se)
	if err != nil {
		t.Fatal(err)
	}
	look(t, "caar_one", c)

	if _, err := charts.CARHistogram(spec, one, study.Window{Start: 0, End: 5}); !errors.Is(err, charts.ErrNoData) {
		t.Errorf("CARHistogram(window nobody has) error = %v, want ErrNoData", err)
	}
}

func TestMultiplesLimitAndFailures(t *testing.T) {
	if _, err := charts.CARMultiples(spec, batch(37)); !errors.Is(err, charts.ErrTooManyPanels) {
		t.Errorf("CARMultiples(37 events) error = %v, want ErrTooManyPanels", err)
	}
	small := spec
	small.MaxPanels = 4
	if _, err := charts.CARMultiples(small, batch(5)); !errors.Is(err, charts.ErrTooManyPanels) {
		t.Errorf("CARMultiples(5 events, MaxPanels 4) error = %v, want ErrTooManyPanels", err)
	}
	if _, err := charts.CARMultiples(spec, nil); !errors.Is(err, charts.ErrNoData) {
		t.Errorf("CARMultiples(nil) error = %v, want ErrNoData", err)
	}
	rs := batch(6)
	rs[2] = study.Result{Event: rs[2].Event, Status: study.StatusInsufficientEstimation}
	ch, err := charts.CARMultiples(spec, rs)
	if err != nil {
		t.Fatal(err)
	}
	var svg bytes.Buffer
	if err := charts.Render(ch, "svg-inline", &svg); err != nil {
		t.Fatal(err)
	}
	if want := "no data: insufficient_estimation"; !strings.Contains(svg.String(), want) {
		t.Errorf("failed event's panel does not say %q", want)
	}
	look(t, "multiples_failed", ch)
}

func TestPriceChartErrors(t *testing.T) {
	in := fbPrices()
	in.Day0 = date(2018, 8, 4) // a Saturday: not in the calendar
	if _, err := charts.PriceChart(spec, in); !errors.Is(err, charts.ErrNoData) {
		t.Errorf("PriceChart(day 0 not a trading day) error = %v, want ErrNoData", err)
	}
	in = fbPrices()
	in.Firm.Values[9] = math.NaN() // no FB close on day −1
	if _, err := charts.PriceChart(spec, in); !errors.Is(err, charts.ErrNoData) {
		t.Errorf("PriceChart(no price on day −1) error = %v, want ErrNoData", err)
	}
	in = fbPrices()
	in.Firm.Values[4] = math.NaN() // a gap in the line
	ch, err := charts.PriceChart(spec, in)
	if err != nil {
		t.Fatal(err)
	}
	if want := "FB +4.4% on Aug 6, 2018; S&P 500 +0.4%. Closing prices, indexed to 100 on the day before"; ch.Subtitle != want {
		t.Errorf("subtitle %q, want %q", ch.Subtitle, want)
	}
	look(t, "price_gap", ch)
}

func TestSpecNames(t *testing.T) {
	s := charts.Spec{Names: map[string]string{"FB": "Meta (FB)"}}
	for sym, want := range map[string]string{"FB": "Meta (FB)", "^GSPC": "S&P 500", "AAPL": "AAPL"} {
		if got := s.Name(sym); got != want {
			t.Errorf("Name(%q) = %q, want %q", sym, got, want)
		}
	}
}
