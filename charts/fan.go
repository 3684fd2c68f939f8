package charts

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"sort"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/eventstudy/eventstudy/study"
)

// Fan chart bands: Vermillion at 15% and 35% over white, opaque.
var (
	fanOuter = color.RGBA{0xf9, 0xe7, 0xd9, 0xff}
	fanInner = color.RGBA{0xf0, 0xc7, 0xa6, 0xff}
	moverCol = color.RGBA{0x8c, 0x8c, 0x8c, 0xff}
)

// FanMovers is the number of largest moves a fan chart draws and labels.
const FanMovers = 3

// CARFan draws the CAR paths of many events as a fan: by event day, the
// median CAR (Day.CAR, cumulated from the window start) with bands holding
// the middle 50% (25th–75th percentile) and the middle 80% (10th–90th) of
// the events, from study.PathQuantiles; and the [FanMovers] events with the
// largest absolute CAR at the end of the window, drawn thin and grey.
// The y scale is the bands' (with zero), so that one +150% path cannot
// flatten the fan: movers beyond it are cut at its edge, and the subtitle
// says so. The median and the movers are labelled with their last value in
// a gutter right of the last day, where no line runs, nudged apart, with ↑
// or ↓ on a cut line. It replaces small multiples when a batch has too many
// events for them.
// Results whose Status is not ok are left out; it returns an error wrapping
// [ErrNoData] when no OK result has a CAR.
func CARFan(s Spec, rs []study.Result) (*Chart, error) {
	s = s.withDefaults()
	lo, hi := math.MaxInt, math.MinInt
	var ok []int // indices of the OK results with a CAR path
	for i := range rs {
		r := &rs[i]
		if _, has := lastCAR(*r); r.Status != study.StatusOK || !has {
			continue
		}
		ok = append(ok, i)
		lo, hi = min(lo, r.Days[0].RelDay), max(hi, r.Days[len(r.Days)-1].RelDay)
	}
	if len(ok) == 0 {
		return nil, fmt.Errorf("charts: CAR fan: no event has a CAR path: %w", ErrNoData)
	}
	p0 := study.Params{Event: study.Window{Start: lo, End: hi}}
	q, counts := study.PathQuantiles(p0, rs, []float64{0.1, 0.25, 0.5, 0.75, 0.9})
	f := &fanData{lo: lo, hi: hi, q: q}
	for _, c := range counts {
		f.n = max(f.n, c)
	}
	// The largest moves: by |CAR| on the last day of the path, the earlier
	// result first among equal ones.
	for _, i := range largest(ok, FanMovers, func(i int) float64 { v, _ := lastCAR(rs[i]); return math.Abs(v) }) {
		f.movers = append(f.movers, &rs[i])
	}
	return f.chart(s), nil
}

// fanData is what a fan chart draws, computed once for the chart and its
// narrow variant: the days lo..hi, the quantiles by day (10, 25, 50, 75 and
// 90%), the number of events and the largest movers.
type fanData struct {
	lo, hi int
	q      [][]float64
	n      int
	movers []*study.Result
}

