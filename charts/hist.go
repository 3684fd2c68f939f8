package charts

import (
	"fmt"
	"math"
	"sort"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/eventstudy/eventstudy/study"
)

// DotPlotMax is the largest number of CARs that [CARHistogram] draws as a
// labelled dot plot instead of a histogram: with a handful of events, bars
// of one or two counts say less than each event named at its value.
const DotPlotMax = 15

// maxBins bounds the bins of a histogram; when the Freedman–Diaconis width
// would need more (a few extreme CARs far out), the CARs beyond Tukey's
// far-out fences (3 interquartile ranges beyond the quartiles; Tukey 1977)
// are counted in the end bars instead, and the subtitle says how many.
const maxBins = 60

// CARHistogram draws the distribution of the events' CARs over window w,
// with the mean and the median marked and the number of events in the
// title. Up to [DotPlotMax] CARs it is a dot plot: one row per event, sorted
// by CAR and labelled with the event; above, a histogram whose bins have the
// Freedman–Diaconis width 2·IQR·n^(−1/3) (study.FreedmanDiaconisWidth)
// rounded to 1, 2, 2.5 or 5 times a power of ten, with edges at its
// multiples (Sturges' 1 + log2 n bins when the interquartile range is 0).
// Results whose Status is not ok, that have no CAR for w, or whose CAR is
// NaN are left out. It returns an error wrapping [ErrNoData] when no CAR
// remains.
func CARHistogram(s Spec, rs []study.Result, w study.Window) (*Chart, error) {
	s = s.withDefaults()
	var cars []float64
	var who []*study.Result // the events of cars, for the dot plot's labels
	for i := range rs {
		r := &rs[i]
		if r.Status != study.StatusOK {
			continue
		}
		for _, c := range r.CARs {
			if c.Window == w && finite(c.CAR) {
				cars = append(cars, c.CAR)
				who = append(who, r)
			}
		}
	}
	if len(cars) == 0 {
		return nil, fmt.Errorf("charts: CAR histogram: no event has a CAR over days %s: %w", windowString(w), ErrNoData)
	}
	d := study.Describe(cars)
	if len(cars) <= DotPlotMax {
		return carDots(s, cars, who, w, d), nil
	}
	return carBars(s, cars, w, d), nil
}

// centre marks draw the mean (solid) and the median (dashed) of a
// distribution as labelled vertical rules.
func centreMarks(d study.Description) []plot.Plotter {
	mean := &dayRule{At: d.Mean, Label: "Mean " + pct(d.Mean), Line: draw.LineStyle{Color: pathColor, Width: lineWidth}}
	med := &dayRule{At: d.Median, Label: "Median " + pct(d.Median), Line: draw.LineStyle{Color: inkColor, Width: lineWidth, Dashes: []vg.Length{5, 3}}}
	rows := &labelRow{rules: []*dayRule{mean, med}}
	return []plot.Plotter{rows}
}

// labelRow draws rules whose labels take successive rows from the top, so
// that the labels of two close values do not overlap.
type labelRow struct{ rules []*dayRule }

func (l *labelRow) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	for _, r := range l.rules { // every rule, then every label over them
		if r.At >= p.X.Min && r.At <= p.X.Max {
			x := trX(r.At)
			c.StrokeLine2(r.Line, x, c.Min.Y, x, c.Max.Y)
		}
	}
	for k, r := range l.rules {
		if r.At < p.X.Min || r.At > p.X.Max {
			continue
		}
		x := trX(r.At)
		col := r.Line.Color
		if col == pathColor {
			col = pathInk
		}
		markLabel(c, x, k, r.Label, col)
	}
}

// carBars is the histogram of CARHistogram.
func carBars(s Spec, cars []float64, w study.Window, d study.Description) *Chart {
	n := len(cars)
	binRule := "Freedman–Diaconis"
	raw := d.FreedmanDiaconisBin
	if !finite(raw) { // no spread between the quartiles
		binRule = "Sturges"
		raw = math.Max(d.Max-d.Min, 0.01) / (1 + math.Ceil(math.Log2(float64(n))))
	}
	width := nearestNice(raw)
	lo, hi := d.Min, d.Max
	clipped := 0
	if (hi-lo)/width > maxBins { // a few far-out CARs: bins up to Tukey's far-out fences
		lo, hi = math.Max(lo, d.Q1-3*(d.Q3-d.Q1)), math.Min(hi, d.Q3+3*(d.Q3-d.Q1))
		if (hi-lo)/width > maxBins { // still too many: widen the bins
			width = niceStep(hi-lo, maxBins)
		}
	}
	first := math.Floor(lo/width+1e-9) * width
	nb := max(int(math.Floor((hi-first)/width+1e-9))+1, 1)
	counts := make([]float64, nb)
	x := make([]float64, nb)
	for i := range x {
		x[i] = first + (float64(i)+0.5)*width
	}
	for _, c := range cars {
		i := int(math.Floor((c-first)/width + 1e-9))
		if i < 0 || i >= nb {
			clipped++
		}
		counts[min(max(i, 0), nb-1)]++
	}
	top := 0.0
	for _, c := range counts {
		top = math.Max(top, c)
	}

	p := newPlot(tickSize, labelSize)
	b := &bars{X: x, Y: counts, Width: width * 0.94, Color: barColor}
	// An empty bin's width of room on each side, and 0% always in view.
	setPercentAxis(&p.X, math.Min(first-width, 0), math.Max(first+float64(nb+1)*width, 0), 8)
	ystep := countStep(top, 5)
	yhi := math.Ceil(headroom(0, top, 2)/ystep) * ystep
	p.Y.Min, p.Y.Max = 0, yhi
	p.Y.Tick.Marker = NumberTicks{Step: ystep}
	p.X.Label.Text = "CAR over days " + windowString(w) + ", %"
	p.Y.Label.Text = "Number of events"
	zero := &rule{Vertical: true, At: 0, Line: draw.LineStyle{Color: mutedColor, Width: thinWidth}}
	p.Add(hgrid{}, b, zero)
	p.Add(centreMarks(d)...)

	bin := strconv.FormatFloat(100*width, 'f', decimals(100*width), 64)
	sub := fmt.Sprintf("Each bar counts the events whose CAR falls in a bin %s wide (%s rule)", plural2(bin, "percentage point"), binRule)
	if clipped > 0 {
		sub += fmt.Sprintf("; the end bars also hold the %s beyond them", Count(clipped, "more extreme CAR"))
	}
	return &Chart{
		Spec:     s,
		Title:    fmt.Sprintf("Cumulative abnormal returns over days %s across %s", windowString(w), Count(n, "event")),
		Subtitle: sub + fmt.Sprintf(". Mean %s, median %s", pct(d.Mean), pct(d.Median)),
		Note:     s.Note,
		Panels:   []*plot.Plot{p},
	}
}

