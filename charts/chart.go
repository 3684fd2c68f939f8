package charts

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"html"
	"io"
	"math"
	"slices"
	"strings"
	"sync"

	"codeberg.org/go-pdf/fpdf"

	"golang.org/x/image/font/sfnt"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgpdf"
	"gonum.org/v1/plot/vg/vgsvg"
)

// ErrNoData is returned, wrapped with what was missing, when a chart has
// nothing to draw: an empty summary, an event without event-window days, no
// CAR for the chosen window.
var ErrNoData = errors.New("no data to draw")

// A Chart is a figure ready to render: a title, a subtitle, a legend row, one
// or more panels and a source line, drawn top to bottom in that order. The
// builders fill every field; callers may change any of them before [Render].
type Chart struct {
	Spec     Spec // size, resolution and source line
	Title    string
	Subtitle string // one or more lines under the title; empty: none
	// Note is a line over the source line saying how the drawn numbers were
	// computed (Spec.Note on the charts of abnormal returns); empty: none.
	Note   string
	Legend []LegendEntry
	// Panels are drawn row-major in a grid of Cols columns, their data areas
	// aligned (gonum plot.Align). Most charts have one panel.
	Panels []*plot.Plot
	Cols   int // zero: 1

	// narrow, when set, rebuilds the chart for NarrowSpec's canvas (charts
	// whose layout depends on the width: the grid of small multiples).
	narrow func() *Chart
}

// Narrow returns the phone variant of the chart ([NarrowSpec]): the same
// content, type and sizes on a canvas 400 pt wide. A chart whose layout
// depends on its width (small multiples: fewer columns, more rows) is built
// again; the others are the same panels on the narrow canvas, as tall as
// NarrowSpec or as the chart needs, whichever is more.
func (ch *Chart) Narrow() *Chart {
	if ch.narrow != nil {
		if n := ch.narrow(); n != nil {
			return n
		}
	}
	cp := *ch
	ns := NarrowSpec()
	cp.Spec.Width, cp.Spec.Height = ns.Width, max(ns.Height, ch.Spec.withDefaults().Height)
	return &cp
}

// A LegendEntry is one item of the legend row: a sample of the mark and its
// meaning.
type LegendEntry struct {
	Label string
	Thumb plot.Thumbnailer
}

// Draw draws the chart onto a canvas of any size. Where the tick labels of
// an axis would come closer than half an em on that canvas (a phone), the
// axis is drawn with a rounder step ([fitTicks]); the panels themselves are
// left as they are.
func (ch *Chart) Draw(dc draw.Canvas) {
	dc.SetColor(whiteColor)
	dc.Fill(dc.Rectangle.Path())

	left, right := dc.Min.X+margin, dc.Max.X-margin
	top, bottom := dc.Max.Y-margin, dc.Min.Y+margin

	write := func(sty text.Style, s string, y vg.Length) vg.Length {
		if s == "" {
			return y
		}
		s = wrap(sty, s, right-left)
		sty.XAlign, sty.YAlign = draw.XLeft, draw.YTop
		dc.FillText(sty, vg.Point{X: left, Y: y}, s)
		return y - sty.Height(s) - gap
	}
	top = write(textStyle(boldFont, titleSize, inkColor), ch.Title, top)
	top = write(textStyle(regularFont, subtitleSize, mutedColor), ch.Subtitle, top)
	if len(ch.Legend) > 0 {
		top = ch.drawLegend(dc, left, right, top)
	}
	top -= gap

	for _, s := range []string{ch.Spec.Source, ch.Note} { // bottom up
		if s == "" {
			continue
		}
		sty := textStyle(regularFont, sourceSize, mutedColor)
		s = wrap(sty, s, right-left)
		sty.XAlign, sty.YAlign = draw.XLeft, draw.YBottom
		dc.FillText(sty, vg.Point{X: left, Y: bottom + sty.FontExtents().Descent}, s)
		bottom += sty.Height(s) + gap
	}
	bottom += gap

	area := draw.Canvas{Canvas: dc.Canvas, Rectangle: vg.Rectangle{Min: vg.Point{X: left, Y: bottom}, Max: vg.Point{X: right, Y: top}}}
	if len(ch.Panels) == 0 {
		return
	}
	if len(ch.Panels) == 1 {
		grid, _ := fitTicks([][]*plot.Plot{{ch.Panels[0]}}, [][]draw.Canvas{{area}})
		grid[0][0].Draw(area)
		return
	}
	cols := max(ch.Cols, 1)
	rows := (len(ch.Panels) + cols - 1) / cols
	grid := make([][]*plot.Plot, rows)
	for r := range grid {
		grid[r] = make([]*plot.Plot, cols)
		for c := range grid[r] {
			if i := r*cols + c; i < len(ch.Panels) {
				grid[r][c] = ch.Panels[i]
			}
		}
	}
	tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: 3 * gap, PadY: 2 * gap}
	canvases := plot.Align(grid, tiles, area)
	if fitted, changed := fitTicks(grid, canvases); changed {
		grid, canvases = fitted, plot.Align(fitted, tiles, area) // rounder labels may be narrower
	}
	for r := range grid {
		for c, p := range grid[r] {
			if p != nil {
				p.Draw(canvases[r][c])
			}
		}
	}
}

