package charts

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"sort"

	"gonum.org/v1/plot"
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
// largest absolute CAR at the end of the window, drawn thin and labelled.
// It replaces small multiples when a batch has too many events for them.
// Results whose Status is not ok are left out; it returns an error wrapping
// [ErrNoData] when no OK result has a CAR.
func CARFan(s Spec, rs []study.Result) (*Chart, error) {
	s = s.withDefaults()
	lo, hi := math.MaxInt, math.MinInt
	var ok []int // indices of the OK results with a CAR path
	for i := range rs {
		r := &rs[i]
		if r.Status != study.StatusOK || lastCAR(*r) == 0 && lastFinite(carsOf(*r)) < 0 {
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
	days := hi - lo + 1
	x := make([]float64, days)
	for i := range x {
		x[i] = float64(lo + i)
	}
	outer := &band{X: x, Lo: q[0], Hi: q[4], Color: fanOuter}
	inner := &band{X: x, Lo: q[1], Hi: q[3], Color: fanInner}
	med := &path{X: x, Y: q[2], Line: draw.LineStyle{Color: pathColor, Width: lineWidth}, Dots: 2.5, Mark: -1}

	// The largest moves: by |CAR| on the last day of the path, the earlier
	// result first among equal ones.
	var movers []study.Result
	for _, i := range largest(ok, FanMovers, func(i int) float64 { return math.Abs(lastCAR(rs[i])) }) {
		movers = append(movers, rs[i])
	}
	var lines []*path
	var labels []endLabel
	for _, r := range movers {
		c := carsOf(r)
		mx := make([]float64, len(r.Days))
		for j, d := range r.Days {
			mx[j] = float64(d.RelDay)
		}
		lines = append(lines, &path{X: mx, Y: c, Line: draw.LineStyle{Color: moverCol, Width: thinWidth}, Mark: -1})
		last := lastFinite(c)
		labels = append(labels, endLabel{X: mx[last], Y: c[last], Text: fmt.Sprintf("%s %s", panelTitle(s, r), pct(c[last]))})
	}

	p := newPlot(tickSize, labelSize)
	rangers := []plot.DataRanger{outer, med}
	for _, l := range lines {
		rangers = append(rangers, l)
	}
	xmin, xmax, ymin, ymax := dataRange(rangers...)
	p.X.Min, p.X.Max = xmin, xmax
	setPercentAxis(&p.Y, math.Min(ymin, 0), headroom(math.Min(ymin, 0), math.Max(ymax, 0), 1), 6)
	p.X.Tick.Marker = DayTicks{}
	p.X.Label.Text = "Trading days relative to the event"
	p.Y.Label.Text = "CAR from day " + signed(lo) + ", %"
	p.Add(hgrid{}, outer, inner, zeroLine(), eventRule("Day 0"))
	for _, l := range lines {
		p.Add(l)
	}
	p.Add(med, endLabels(labels))
	n := 0
	for _, c := range counts {
		n = max(n, c)
	}
	return &Chart{
		Spec:  s,
		Title: fmt.Sprintf("Cumulative abnormal returns of %s, day by day", Count(n, "event")),
		Subtitle: fmt.Sprintf("Median CAR with the middle 50%% and 80%% of events on each day; grey: the %d largest moves, labelled",
			len(movers)),
		Legend: []LegendEntry{
			{Label: "Median", Thumb: med},
			{Label: "Middle 50%", Thumb: inner},
			{Label: "Middle 80%", Thumb: outer},
		},
		Note:   s.Note,
		Panels: []*plot.Plot{p},
	}, nil
}

// carsOf returns a result's CAR path (Day.CAR by day).
func carsOf(r study.Result) []float64 {
	c := make([]float64, len(r.Days))
	for i, d := range r.Days {
		c[i] = d.CAR
	}
	return c
}

// lastCAR is the last finite CAR of a result's path, or 0.
func lastCAR(r study.Result) float64 {
	for i := len(r.Days) - 1; i >= 0; i-- {
		if finite(r.Days[i].CAR) {
			return r.Days[i].CAR
		}
	}
	return 0
}

// endLabel is a text left of the end of a line, at (X, Y) in data units.
type endLabel struct {
	X, Y float64
	Text string
}

// endLabels draws labels at the ends of lines, right-aligned just above
// their point; labels are taken from the top down and each is pushed below
// the one above it when they would overlap, then the stack is lifted back
// inside the data area if it ran off the bottom.
type endLabels []endLabel

func (ls endLabels) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	sty := textStyle(regularFont, markSize, inkColor)
	sty.XAlign, sty.YAlign = draw.XRight, draw.YBottom
	h := sty.Height("Ag")
	order := make([]int, len(ls))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return ls[order[a]].Y > ls[order[b]].Y })
	ys := make([]vg.Length, len(ls))
	for k, i := range order {
		y := min(trY(ls[i].Y)+2, c.Max.Y-h)
		if k > 0 {
			y = min(y, ys[order[k-1]]-h)
		}
		ys[i] = y
	}
	if n := len(order); n > 0 {
		if low := ys[order[n-1]]; low < c.Min.Y {
			for i := range ys {
				ys[i] += c.Min.Y - low
			}
		}
	}
	for i, l := range ls {
		c.FillText(sty, vg.Point{X: trX(l.X), Y: ys[i]}, l.Text)
	}
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
