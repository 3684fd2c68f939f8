package charts

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/eventstudy/eventstudy/study"
)

// ErrTooManyPanels is returned, wrapped, by [CARMultiples] when a batch has
// more events than Spec.MaxPanels: beyond that the panels are too small to
// read, so the caller draws a subset or leaves the chart out.
var ErrTooManyPanels = errors.New("too many panels")

// CARMultiples draws one small panel per event with its CAR path (Day.CAR)
// over the event window, in a grid whose shape follows the chart's aspect
// ratio. All panels share one scale so that they compare at a glance; only
// the outer panels carry tick labels. An event without any finite CAR (a
// failed event) gets a panel that says so with its Status.
// It returns an error wrapping [ErrNoData] for no results, and one wrapping
// [ErrTooManyPanels] for more than Spec.MaxPanels.
func CARMultiples(s Spec, rs []study.Result) (*Chart, error) {
	s = s.withDefaults()
	n := len(rs)
	if n == 0 {
		return nil, fmt.Errorf("charts: CAR small multiples: no events: %w", ErrNoData)
	}
	if n > s.MaxPanels {
		return nil, fmt.Errorf("charts: CAR small multiples: %d events, limit %d: %w", n, s.MaxPanels, ErrTooManyPanels)
	}
	// As square a grid as the chart's shape allows, with panels no narrower
	// than minPanelW; the canvas grows downwards when the rows need it, so
	// that type keeps its size (a 36-event chart is about square).
	cols := int(math.Ceil(math.Sqrt(float64(n) * float64(s.Width/s.Height))))
	cols = min(max(cols, 1), n, max(int((s.Width-2*margin)/minPanelW), 1))
	rows := (n + cols - 1) / cols
	s.Height = max(s.Height, multiplesChrome+vg.Length(rows)*minPanelH)

	paths := make([]*path, n)
	xmin, xmax := math.Inf(1), math.Inf(-1)
	var los, his []float64 // each drawn panel's extremes
	for i, r := range rs {
		x, y := make([]float64, len(r.Days)), make([]float64, len(r.Days))
		for j, d := range r.Days {
			x[j], y[j] = float64(d.RelDay), d.CAR
			xmin, xmax = math.Min(xmin, x[j]), math.Max(xmax, x[j])
		}
		paths[i] = &path{X: x, Y: y, Line: draw.LineStyle{Color: firmColor, Width: 1.5}, Dots: 1.5, Mark: -1, Lone: true}
		if lastFinite(y) >= 0 {
			_, _, lo, hi := paths[i].DataRange()
			los, his = append(los, lo), append(his, hi)
		}
	}
	ymin, ymax := sharedLimits(los, his)
	if !finite(xmin) {
		xmin, xmax = -10, 10 // no event has days: every panel says why
	}

	ch := &Chart{
		Spec:  s,
		Title: fmt.Sprintf("Cumulative abnormal returns of %s", Count(n, "event")),
		Subtitle: "CAR from the start of the event window, in %, by trading day relative to the event; " +
			"the same scale in every panel",
		Legend: []LegendEntry{
			{Label: "CAR", Thumb: paths[0]},
			{Label: "Event day (day 0)", Thumb: dayZero()},
		},
		Cols: cols,
		Note: s.Note,
	}
	if s.Width > NarrowWidth {
		ch.narrow = func() *Chart {
			ns := s
			ns.Width, ns.Height = NarrowWidth, NarrowHeight
			n, err := CARMultiples(ns, rs)
			if err != nil {
				return nil
			}
			return n
		}
	}
	lo, hi, step := niceRange(ymin, ymax, 3)
	dayStep := 5 // tick labels must fit a narrow panel: −10, −5, 0, +5, +10
	if xmax-xmin > 30 {
		dayStep = int(math.Max(10, float64(niceStep(xmax-xmin, 2))))
	}
	off := 0 // panels whose path leaves the shared scale
	for i, r := range rs {
		p := gridPanel(i, n, cols, panelTitle(s, r), xmin, xmax, lo, hi, DayTicks{Step: dayStep}, PercentTicks{Step: step})
		if lastFinite(paths[i].Y) >= 0 {
			p.Add(zeroLine(), dayZero(), noRange{paths[i]}) // the path must not widen the shared scale
			if _, _, plo, phi := paths[i].DataRange(); plo < lo || phi > hi {
				p.Add(offScale{Lo: plo, Hi: phi})
				off++
			}
		} else { // no lines for the note to cross
			msg := "no data"
			if r.Status != "" && r.Status != study.StatusOK {
				msg += ": " + string(r.Status)
			}
			p.Add(note{msg})
		}
		ch.Panels = append(ch.Panels, p)
	}
	if off > 0 {
		ch.Subtitle = "CAR from the start of the event window, in %, by trading day relative to the event. " +
			fmt.Sprintf("The same scale in every panel, set by the others: %s off it, marked with %s extreme", Count(off, "panel"), its(off))
	}
	return ch, nil
}

// its is "its" for one, "their" for more.
func its(n int) string {
	if n == 1 {
		return "its"
	}
	return "their"
}