// wrap breaks each line of s at spaces so that no line is wider than w in
// sty; a single word wider than w stays whole.
func wrap(sty text.Style, s string, w vg.Length) string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		words := strings.Fields(line)
		if len(words) == 0 || sty.Width(line) <= w {
			out = append(out, line)
			continue
		}
		out = append(out, fill(sty, w, words)...)
	}
	return strings.Join(out, "\n")
}

// fill lays pieces of text (words, phrases) out greedily on lines joined by
// a space, starting a new line only where the next piece would make the line
// wider than w; a piece wider than w alone stays whole on its line.
func fill(sty text.Style, w vg.Length, pieces []string) []string {
	var out []string
	cur := ""
	for _, pc := range pieces {
		if cur != "" && sty.Width(cur+" "+pc) > w {
			out = append(out, cur)
			cur = ""
		}
		if cur != "" {
			cur += " "
		}
		cur += pc
	}
	if cur != "" {
		out = append(out, cur)
	}
	return out
}

// drawLegend draws the legend entries left to right, wrapping to a new row
// when the next entry would pass right, and returns the y below the legend.
func (ch *Chart) drawLegend(dc draw.Canvas, left, right, top vg.Length) vg.Length {
	sty := textStyle(regularFont, legendSize, inkColor)
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YCenter
	rowH := sty.Height("Ag")
	thumbW, thumbH := vg.Length(24), rowH*0.7
	x, y := left, top-rowH/2
	for _, e := range ch.Legend {
		w := thumbW + gap + sty.Width(e.Label)
		if x > left && x+w > right {
			x, y = left, y-rowH-gap
		}
		if e.Thumb != nil {
			tc := draw.Canvas{Canvas: dc.Canvas, Rectangle: vg.Rectangle{
				Min: vg.Point{X: x, Y: y - thumbH/2}, Max: vg.Point{X: x + thumbW, Y: y + thumbH/2}}}
			e.Thumb.Thumbnail(&tc)
		}
		dc.FillText(sty, vg.Point{X: x + thumbW + gap, Y: y}, e.Label)
		x += w + 3*gap
	}
	return y - rowH/2 - gap
}

// Render writes the chart in format:
//
//	png         Spec.Width × Spec.Height at Spec.DPI (1200×675 px by default)
//	svg         a standalone SVG file with its fonts embedded, reduced to the
//	            glyphs the chart draws (tens of KB instead of 1.1 MB)
//	svg-inline  an <svg> element without XML prolog or fonts, for HTML pages
//	            that include [FontCSS] once
//	pdf         a PDF page with its fonts embedded
//
// PNG and SVG output are byte-for-byte deterministic.
func Render(ch *Chart, format string, w io.Writer) error {
	s := ch.Spec.withDefaults()
	var c vg.CanvasWriterTo
	switch format {
	case "png":
		pc := newPNGCanvas(s, false)
		defer pc.release()
		c = pc
	case "svg", "svg-inline":
		c = &svgCanvas{Canvas: vgsvg.NewWith(vgsvg.UseWH(s.Width, s.Height)), runes: map[bool]map[rune]bool{}}
	case "pdf":
		c = pdfCanvas{vgpdf.New(s.Width, s.Height)}
	default:
		return fmt.Errorf("charts: unknown format %q (want png, svg, svg-inline or pdf)", format)
	}
	ch.Draw(draw.New(c))
	if !strings.HasPrefix(format, "svg") {
		_, err := c.WriteTo(w)
		return err
	}
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return err
	}
	css := ""
	if format == "svg" {
		sc := c.(*svgCanvas)
		var err error
		if css, err = subsetFontCSS(sc.used(false), sc.used(true)); err != nil {
			return err
		}
	}
	_, err := w.Write(svgFixup(buf.Bytes(), ch.Title, format == "svg-inline", css))
	return err
}

