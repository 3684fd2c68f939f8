package charts

import (
	"fmt"
	"math"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg/draw"

	"github.com/eventstudy/eventstudy/study"
)

// Prices are the closing prices of a firm and its benchmark around one event,
// the input of [PriceChart]. A study.Result holds returns only, so prices come
// separately, from the same source.
type Prices struct {
	Event study.Event // Symbol and Market name the lines; see Spec.Names
	// Day0 is the trading day of the event (study.Result.Day0); it must be a
	// date of Market.
	Day0 time.Time
	// Firm and Market are closing prices (not returns); NaN is missing.
	// Market's dates are the trading calendar that event days count.
	Firm, Market study.Series
	// Window is the span of event days shown; the zero value shows −10..+10.
	Window study.Window
}

// PriceSpan is the calendar span of prices that [PriceChart] needs for the
// event window w around day0, with room for holidays (two calendar days per
// trading day, plus two weeks on each side).
func PriceSpan(w study.Window, day0 time.Time) (from, to time.Time) {
	return day0.AddDate(0, 0, 2*min(w.Start, -1)-14), day0.AddDate(0, 0, 2*max(w.End, 1)+14)
}

// DefaultPriceWindow is the span of a price chart when Prices.Window is zero.
var DefaultPriceWindow = study.Window{Start: -10, End: 10}

// PriceChart draws the firm's and the benchmark's prices around an event,
// each indexed to 100 on event day −1 (P_t / P_−1 · 100), with day 0 marked
// and the day-0 moves in the subtitle, as in
//
//	FB +4.4% on Aug 6, 2018; S&P 500 +0.4%
//
// The moves are read off the indexed lines (index on day 0 − 100), so they
// are simple close-to-close returns. Days where a price is missing are gaps.
// It returns an error wrapping [ErrNoData] when Day0 is not a trading day of
// Market, or when day −1 or day 0 has no price for either line.
func PriceChart(s Spec, in Prices) (*Chart, error) {
	s = s.withDefaults()
	win := in.Window
	if win == (study.Window{}) {
		win = DefaultPriceWindow
	}
	cal := in.Market.Dates
	i0 := -1
	for i, d := range cal {
		if d.Equal(in.Day0) {
			i0 = i
			break
		}
	}
	if i0 < 1 {
		return nil, fmt.Errorf("charts: price chart %s: day 0 %s with a day before it is not in the market calendar: %w",
			in.Event.Symbol, in.Day0.Format(time.DateOnly), ErrNoData)
	}
	firmAt := make(map[time.Time]float64, len(in.Firm.Dates))
	for i, d := range in.Firm.Dates {
		firmAt[d] = in.Firm.Values[i]
	}
	firmPrice := func(i int) float64 {
		if v, ok := firmAt[cal[i]]; ok {
			return v
		}
		return math.NaN()
	}
	f1, m1 := firmPrice(i0-1), in.Market.Values[i0-1]
	f0, m0 := firmPrice(i0), in.Market.Values[i0]
	if !(f1 > 0) || !(m1 > 0) || !finite(f0) || !finite(m0) {
		return nil, fmt.Errorf("charts: price chart %s: no price on day −1 or day 0 to index on: %w", in.Event.Symbol, ErrNoData)
	}

	lo, hi := max(i0+win.Start, 0), min(i0+win.End, len(cal)-1)
	n := hi - lo + 1
	x, fy, my := make([]float64, n), make([]float64, n), make([]float64, n)
	mark := i0 - lo
	for k := range n {
		i := lo + k
		x[k] = float64(i - i0)
		fy[k] = 100 * firmPrice(i) / f1
		my[k] = 100 * in.Market.Values[i] / m1
	}
	firmName, mktName := s.company(in.Event), s.Name(in.Event.Market)

	p := newPlot(tickSize, labelSize)
	firm := &path{X: x, Y: fy, Line: draw.LineStyle{Color: firmColor, Width: lineWidth}, Dots: 2.5, Mark: mark}
	mkt := &path{X: x, Y: my, Line: draw.LineStyle{Color: marketColor, Width: lineWidth}, Dots: 2.5, Mark: mark}
	event := eventRule("Day 0")
	base := &rule{At: 100, Line: draw.LineStyle{Color: inkColor, Width: thinWidth}}
	others := othersIn(s.News.Others, cal[lo:hi+1], i0-lo, func(i int) int { return lo + i - i0 })
	xmin, xmax, ymin, ymax := dataRange(firm, mkt)
	p.X.Min, p.X.Max = xmin-0.5, xmax+0.5
	ymin, ymax = math.Min(ymin, 100), math.Max(ymax, 100)
	setNumberAxis(&p.Y, ymin, headroom(ymin, ymax, labelRows(others)), 6)
	p.X.Tick.Marker = DayTicks{Label: func(d int) string {
		if i := i0 + d; i >= 0 && i < len(cal) {
			return signed(d) + "\n" + cal[i].Format("Jan 2")
		}
		return signed(d)
	}}
	p.X.Label.Text = "Trading days relative to the event, and date"
	p.Y.Label.Text = "Price index (day −1 = 100)"
	labels, confounded := markOthers(p, others)
	p.Add(hgrid{}, base, event, mkt, firm)
	p.Add(labels...)

	day := in.Day0.Format("Jan 2, 2006")
	title := fmt.Sprintf("%s and %s around %s", firmName, mktName, day)
	if s.News.Headline != "" {
		title = s.News.Headline
	}
	legend := []LegendEntry{
		{Label: s.companyTicker(in.Event), Thumb: firm},
		{Label: mktName, Thumb: mkt},
	}
	return &Chart{
		Spec:  s,
		Title: title,
		Subtitle: joinLines(fmt.Sprintf("%s %s on %s; %s %s. Closing prices, indexed to 100 on the day before",
			firmName, pct(fy[mark]/100-1), day, mktName, pct(my[mark]/100-1)), confounded),
		Legend: legend,
		Panels: []*plot.Plot{p},
	}, nil
}

// pct formats a fraction as a signed percentage with one decimal: +4.4%,
// −0.3%, 0.0%.
func pct(x float64) string {
	if !finite(x) {
		return "n/a"
	}
	s := fmt.Sprintf("%+.1f%%", 100*x)
	if s == "+0.0%" || s == "-0.0%" {
		return "0.0%"
	}
	return minus(s)
}