// chart lays the fan out for s's canvas: the gutter for the labels and the
// subtitle's lines depend on the width.
func (f *fanData) chart(s Spec) *Chart {
	lo, hi, q := f.lo, f.hi, f.q
	days := hi - lo + 1
	x := make([]float64, days)
	for i := range x {
		x[i] = float64(lo + i)
	}
	outer := &band{X: x, Lo: q[0], Hi: q[4], Color: fanOuter}
	inner := &band{X: x, Lo: q[1], Hi: q[3], Color: fanInner}
	med := &path{X: x, Y: q[2], Line: draw.LineStyle{Color: pathColor, Width: lineWidth}, Dots: 2.5, Mark: -1}

	// The scale is set by the bands and the median, with a little air and
	// zero always on it, never by the largest movers: one +150% path would
	// flatten the fan into a line at 0%. Movers that leave the scale are
	// cut at its edge and their labels say so (↑, ↓) with the value.
	_, _, ylo, yhi := dataRange(outer, med)
	ylo, yhi = math.Min(ylo, 0), math.Max(yhi, 0)
	pad := fanPad * (yhi - ylo)
	p := newPlot(tickSize, labelSize)
	setPercentAxis(&p.Y, ylo-pad, headroom(ylo, yhi+pad, 1), 6)

	var lines []*path
	end := lastFinite(q[2])
	labels := []endLabel{{Y: q[2][end], Text: "Median\n" + pct(q[2][end]), Color: pathInk, Line: pathColor}}
	off := 0
	for _, r := range f.movers {
		c := carsOf(*r)
		mx := make([]float64, len(r.Days))
		for j, d := range r.Days {
			mx[j] = float64(d.RelDay)
		}
		lines = append(lines, &path{X: mx, Y: c, Line: draw.LineStyle{Color: moverCol, Width: thinWidth}, Mark: -1})
		y := c[lastFinite(c)]
		arrow, cut := "", false
		if _, _, plo, phi := lines[len(lines)-1].DataRange(); plo < p.Y.Min || phi > p.Y.Max {
			off++
			switch {
			case y > p.Y.Max:
				arrow, cut = "↑ ", true
			case y < p.Y.Min:
				arrow, cut = "↓ ", true
			}
		}
		labels = append(labels, endLabel{Y: y, Text: moverName(s, *r, " · ") + "\n" + arrow + pct(y),
			Color: inkColor, Line: moverCol, Cut: cut})
	}

	// Days on the x axis end at the window's end; right of it a gutter
	// holds the labels of the line ends, where no line runs.
	p.X.Min, p.X.Max = float64(lo), float64(hi)
	p.X.Tick.Marker = plot.ConstantTicks(DayTicks{}.Ticks(p.X.Min, p.X.Max))
	da := p.DataCanvas(draw.Canvas{Rectangle: vg.Rectangle{Max: vg.Point{X: s.Width - 2*margin, Y: s.Height}}})
	w := da.Max.X - da.Min.X
	need := gutter(labels)
	if need > gutterMax*w { // a phone: the movers' dates on a line of their own
		for k, r := range f.movers {
			l := &labels[k+1]
			l.Text = moverName(s, *r, "\n") + l.Text[strings.Index(l.Text, "\n"):]
		}
		need = gutter(labels)
	}
	p.X.Max += float64(hi-lo) * float64(need) / float64(max(w-need, w/2))
	for i := range labels {
		labels[i].X = float64(hi)
	}

	p.X.Label.Text = "Trading days relative to the event"
	p.Y.Label.Text = "CAR from day " + signed(lo) + ", %"
	p.Add(leftOf{hgrid{}, float64(hi)}, outer, inner, leftOf{zeroLine(), float64(hi)})
	for _, l := range lines {
		p.Add(noRange{l}) // cut at the scale's edge, never widening it
	}
	// The day-0 rule after the movers, so that its label's halo covers a
	// mover that crosses it.
	p.Add(eventRule("Day 0"), med, endLabels(labels))
	sub := [][]string{{"Median CAR by trading day,", "with the middle 50% and 80% of events"}}
	if len(lines) > 0 {
		moves := []string{fmt.Sprintf("Grey: the %s,", Count(len(lines), "largest move"))}
		if len(lines) == 1 {
			moves[0] = "Grey: the largest move,"
		}
		moves = append(moves, "labelled at the right")
		if off > 0 {
			moves[1] += ";"
			moves = append(moves, "lines beyond the scale are cut at its edge")
		}
		sub = append(sub, moves)
	}
	ch := &Chart{
		Spec:     s,
		Title:    fmt.Sprintf("Cumulative abnormal returns of %s, day by day", Count(f.n, "event")),
		Subtitle: phraseWrap(textStyle(regularFont, subtitleSize, mutedColor), s.Width-2*margin, sub...),
		Legend: []LegendEntry{
			{Label: "Median", Thumb: med},
			{Label: "Middle 50%", Thumb: inner},
			{Label: "Middle 80%", Thumb: outer},
		},
		Note:   s.Note,
		Panels: []*plot.Plot{p},
	}
	if s.Width > NarrowWidth { // the gutter and the subtitle's lines follow the width
		ch.narrow = func() *Chart {
			ns := s
			ns.Width, ns.Height = NarrowWidth, max(NarrowHeight, s.Height)
			return f.chart(ns)
		}
	}
	return ch
}

// moverName names a mover in the fan's margin, "FB · Jul 26, 2018" (name
// and date joined by sep), with a long company name cut to moverNameMax
// runes so that the margin does not squeeze the fan.
func moverName(s Spec, r study.Result, sep string) string {
	return shortLabel(s.Name(r.Event.Symbol), moverNameMax) + sep + eventDay(r).Format("Jan 2, 2006")
}

// gutter is the width of the margin right of the fan's last day that the
// labels need, their leaders included.
func gutter(labels []endLabel) vg.Length {
	need := leadW + gap
	for _, l := range labels {
		need = max(need, endLabelStyle(l.Color).Width(l.Text)+leadW+gap)
	}
	return need
}

// gutterMax is the largest share of the data area's width that the labels'
// margin takes before the movers' names and dates are stacked.
const gutterMax = 0.3

// moverNameMax is the longest company name a fan label keeps whole.
const moverNameMax = 14

// fanPad is the air above and below the fan's bands, as a share of their
// span, before the scale is rounded to nice ticks.
const fanPad = 0.08

