package charts

import (
	"fmt"
	"image/color"
	"strings"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/eventstudy/eventstudy/study"
)

// The Okabe–Ito palette (Okabe and Ito 2008), distinguishable under the common
// forms of colour blindness. Charts use these names, never raw colours.
var (
	Black         = color.RGBA{0x00, 0x00, 0x00, 0xff}
	Orange        = color.RGBA{0xe6, 0x9f, 0x00, 0xff}
	SkyBlue       = color.RGBA{0x56, 0xb4, 0xe9, 0xff}
	BluishGreen   = color.RGBA{0x00, 0x9e, 0x73, 0xff}
	Yellow        = color.RGBA{0xf0, 0xe4, 0x42, 0xff}
	Blue          = color.RGBA{0x00, 0x72, 0xb2, 0xff}
	Vermillion    = color.RGBA{0xd5, 0x5e, 0x00, 0xff}
	ReddishPurple = color.RGBA{0xcc, 0x79, 0xa7, 0xff}
)

// Roles of colours in every chart.
var (
	firmColor   = Blue                               // the firm's price; per-event lines
	marketColor = Orange                             // the benchmark's price
	barColor    = SkyBlue                            // AR and AAR bars, histogram bars
	pathColor   = Vermillion                         // CAR and CAAR paths
	bandColor   = color.RGBA{0xd9, 0xd9, 0xd9, 0xff} // ±1.96·SE around zero (AR)
	// caarBandColor is Vermillion at 25% over white, opaque so that SVG and
	// PNG agree and overlapping shapes do not darken.
	caarBandColor = color.RGBA{0xf5, 0xd6, 0xbf, 0xff}
	whiteColor    = color.White
	inkColor      = color.RGBA{0x22, 0x22, 0x22, 0xff} // text, axes
	mutedColor    = color.RGBA{0x59, 0x59, 0x59, 0xff} // subtitle, source line, event-day line
	gridColor     = color.RGBA{0xe5, 0xe5, 0xe5, 0xff}
)

// Fonts: Liberation Sans, compiled into gonum/plot, so output does not depend
// on the machine.
var (
	regularFont = font.Font{Typeface: "Liberation", Variant: "Sans"}
	boldFont    = font.Font{Typeface: "Liberation", Variant: "Sans", Weight: xfont.WeightBold}
)

// Sizes in points. At the default 96 DPI one point is 4/3 px, so the tick
// labels are 15 px high on a 1200×675 px chart.
const (
	titleSize    = 18
	subtitleSize = 13
	labelSize    = 12 // axis labels
	tickSize     = 11
	legendSize   = 12
	sourceSize   = 10
	panelSize    = 10 // small-multiple panel titles
	panelTick    = 9
	margin       = vg.Length(14) // around the figure
	gap          = vg.Length(6)  // between stacked text rows
	lineWidth    = vg.Length(2)
	thinWidth    = vg.Length(1)
)

// Z95 is the two-sided 95% normal critical value used for every band
// (±Z95·SE). The issue specifies ±1.96·SE.
const Z95 = 1.96

// DefaultNames maps benchmark symbols to the names a reader knows.
var DefaultNames = map[string]string{
	"^GSPC":  "S&P 500",
	"^IXIC":  "Nasdaq Composite",
	"^NDX":   "Nasdaq-100",
	"^DJI":   "Dow Jones",
	"^RUT":   "Russell 2000",
	"^FTSE":  "FTSE 100",
	"^GDAXI": "DAX",
	"^N225":  "Nikkei 225",
}

// Default sizes: 1200×675 px at 96 DPI.
const (
	DefaultWidth     vg.Length = 900    // points: 1200 px at 96 DPI
	DefaultHeight    vg.Length = 506.25 // points: 675 px at 96 DPI
	DefaultDPI                 = 96
	DefaultMaxPanels           = 36
)