// svgCanvas records the characters drawn in each weight, so that a
// standalone SVG embeds fonts holding only those glyphs.
type svgCanvas struct {
	*vgsvg.Canvas
	runes map[bool]map[rune]bool // bold? → characters
}

func (c *svgCanvas) FillString(f font.Face, pt vg.Point, s string) {
	bold := f.Font.Weight == boldFont.Weight
	if c.runes[bold] == nil {
		c.runes[bold] = map[rune]bool{}
	}
	for _, r := range s {
		c.runes[bold][r] = true
	}
	c.Canvas.FillString(f, pt, s)
}

// used returns the characters drawn in one weight, sorted.
func (c *svgCanvas) used(bold bool) []rune {
	var rs []rune
	for r := range c.runes[bold] {
		rs = append(rs, r)
	}
	slices.Sort(rs)
	return rs
}

// svgFixup adds a <title> (read by screen readers and shown on hover) and,
// for inline use, drops the XML prolog and generator comment that precede
// <svg>; css, when set, goes in a <style> element after the title.
func svgFixup(b []byte, title string, inline bool, css string) []byte {
	i := bytes.Index(b, []byte("<svg"))
	if i < 0 {
		return b
	}
	end := bytes.IndexByte(b[i:], '>')
	if end < 0 {
		return b
	}
	end += i + 1
	var out bytes.Buffer
	if !inline {
		out.Write(b[:i])
	}
	out.Write(b[i:end])
	if title != "" {
		fmt.Fprintf(&out, "\n<title>%s</title>", html.EscapeString(title))
	}
	if css != "" {
		fmt.Fprintf(&out, "\n<defs><style>\n%s</style></defs>", css)
	}
	out.Write(b[end:])
	return out.Bytes()
}

// FontCSS returns the @font-face rules for the fonts the charts use, with
// the family names that "svg-inline" output refers to. An HTML page puts it
// once in a <style> element, however many charts it holds (about 1.1 MB).
func FontCSS() string {
	var b strings.Builder
	var sb sfnt.Buffer
	for _, f := range []font.Font{regularFont, boldFont} {
		face := font.DefaultCache.Lookup(f, 10)
		family, err := face.Face.Name(&sb, sfnt.NameIDFamily)
		if err != nil {
			panic(fmt.Sprintf("charts: font %v has no family name: %v", f, err))
		}
		var raw bytes.Buffer
		if _, err := face.Face.WriteSourceTo(nil, &raw); err != nil {
			panic(fmt.Sprintf("charts: read font %v: %v", f, err))
		}
		weight := "normal"
		if f.Weight == boldFont.Weight {
			weight = "bold"
		}
		fmt.Fprintf(&b, "@font-face{font-family:%q;font-weight:%s;font-style:normal;src:url(data:font/ttf;base64,%s) format(\"truetype\");}\n",
			family, weight, base64.StdEncoding.EncodeToString(raw.Bytes()))
	}
	return b.String()
}

// pdfCanvas works around two limits of gonum/plot's vgpdf (v0.17.0), seen by
// rendering its output with poppler: bold faces come out with regular glyphs
// at bold spacing (and, left alone, fail with "undefined font"), and text is
// written as UTF-8 bytes into a cp1252 font, which garbles ± and ×. So PDF
// text is set in the regular face and translated to cp1252, with U+2212,
// which cp1252 lacks, written as a hyphen-minus.
type pdfCanvas struct{ *vgpdf.Canvas }

var toCP1252 = sync.OnceValue(func() func(string) string {
	return fpdf.New("P", "pt", "A4", "").UnicodeTranslatorFromDescriptor("cp1252")
})

func (c pdfCanvas) FillString(f font.Face, pt vg.Point, s string) {
	if f.Font.Weight != regularFont.Weight {
		r := regularFont
		r.Size = f.Font.Size
		f = font.DefaultCache.Lookup(r, r.Size)
	}
	c.Canvas.FillString(f, pt, toCP1252()(strings.ReplaceAll(s, "−", "-")))
}

// finite reports whether x is neither NaN nor infinite.
func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