// dotRow is the height of a row of the dot plot.
const dotRow vg.Length = 20

// carDots is the labelled dot plot of CARHistogram: one row per event,
// largest CAR on top, each dot labelled with its value.
func carDots(s Spec, cars []float64, who []*study.Result, w study.Window, d study.Description) *Chart {
	n := len(cars)
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return cars[order[a]] < cars[order[b]] })
	x, y := make([]float64, n), make([]float64, n)
	names := make([]string, n)
	for k, i := range order { // row 0 at the bottom: the smallest CAR
		x[k], y[k] = cars[i], float64(k)
		names[k] = panelTitle(s, *who[i])
	}
	s.Height = max(s.Height, dotChrome+vg.Length(n)*dotRow)

	p := newPlot(tickSize, labelSize)
	dots := &dotsLabelled{X: x, Y: y}
	lo, hi := math.Min(d.Min, 0), math.Max(d.Max, 0)
	pad := 0.25 * math.Max(hi-lo, 0.01) // room for the value labels
	setPercentAxis(&p.X, lo-pad/2, hi+pad, 6)
	p.Y.Min, p.Y.Max = -0.7, float64(n)-0.3+float64(2)*0.9 // two rows of labels for mean and median on top
	p.Y.Tick.Marker = rowTicks(names)
	p.Y.Tick.Length = 0
	p.X.Label.Text = "CAR over days " + windowString(w) + ", %"
	zero := &rule{Vertical: true, At: 0, Line: draw.LineStyle{Color: inkColor, Width: thinWidth}}
	p.Add(vgrid{}, zero)
	p.Add(centreMarks(d)...)
	p.Add(dots)
	return &Chart{
		Spec:  s,
		Title: fmt.Sprintf("Cumulative abnormal returns over days %s across %s", windowString(w), Count(n, "event")),
		Subtitle: fmt.Sprintf("One dot per event, its CAR written beside it. Mean %s, median %s",
			pct(d.Mean), pct(d.Median)),
		Note:   s.Note,
		Panels: []*plot.Plot{p},
	}
}

// dotChrome is the height of a dot plot's title, subtitle, axis, note and
// source line.
const dotChrome vg.Length = 150

// rowTicks labels rows 0, 1, … of a categorical axis with names.
type rowTicks []string

func (r rowTicks) Ticks(min, max float64) []plot.Tick {
	var ts []plot.Tick
	for i, n := range r {
		ts = append(ts, plot.Tick{Value: float64(i), Label: n})
	}
	return ts
}

// vgrid draws light vertical lines at the major X ticks.
type vgrid struct{}

func (vgrid) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	sty := draw.LineStyle{Color: gridColor, Width: thinWidth}
	for _, t := range p.X.Tick.Marker.Ticks(p.X.Min, p.X.Max) {
		if t.IsMinor() || t.Value < p.X.Min || t.Value > p.X.Max {
			continue
		}
		x := trX(t.Value)
		c.StrokeLine2(sty, x, c.Min.Y, x, c.Max.Y)
	}
}

// dotsLabelled draws a dot at each (X, Y) with its X as a percentage to the
// right.
type dotsLabelled struct{ X, Y []float64 }

func (d *dotsLabelled) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	sty := textStyle(regularFont, tickSize, inkColor)
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YCenter
	for i := range d.X {
		pt := vg.Point{X: trX(d.X[i]), Y: trY(d.Y[i])}
		c.DrawGlyph(draw.GlyphStyle{Color: firmColor, Radius: 4.5, Shape: draw.CircleGlyph{}}, pt)
		lbl := pct(d.X[i])
		haloText(c, sty, vg.Point{X: pt.X + 8, Y: pt.Y}, sty.Width(lbl), sty.Height(lbl), lbl)
	}
}

// nearestNice rounds a positive width to the nearest of 1, 2, 2.5 and 5
// times a power of ten, on a log scale.
func nearestNice(x float64) float64 {
	mag := math.Pow(10, math.Floor(math.Log10(x)))
	best, dist := mag, math.Inf(1)
	for _, m := range niceSteps {
		if dd := math.Abs(math.Log(x / (m * mag))); dd < dist {
			best, dist = m*mag, dd
		}
	}
	return best
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
