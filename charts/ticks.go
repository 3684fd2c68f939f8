package charts

import (
	"cmp"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
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
	if step == 0 {
		return 0
	}
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
	var ticks []plot.Tick
	for k := math.Ceil(min/step - 1e-9); k*step <= max+step*1e-9; k++ {
		v := k * step
		if math.Abs(v) < step*1e-9 {
			v = 0
		}
		ticks = append(ticks, plot.Tick{Value: v})
	}
	// As many decimals as the least round label needs, the same on every
	// label: "−10%, −5%, 0%" rather than "−10.0%", but "−7.5%, −5.0%".
	dec := 0
	for _, t := range ticks {
		if d := decimals(math.Abs(t.Value * scale)); d > dec {
			dec = d
		}
	}
	for i, t := range ticks {
		ticks[i].Label = minus(strconv.FormatFloat(t.Value*scale, 'f', dec, 64)) + unit
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
	step := t.step(min, max)
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

// daySteps are the steps of DayTicks, finest first.
var daySteps = []int{1, 2, 5, 10, 20, 50, 100, 200, 500, 1000}

// step is Step, or the automatic step for [min, max].
func (t DayTicks) step(min, max float64) int {
	if t.Step > 0 {
		return t.Step
	}
	for _, s := range daySteps {
		if (max-min)/float64(s) <= 8 {
			return s
		}
	}
	return daySteps[len(daySteps)-1]
}

// Tick labels of an axis keep at least tickGapEm of their font size
// between neighbours. digitHeight is the ink height of a line of digits in
// Liberation Sans, in em: what must not touch on a vertical axis, where
// labels stack.
const (
	tickGapEm   = 0.5
	digitHeight = 0.72
)

// labelsFit reports whether the labels of ticks on axis a, drawn over
// length (the data area's width, or height when vertical), keep tickGapEm
// apart. Rotated labels are not checked.
func labelsFit(a *plot.Axis, ticks []plot.Tick, length vg.Length, vertical bool) bool {
	sty := a.Tick.Label
	if sty.Rotation != 0 || !(a.Max > a.Min) || length <= 0 {
		return true
	}
	gap := tickGapEm * sty.Font.Size
	lead := sty.FontExtents().Height
	end, first := vg.Length(0), true
	for _, t := range ticks { // ascending, as every ticker here makes them
		if t.IsMinor() || t.Value < a.Min || t.Value > a.Max {
			continue
		}
		pos := vg.Length((t.Value-a.Min)/(a.Max-a.Min)) * length
		var lo, hi vg.Length
		if vertical {
			h := digitHeight*sty.Font.Size + vg.Length(strings.Count(t.Label, "\n"))*lead
			lo, hi = pos-h/2, pos+h/2
		} else {
			w := sty.Width(t.Label)
			lo = pos + vg.Length(sty.XAlign)*w
			hi = lo + w
		}
		if !first && lo-end < gap {
			return false
		}
		end, first = hi, false
	}
	return true
}

// coarser returns the ticker with the next rounder step after t's (5% after
// 2.5%, 10 days after 5), or nil when there is none: names of rows are
// never thinned.
func coarser(t plot.Ticker, min, max float64) plot.Ticker {
	switch t := t.(type) {
	case PercentTicks:
		return PercentTicks{Step: nextNice(t.Step, min, max, t.N, false)}
	case NumberTicks:
		return NumberTicks{Step: nextNice(t.Step, min, max, t.N, true)}
	case DayTicks:
		s := t.step(min, max)
		for _, n := range daySteps {
			if n > s {
				return DayTicks{Step: n, Label: t.Label}
			}
		}
	case blank:
		if c := coarser(t.Ticker, min, max); c != nil {
			return blank{c}
		}
	case plot.ConstantTicks:
		// Every other labelled tick, keeping the one at zero if any.
		keep := 0
		for i, tk := range t {
			if tk.Value == 0 {
				keep = i
			}
		}
		var out plot.ConstantTicks
		for i, tk := range t {
			if (i-keep)%2 == 0 || tk.IsMinor() {
				out = append(out, tk)
			}
		}
		if len(out) < len(t) {
			return out
		}
	}
	return nil
}

// nextNice returns the round step after step (zero: the automatic one for
// n intervals): 1, 2, 2.5, 5, 10 times a power of ten; whole skips 2.5
// where it would make a whole-number step fractional (counts).
func nextNice(step, min, max float64, n int, whole bool) float64 {
	if step <= 0 {
		step = niceStep(max-min, cmp.Or(n, 6))
		if step <= 0 {
			return 1
		}
	}
	mag := math.Pow(10, math.Floor(math.Log10(step)+1e-9))
	for _, m := range niceSteps {
		s := m * mag
		if s <= step*(1+1e-9) || whole && step == math.Round(step) && s != math.Round(s) {
			continue
		}
		return s
	}
	return 10 * mag
}

// fitTicks returns the panels of a grid with their tick steps made rounder,
// the same on every panel, until no two labels of an axis come closer than
// tickGapEm on the canvases they are drawn in; changed reports whether any
// step changed (the panels are shallow copies then; the chart's own are
// never altered, so that wide and narrow drawings, even concurrent ones,
// share them).
func fitTicks(grid [][]*plot.Plot, canvases [][]draw.Canvas) (out [][]*plot.Plot, changed bool) {
	const most = 8 // steps a label may get rounder
	levels := func(p *plot.Plot, a *plot.Axis, length vg.Length, vertical bool) int {
		t := a.Tick.Marker
		for l := 0; l < most; l++ {
			if t == nil || labelsFit(a, t.Ticks(a.Min, a.Max), length, vertical) {
				return l
			}
			t = coarser(t, a.Min, a.Max)
		}
		return most
	}
	lx, ly := 0, 0
	for r, row := range grid {
		for c, p := range row {
			if p == nil {
				continue
			}
			da := p.DataCanvas(canvases[r][c])
			lx = max(lx, levels(p, &p.X, da.Max.X-da.Min.X, false))
			ly = max(ly, levels(p, &p.Y, da.Max.Y-da.Min.Y, true))
		}
	}
	if lx == 0 && ly == 0 {
		return grid, false
	}
	round := func(a *plot.Axis, l int) {
		for ; l > 0 && a.Tick.Marker != nil; l-- {
			if c := coarser(a.Tick.Marker, a.Min, a.Max); c != nil {
				a.Tick.Marker = c
			}
		}
	}
	out = make([][]*plot.Plot, len(grid))
	for r, row := range grid {
		out[r] = make([]*plot.Plot, len(row))
		for c, p := range row {
			if p == nil {
				continue
			}
			cp := *p
			round(&cp.X, lx)
			round(&cp.Y, ly)
			out[r][c] = &cp
		}
	}
	return out, true
}
