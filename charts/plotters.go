package charts

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The plotters below skip NaN values instead of rejecting them (as gonum's
// plotter package does) or drawing them as zero: a missing day is a gap.

// bars draws one vertical bar per finite Y, from 0 to Y, centred on X and
// Width data units wide.
type bars struct {
	X, Y  []float64
	Width float64 // in X data units
	Color color.Color
}

func (b *bars) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	c.SetColor(b.Color)
	for i, y := range b.Y {
		x := b.X[i]
		if math.IsNaN(y) || math.IsNaN(x) || math.IsInf(y, 0) {
			continue
		}
		x0, x1 := trX(x-b.Width/2), trX(x+b.Width/2)
		y0, y1 := trY(0), trY(y)
		pts := []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}}
		c.FillPolygon(b.Color, c.ClipPolygonXY(pts))
	}
}

func (b *bars) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax, ymin, ymax = math.Inf(1), math.Inf(-1), 0, 0
	for i, y := range b.Y {
		if math.IsNaN(y) || math.IsInf(y, 0) {
			continue
		}
		xmin, xmax = math.Min(xmin, b.X[i]-b.Width/2), math.Max(xmax, b.X[i]+b.Width/2)
		ymin, ymax = math.Min(ymin, y), math.Max(ymax, y)
	}
	return
}

func (b *bars) Thumbnail(c *draw.Canvas) {
	r := c.Rectangle
	w := r.Size().X / 4
	pts := []vg.Point{{X: r.Min.X + w, Y: r.Min.Y}, {X: r.Max.X - w, Y: r.Min.Y}, {X: r.Max.X - w, Y: r.Max.Y}, {X: r.Min.X + w, Y: r.Max.Y}}
	c.FillPolygon(b.Color, pts)
}

// band fills the area between Lo and Hi, broken where a value is missing:
// with Step, each day is a flat step from X−Width/2 to X+Width/2; without,
// the edges join the points.
type band struct {
	X, Lo, Hi []float64
	Width     float64
	Step      bool
	Color     color.Color
}

func (b *band) ok(i int) bool {
	return !math.IsNaN(b.X[i]) && !math.IsNaN(b.Lo[i]) && !math.IsNaN(b.Hi[i]) &&
		!math.IsInf(b.Lo[i], 0) && !math.IsInf(b.Hi[i], 0)
}

func (b *band) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	half := 0.0
	if b.Step {
		half = b.Width / 2
	}
	// One polygon per run of days with both ends, so that a stepped band has
	// no seams between days.
	for _, run := range runs(len(b.X), b.ok) {
		var pts []vg.Point
		for i := run[0]; i < run[1]; i++ {
			y := trY(b.Hi[i])
			if b.Step {
				pts = append(pts, vg.Point{X: trX(b.X[i] - half), Y: y}, vg.Point{X: trX(b.X[i] + half), Y: y})
			} else {
				pts = append(pts, vg.Point{X: trX(b.X[i]), Y: y})
			}
		}
		for i := run[1] - 1; i >= run[0]; i-- {
			y := trY(b.Lo[i])
			if b.Step {
				pts = append(pts, vg.Point{X: trX(b.X[i] + half), Y: y}, vg.Point{X: trX(b.X[i] - half), Y: y})
			} else {
				pts = append(pts, vg.Point{X: trX(b.X[i]), Y: y})
			}
		}
		c.FillPolygon(b.Color, c.ClipPolygonXY(pts))
	}
}

func (b *band) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax, ymin, ymax = math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	half := 0.0
	if b.Step {
		half = b.Width / 2
	}
	for i := range b.X {
		if !b.ok(i) {
			continue
		}
		xmin, xmax = math.Min(xmin, b.X[i]-half), math.Max(xmax, b.X[i]+half)
		ymin, ymax = math.Min(ymin, math.Min(b.Lo[i], b.Hi[i])), math.Max(ymax, math.Max(b.Lo[i], b.Hi[i]))
	}
	return
}

func (b *band) Thumbnail(c *draw.Canvas) {
	r := c.Rectangle
	c.FillPolygon(b.Color, []vg.Point{r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y}})
}

// path draws a line through the points with finite Y, broken at missing
// values, and a dot on each point when Dots is set (so that a lone point
// between two gaps is still seen).
type path struct {
	X, Y []float64
	Line draw.LineStyle
	Dots vg.Length // dot radius; zero: none
	Mark int       // index of a point drawn with a larger ring (e.g. day 0); −1: none
	// Lone draws the dots only on points without a neighbour on either
	// side (a day between two gaps, which a line cannot show): small
	// multiples keep their SVG small.
	Lone bool
}

func (l *path) ok(i int) bool {
	return !math.IsNaN(l.X[i]) && !math.IsNaN(l.Y[i]) && !math.IsInf(l.Y[i], 0)
}

