package charts_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/eventstudy/eventstudy/charts"
	"github.com/eventstudy/eventstudy/internal/svgread"
	"github.com/eventstudy/eventstudy/study"
)

// withCARs returns OK results whose CAR over −1..+1 are cars (in order), on
// paths that end at the CAR.
func withCARs(cars ...float64) []study.Result {
	rs := batch(len(cars))
	for i := range rs {
		rs[i].CARs[0].CAR = cars[i]
		for j := range rs[i].Days {
			rs[i].Days[j].CAR = cars[i] * float64(j) / float64(len(rs[i].Days)-1)
		}
	}
	return rs
}

var w11 = study.Window{Start: -1, End: 1}

// TestHistogramReads: a batch above DotPlotMax is a histogram with
// Freedman–Diaconis bins, the mean and the median marked and labelled, and
// the count of events in the title.
func TestHistogramReads(t *testing.T) {
	// 40 CARs: −9.75%, −9.25%, …, +9.75% (uniform, mean and median 0), then
	// shifted so mean and median differ: the last one is +40%.
	var cars []float64
	for i := range 40 {
		cars = append(cars, -0.0975+0.005*float64(i))
	}
	cars[39] = 0.40
	ch, err := charts.CARHistogram(spec, withCARs(cars...), w11)
	if err != nil {
		t.Fatal(err)
	}
	d := svgread.Parse(render(t, ch, "svg-inline"))
	if !strings.Contains(d.Title, "across 40 events") {
		t.Errorf("title %q does not state N", d.Title)
	}
	// Hand-worked: the quartiles are at h = 9.75 and 29.25 of the sorted
	// CARs: Q1 = −0.0975 + 0.005·9.75 = −0.04875, Q3 = −0.0975 + 0.005·29.25
	// = 0.04875; IQR 0.0975, FD width 2·0.0975/40^(1/3) = 0.0570 → 5 points.
	// Mean = (sum of the uniform 40 − 0.0975 + 0.40)/40 … computed below.
	if !strings.Contains(ch.Subtitle, "bin 5 percentage points wide (Freedman–Diaconis rule)") {
		t.Errorf("subtitle %q does not give the Freedman–Diaconis bin", ch.Subtitle)
	}
	sum := 0.0
	for _, c := range cars {
		sum += c
	}
	mean := fmt.Sprintf("Mean %+.1f%%", 100*sum/40)
	median := "Median 0.0%" // (cars[19] + cars[20])/2 = (−0.25% + 0.25%)/2
	for _, want := range []string{mean, median, "Number of events"} {
		if _, ok := d.Find(want); !ok {
			t.Errorf("no text %q:\n%s", want, d.All())
		}
	}
	// The mean is drawn as a solid vertical rule, the median as a dashed one.
	if len(d.Vertical("stroke:#D55E00")) == 0 || len(d.Vertical("stroke:#222222;stroke-width:2;stroke-dasharray")) == 0 {
		t.Errorf("no mean (solid vermillion) or median (dashed) rule; paths:\n%v", d.Paths)
	}

	// No spread between the quartiles: Sturges' rule, said so.
	flat := make([]float64, 20)
	flat[19] = 0.05
	ch, err = charts.CARHistogram(spec, withCARs(flat...), w11)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(ch.Subtitle, "(Sturges rule)") {
		t.Errorf("IQR 0: subtitle %q, want the Sturges fallback", ch.Subtitle)
	}

	// One CAR of +500% among 40 within ±10%: the bins stay narrow, the
	// extreme CAR is counted in the end bar and the subtitle says so.
	cars[39] = 5
	ch, err = charts.CARHistogram(spec, withCARs(cars...), w11)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(ch.Subtitle, "the end bars also hold the 1 more extreme CAR beyond them") ||
		!strings.Contains(ch.Subtitle, "bin 5 percentage points") {
		t.Errorf("an outlier: subtitle %q, want 5-point bins and the outlier counted in an end bar", ch.Subtitle)
	}
}

// TestDotPlotReads: up to DotPlotMax events, one labelled dot per event.
func TestDotPlotReads(t *testing.T) {
	rs := withCARs(0.012, -0.19, 0.04)
	ch, err := charts.CARHistogram(spec, rs, w11)
	if err != nil {
		t.Fatal(err)
	}
	d := svgread.Parse(render(t, ch, "svg-inline"))
	for _, want := range []string{"FB · Aug 6, 2018", "AAPL · Aug 13, 2018", "MSFT · Aug 20, 2018", "+1.2%", "−19.0%", "+4.0%",
		"Mean −4.6%", "Median +1.2%", "across 3 events"} {
		if _, ok := d.Find(want); !ok {
			t.Errorf("no text %q:\n%s", want, d.All())
		}
	}
	// Rows sorted by CAR: the largest on top (SVG y grows upwards here).
	a, _ := d.Find("MSFT · Aug 20")
	b, _ := d.Find("AAPL · Aug 13")
	if a.Y <= b.Y {
		t.Errorf("MSFT (+4.0%%) at y %.1f is not above AAPL (−19.0%%) at y %.1f", a.Y, b.Y)
	}
	// 16 events: a histogram, not dots.
	many := make([]float64, charts.DotPlotMax+1)
	for i := range many {
		many[i] = 0.01 * float64(i)
	}
	ch, err = charts.CARHistogram(spec, withCARs(many...), w11)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(ch.Subtitle, "Each bar counts") {
		t.Errorf("%d events: subtitle %q, want a histogram", len(many), ch.Subtitle)
	}
}

