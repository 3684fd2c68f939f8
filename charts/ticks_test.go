package charts

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/eventstudy/eventstudy/internal/svgread"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/recorder"
)

func labels(ts []plot.Tick) string {
	var s []string
	for _, t := range ts {
		s = append(s, t.Label)
	}
	return strings.Join(s, " ")
}

func TestNiceRangeAndPercentTicks(t *testing.T) {
	// Expected values worked by hand: span/n, rounded up to 1, 2, 2.5 or 5
	// times a power of ten, ends floored and ceiled to multiples of it.
	for _, tc := range []struct {
		min, max float64
		n        int
		want     string
	}{
		{-0.031, 0.047, 6, "−4% −2% 0% 2% 4% 6%"},             // 0.078/6 = 0.013 → 0.02
		{0, 0.15, 6, "0.0% 2.5% 5.0% 7.5% 10.0% 12.5% 15.0%"}, // 0.15/6 = 0.025
		{-0.0012, 0.0009, 4, "−0.2% −0.1% 0.0% 0.1%"},         // 0.0021/4 → 0.001; −0.0012 floors to −0.002
		{0.02, 0.02, 6, "1.5% 2.0% 2.5%"},                     // equal ends: span |0.02|/6 → 0.005, one step each side
		{-0.1, 0.1, 3, "−10% 0% 10%"},                         // 0.2/3 = 0.067 → 0.1
	} {
		lo, hi, step := niceRange(tc.min, tc.max, tc.n)
		got := labels(PercentTicks{Step: step}.Ticks(lo, hi))
		if got != tc.want {
			t.Errorf("niceRange(%g, %g, %d) = [%g, %g] step %g: ticks %q, want %q", tc.min, tc.max, tc.n, lo, hi, step, got, tc.want)
		}
		if lo > tc.min || hi < tc.max {
			t.Errorf("niceRange(%g, %g) = [%g, %g] does not cover the data", tc.min, tc.max, lo, hi)
		}
	}
}

func TestNumberAndDayTicks(t *testing.T) {
	check := func(name, got, want string) {
		t.Helper()
		if got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	check("NumberTicks(95, 125)", labels(NumberTicks{}.Ticks(95, 125)), "95 100 105 110 115 120 125")
	check("DayTicks(−10, 10)", labels(DayTicks{}.Ticks(-10, 10)), "−10 −5 0 +5 +10")
	check("DayTicks(−3, 3)", labels(DayTicks{}.Ticks(-3, 3)), "−3 −2 −1 0 +1 +2 +3")
	check("countStep(15, 6)", labels(NumberTicks{Step: countStep(15, 6)}.Ticks(0, 15)), "0 5 10 15")
	check("countStep(2, 6)", labels(NumberTicks{Step: countStep(2, 6)}.Ticks(0, 2)), "0 1 2")
}

// drawn counts the fills and strokes a plotter makes on a recording canvas.
func drawn(t *testing.T, p interface {
	plot.Plotter
	plot.DataRanger
}) (fills, strokes int) {
	t.Helper()
	rec := &recorder.Canvas{}
	c := draw.NewCanvas(rec, 300, 200)
	pl := plot.New()
	pl.Add(p)
	p.Plot(c, pl)
	for _, a := range rec.Actions {
		switch a.(type) {
		case *recorder.Fill:
			fills++
		case *recorder.Stroke:
			strokes++
		}
	}
	return fills, strokes
}

// TestNaNSkipped: a missing value is a gap, never a bar or a point at zero.
func TestNaNSkipped(t *testing.T) {
	nan := math.NaN()
	x := []float64{-2, -1, 0, 1, 2}
	y := []float64{0.01, nan, 0.02, -0.01, nan}
	b := &bars{X: x, Y: y, Width: 0.6, Color: barColor}
	if fills, _ := drawn(t, b); fills != 3 {
		t.Errorf("bars with 2 NaN of 5: %d bars, want 3", fills)
	}
	l := &path{X: x, Y: y, Line: draw.LineStyle{Color: pathColor, Width: 1}, Mark: -1}
	if _, strokes := drawn(t, l); strokes != 1 {
		// runs: {0}, {2,3}: a lone point has no segment, the run of two has one line
		t.Errorf("path over runs {−2} and {0, 1}: %d strokes, want 1", strokes)
	}
	l.Dots = vg.Length(2)
	if fills, _ := drawn(t, l); fills != 3 {
		t.Errorf("path with dots: %d dots, want 3 (one per finite value)", fills)
	}
	bd := &band{X: x, Lo: []float64{-1, -1, nan, -1, -1}, Hi: []float64{1, 1, 1, 1, 1}, Width: 1, Step: true, Color: bandColor}
	if fills, _ := drawn(t, bd); fills != 2 {
		t.Errorf("band broken at one NaN: %d polygons, want 2", fills)
	}
	if _, _, ymin, ymax := b.DataRange(); ymin != -0.01 || ymax != 0.02 {
		t.Errorf("bars DataRange y = [%g, %g], want [−0.01, 0.02]", ymin, ymax)
	}
}

// Counts in titles are grouped by thousands, as a newsroom prints them.
func TestPlural(t *testing.T) {
	for _, c := range []struct {
		n    int
		want string
	}{
		{1, "1 event"}, {0, "0 events"}, {12, "12 events"}, {999, "999 events"},
		{1000, "1,000 events"}, {10000, "10,000 events"}, {1234567, "1,234,567 events"},
	} {
		if got := Count(c.n, "event"); got != c.want {
			t.Errorf("Count(%d) = %q, want %q", c.n, got, c.want)
		}
	}
	if got := Thousands(-1234); got != "-1,234" {
		t.Errorf("Thousands(-1234) = %q, want -1,234", got)
	}
}

// TestNextNice: the rounder steps, in order; counts skip 2.5.
func TestNextNice(t *testing.T) {
	for _, c := range []struct {
		step  float64
		whole bool
		want  float64
	}{{0.01, false, 0.02}, {0.02, false, 0.025}, {0.025, false, 0.05}, {0.05, false, 0.1}, {2, true, 5}, {20, true, 25}, {5, true, 10}} {
		if got := nextNice(c.step, 0, 1, 6, c.whole); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("nextNice(%v, whole %v) = %v, want %v", c.step, c.whole, got, c.want)
		}
	}
}

