package charts

import (
	"math"
	"strconv"

	"gonum.org/v1/plot"
)

// niceSteps are the mantissas of round tick steps: 1, 2, 2.5 and 5 times a
// power of ten.
var niceSteps = []float64{1, 2, 2.5, 5, 10}

// niceStep returns the smallest round step that cuts span into at most n
// intervals. It returns 0 when span is not positive and finite.
func niceStep(span float64, n int) float64 {
	if !(span > 0) || math.IsInf(span, 0) || n < 1 {
		return 0
	}
	raw := span / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range niceSteps {
		if s := m * mag; s >= raw*(1-1e-9) {
			return s
		}
	}
	return 10 * mag
}

// niceRange widens [min, max] to the nearest multiples of a round step that
// gives at most n intervals, and returns the step. Equal ends are widened by
// one step on each side; a range that holds zero keeps zero as a tick.
func niceRange(min, max float64, n int) (lo, hi, step float64) {
	if min > max {
		min, max = max, min
	}
	span := max - min
	if span == 0 {
		span = math.Abs(min)
		if span == 0 {
			span = 1
		}
	}
	step = niceStep(span, n)
	// Widening can push the span over n steps; take the next step until it fits.
	for i := 0; i < 4; i++ {
		lo = math.Floor(min/step+1e-9) * step
		hi = math.Ceil(max/step-1e-9) * step
		if lo == hi {
			lo, hi = lo-step, hi+step
		}
		if (hi-lo)/step <= float64(n)+1e-9 {
			break
		}
		step = niceStep(hi-lo, n)
	}
	return lo, hi, step
}

// decimals returns how many decimals label multiples of step exactly:
// 0 for 5, 1 for 0.5, 2 for 0.25.
func decimals(step float64) int {
	for d := 0; d < 10; d++ {
		x := step * math.Pow(10, float64(d))
		if math.Abs(x-math.Round(x)) < 1e-6*x {
			return d
		}
	}
	return 10
}

// PercentTicks marks an axis whose values are fractions (0.05) with percent
// labels (5%) at round steps: 1, 2, 2.5 or 5 times a power of ten. Negative
// labels use the minus sign U+2212. The zero value chooses the step for about
// N = 6 intervals over the axis range.
type PercentTicks struct {
	Step float64 // between ticks, as a fraction (0.01 = 1 point); zero: automatic
	N    int     // most intervals when Step is zero; zero: 6
}

// Ticks implements [plot.Ticker].
func (t PercentTicks) Ticks(min, max float64) []plot.Tick {
	return roundTicks(min, max, t.Step, t.N, 100, "%")
}

// NumberTicks marks an axis of plain numbers (a price index, a count) at
// round steps, as [PercentTicks] does for percentages.
type NumberTicks struct {
	Step float64 // zero: automatic
	N    int     // most intervals when Step is zero; zero: 6
}

// Ticks implements [plot.Ticker].
func (t NumberTicks) Ticks(min, max float64) []plot.Tick {
	return roundTicks(min, max, t.Step, t.N, 1, "")
}

func roundTicks(min, max, step float64, n int, scale float64, unit string) []plot.Tick {
	if n <= 0 {
		n = 6
	}
	if step <= 0 {
		step = niceStep(max-min, n)
	}
	if step <= 0 || math.IsNaN(min) || math.IsNaN(max) {
		return nil
	}
	dec := decimals(step * scale)
	var ticks []plot.Tick
	for k := math.Ceil(min/step - 1e-9); k*step <= max+step*1e-9; k++ {
		v := k * step
		if math.Abs(v) < step*1e-9 {
			v = 0
		}
		ticks = append(ticks, plot.Tick{Value: v, Label: minus(strconv.FormatFloat(v*scale, 'f', dec, 64)) + unit})
	}
	return ticks
}

// DayTicks marks an axis of event days (…, −5, 0, +5, …) every Step days,
// with a signed label; zero Step chooses 1, 2, 5, 10, … for at most 8 intervals.
// Label, when set, replaces the text of a tick (e.g. to add its date).
type DayTicks struct {
	Step  int
	Label func(day int) string
}

// Ticks implements [plot.Ticker].
func (t DayTicks) Ticks(min, max float64) []plot.Tick {
	step := t.Step
	if step <= 0 {
		step = 1
		for _, s := range []int{1, 2, 5, 10, 20, 50, 100} {
			step = s
			if (max-min)/float64(s) <= 8 {
				break
			}
		}
	}
	var ticks []plot.Tick
	first := int(math.Ceil(min/float64(step))) * step
	for d := first; float64(d) <= max; d += step {
		lbl := signed(d)
		if t.Label != nil {
			lbl = t.Label(d)
		}
		ticks = append(ticks, plot.Tick{Value: float64(d), Label: lbl})
	}
	return ticks
}

// setPercentAxis fixes an axis to [min, max] widened to round percent ticks
// (at most n intervals), so that ticks sit at both ends; the ticker keeps the
// step, so the axis never rescales on its own.
func setPercentAxis(a *plot.Axis, min, max float64, n int) {
	lo, hi, step := niceRange(min, max, n)
	a.Min, a.Max = lo, hi
	a.Tick.Marker = PercentTicks{Step: step}
}

// setNumberAxis is setPercentAxis for plain numbers.
func setNumberAxis(a *plot.Axis, min, max float64, n int) {
	lo, hi, step := niceRange(min, max, n)
	a.Min, a.Max = lo, hi
	a.Tick.Marker = NumberTicks{Step: step}
}