// carsOf returns a result's CAR path (Day.CAR by day).
func carsOf(r study.Result) []float64 {
	c := make([]float64, len(r.Days))
	for i, d := range r.Days {
		c[i] = d.CAR
	}
	return c
}

// lastCAR is the last finite CAR of a result's path; ok is false when the
// path has none.
func lastCAR(r study.Result) (car float64, ok bool) {
	for i := len(r.Days) - 1; i >= 0; i-- {
		if finite(r.Days[i].CAR) {
			return r.Days[i].CAR, true
		}
	}
	return 0, false
}

// endLabel is a text in the gutter right of the end of a line at (X, Y) in
// data units, in Color, joined to the line's end by a leader in Line's
// colour unless the line is Cut at the scale's edge (its end is not drawn).
type endLabel struct {
	X, Y        float64
	Text        string
	Color, Line color.Color
	Cut         bool
}

// leadW is the room between a line's end and its label, which the leader
// crosses.
const leadW = 3 * gap

// endLabelStyle is the style of an end label: left-aligned, its top at the
// given point.
func endLabelStyle(col color.Color) text.Style {
	sty := textStyle(regularFont, markSize, col)
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YTop
	return sty
}

// endLabels draws labels right of the ends of lines, each centred on its
// line's end as far as the data area allows (a line cut at the scale's
// edge has its label at that edge). Labels that would overlap are nudged
// apart: taken from the top down (the highest line end first), each is
// pushed below the one above it; then, from the bottom up, the stack is
// lifted back inside the data area if it ran off the bottom. A leader
// joins each drawn line end to its label, so that a nudged label still
// names the right line.
type endLabels []endLabel

func (ls endLabels) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	const sep = gap / 2
	tops, hs := make([]vg.Length, len(ls)), make([]vg.Length, len(ls))
	order := make([]int, len(ls))
	for i, l := range ls {
		order[i] = i
		hs[i] = endLabelStyle(l.Color).Height(l.Text)
		y := max(min(trY(l.Y), c.Max.Y), c.Min.Y) // trY is not clamped
		tops[i] = max(min(y+hs[i]/2, c.Max.Y), c.Min.Y+hs[i])
	}
	sort.SliceStable(order, func(a, b int) bool { return ls[order[a]].Y > ls[order[b]].Y })
	for k := 1; k < len(order); k++ {
		above, i := order[k-1], order[k]
		tops[i] = min(tops[i], tops[above]-hs[above]-sep)
	}
	for k := len(order) - 1; k >= 0; k-- {
		i := order[k]
		floor := c.Min.Y + hs[i]
		if k < len(order)-1 {
			below := order[k+1]
			floor = tops[below] + hs[i] + sep
		}
		tops[i] = max(tops[i], floor)
	}
	for i, l := range ls {
		x := trX(l.X)
		if !l.Cut {
			c.StrokeLine2(draw.LineStyle{Color: l.Line, Width: thinWidth}, x+2, trY(l.Y), x+leadW-2, tops[i]-hs[i]/2)
		}
		c.FillText(endLabelStyle(l.Color), vg.Point{X: x + leadW, Y: tops[i]}, l.Text)
	}
}

// leftOf draws a horizontal mark (the grid, the zero line) only left of
// day X, so that it does not run through the labels in the gutter. The
// mark must use only the y transform: the x transform of the narrowed
// canvas is not the plot's.
type leftOf struct {
	plot.Plotter
	X float64
}

func (l leftOf) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	c.Max.X = trX(l.X)
	l.Plotter.Plot(c, p)
}

// phraseWrap lays out sentences, each on its own line or lines, breaking
// a sentence only between its phrases (so that no line ends on an orphan
// word) and only where the whole would be wider than w; a phrase wider
// than w is left to the word wrap of Chart.Draw.
func phraseWrap(sty text.Style, w vg.Length, sentences ...[]string) string {
	var out []string
	for _, ps := range sentences {
		out = append(out, fill(sty, w, ps)...)
	}
	return strings.Join(out, "\n")
}

// largest returns the (at most) k items of xs with the largest key, largest
// first, an earlier item first among equal keys (what a stable sort by
// descending key would put first), in one pass: a fan chart picks 3 of
// thousands of events.
func largest(xs []int, k int, key func(int) float64) []int {
	top := make([]int, 0, k+1)
	keys := make([]float64, 0, k+1)
	for _, x := range xs {
		v := key(x)
		j := len(top)
		for j > 0 && v > keys[j-1] {
			j--
		}
		if j >= k {
			continue
		}
		top, keys = slices.Insert(top, j, x), slices.Insert(keys, j, v)
		if len(top) > k {
			top, keys = top[:k], keys[:k]
		}
	}
	return top
}