// TestCoarser: each kind of ticks gets rounder, keeps what it labels with,
// and names of rows are never thinned.
func TestCoarser(t *testing.T) {
	if got := labels(coarser(PercentTicks{Step: 0.025}, -0.1, 0.1).Ticks(-0.1, 0.1)); got != "−10% −5% 0% 5% 10%" {
		t.Errorf("percent ticks after 2.5%%: %s", got)
	}
	if got := labels(coarser(NumberTicks{Step: 20}, 0, 100).Ticks(0, 100)); got != "0 25 50 75 100" {
		t.Errorf("number ticks after 20: %s", got)
	}
	day := DayTicks{Step: 5, Label: func(d int) string { return signed(d) + "\nx" }}
	if got := labels(coarser(day, -10, 10).Ticks(-10, 10)); got != "−10\nx 0\nx +10\nx" {
		t.Errorf("day ticks after 5: %q", got)
	}
	if got := labels(coarser(blank{DayTicks{}}, -10, 10).Ticks(-10, 10)); got != "  " {
		t.Errorf("blank day ticks after auto: %q", got)
	}
	c := plot.ConstantTicks{{Value: -2, Label: "a"}, {Value: -1, Label: "b"}, {Value: 0, Label: "c"}, {Value: 1, Label: "d"}}
	if got := labels(coarser(c, -2, 1).Ticks(-2, 1)); got != "a c" {
		t.Errorf("constant ticks thinned: %q, want the one at zero kept", got)
	}
	if coarser(rowTicks{"a", "b"}, 0, 1) != nil {
		t.Error("names of rows thinned")
	}
}

// TestRoundTicksDecimals: every label has the decimals the least round
// one needs, and none more.
func TestRoundTicksDecimals(t *testing.T) {
	for _, c := range []struct {
		step, min, max float64
		want           string
	}{{0.025, -0.05, 0.05, "−5.0% −2.5% 0.0% 2.5% 5.0%"}, {0.025, -0.01, 0.01, "0%"}, {0.05, -0.1, 0.1, "−10% −5% 0% 5% 10%"}} {
		if got := labels(PercentTicks{Step: c.step}.Ticks(c.min, c.max)); got != c.want {
			t.Errorf("PercentTicks{%v}.Ticks(%v, %v) = %s, want %s", c.step, c.min, c.max, got, c.want)
		}
	}
}

// TestFitTicksGrid: in a grid of panels whose x labels crowd, every panel
// (the blank ones over others too) gets the same rounder step, and no two
// labels of an axis come closer than half an em, as read from the SVG.
func TestFitTicksGrid(t *testing.T) {
	var ps []*plot.Plot
	for i := range 4 {
		p := newPlot(tickSize, labelSize)
		p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = -0.1, 0.1, 0, 1
		var xt plot.Ticker = PercentTicks{Step: 0.01}
		if i < 2 {
			xt = blank{xt}
		}
		p.X.Tick.Marker, p.Y.Tick.Marker = xt, PercentTicks{Step: 0.25}
		p.Add(hgrid{})
		ps = append(ps, p)
	}
	ch := &Chart{Title: "Grid", Panels: ps, Cols: 2}
	var buf bytes.Buffer
	if err := Render(ch.Narrow(), "svg", &buf); err != nil {
		t.Fatal(err)
	}
	d := svgread.Parse(buf.Bytes())
	if c := d.TickCrowding(); len(c) > 0 {
		t.Errorf("crowded labels: %v", c)
	}
	var rows []string
	for _, ax := range d.TickAxes() {
		if !ax.Vertical {
			var s []string
			for _, l := range ax.Labels {
				s = append(s, l.S)
			}
			rows = append(rows, strings.Join(s, " "))
		}
	}
	if len(rows) != 1 || rows[0] != "−10% 0% 10% −10% 0% 10%" {
		t.Errorf("x labels of the bottom panels: %q, want −10%%, 0%%, 10%% on both", rows)
	}
	for _, p := range ps {
		if _, ok := p.X.Tick.Marker.(blank); !ok && p.X.Tick.Marker.(PercentTicks).Step != 0.01 {
			t.Error("the chart's own panel changed by drawing")
		}
	}
}
