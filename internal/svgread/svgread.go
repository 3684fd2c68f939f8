// Package svgread reads back what a person sees in a chart written as SVG
// by the charts package: its title, its texts with their size and place,
// its lines and filled shapes. Tests of the charts and of the commands use
// it to check a chart as a reader would (the title names the news, a rule
// marks day 0, another event's day is shaded).
package svgread

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"gonum.org/v1/plot/font"
	libfont "gonum.org/v1/plot/font/liberation"
)

// A Doc is a parsed chart.
type Doc struct {
	Title string
	Texts []Text
	Paths []Path
	Size  int // bytes
}

type Text struct {
	X, Y float64 // x of the left edge; y from the bottom (SVG text y is negated)
	Size float64 // font size, px
	S    string
}

type Path struct {
	D, Style string
	Pts      [][2]float64 // the M/L points of d
}

// Parse reads the <title>, every <text> and every <path> of an SVG
// written by charts.Render (gonum/plot's vgsvg).
func Parse(b []byte) Doc {
	doc := Doc{Size: len(b)}
	dec := xml.NewDecoder(bytes.NewReader(b))
	var inTitle bool
	var cur *Text
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch el := tok.(type) {
		case xml.StartElement:
			attr := map[string]string{}
			for _, a := range el.Attr {
				attr[a.Name.Local] = a.Value
			}
			switch el.Name.Local {
			case "title":
				inTitle = true
			case "text":
				x, _ := strconv.ParseFloat(attr["x"], 64)
				y, _ := strconv.ParseFloat(attr["y"], 64)
				size := 0.0
				if i := strings.Index(attr["style"], "font-size:"); i >= 0 {
					v := attr["style"][i+len("font-size:"):]
					v = v[:strings.Index(v, "px")]
					size, _ = strconv.ParseFloat(v, 64)
				}
				cur = &Text{X: x, Y: -y, Size: size}
			case "path":
				doc.Paths = append(doc.Paths, Path{D: attr["d"], Style: attr["style"], Pts: pathPoints(attr["d"])})
			}
		case xml.CharData:
			if inTitle {
				doc.Title += string(el)
			}
			if cur != nil {
				cur.S += string(el)
			}
		case xml.EndElement:
			switch el.Name.Local {
			case "title":
				inTitle = false
			case "text":
				if cur != nil {
					doc.Texts = append(doc.Texts, *cur)
					cur = nil
				}
			}
		}
	}
	return doc
}

// pathPoints returns the points of the M and L commands of d (arcs are
// skipped).
func pathPoints(d string) [][2]float64 {
	var out [][2]float64
	for _, part := range strings.FieldsFunc(d, func(r rune) bool { return r == 'M' || r == 'L' || r == 'Z' }) {
		if strings.ContainsAny(part, "A") {
			continue
		}
		xy := strings.Split(part, ",")
		if len(xy) != 2 {
			continue
		}
		x, err1 := strconv.ParseFloat(xy[0], 64)
		y, err2 := strconv.ParseFloat(xy[1], 64)
		if err1 == nil && err2 == nil {
			out = append(out, [2]float64{x, y})
		}
	}
	return out
}

// Find returns the first text that contains s.
func (d Doc) Find(s string) (Text, bool) {
	for _, t := range d.Texts {
		if strings.Contains(t.S, s) {
			return t, true
		}
	}
	return Text{}, false
}

// All is every text of the chart, one per line.
func (d Doc) All() string {
	var b strings.Builder
	for _, t := range d.Texts {
		b.WriteString(t.S + "\n")
	}
	return b.String()
}

// LiberationDigit is the advance of a digit in Liberation Sans, in em
// (every digit has the same width: tabular figures).
const LiberationDigit = 0.556

// TickX returns the x centre of the x-axis tick label lbl (the lowest text
// that reads lbl exactly, or whose first line does), assuming digits and
// signs one digit wide; ok is false when there is none.
func (d Doc) TickX(lbl string) (x float64, ok bool) {
	best := Text{Y: math.Inf(1)}
	for _, tx := range d.Texts {
		if strings.HasPrefix(tx.S, lbl) && (len(tx.S) == len(lbl) || tx.S[len(lbl)] == '\n') && tx.Y < best.Y {
			best = tx
		}
	}
	if math.IsInf(best.Y, 1) {
		return 0, false
	}
	return best.X + LiberationDigit*best.Size*float64(len([]rune(lbl)))/2, true
}

// Vertical returns the vertical lines (two-point paths with equal x) whose
// style contains style.
func (d Doc) Vertical(style string) []float64 {
	var xs []float64
	for _, p := range d.Paths {
		if len(p.Pts) == 2 && p.Pts[0][0] == p.Pts[1][0] && p.Pts[0][1] != p.Pts[1][1] && strings.Contains(p.Style, style) {
			xs = append(xs, p.Pts[0][0])
		}
	}
	return xs
}

