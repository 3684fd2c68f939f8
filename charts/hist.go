package charts

import (
	"fmt"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/eventstudy/eventstudy/study"
)

// CARHistogram draws the distribution of the events' CARs over window w: a
// histogram whose bins have a round width (1, 2, 2.5 or 5 times a power of
// ten, in percent) and edges at its multiples, about 1 + log2(N) bins
// (Sturges' rule). Results whose Status is not ok, that have no CAR for w, or
// whose CAR is NaN are left out. A dashed line marks 0%. The chart has a
// single series, so no legend. It returns an error wrapping [ErrNoData]
// when no CAR remains.
func CARHistogram(s Spec, rs []study.Result, w study.Window) (*Chart, error) {
	s = s.withDefaults()
	var cars []float64
	for _, r := range rs {
		if r.Status != study.StatusOK {
			continue
		}
		for _, c := range r.CARs {
			if c.Window == w && finite(c.CAR) {
				cars = append(cars, c.CAR)
			}
		}
	}
	if len(cars) == 0 {
		return nil, fmt.Errorf("charts: CAR histogram: no event has a CAR over days %s: %w", windowString(w), ErrNoData)
	}
	lo, hi := cars[0], cars[0]
	for _, c := range cars {
		lo, hi = math.Min(lo, c), math.Max(hi, c)
	}
	k := 1 + int(math.Ceil(math.Log2(float64(len(cars)))))
	width := niceStep(math.Max(hi-lo, 0.01), k)
	first := math.Floor(lo/width+1e-9) * width
	nb := int(math.Floor((hi-first)/width+1e-9)) + 1
	counts := make([]float64, nb)
	x := make([]float64, nb)
	for i := range x {
		x[i] = first + (float64(i)+0.5)*width
	}
	for _, c := range cars {
		i := min(int(math.Floor((c-first)/width+1e-9)), nb-1)
		counts[i]++
	}
	top := 0.0
	for _, c := range counts {
		top = math.Max(top, c)
	}

	p := newPlot(tickSize, labelSize)
	b := &bars{X: x, Y: counts, Width: width * 0.94, Color: barColor}
	// An empty bin's width of room on each side, and 0% always in view.
	setPercentAxis(&p.X, math.Min(first-width, 0), math.Max(first+float64(nb+1)*width, 0), 8)
	ystep := countStep(top, 6)
	yhi := math.Ceil(top/ystep) * ystep
	p.Y.Min, p.Y.Max = 0, yhi
	p.Y.Tick.Marker = NumberTicks{Step: ystep}
	p.X.Label.Text = "CAR over days " + windowString(w) + ", %"
	p.Y.Label.Text = "Number of events"
	zero := &rule{Vertical: true, At: 0, Line: draw.LineStyle{Color: mutedColor, Width: thinWidth, Dashes: []vg.Length{4, 3}}}
	p.Add(hgrid{}, b, zero)

	bin := strconv.FormatFloat(100*width, 'f', decimals(100*width), 64)
	return &Chart{
		Spec:     s,
		Title:    fmt.Sprintf("Cumulative abnormal returns over days %s across %s", windowString(w), plural(len(cars), "event")),
		Subtitle: fmt.Sprintf("Each bar counts the events whose CAR falls in a bin %s wide", plural2(bin, "percentage point")),
		Panels:   []*plot.Plot{p},
		Note:     s.Note,
	}, nil
}

// plural2 writes a decimal count with its noun: "1 percentage point", "2.5
// percentage points".
func plural2(n, noun string) string {
	if n == "1" {
		return n + " " + noun
	}
	return n + " " + noun + "s"
}

// countStep returns the smallest of 1, 2, 5, 10, 20, 50, … that cuts [0, top]
// into at most n intervals: counts are whole, so ticks are too.
func countStep(top float64, n int) float64 {
	for mag := 1.0; ; mag *= 10 {
		for _, m := range []float64{1, 2, 5} {
			if top/(m*mag) <= float64(n) {
				return m * mag
			}
		}
	}
}
