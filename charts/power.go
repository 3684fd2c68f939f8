package charts

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// RejectionRate is one bar of [RejectionChart]: a test, the share of samples
// in which it rejected, and the binomial standard error of that share.
type RejectionRate struct {
	Test     string
	Rate, SE float64
}

// RejectionChart draws the rejection rates of a simulation (eventstudy
// simulate): one bar per test, a whisker of ±1.96·SE, and a dashed line at
// the nominal level (drawn when level > 0). Under the null a well-specified
// test's bar reaches the line within its whisker; under an alternative the
// bar is the test's power. It returns an error wrapping [ErrNoData] when no
// rate is finite.
func RejectionChart(s Spec, title, subtitle string, rates []RejectionRate, level float64) (*Chart, error) {
	s = s.withDefaults()
	x := make([]float64, len(rates))
	y := make([]float64, len(rates))
	var ticks []plot.Tick
	top, any := level, false
	for i, r := range rates {
		x[i], y[i] = float64(i), r.Rate
		if finite(r.Rate) {
			any = true
			top = math.Max(top, r.Rate+1.96*math.Max(r.SE, 0))
		} else {
			y[i] = 0
		}
		ticks = append(ticks, plot.Tick{Value: float64(i), Label: r.Test})
	}
	if !any {
		return nil, fmt.Errorf("charts: rejection chart: no finite rate: %w", ErrNoData)
	}
	p := newPlot(tickSize, labelSize)
	p.Add(hgrid{}, &bars{X: x, Y: y, Width: 0.7, Color: barColor}, &whiskers{rates: rates})
	if level > 0 {
		p.Add(&rule{At: level, Line: draw.LineStyle{Color: pathColor, Width: thinWidth * 1.5, Dashes: []vg.Length{5, 3}}})
	}
	p.X.Min, p.X.Max = -0.6, float64(len(rates))-0.4
	p.X.Tick.Marker = plot.ConstantTicks(ticks)
	p.X.Tick.Label.Rotation = math.Pi / 4
	p.X.Tick.Label.XAlign = draw.XRight
	p.X.Tick.Label.YAlign = draw.YCenter
	setPercentAxis(&p.Y, 0, math.Min(1, math.Max(top*1.1, 0.01)), 6)
	p.Y.Label.Text = "Rejection rate, %"
	return &Chart{Spec: s, Title: title, Subtitle: subtitle, Panels: []*plot.Plot{p}}, nil
}

// whiskers draws Rate ± 1.96·SE for each bar.
type whiskers struct{ rates []RejectionRate }

func (w *whiskers) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	ls := draw.LineStyle{Color: inkColor, Width: thinWidth}
	for i, r := range w.rates {
		if !finite(r.Rate) || !finite(r.SE) {
			continue
		}
		x := trX(float64(i))
		lo, hi := trY(math.Max(0, r.Rate-1.96*r.SE)), trY(math.Min(1, r.Rate+1.96*r.SE))
		c.StrokeLine2(ls, x, lo, x, hi)
		c.StrokeLine2(ls, x-4, lo, x+4, lo)
		c.StrokeLine2(ls, x-4, hi, x+4, hi)
	}
}