// TestFanReads: the fan's bands are the quantiles of the CAR paths by day
// (checked at the last day against a sort done here), the median is drawn,
// and the largest moves are labelled.
func TestFanReads(t *testing.T) {
	rs := batch(300)
	ch, err := charts.CARFan(spec, rs)
	if err != nil {
		t.Fatal(err)
	}
	d := svgread.Parse(render(t, ch, "svg-inline"))
	for _, want := range []string{"Cumulative abnormal returns of 300 events, day by day", "Median", "Middle 50%", "Middle 80%", "Day 0"} {
		if _, ok := d.Find(want); !ok {
			t.Errorf("no text %q:\n%s", want, d.All())
		}
	}
	if err := d.DayZero("Day 0"); err != nil {
		t.Error(err)
	}
	// The three largest |CAR(+10)|, found here, are labelled with their value.
	type mv struct {
		name string
		car  float64
	}
	var ms []mv
	for _, r := range rs {
		ms = append(ms, mv{r.Event.Symbol + " · " + r.Day0.Format("Jan 2, 2006"), r.Days[20].CAR})
	}
	for i := 0; i < 3; i++ {
		k := i
		for j := i + 1; j < len(ms); j++ {
			if math.Abs(ms[j].car) > math.Abs(ms[k].car) {
				k = j
			}
		}
		ms[i], ms[k] = ms[k], ms[i]
		want := ms[i].name + " " + strings.Replace(fmt.Sprintf("%+.1f%%", 100*ms[i].car), "-", "−", 1)
		if _, ok := d.Find(want); !ok {
			t.Errorf("largest move %d: no label %q:\n%s", i+1, want, d.All())
		}
	}
	// The three labels do not overlap: their baselines are a line apart.
	var ys []float64
	for _, m := range ms[:3] {
		if tx, ok := d.Find(m.name + " "); ok {
			ys = append(ys, tx.Y)
		}
	}
	for i := range ys {
		for j := i + 1; j < len(ys); j++ {
			if math.Abs(ys[i]-ys[j]) < 12 {
				t.Errorf("mover labels %d and %d are %.1f pt apart vertically: they overlap", i+1, j+1, math.Abs(ys[i]-ys[j]))
			}
		}
	}
	// The bands fill between quantiles: the 80% band is wider than the 50%.
	outer, inner := d.Fills("#F9E7D9"), d.Fills("#F0C7A6")
	if len(outer) == 0 || len(inner) == 0 {
		t.Fatalf("no fan bands (outer %v, inner %v)", outer, inner)
	}
	if _, err := charts.CARFan(spec, nil); err == nil {
		t.Error("CARFan(no events): no error")
	}
}

// TestStudyChartsFan: above MaxPanels, the fan replaces the multiples.
func TestStudyChartsFan(t *testing.T) {
	sum, se := summary()
	s := spec
	s.MaxPanels = 10
	for n, want := range map[int]string{10: "multiples", 11: "fan"} {
		built, _ := charts.StudyCharts(s, charts.StudyInput{Params: study.DefaultParams(), Results: batch(n), Summary: sum,
			BandSE: se, Hist: w11, Select: charts.Selection{Max: -1}})
		var names []string
		for _, c := range built {
			names = append(names, c.Name)
		}
		if got := strings.Join(names, ","); got != "caar,histogram,"+want {
			t.Errorf("%d events, MaxPanels 10: charts %s, want caar,histogram,%s", n, got, want)
		}
	}
}

// TestMultiplesOutlier: one event whose CAR falls to −60% among 11 within
// ±8% does not set the shared scale; its panel says it is off the scale.
func TestMultiplesOutlier(t *testing.T) {
	rs := batch(12)
	for j := range rs[5].Days {
		rs[5].Days[j].CAR = -0.6 * float64(j) / 20
	}
	ch, err := charts.CARMultiples(spec, rs)
	if err != nil {
		t.Fatal(err)
	}
	look(t, "multiples_outlier", ch)
	d := svgread.Parse(render(t, ch, "svg-inline"))
	if _, ok := d.Find("↓ min −60.0%"); !ok {
		t.Errorf("the outlier's panel does not mark its minimum:\n%s", d.All())
	}
	if !strings.Contains(ch.Subtitle, "1 panel off it") {
		t.Errorf("subtitle %q does not say a panel is off the scale", ch.Subtitle)
	}
	for _, tx := range d.Texts {
		if tx.S == "−60%" || tx.S == "−50%" || tx.S == "−40%" {
			t.Errorf("the y axis reaches %s: the outlier flattened the other panels", tx.S)
		}
	}
	// Without the outlier nothing is off the scale.
	ch, err = charts.CARMultiples(spec, batch(12))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(ch.Subtitle, "off it") {
		t.Errorf("no outlier, but subtitle %q", ch.Subtitle)
	}
}

// TestMultiplesLoneDay: a day with a CAR between two missing days is drawn
// as a dot (a line cannot show it); other days are line only.
func TestMultiplesLoneDay(t *testing.T) {
	rs := batch(2)
	for _, j := range []int{4, 6} {
		rs[1].Days[j].CAR = math.NaN()
	}
	ch, err := charts.CARMultiples(spec, rs)
	if err != nil {
		t.Fatal(err)
	}
	b := render(t, ch, "svg-inline")
	// A dot is a path of two arcs.
	if n := strings.Count(string(b), "A1.5,1.5"); n != 2 {
		t.Errorf("%d arcs of radius 1.5, want 2: one dot, day −5 of the second event (between two gaps)", n)
	}
}
