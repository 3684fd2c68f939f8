package charts

import (
	"fmt"
	"image/color"
	"sort"
	"strings"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Marks of days on an event-time axis: the event itself (a rule at day 0
// with a label) and other news of the firm inside the window (a shaded day
// with a label), as graphics desks mark them (CHARTS.md, "Mark the event").

// confoundColor shades the day of another event: Reddish purple at 20% over
// white, opaque so that SVG and PNG agree.
var confoundColor = color.RGBA{0xf5, 0xe4, 0xed, 0xff}

// confoundInk is the text of those marks: Reddish purple darkened to pass
// 4.5:1 contrast on white.
var confoundInk = color.RGBA{0x9a, 0x3b, 0x74, 0xff}

// dayRule is a vertical rule at day At with a short label at the top of the
// data area, right of the rule (left of it when it would leave the area).
type dayRule struct {
	At    float64
	Label string
	Line  draw.LineStyle
}

// eventRule is the rule at day 0 of every event-time chart.
func eventRule(label string) *dayRule {
	return &dayRule{At: 0, Label: label, Line: draw.LineStyle{Color: inkColor, Width: thinWidth, Dashes: []vg.Length{4, 3}}}
}

func (r *dayRule) Plot(c draw.Canvas, p *plot.Plot) {
	if r.At < p.X.Min || r.At > p.X.Max {
		return
	}
	trX, _ := p.Transforms(&c)
	x := trX(r.At)
	c.StrokeLine2(r.Line, x, c.Min.Y, x, c.Max.Y)
	markLabel(c, x, 0, r.Label, inkColor)
}

func (r *dayRule) Thumbnail(c *draw.Canvas) {
	x := c.Center().X
	c.StrokeLine2(r.Line, x, c.Min.Y, x, c.Max.Y)
}

// markLabel writes a mark's label at the top of the data area, row rows
// down, beside the vertical line at x.
func markLabel(c draw.Canvas, x vg.Length, row int, label string, col color.Color) {
	if label == "" {
		return
	}
	sty := textStyle(regularFont, markSize, col)
	sty.YAlign = draw.YTop
	y := c.Max.Y - gap/2 - vg.Length(row)*(sty.Height("Ag")+gap/2)
	w, h := sty.Width(label), sty.Height(label)
	left := x + gap/2
	sty.XAlign = draw.XLeft
	if x+gap+w > c.Max.X {
		left = x - gap/2 - w
	}
	haloText(c, sty, vg.Point{X: left, Y: y}, w, h, label)
}

// haloText writes a label left-aligned at pt (its top at pt.Y when sty is
// top-aligned, its middle when centred) over a white box a little larger
// than the text, so that lines it crosses do not run through the letters.
func haloText(c draw.Canvas, sty text.Style, pt vg.Point, w, h vg.Length, label string) {
	top := pt.Y
	if sty.YAlign == draw.YCenter {
		top = pt.Y + h/2
	}
	const pad = 2
	c.FillPolygon(whiteColor, []vg.Point{{X: pt.X - pad, Y: top - h}, {X: pt.X + w + pad, Y: top - h},
		{X: pt.X + w + pad, Y: top}, {X: pt.X - pad, Y: top}})
	c.FillText(sty, pt, label)
}

// shadedDay shades the column of one day (At ± 0.5) behind the data and
// labels it: another event of the same firm inside the window.
type shadedDay struct {
	At float64
}

func (s *shadedDay) Plot(c draw.Canvas, p *plot.Plot) {
	if s.At < p.X.Min-0.5 || s.At > p.X.Max+0.5 {
		return
	}
	trX, _ := p.Transforms(&c)
	x0, x1 := trX(s.At-0.5), trX(s.At+0.5)
	pts := []vg.Point{{X: x0, Y: c.Min.Y}, {X: x1, Y: c.Min.Y}, {X: x1, Y: c.Max.Y}, {X: x0, Y: c.Max.Y}}
	c.FillPolygon(confoundColor, c.ClipPolygonX(pts))
}

// dayLabel writes the label of a shaded day over the data (a plotter of its
// own, added after the data, so that bars and bands do not cover it).
type dayLabel struct {
	At    float64
	Label string
	Row   int // label row from the top; row 0 is the day-0 label's
}

func (l *dayLabel) Plot(c draw.Canvas, p *plot.Plot) {
	if l.At < p.X.Min-0.5 || l.At > p.X.Max+0.5 {
		return
	}
	trX, _ := p.Transforms(&c)
	markLabel(c, trX(l.At+0.5), l.Row, l.Label, confoundInk)
}

func (s *shadedDay) Thumbnail(c *draw.Canvas) {
	r := c.Rectangle
	w := r.Size().X / 4
	c.FillPolygon(confoundColor, []vg.Point{{X: r.Min.X + w, Y: r.Min.Y}, {X: r.Max.X - w, Y: r.Min.Y},
		{X: r.Max.X - w, Y: r.Max.Y}, {X: r.Min.X + w, Y: r.Max.Y}})
}

// otherDay is another event placed on a chart's event-day axis.
type otherDay struct {
	RelDay int
	Date   time.Time // the trading day it is marked on
	Label  string
}

// othersIn places the other events on the chart's trading days: each on
// the first of dates on or after its Day, kept when that is a day of the
// window [dates[0], dates[last]] other than day 0 (index i0). relDay gives
// the event day of an index of dates. Sorted by day.
func othersIn(others []Other, dates []time.Time, i0 int, relDay func(i int) int) []otherDay {
	var out []otherDay
	if len(dates) == 0 {
		return nil
	}
	for _, o := range others {
		if o.Day.IsZero() || o.Day.After(dates[len(dates)-1]) || o.Day.Before(dates[0]) {
			continue
		}
		i := sort.Search(len(dates), func(i int) bool { return !dates[i].Before(o.Day) })
		if i >= len(dates) || i == i0 {
			continue
		}
		out = append(out, otherDay{RelDay: relDay(i), Date: dates[i], Label: o.Label})
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].RelDay < out[b].RelDay })
	return out
}

// markOthers adds the shaded days of the other events to p, behind what is
// added next, and returns their labels, to add over the data, and the
// subtitle line that names them ("" when there are none).
func markOthers(p *plot.Plot, days []otherDay) (labels []plot.Plotter, sub string) {
	if len(days) == 0 {
		return nil, ""
	}
	var names []string
	for k, d := range days {
		p.Add(&shadedDay{At: float64(d.RelDay)})
		labels = append(labels, &dayLabel{At: float64(d.RelDay), Label: shortLabel(d.Label, 24), Row: 1 + k%2})
		names = append(names, fmt.Sprintf("day %s (%s): %s", signed(d.RelDay), d.Date.Format("Jan 2"), d.Label))
	}
	return labels, "Shaded: other news of the firm, " + strings.Join(names, "; ")
}

// headroom raises ymax so that rows of mark labels at the top of the data
// area do not cover the data: each row takes about a tenth of the height
// of a default chart's data area.
func headroom(ymin, ymax float64, rows int) float64 {
	if !finite(ymin) || !finite(ymax) || ymax <= ymin {
		return ymax
	}
	return ymax + (ymax-ymin)*0.13*float64(rows)
}

// labelRows is the number of label rows of the marks: the day-0 label's
// and one or two for other news.
func labelRows(others []otherDay) int {
	return 1 + min(len(others), 2)
}

// shortLabel cuts s to at most n runes, ending it with "…" when cut.
func shortLabel(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// joinLines joins the non-empty lines with newlines.
func joinLines(lines ...string) string {
	var out []string
	for _, l := range lines {
		if l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
