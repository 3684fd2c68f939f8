package charts

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/eventstudy/eventstudy/study"
)

// CAARGroupsChart draws the groups of a study by group (`--by`) side by
// side: one panel per group (the whole sample left out; it is the CAAR
// chart), each with the group's AAR as bars and its CAAR as a line, on one
// shared scale so that the groups compare at a glance. The panel heading
// names the group and its events; the subtitle gives each group's CAAR over
// the window. It returns an error wrapping [ErrNoData] without a group with
// a day, and one wrapping [ErrTooManyPanels] for more groups than
// Spec.MaxPanels.
func CAARGroupsChart(s Spec, g *study.Grouped) (*Chart, error) {
	s = s.withDefaults()
	var gs []study.GroupSummary
	if g != nil {
		for _, x := range g.Summaries {
			if x.Group != study.GroupAll && len(x.Days) > 0 {
				gs = append(gs, x)
			}
		}
	}
	n := len(gs)
	if n == 0 {
		return nil, fmt.Errorf("charts: CAAR by group: no group: %w", ErrNoData)
	}
	if n > s.MaxPanels {
		return nil, fmt.Errorf("charts: CAAR by group: %d groups, limit %d: %w", n, s.MaxPanels, ErrTooManyPanels)
	}
	// Side by side: one row while the panels stay readable, then a grid.
	cols := min(n, max(int((s.Width-2*margin)/minPanelW), 1))
	rows := (n + cols - 1) / cols
	s.Height = max(s.Height, multiplesChrome+vg.Length(rows)*minPanelH*1.6)

	type series struct {
		b      *bars
		c      *path
		events int
	}
	ss := make([]series, n)
	ymin, ymax, xmin, xmax := 0.0, 0.0, math.Inf(1), math.Inf(-1)
	for i, x := range gs {
		k := len(x.Days)
		xs, aar, caar := make([]float64, k), make([]float64, k), make([]float64, k)
		for j, d := range x.Days {
			xs[j], aar[j], caar[j] = float64(d.RelDay), d.AAR, d.CAAR
			ss[i].events = max(ss[i].events, d.N)
		}
		ss[i].b = &bars{X: xs, Y: aar, Width: 0.6, Color: barColor}
		ss[i].c = &path{X: xs, Y: caar, Line: draw.LineStyle{Color: pathColor, Width: 1.5}, Dots: 1.2, Mark: -1}
		for _, r := range []plot.DataRanger{ss[i].b, ss[i].c} {
			x0, x1, y0, y1 := r.DataRange()
			if finite(y0) && finite(y1) {
				ymin, ymax = math.Min(ymin, y0), math.Max(ymax, y1)
			}
			if finite(x0) && finite(x1) {
				xmin, xmax = math.Min(xmin, x0), math.Max(xmax, x1)
			}
		}
	}
	if !finite(xmin) {
		return nil, fmt.Errorf("charts: CAAR by group: no finite AAR or CAAR: %w", ErrNoData)
	}

	var last []string
	for _, x := range gs {
		if j := lastFinite(caarOf(x.Days)); j >= 0 {
			last = append(last, fmt.Sprintf("%s %s", x.Group, pct(x.Days[j].CAAR)))
		}
	}
	w := study.Window{Start: gs[0].Days[0].RelDay, End: gs[0].Days[len(gs[0].Days)-1].RelDay}
	by := "group"
	if g.By != "" {
		by = g.By
	}
	ch := &Chart{
		Spec:  s,
		Title: fmt.Sprintf("Average abnormal returns by %s", by),
		Subtitle: fmt.Sprintf("AAR (bars) and CAAR (line) in %%, by trading day, the same scale in every panel; CAAR over days %s: %s",
			windowString(w), strings.Join(last, ", ")),
		Legend: []LegendEntry{
			{Label: "Average abnormal return (AAR)", Thumb: ss[0].b},
			{Label: "Cumulative AAR (CAAR)", Thumb: ss[0].c},
			{Label: "Event day (day 0)", Thumb: dayZero()},
		},
		Cols: cols,
		Note: s.Note,
	}
	lo, hi, step := niceRange(ymin, ymax, 4)
	dayStep := 5 // −10, −5, 0, +5, +10; every 10 days when the panels are narrow (a phone)
	if (s.Width-2*margin)/vg.Length(cols) < 1.5*minPanelW {
		dayStep = 10
	}
	if xmax-xmin > 30 {
		dayStep = int(math.Max(10, float64(niceStep(xmax-xmin, 2))))
	}
	for i, x := range gs {
		p := gridPanel(i, n, cols, fmt.Sprintf("%s · %s", x.Group, Count(ss[i].events, "event")),
			xmin-0.5, xmax+0.5, lo, hi, DayTicks{Step: dayStep}, PercentTicks{Step: step})
		p.Add(zeroLine(), dayZero(), ss[i].b, ss[i].c)
		ch.Panels = append(ch.Panels, p)
	}
	return ch, nil
}

func caarOf(days []study.DayStats) []float64 {
	out := make([]float64, len(days))
	for i, d := range days {
		out[i] = d.CAAR
	}
	return out
}