// Spec says how large a chart is and what surrounds its data. The zero value
// is usable: each zero field takes its default.
type Spec struct {
	Width, Height vg.Length // zero: DefaultWidth × DefaultHeight (1200×675 px at 96 DPI)
	DPI           int       // PNG resolution, dots per inch; zero: DefaultDPI
	// Source is the line under the chart naming the data, model and
	// estimation window; see [SourceLine]. Empty: no source line.
	Source string
	// Names maps symbols to display names ("^GSPC" → "S&P 500"); a symbol
	// not in Names is looked up in DefaultNames, then shown as is.
	Names map[string]string
	// MaxPanels limits the panels of [CARMultiples]; zero: DefaultMaxPanels.
	MaxPanels int
}

// DefaultSpec returns the 1200×675 px spec with no source line.
func DefaultSpec() Spec {
	return Spec{Width: DefaultWidth, Height: DefaultHeight, DPI: DefaultDPI, MaxPanels: DefaultMaxPanels}
}

func (s Spec) withDefaults() Spec {
	d := DefaultSpec()
	if s.Width <= 0 {
		s.Width = d.Width
	}
	if s.Height <= 0 {
		s.Height = d.Height
	}
	if s.DPI <= 0 {
		s.DPI = d.DPI
	}
	if s.MaxPanels <= 0 {
		s.MaxPanels = d.MaxPanels
	}
	return s
}

// Name returns the display name of a symbol: from s.Names, else from
// DefaultNames, else the symbol itself.
func (s Spec) Name(symbol string) string {
	if n, ok := s.Names[symbol]; ok {
		return n
	}
	if n, ok := DefaultNames[symbol]; ok {
		return n
	}
	return symbol
}

// SourceLine formats the source line of a study's charts, e.g.
//
//	Source: Yahoo Finance; market model, estimation −250..−11
//
// provider names where the prices came from; empty omits the "Source:" part.
func SourceLine(provider string, p study.Params) string {
	m := fmt.Sprintf("%s model, estimation %s", p.Model, windowString(p.Estimation))
	if p.Model == study.MarketAdjusted || p.Model == study.Raw {
		m = fmt.Sprintf("%s returns", p.Model) // nothing is estimated
	}
	if provider == "" {
		return m
	}
	return "Source: " + provider + "; " + m
}

// windowString writes a window with typographic minus signs: −250..−11, −1..+1.
func windowString(w study.Window) string {
	return signed(w.Start) + ".." + signed(w.End)
}

// signed writes an integer with its sign, using U+2212 for minus and no sign
// for zero: −5, 0, +5.
func signed(d int) string {
	switch {
	case d > 0:
		return fmt.Sprintf("+%d", d)
	case d < 0:
		return fmt.Sprintf("−%d", -d)
	}
	return "0"
}

// minus replaces ASCII hyphen-minus by the typographic minus sign U+2212.
func minus(s string) string { return strings.ReplaceAll(s, "-", "−") }

// textStyle is the style of all chart text.
func textStyle(f font.Font, size vg.Length, c color.Color) text.Style {
	f.Size = size
	return text.Style{Color: c, Font: f, Handler: plot.DefaultTextHandler}
}

// newPlot returns a panel with the house style: no title (the Chart draws
// it), Liberation Sans labels, light axes, horizontal grid lines added by
// the builders.
func newPlot(tick, label vg.Length) *plot.Plot {
	p := plot.New()
	p.BackgroundColor = nil // the Chart fills the background once
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle = textStyle(regularFont, label, inkColor)
		a.Label.Padding = gap
		a.Tick.Label = textStyle(regularFont, tick, inkColor)
		a.Color = mutedColor
		a.Tick.Color = mutedColor
		a.Tick.Length = 4
		a.Padding = 4
	}
	p.X.Tick.Label.XAlign, p.X.Tick.Label.YAlign = draw.XCenter, draw.YTop
	p.Y.Tick.Label.XAlign, p.Y.Tick.Label.YAlign = draw.XRight, draw.YCenter
	p.X.Label.TextStyle.XAlign, p.X.Label.TextStyle.YAlign = draw.XCenter, draw.YBottom
	p.Y.Label.TextStyle.XAlign, p.Y.Label.TextStyle.YAlign = draw.XCenter, draw.YBottom
	return p
}
