package charts

import (
	"fmt"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg/draw"

	"github.com/eventstudy/eventstudy/internal/numfmt"
	"github.com/eventstudy/eventstudy/study"
)

// CAARChart draws a study's average abnormal returns (AAR) as bars and the
// CAAR path as a line over the event window, with the band
//
//	CAAR_τ ± Z95 · se[τ]
//
// se is parallel to sum.Days and holds the standard error of each day's
// CAAR, as study computes it (for example the cross-sectional standard error
// of the CARs from the window start to day τ, or CAAR divided by a test
// statistic); the chart computes none. A nil se draws no band; NaN entries
// leave a gap; when every entry is NaN (one event) the subtitle says so. It panics if se is neither nil nor as long as sum.Days, and
// returns an error wrapping [ErrNoData] when the summary has no days.
func CAARChart(s Spec, sum study.Summary, se []float64) (*Chart, error) {
	s = s.withDefaults()
	n := len(sum.Days)
	if se != nil && len(se) != n {
		panic(fmt.Sprintf("charts: CAARChart: %d standard errors for %d days", len(se), n))
	}
	if n == 0 {
		return nil, fmt.Errorf("charts: CAAR chart: summary has no event days: %w", ErrNoData)
	}
	x, aar, caar := make([]float64, n), make([]float64, n), make([]float64, n)
	maxN := 0
	for i, d := range sum.Days {
		x[i], aar[i], caar[i] = float64(d.RelDay), d.AAR, d.CAAR
		maxN = max(maxN, d.N)
	}

	p := newPlot(tickSize, labelSize)
	b := &bars{X: x, Y: aar, Width: 0.6, Color: barColor}
	c := &path{X: x, Y: caar, Line: draw.LineStyle{Color: pathColor, Width: lineWidth}, Dots: 2.5, Mark: -1}
	rangers := []plot.DataRanger{b, c}
	var bd *band
	anySE := false
	for _, v := range se {
		anySE = anySE || finite(v)
	}
	if anySE {
		lo, hi := make([]float64, n), make([]float64, n)
		for i := range n {
			lo[i], hi[i] = caar[i]-Z95*se[i], caar[i]+Z95*se[i]
		}
		bd = &band{X: x, Lo: lo, Hi: hi, Color: caarBandColor}
		rangers = append(rangers, bd)
	}
	xmin, xmax, ymin, ymax := dataRange(rangers...)
	if !finite(ymin) || !finite(ymax) {
		return nil, fmt.Errorf("charts: CAAR chart: no finite AAR or CAAR: %w", ErrNoData)
	}
	p.X.Min, p.X.Max = xmin, xmax
	setPercentAxis(&p.Y, ymin, headroom(ymin, ymax, 1), 6)
	p.X.Tick.Marker = DayTicks{}
	p.X.Label.Text = "Trading days relative to the event"
	p.Y.Label.Text = "AAR (bars), CAAR (line), %"
	p.Add(hgrid{})
	legend := []LegendEntry{{Label: "Average abnormal return (AAR)", Thumb: b}}
	if bd != nil {
		p.Add(bd)
	}
	p.Add(zeroLine(), eventRule("Day 0"), b, c)
	legend = append(legend, LegendEntry{Label: "Cumulative AAR (CAAR)", Thumb: c})
	if bd != nil {
		legend = append(legend, LegendEntry{Label: "95% confidence band of CAAR", Thumb: bd})
	}

	sub := ""
	if last := lastFinite(caar); last >= 0 {
		sub = fmt.Sprintf("CAAR over days %s: %s", windowString(study.Window{Start: sum.Days[0].RelDay, End: sum.Days[last].RelDay}), pct(caar[last]))
		switch {
		case se != nil && finite(se[last]):
			sub += fmt.Sprintf(" (95%% band %s to %s)", pct(caar[last]-Z95*se[last]), pct(caar[last]+Z95*se[last]))
		case se != nil && !anySE:
			sub += " (no confidence band: standard errors not available)"
		}
	}
	if bd != nil && maxN < SmallSampleN {
		// CHARTS.md: say when a sample is too small for the band to mean
		// much. The cross-sectional band rests on the spread of a handful
		// of CARs and on their normality.
		sub = joinLines(sub, fmt.Sprintf("Small sample: only %s, so the band is a rough guide", Count(maxN, "event")))
	}
	return &Chart{
		Spec:     s,
		Title:    fmt.Sprintf("Average abnormal returns across %s", Count(maxN, "event")),
		Subtitle: sub,
		Note:     s.Note,
		Legend:   legend,
		Panels:   []*plot.Plot{p},
	}, nil
}

// SmallSampleN is the number of events below which the CAAR chart says
// that its band rests on a small sample; the tables withhold their stars
// below the same number (data/tables.MinStarsN).
const SmallSampleN = 30

// Count writes "1 event", "12 events", "10,000 events": counts of four or
// more digits are grouped by thousands with commas, as newsrooms print them. The
// report's text uses it too, so that a page and its charts count alike.
func Count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return Thousands(n) + " " + noun + "s"
}

// Thousands writes n with a comma between groups of three digits; the
// tables group their counts by the same rule (internal/numfmt).
func Thousands(n int) string { return numfmt.Thousands(n) }
