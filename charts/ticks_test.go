package charts

import (
	"math"
	"strings"
	"testing"

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