// sharedLimits returns the y limits shared by small multiples whose panels
// span [los[i], his[i]], always holding 0: the whole range, unless a few
// panels would flatten the rest. A panel extreme beyond Tukey's far-out
// fence of the panels' extremes (3 interquartile ranges beyond the quartile,
// Tukey 1977; quartiles from study.Describe) is left off the scale, so that
// one outlier cannot shrink every other panel to a flat line. With fewer
// than 5 panels every extreme is kept.
func sharedLimits(los, his []float64) (lo, hi float64) {
	lo, hi = 0, 0
	if len(los) == 0 {
		return lo, hi
	}
	dl, dh := study.Describe(los), study.Describe(his)
	fenceLo, fenceHi := math.Inf(-1), math.Inf(1)
	if len(los) >= 5 {
		fenceLo = dl.Q1 - 3*(dl.Q3-dl.Q1)
		fenceHi = dh.Q3 + 3*(dh.Q3-dh.Q1)
	}
	for i := range los {
		if los[i] >= fenceLo {
			lo = math.Min(lo, los[i])
		}
		if his[i] <= fenceHi {
			hi = math.Max(hi, his[i])
		}
	}
	return lo, hi
}

// offScale marks a panel whose path leaves the shared scale: a note at the
// clipped edge with the path's extreme ("min −60.2%").
type offScale struct{ Lo, Hi float64 }

func (o offScale) Plot(c draw.Canvas, p *plot.Plot) {
	sty := textStyle(boldFont, panelTick, Vermillion)
	sty.XAlign = draw.XCenter
	if o.Lo < p.Y.Min {
		sty.YAlign = draw.YBottom
		c.FillText(sty, vg.Point{X: c.Center().X, Y: c.Min.Y + 2}, "↓ min "+pct(o.Lo))
	}
	if o.Hi > p.Y.Max {
		sty.YAlign = draw.YTop
		c.FillText(sty, vg.Point{X: c.Center().X, Y: c.Max.Y - 2}, "↑ max "+pct(o.Hi))
	}
}

// Small-multiple panels: the smallest size at which their 12 pt labels fit,
// and the height of everything around them (titles, legend, note, source).
const (
	minPanelW       vg.Length = 140
	minPanelH       vg.Length = 90
	multiplesChrome vg.Length = 150
)

// panelTitle names an event in a small panel: "FB · Jul 26, 2018".
func panelTitle(s Spec, r study.Result) string {
	return s.Name(r.Event.Symbol) + " · " + eventDay(r).Format("Jan 2, 2006")
}

// gridPanel is panel i of n in a grid of cols columns on the shared
// scale [xmin, xmax] × [lo, hi], headed by title: tick labels only on the
// bottom panel of a column (x) and on the first column (y), the horizontal
// grid, the heading. The title is drawn over the data area by
// panelHeading; the plot's own title (centred on the whole tile, axis
// labels included) only reserves its height.
func gridPanel(i, n, cols int, title string, xmin, xmax, lo, hi float64, xt, yt plot.Ticker) *plot.Plot {
	p := newPlot(panelTick, panelTick)
	p.Title.Text = " "
	p.Title.TextStyle = textStyle(boldFont, panelSize, inkColor)
	p.Title.Padding = 3
	p.X.Min, p.X.Max = xmin, xmax
	p.Y.Min, p.Y.Max = lo, hi
	if i+cols < n { // another panel below
		xt = blank{xt}
	}
	if i%cols != 0 {
		yt = blank{yt}
	}
	p.X.Tick.Marker, p.Y.Tick.Marker = xt, yt
	p.Add(hgrid{}, panelHeading{title, p.Title.TextStyle})
	return p
}

// dayZero is the dashed vertical line on day 0.
func dayZero() *rule {
	return &rule{Vertical: true, At: 0, Line: draw.LineStyle{Color: mutedColor, Width: thinWidth, Dashes: []vg.Length{3, 3}}}
}

// blank keeps a ticker's tick marks and drops their labels, for inner panels.
type blank struct{ plot.Ticker }

func (b blank) Ticks(min, max float64) []plot.Tick {
	ts := b.Ticker.Ticks(min, max)
	for i := range ts {
		ts[i].Label = ""
	}
	return ts
}

// note writes a short text in the middle of a panel.
type note struct{ Text string }

func (n note) Plot(c draw.Canvas, _ *plot.Plot) {
	sty := textStyle(regularFont, panelTick, mutedColor)
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
	c.FillText(sty, c.Center(), n.Text)
}

// panelHeading writes a small multiple's title centred over its data area,
// in the space that the plot's blank title keeps free.
type panelHeading struct {
	Text  string
	Style text.Style
}

func (h panelHeading) Plot(c draw.Canvas, p *plot.Plot) {
	sty := h.Style
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YBottom
	c.FillText(sty, vg.Point{X: c.Center().X, Y: c.Max.Y + p.Title.Padding + sty.FontExtents().Descent}, h.Text)
}

// noRange hides a plotter's data range, so that plot.Add does not widen the
// axes to it (the shared scale of small multiples clips it instead).
type noRange struct{ plot.Plotter }