// Fills returns the x ranges of the filled polygons whose style contains
// fill: the x sides of [Doc.FillBoxes].
func (d Doc) Fills(fill string) [][2]float64 {
	var out [][2]float64
	for _, b := range d.FillBoxes(fill) {
		out = append(out, [2]float64{b.MinX, b.MaxX})
	}
	return out
}

// ShadeFill is the fill of a shaded day (another event of the firm).
const ShadeFill = "#F5E4ED"

// DayZero checks that a dashed vertical rule stands at the x of the tick
// labelled "0" and that the label lbl is written beside it.
func (d Doc) DayZero(lbl string) error {
	x0, ok := d.TickX("0")
	if !ok {
		return fmt.Errorf("no x tick label 0")
	}
	found := false
	for _, x := range d.Vertical("stroke-dasharray") {
		found = found || math.Abs(x-x0) < 0.5
	}
	if !found {
		return fmt.Errorf("no dashed vertical rule at day 0 (x = %.2f); dashed verticals at %v", x0, d.Vertical("stroke-dasharray"))
	}
	tx, ok := d.Find(lbl)
	if !ok {
		return fmt.Errorf("no day-0 label %q", lbl)
	}
	if math.Abs(tx.X-x0) > 10 && math.Abs(tx.X+0.6*tx.Size*float64(len([]rune(lbl)))-x0) > 10 {
		return fmt.Errorf("day-0 label %q at x = %.1f, far from the rule at %.1f", lbl, tx.X, x0)
	}
	return nil
}

// Shaded checks that the column of event day day is shaded and that label
// is written: the x of day is interpolated between the x tick labels from
// and to (signed day numbers with U+2212 minus, "−5", "0", "+5").
func (d Doc) Shaded(from, to string, day int, label string) error {
	xa, ok1 := d.TickX(from)
	xb, ok2 := d.TickX(to)
	if !ok1 || !ok2 {
		return fmt.Errorf("no x tick labels %q and %q", from, to)
	}
	num := func(s string) int {
		n, _ := strconv.Atoi(strings.NewReplacer("−", "-", "+", "").Replace(s))
		return n
	}
	a, b := num(from), num(to)
	x := xa + (xb-xa)*float64(day-a)/float64(b-a)
	found := false
	for _, r := range d.Fills(ShadeFill) {
		found = found || (r[0] < x && x < r[1])
	}
	if !found {
		return fmt.Errorf("no shaded day at day %d (x = %.1f); shades %v", day, x, d.Fills(ShadeFill))
	}
	if _, ok := d.Find(label); !ok {
		return fmt.Errorf("no label %q for the shaded day", label)
	}
	return nil
}

// A Box is a rectangle in the chart's coordinates (y from the bottom).
type Box struct{ MinX, MinY, MaxX, MaxY float64 }

// Overlaps reports whether two boxes share more than an edge.
func (b Box) Overlaps(o Box) bool {
	return b.MinX < o.MaxX && o.MinX < b.MaxX && b.MinY < o.MaxY && o.MinY < b.MaxY
}

// Height is the box's height.
func (b Box) Height() float64 { return b.MaxY - b.MinY }

// Crosses reports whether the segment from p to q passes through the box's
// inside (Liang–Barsky clipping).
func (b Box) Crosses(p, q [2]float64) bool {
	t0, t1 := 0.0, 1.0
	dx, dy := q[0]-p[0], q[1]-p[1]
	for _, e := range [][2]float64{{-dx, p[0] - b.MinX}, {dx, b.MaxX - p[0]}, {-dy, p[1] - b.MinY}, {dy, b.MaxY - p[1]}} {
		pe, qe := e[0], e[1]
		if pe == 0 {
			if qe <= 0 {
				return false
			}
			continue
		}
		t := qe / pe
		if pe < 0 {
			t0 = math.Max(t0, t)
		} else {
			t1 = math.Min(t1, t)
		}
	}
	return t0 < t1
}

// TextBox is the box of the ink of a one-line text w wide: from the
// descenders below the baseline to the capitals and ascenders above
// (Liberation Sans: 0.212 and 0.729 em; gonum/plot sets the lines of a
// label 1 em apart, so the boxes of its lines do not meet).
func TextBox(t Text, w float64) Box {
	return Box{MinX: t.X, MinY: t.Y - 0.212*t.Size, MaxX: t.X + w, MaxY: t.Y + 0.729*t.Size}
}

