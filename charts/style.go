package charts

import (
	"fmt"
	"image/color"
	pathpkg "path"
	"path/filepath"
	"strings"
	"time"

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
	pathInk     = color.RGBA{0xa3, 0x47, 0x00, 0xff} // text in the path's colour: Vermillion darkened to 4.5:1 on white
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

// Sizes in points. A chart is laid out on a canvas of 600 × 337.5 pt and
// written as PNG at 144 DPI (1200 × 675 px): printed in a 600 px article
// column, one point is one pixel, so titles are 18 px and every label at
// least 12 px there (CHARTS.md, "Sizes and legibility"). The narrow variant
// ([NarrowSpec]) keeps the sizes on a 400 pt wide canvas for phones.
const (
	titleSize    = 18
	subtitleSize = 13
	labelSize    = 12 // axis labels
	tickSize     = 12
	legendSize   = 12
	sourceSize   = 12
	markSize     = 12 // labels of marked days
	panelSize    = 12 // small-multiple panel titles
	panelTick    = 12
	margin       = vg.Length(10) // around the figure
	gap          = vg.Length(5)  // between stacked text rows
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

// Default sizes: a 600 × 337.5 pt canvas written at 144 DPI, 1200×675 px.
const (
	DefaultWidth     vg.Length = 600
	DefaultHeight    vg.Length = 337.5
	DefaultDPI                 = 144
	DefaultMaxPanels           = 36
)

// Narrow sizes, for a phone (360–400 px): 400 × 450 pt at 144 DPI, 800×900 px,
// with the same type sizes as the default, so text is half again as large
// relative to the chart.
const (
	NarrowWidth  vg.Length = 400
	NarrowHeight vg.Length = 450
)

// Spec says how large a chart is and what surrounds its data. The zero value
// is usable: each zero field takes its default.
type Spec struct {
	Width, Height vg.Length // points; zero: DefaultWidth × DefaultHeight (1200×675 px at 144 DPI)
	DPI           int       // PNG resolution, dots per inch; zero: DefaultDPI
	// Source is the line under the chart naming where the data came from
	// and who made the chart; see [SourceLine]. Empty: no source line.
	Source string
	// Note is a line above the source line saying how the drawn numbers
	// were computed (see [ModelNote]); only charts that draw a model's
	// output (abnormal returns, CARs) show it, never the price chart.
	Note string
	// Names maps symbols to display names ("^GSPC" → "S&P 500"); a symbol
	// not in Names is looked up in DefaultNames, then shown as is.
	Names map[string]string
	// MaxPanels limits the panels of [CARMultiples]; zero: DefaultMaxPanels.
	MaxPanels int
	// News is what the news adds to the charts of one event (PriceChart,
	// ARChart): the headline as title, the company's name, other events of
	// the firm to mark. The zero value draws generic titles.
	News News
}

// News is the text and context of one event, for its charts.
type News struct {
	// Headline becomes the chart's title ("Reports that Facebook asked US
	// banks for customer data"); empty: a generic title naming the company
	// and the date.
	Headline string
	// Company is the firm's name ("Facebook"), shown instead of its ticker;
	// empty: the event's study.Event.Name (an events file's name column, or
	// the name the price source gives), else Spec.Name of the symbol.
	Company string
	// Others are other events of the same firm. Those that fall inside a
	// chart's window are marked there (a shaded day and a label) and named
	// in the subtitle: news that moves the price inside the window is
	// confounded with the event's own (MacKinlay 1997, sec. 9).
	Others []Other
}

// Other is another event of the same firm, see [News].
type Other struct {
	// Day is the other event's trading day 0 (study.Result.Day0), else its
	// news date; it is marked on the first trading day on or after it.
	Day   time.Time
	Label string // short text: its headline or event id
}

// DefaultSpec returns the 1200×675 px spec with no source line.
func DefaultSpec() Spec {
	return Spec{Width: DefaultWidth, Height: DefaultHeight, DPI: DefaultDPI, MaxPanels: DefaultMaxPanels}
}

// NarrowSpec returns the phone variant of DefaultSpec: 800×900 px, the same
// type sizes on a canvas two-thirds as wide. A report page offers it to
// screens narrower than about 600 px (an HTML <picture> source, or the
// svg-inline output in a narrow column).
func NarrowSpec() Spec {
	s := DefaultSpec()
	s.Width, s.Height = NarrowWidth, NarrowHeight
	return s
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

// SourceLine formats the source line of a chart from the vendor of the
// prices and the credit of whoever made the chart, e.g.
//
//	Source: Yahoo Finance. Chart: The Daily Ledger
//
// Either may be empty; both empty give "".
func SourceLine(vendor, credit string) string {
	var parts []string
	if vendor != "" {
		parts = append(parts, "Source: "+vendor)
	}
	if credit != "" {
		parts = append(parts, "Chart: "+credit)
	}
	return strings.Join(parts, ". ")
}

// ModelNote says in a line how abnormal returns were computed, for the note
// line of the charts that draw them, e.g.
//
//	Abnormal return: actual minus market-model return, estimated over trading days −120..−11
func ModelNote(p study.Params) string {
	switch p.Model {
	case study.MarketAdjusted:
		return "Abnormal return: the stock's return minus the benchmark's (market-adjusted; nothing estimated)"
	case study.Raw:
		return "Abnormal return: the stock's raw return (no benchmark subtracted)"
	}
	name, ok := modelLongNames[p.Model]
	if !ok {
		name = p.Model.String() + " model"
	}
	return fmt.Sprintf("Abnormal return: actual minus expected return, %s estimated over trading days %s",
		name, windowString(p.Estimation))
}

// modelLongNames name the estimated models in note lines.
var modelLongNames = map[study.Model]string{
	study.MarketModel:  "market model",
	study.ConstantMean: "constant-mean model",
	study.FF3:          "Fama–French three-factor model",
	study.FF5:          "Fama–French five-factor model",
	study.Carhart:      "Carhart four-factor model",
	study.MarketGARCH:  "market model with GARCH(1,1) errors",
}

// Vendor names the source of prices for a source line: "Yahoo Finance",
// "Stooq", or the base names of the price files read (never a local
// folder path); describe is the run manifest's parameters.source ("yahoo
// (cache …)", "stooq (…)", "csv: paths", "built-in synthetic sample") and
// files the paths of the price files read, for CSV sources. More than three
// files are counted, not listed.
func Vendor(describe string, files []string) string {
	switch {
	case strings.HasPrefix(describe, "yahoo"):
		return "Yahoo Finance"
	case strings.HasPrefix(describe, "stooq"):
		return "Stooq"
	case strings.HasPrefix(describe, "built-in synthetic sample"):
		return "built-in synthetic sample (not market data)"
	case strings.HasPrefix(describe, "csv: ") || describe == "":
		if len(files) == 0 {
			for _, p := range strings.Split(strings.TrimPrefix(describe, "csv: "), ", ") {
				if p != "" {
					files = append(files, p)
				}
			}
		}
		var names []string
		for _, f := range files {
			names = append(names, pathpkg.Base(filepath.ToSlash(f)))
		}
		switch {
		case len(names) == 0:
			return ""
		case len(names) > 3:
			return fmt.Sprintf("%d price files", len(names))
		case len(names) == 1:
			return names[0]
		}
		return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
	}
	return describe
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
