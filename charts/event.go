package charts

import (
	"fmt"
	"math"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg/draw"

	"github.com/eventstudy/eventstudy/study"
)

// ARChart draws one event's abnormal returns as bars, a band of ±Z95·SE
// around zero for each day (a bar that leaves the band is significant at 5%,
// two-sided, by the normal approximation), and the CAR path (Day.CAR) as a
// line. Days with a NaN AR have no bar; NaN CARs break the line.
// It returns an error wrapping [ErrNoData] when the result has no day with
// an AR.
func ARChart(s Spec, r study.Result) (*Chart, error) {
	s = s.withDefaults()
	n := len(r.Days)
	x, ar, lo, hi, car := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	has := false
	day0 := -1
	for i, d := range r.Days {
		x[i], ar[i], car[i] = float64(d.RelDay), d.AR, d.CAR
		lo[i], hi[i] = -Z95*d.SE, Z95*d.SE
		has = has || finite(d.AR)
		if d.RelDay == 0 {
			day0 = i
		}
	}
	if !has {
		return nil, fmt.Errorf("charts: AR chart %s: no abnormal returns (status %s): %w", eventName(r.Event), r.Status, ErrNoData)
	}

	p := newPlot(tickSize, labelSize)
	b := &bars{X: x, Y: ar, Width: 0.6, Color: barColor}
	bd := &band{X: x, Lo: lo, Hi: hi, Width: 1, Step: true, Color: bandColor}
	c := &path{X: x, Y: car, Line: draw.LineStyle{Color: pathColor, Width: lineWidth}, Dots: 2.5, Mark: -1}
	dates := make([]time.Time, n)
	for i, d := range r.Days {
		dates[i] = d.Date
	}
	others := othersIn(s.News.Others, dates, day0, func(i int) int { return r.Days[i].RelDay })
	xmin, xmax, ymin, ymax := dataRange(b, bd, c)
	p.X.Min, p.X.Max = xmin, xmax
	setPercentAxis(&p.Y, ymin, headroom(ymin, ymax, labelRows(others)), 6)
	p.X.Tick.Marker = DayTicks{}
	p.X.Label.Text = "Trading days relative to the event"
	p.Y.Label.Text = "AR (bars), CAR (line), %"
	labels, confounded := markOthers(p, others)
	day0Label := "Day 0"
	if day0 >= 0 {
		day0Label = "Day 0: " + r.Days[day0].Date.Format("Jan 2")
	}
	p.Add(bd, hgrid{}, zeroLine(), eventRule(day0Label), b, c)
	p.Add(labels...)

	sub := ""
	if day0 >= 0 {
		d := r.Days[day0]
		sub = fmt.Sprintf("AR on day 0: %s (%s)", pct(d.AR), pValue(d.P))
	}
	if last := lastFinite(car); last >= 0 {
		if sub != "" {
			sub += "; "
		}
		sub += fmt.Sprintf("CAR over days %s: %s", windowString(study.Window{Start: r.Days[0].RelDay, End: r.Days[last].RelDay}), pct(car[last]))
	}
	company := s.company(r.Event)
	day := eventDay(r).Format("Jan 2, 2006")
	title := fmt.Sprintf("%s: abnormal returns around %s", company, day)
	if s.News.Headline != "" {
		title = s.News.Headline
		sub = fmt.Sprintf("%s around %s: %s", s.companyTicker(r.Event), day, sub)
	}
	legend := []LegendEntry{
		{Label: "Abnormal return (AR)", Thumb: b},
		{Label: fmt.Sprintf("95%% band (±%g SE)", Z95), Thumb: bd},
		{Label: "Cumulative AR (CAR)", Thumb: c},
	}
	return &Chart{
		Spec:     s,
		Title:    title,
		Subtitle: joinLines(sub, confounded),
		Note:     s.Note,
		Legend:   legend,
		Panels:   []*plot.Plot{p},
	}, nil
}

// company is the name of the event's firm: News.Company, else the
// event's Name (the events file's or the price source's), else
// Name(symbol).
func (s Spec) company(e study.Event) string {
	if s.News.Company != "" {
		return s.News.Company
	}
	if e.Name != "" {
		return e.Name
	}
	return s.Name(e.Symbol)
}

// companyTicker is the company's name with its ticker, "Facebook (FB)", or
// the ticker alone when no name is known.
func (s Spec) companyTicker(e study.Event) string {
	if c := s.company(e); c != e.Symbol {
		return c + " (" + e.Symbol + ")"
	}
	return e.Symbol
}

// eventDay is day 0 of a result, or the news date before day 0 is known.
func eventDay(r study.Result) time.Time {
	if !r.Day0.IsZero() {
		return r.Day0
	}
	return r.Event.Date
}

// eventName names an event in messages: its ID, else symbol and date.
func eventName(e study.Event) string {
	if e.ID != "" {
		return e.ID
	}
	return e.Symbol + " " + e.Date.Format(time.DateOnly)
}

// pValue formats a two-sided p-value for a subtitle.
func pValue(p float64) string {
	switch {
	case !finite(p):
		return "p n/a"
	case p < 0.001:
		return "p < 0.001"
	}
	return fmt.Sprintf("p = %.3f", p)
}

// lastFinite returns the index of the last finite value, or −1.
func lastFinite(v []float64) int {
	for i := len(v) - 1; i >= 0; i-- {
		if !math.IsNaN(v[i]) && !math.IsInf(v[i], 0) {
			return i
		}
	}
	return -1
}
