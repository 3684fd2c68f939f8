package charts_test

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
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
		val := strings.Replace(fmt.Sprintf("%+.1f%%", 100*ms[i].car), "-", "−", 1)
		name, ok := d.Find(ms[i].name)
		below := false // the value on the line under the name
		for _, tx := range d.Texts {
			below = below || ok && strings.HasSuffix(tx.S, val) && math.Abs(tx.X-name.X) < 0.5 &&
				name.Y > tx.Y && name.Y-tx.Y < 1.5*name.Size
		}
		if !below {
			t.Errorf("largest move %d: no label %q over %q:\n%s", i+1, ms[i].name, val, d.All())
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

// fanChecks reads what a graphics editor checks on a fan chart from its
// SVG: the middle 50% band fills at least minBand of the data area's height
// (the scale is the fan's, not the outliers'); no label in the plot
// overlaps another, none but the day-0 label (drawn on a white halo) touches
// a drawn line, and all stay on the canvas; every subtitle line
// fits the width and none is one orphan word. It returns the labels other
// than the day-0 label, each as its lines top down (the name first, the
// value last).
func fanChecks(t *testing.T, what string, ch *charts.Chart, minBand float64) (blocks [][]svgread.Text) {
	t.Helper()
	d := svgread.Parse(render(t, ch, "svg-inline"))
	width := float64(ch.Spec.Width)
	if width == 0 {
		width = float64(charts.DefaultWidth)
	}
	// The data area's height: the day-0 rule runs across it.
	x0, ok := d.TickX("0")
	if !ok {
		t.Fatalf("%s: no x tick 0:\n%s", what, d.All())
	}
	dataH, bottom, top := 0.0, 0.0, 0.0
	for _, p := range d.Paths {
		if len(p.Pts) == 2 && math.Abs(p.Pts[0][0]-x0) < 0.5 && p.Pts[0][0] == p.Pts[1][0] && strings.Contains(p.Style, "dasharray") {
			bottom, top = math.Min(p.Pts[0][1], p.Pts[1][1]), math.Max(p.Pts[0][1], p.Pts[1][1])
			dataH = top - bottom
		}
	}
	inner := 0.0
	for _, b := range d.FillBoxes("#F0C7A6") {
		inner = math.Max(inner, b.Height())
	}
	if dataH == 0 || inner < minBand*dataH {
		t.Errorf("%s: the middle 50%% band is %.1f pt high in a %.1f pt data area (< %.0f%%): the scale is not set by the fan",
			what, inner, dataH, 100*minBand)
	}
	// The labels: every text right of the first day, between the bottom and
	// the top of the data area.
	xStart, ok := d.TickX("−10")
	if !ok {
		t.Fatalf("%s: no x tick −10", what)
	}
	var boxes []svgread.Box
	var names []string
	var labels []svgread.Text
	for _, tx := range d.Texts {
		if tx.X > xStart && tx.Y > bottom && tx.Y < top {
			boxes = append(boxes, svgread.TextBox(tx, charts.TextWidth(tx.Size, tx.S)))
			names = append(names, tx.S)
			if tx.S != "Day 0" {
				labels = append(labels, tx)
			}
		}
	}
	segs := d.Segments()
	for i, b := range boxes {
		if b.MaxX > width {
			t.Errorf("%s: label %q runs off the canvas (right edge %.1f > %.0f)", what, names[i], b.MaxX, width)
		}
		for j := i + 1; j < len(boxes); j++ {
			if b.Overlaps(boxes[j]) {
				t.Errorf("%s: labels %q and %q overlap", what, names[i], names[j])
			}
		}
		if names[i] == "Day 0" { // drawn on a white halo over the lines
			continue
		}
		for _, s := range segs {
			if b.Crosses(s[0], s[1]) {
				t.Errorf("%s: label %q is crossed by a line from %v to %v", what, names[i], s[0], s[1])
				break
			}
		}
	}
	// The median's and each mover's name and value, all inside the plot.
	// A label's lines are written one after another, 1 em apart.
	for i, tx := range labels {
		if i > 0 {
			prev := labels[i-1]
			if prev.X == tx.X && math.Abs(prev.Y-tx.Y-tx.Size) < 1 {
				blocks[len(blocks)-1] = append(blocks[len(blocks)-1], tx)
				continue
			}
		}
		blocks = append(blocks, []svgread.Text{tx})
	}
	if len(blocks) != 1+charts.FanMovers {
		t.Errorf("%s: %d labels in the plot, want %d (median and %d movers): %v",
			what, len(blocks), 1+charts.FanMovers, charts.FanMovers, labels)
	}
	checkLeaders(t, what, d, blocks, xStart)
	for _, tx := range d.Texts {
		if tx.Size != 13 { // the subtitle's size
			continue
		}
		if w := charts.TextWidth(tx.Size, tx.S); w > width-20 {
			t.Errorf("%s: subtitle line %q is %.0f pt wide, the chart %.0f", what, tx.S, w, width)
		}
		if !strings.Contains(strings.TrimSpace(tx.S), " ") {
			t.Errorf("%s: subtitle line %q is one orphan word", what, tx.S)
		}
	}
	return blocks
}

// checkLeaders reads each end label (a name line over a value line) as a
// reader pairs it with a line: a value with ↑ or ↓ lies beyond the scale on
// that side; any other value is joined by a leader to a drawn line's end
// on the last day, and that end sits at the value on the y scale (read from
// the grid lines and their tick labels) within 0.1 points or a point of
// drawing.
func checkLeaders(t *testing.T, what string, d svgread.Doc, blocks [][]svgread.Text, xStart float64) {
	t.Helper()
	xEnd, ok := d.TickX("+10")
	if !ok {
		t.Fatalf("%s: no x tick +10", what)
	}
	// The y scale: the grid lines (bottom up) are the percent tick labels'.
	var gys, tvs []float64
	for _, p := range d.Paths {
		if strings.Contains(p.Style, "stroke:#E5E5E5") && len(p.Pts) == 2 && p.Pts[0][1] == p.Pts[1][1] {
			gys = append(gys, p.Pts[0][1])
		}
	}
	value := func(s string) (float64, bool) {
		s = strings.NewReplacer("−", "-", "+", "", "%", "", "↑ ", "", "↓ ", "").Replace(s)
		v, err := strconv.ParseFloat(s, 64)
		return v, err == nil
	}
	for _, tx := range d.Texts {
		if v, ok := value(tx.S); ok && tx.X < xStart && strings.HasSuffix(tx.S, "%") {
			tvs = append(tvs, v)
		}
	}
	sort.Float64s(gys)
	sort.Float64s(tvs)
	if len(gys) < 2 || len(gys) != len(tvs) {
		t.Fatalf("%s: %d grid lines for %d y tick labels", what, len(gys), len(tvs))
	}
	n := len(gys) - 1
	toPct := func(y float64) float64 { return tvs[0] + (y-gys[0])*(tvs[n]-tvs[0])/(gys[n]-gys[0]) }
	segs := d.Segments()
	for _, b := range blocks {
		name, val := b[0], b[len(b)-1]
		v, ok := value(val.S)
		if !ok || len(b) < 2 {
			t.Errorf("%s: label %q is not over a value (%q)", what, name.S, val.S)
			continue
		}
		switch {
		case strings.HasPrefix(val.S, "↑"):
			if v <= tvs[n] {
				t.Errorf("%s: %q %q: ↑ on a value inside the scale (top %.1f%%)", what, name.S, val.S, tvs[n])
			}
			continue
		case strings.HasPrefix(val.S, "↓"):
			if v >= tvs[0] {
				t.Errorf("%s: %q %q: ↓ on a value inside the scale (bottom %.1f%%)", what, name.S, val.S, tvs[0])
			}
			continue
		}
		found := false
		for _, s := range segs {
			l, r := s[0], s[1]
			if l[0] > r[0] {
				l, r = r, l
			}
			// A leader: from just right of the last day to just left of
			// the label, ending within the label's two lines.
			if l[0] < xEnd || l[0] > xEnd+4 || r[0] > name.X || r[0] < name.X-6 ||
				r[1] < val.Y-0.25*val.Size || r[1] > name.Y+0.75*name.Size {
				continue
			}
			for _, e := range segs { // the line that ends where the leader starts
				for _, pt := range e {
					if math.Abs(pt[0]-xEnd) < 0.6 && math.Abs(pt[1]-l[1]) < 0.6 {
						tol := math.Max(0.1, (tvs[n]-tvs[0])/(gys[n]-gys[0]))
						found = found || math.Abs(toPct(pt[1])-v) <= tol
					}
				}
			}
		}
		if !found {
			t.Errorf("%s: label %q %q is not joined by a leader to a line ending at %s on the last day", what, name.S, val.S, val.S)
		}
	}
}

// hasLabel reports whether one of the labels reads lines, top down.
func hasLabel(blocks [][]svgread.Text, lines ...string) bool {
	for _, b := range blocks {
		ok := len(b) == len(lines)
		for i := 0; ok && i < len(b); i++ {
			ok = b[i].S == lines[i]
		}
		if ok {
			return true
		}
	}
	return false
}

// shifted returns rs with every CAR path moved by by·(day index)/20: a
// batch whose fan rises (by > 0) or falls.
func shifted(rs []study.Result, by float64) []study.Result {
	for i := range rs {
		for j := range rs[i].Days {
			rs[i].Days[j].CAR += by * float64(j) / 20
		}
	}
	return rs
}

// TestFanScale: one event whose CAR climbs to +300% among 300 within about
// ±8% does not set the scale: the middle 50% band fills a clear share of the
// plot, the outlier is cut at the top edge and labelled with its value and
// an arrow, and the subtitle says lines are cut. The same reading holds on
// the phone variant, with few events, and when every path rises or falls.
func TestFanScale(t *testing.T) {
	rs := batch(300)
	for j := range rs[7].Days {
		rs[7].Days[j].CAR = 3 * float64(j) / 20
	}
	ch, err := charts.CARFan(spec, rs)
	if err != nil {
		t.Fatal(err)
	}
	look(t, "fan_outlier", ch)
	if !hasLabel(fanChecks(t, "outlier", ch, 0.25), "NVDA · Sep 24, 2018", "↑ +300.0%") {
		t.Errorf("the outlier is not labelled \"NVDA · Sep 24, 2018\" over \"↑ +300.0%%\"")
	}
	if !strings.Contains(ch.Subtitle, "lines beyond the scale are cut at its edge") {
		t.Errorf("subtitle %q does not say that lines are cut", ch.Subtitle)
	}
	nw := ch.Narrow()
	look(t, "fan_outlier_narrow", nw)
	// On a phone the name and the date take a line each.
	if !hasLabel(fanChecks(t, "outlier, narrow", nw, 0.25), "NVDA", "Sep 24, 2018", "↑ +300.0%") {
		t.Errorf("narrow: the outlier is not labelled \"NVDA\", \"Sep 24, 2018\", \"↑ +300.0%%\"")
	}
	// A long company name is cut, so that the margin leaves the fan at
	// least half of the chart's width, on a phone too.
	long := spec
	long.Names = map[string]string{"NVDA": "NVIDIA Corporation of Santa Clara, California"}
	ch, err = charts.CARFan(long, rs)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []*charts.Chart{ch, ch.Narrow()} {
		what := fmt.Sprintf("long name, %.0f pt wide", float64(c.Spec.Width))
		blocks := fanChecks(t, what, c, 0.25)
		d := svgread.Parse(render(t, c, "svg-inline"))
		a, _ := d.TickX("−10")
		b, _ := d.TickX("+10")
		if b-a < 0.5*float64(c.Spec.Width) {
			t.Errorf("%s: days −10..+10 span %.0f pt: the label margin squeezes the fan", what, b-a)
		}
		if !hasLabel(blocks, "NVIDIA Corpor… · Sep 24, 2018", "↑ +300.0%") && !hasLabel(blocks, "NVIDIA Corpor…", "Sep 24, 2018", "↑ +300.0%") {
			t.Errorf("%s: the outlier's label is not cut to \"NVIDIA Corpor…\": %v", what, blocks)
		}
	}
	two := batch(300) // two outliers cut at the top edge: their labels stack down from it
	for j := range two[7].Days {
		two[7].Days[j].CAR = 3 * float64(j) / 20
		two[8].Days[j].CAR = 2 * float64(j) / 20
	}
	for what, rs := range map[string][]study.Result{
		"40 events": batch(40), "rising": shifted(batch(300), 0.12), "falling": shifted(batch(300), -0.12),
		"two outliers": two,
	} {
		ch, err := charts.CARFan(spec, rs)
		if err != nil {
			t.Fatal(err)
		}
		look(t, "fan_"+strings.ReplaceAll(what, " ", "_"), ch)
		fanChecks(t, what, ch, 0.15)
		fanChecks(t, what+", narrow", ch.Narrow(), 0.15)
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

// TestFanSkipsPathsWithoutCAR: an event whose CAR path has no finite value
// is neither a mover nor counted; with only such events there is no fan.
func TestFanSkipsPathsWithoutCAR(t *testing.T) {
	rs := batch(7)
	for i := range rs[2:] {
		for j := range rs[2+i].Days {
			rs[2+i].Days[j].CAR = math.NaN()
		}
	}
	ch, err := charts.CARFan(spec, rs)
	if err != nil {
		t.Fatal(err)
	}
	if want := "Cumulative abnormal returns of 2 events, day by day"; ch.Title != want {
		t.Errorf("title %q, want %q", ch.Title, want)
	}
	if !strings.Contains(ch.Subtitle, "Grey: the 2 largest moves") {
		t.Errorf("subtitle %q, want the 2 events with a CAR as the movers", ch.Subtitle)
	}
	if _, err := charts.CARFan(spec, rs[2:]); !errors.Is(err, charts.ErrNoData) {
		t.Errorf("CARFan(only NaN paths) = %v, want ErrNoData", err)
	}
}