// FillBoxes returns the bounding boxes of the filled polygons whose style
// contains fill (a colour such as "#F0C7A6").
func (d Doc) FillBoxes(fill string) []Box {
	var out []Box
	for _, p := range d.Paths {
		if !strings.Contains(p.Style, "fill:"+fill) || len(p.Pts) < 3 {
			continue
		}
		b := Box{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
		for _, pt := range p.Pts {
			b.MinX, b.MaxX = math.Min(b.MinX, pt[0]), math.Max(b.MaxX, pt[0])
			b.MinY, b.MaxY = math.Min(b.MinY, pt[1]), math.Max(b.MaxY, pt[1])
		}
		out = append(out, b)
	}
	return out
}

// Segments returns the straight segments of every stroked, unfilled path:
// the lines a reader sees (data lines, grid, rules, axes).
func (d Doc) Segments() [][2][2]float64 {
	var out [][2][2]float64
	for _, p := range d.Paths {
		if !strings.Contains(p.Style, "fill:none") || !strings.Contains(p.Style, "stroke:") || strings.Contains(p.D, "A") {
			continue
		}
		for i := 1; i < len(p.Pts); i++ {
			out = append(out, [2][2]float64{p.Pts[i-1], p.Pts[i]})
		}
	}
	return out
}

// TickGapEm is the least room between two tick labels of an axis, in em of
// their font: half an em.
const TickGapEm = 0.5

// DigitHeight is the ink height of a line of digits in Liberation Sans, in
// em: what must not touch when labels stack on a vertical axis.
const DigitHeight = 0.72

var liberation = sync.OnceValue(func() *font.Face {
	f := font.Font{Typeface: "Liberation", Variant: "Sans", Size: 1}
	face := font.NewCache(libfont.Collection()).Lookup(f, 1)
	return &face
})

// Width is the advance of s in Liberation Sans (regular) at size px.
func Width(s string, size float64) float64 {
	return float64(liberation().Width(s)) * size
}

// tickLabel matches what an axis of this tool writes at a tick: a number,
// a percentage, a signed day, a date under a day ("Aug 6").
var tickLabel = regexp.MustCompile(`^([−+-]?[0-9][0-9,]*(\.[0-9]+)?%?|[A-Z][a-z]{2} [0-9]{1,2})$`)

// A TickAxis is the tick labels of one axis as a reader finds them, in
// order along the axis.
type TickAxis struct {
	Vertical bool
	Labels   []Text
}

// TickAxes returns the axes of the chart by their tick labels: three or
// more number-like texts of one size on one baseline (an x axis; the dates
// under the days of a price chart are a row of their own) or with one right
// edge (a y axis).
func (d Doc) TickAxes() []TickAxis {
	type key struct{ at, size float64 }
	rows, cols := map[key][]Text{}, map[key][]Text{}
	for _, t := range d.Texts {
		if !tickLabel.MatchString(t.S) || t.Size <= 0 {
			continue
		}
		row := key{math.Round(t.Y * 100), t.Size}
		rows[row] = append(rows[row], t)
		col := key{math.Round((t.X + Width(t.S, t.Size)) * 2), t.Size}
		cols[col] = append(cols[col], t)
	}
	var out []TickAxis
	for n, g := range []map[key][]Text{rows, cols} {
		var keys []key
		for k, ts := range g {
			if len(ts) >= 3 {
				keys = append(keys, k)
			}
		}
		sort.Slice(keys, func(i, j int) bool {
			return keys[i].at < keys[j].at || keys[i].at == keys[j].at && keys[i].size < keys[j].size
		})
		for _, k := range keys {
			ts := g[k]
			v := n == 1
			if v {
				sort.Slice(ts, func(i, j int) bool { return ts[i].Y < ts[j].Y })
			} else {
				sort.Slice(ts, func(i, j int) bool { return ts[i].X < ts[j].X })
			}
			out = append(out, TickAxis{Vertical: v, Labels: ts})
		}
	}
	return out
}

// TickCrowding returns each pair of neighbouring tick labels of an axis
// ([Doc.TickAxes]) closer than TickGapEm, or overlapping, as "«a» and «b»
// 0.10 em apart". On a vertical axis the room is between the digits' ink.
func (d Doc) TickCrowding() []string {
	var out []string
	for _, ax := range d.TickAxes() {
		ts := ax.Labels
		for i := 1; i < len(ts); i++ {
			a, b := ts[i-1], ts[i]
			room := b.X - (a.X + Width(a.S, a.Size))
			if ax.Vertical {
				room = b.Y - a.Y - DigitHeight*b.Size
			}
			if room < TickGapEm*a.Size-1e-6 {
				out = append(out, fmt.Sprintf("%q and %q %.2f em apart", a.S, b.S, room/a.Size))
			}
		}
	}
	return out
}