func (l *path) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for _, run := range runs(len(l.X), l.ok) {
		pts := make([]vg.Point, 0, run[1]-run[0])
		for i := run[0]; i < run[1]; i++ {
			pts = append(pts, vg.Point{X: trX(l.X[i]), Y: trY(l.Y[i])})
		}
		if len(pts) > 1 {
			c.StrokeLines(l.Line, c.ClipLinesXY(pts)...)
		}
	}
	for i := range l.X {
		if !l.ok(i) {
			continue
		}
		pt := vg.Point{X: trX(l.X[i]), Y: trY(l.Y[i])}
		lone := (i == 0 || !l.ok(i-1)) && (i == len(l.X)-1 || !l.ok(i+1))
		if l.Dots > 0 && (!l.Lone || lone) {
			c.DrawGlyph(draw.GlyphStyle{Color: l.Line.Color, Radius: l.Dots, Shape: draw.CircleGlyph{}}, pt)
		}
		if i == l.Mark {
			c.DrawGlyph(draw.GlyphStyle{Color: l.Line.Color, Radius: 3 * l.Line.Width, Shape: draw.CircleGlyph{}}, pt)
		}
	}
}

func (l *path) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax, ymin, ymax = math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for i := range l.X {
		if !l.ok(i) {
			continue
		}
		xmin, xmax = math.Min(xmin, l.X[i]), math.Max(xmax, l.X[i])
		ymin, ymax = math.Min(ymin, l.Y[i]), math.Max(ymax, l.Y[i])
	}
	return
}

func (l *path) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(l.Line, c.Min.X, y, c.Max.X, y)
	if l.Dots > 0 && !l.Lone {
		c.DrawGlyph(draw.GlyphStyle{Color: l.Line.Color, Radius: l.Dots, Shape: draw.CircleGlyph{}}, c.Center())
	}
}

// runs returns the half-open index ranges [a, b) of consecutive i with ok(i).
func runs(n int, ok func(int) bool) [][2]int {
	var out [][2]int
	for i := 0; i < n; {
		if !ok(i) {
			i++
			continue
		}
		j := i
		for j < n && ok(j) {
			j++
		}
		out = append(out, [2]int{i, j})
		i = j
	}
	return out
}

// rule is a straight line across the data area: vertical at X (Vertical) or
// horizontal at Y. It does not widen the axes.
type rule struct {
	Vertical bool
	At       float64
	Line     draw.LineStyle
}

func (r *rule) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	if r.Vertical {
		if r.At < p.X.Min || r.At > p.X.Max {
			return
		}
		x := trX(r.At)
		c.StrokeLine2(r.Line, x, c.Min.Y, x, c.Max.Y)
		return
	}
	if r.At < p.Y.Min || r.At > p.Y.Max {
		return
	}
	y := trY(r.At)
	c.StrokeLine2(r.Line, c.Min.X, y, c.Max.X, y)
}

func (r *rule) Thumbnail(c *draw.Canvas) {
	if r.Vertical {
		x := c.Center().X
		c.StrokeLine2(r.Line, x, c.Min.Y, x, c.Max.Y)
		return
	}
	y := c.Center().Y
	c.StrokeLine2(r.Line, c.Min.X, y, c.Max.X, y)
}

// hgrid draws light horizontal lines at the major Y ticks.
type hgrid struct{}

func (hgrid) Plot(c draw.Canvas, p *plot.Plot) {
	_, trY := p.Transforms(&c)
	sty := draw.LineStyle{Color: gridColor, Width: thinWidth}
	marker := p.Y.Tick.Marker
	if b, ok := marker.(blank); ok { // inner small multiples keep their grid
		marker = b.Ticker
	}
	for _, t := range marker.Ticks(p.Y.Min, p.Y.Max) {
		if t.IsMinor() || t.Value < p.Y.Min || t.Value > p.Y.Max {
			continue
		}
		y := trY(t.Value)
		c.StrokeLine2(sty, c.Min.X, y, c.Max.X, y)
	}
}

// zeroLine is the line at Y = 0 of return charts, solid and in the text
// colour: darker than the grid, so that gains and losses part at a glance.
func zeroLine() *rule {
	return &rule{At: 0, Line: draw.LineStyle{Color: inkColor, Width: thinWidth}}
}

// dataRange is the union of the ranges of the plotters that have one.
func dataRange(ps ...plot.DataRanger) (xmin, xmax, ymin, ymax float64) {
	xmin, xmax, ymin, ymax = math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, p := range ps {
		a, b, c, d := p.DataRange()
		xmin, xmax = math.Min(xmin, a), math.Max(xmax, b)
		ymin, ymax = math.Min(ymin, c), math.Max(ymax, d)
	}
	return
}
