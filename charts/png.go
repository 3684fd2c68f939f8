package charts

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	imgdraw "image/draw"
	"image/png"
	"io"
	"math"
	"sync"

	"git.sr.ht/~sbinet/gg"
	"github.com/klauspost/compress/zlib"
	"golang.org/x/image/math/fixed"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/vgimg"
)

// encodePNG writes m as a PNG (ISO/IEC 15948:2004): an opaque *image.RGBA
// as 8-bit truecolour (colour type 2) with filter type 0 (None) on every
// row and zlib at its fastest level (klauspost/compress, faster than
// compress/zlib's), in one IDAT chunk; anything else
// through image/png at png.BestSpeed.
//
// image/png picks a filter for every row by trying all five (the
// minimum-sum-of-absolute-differences heuristic of the PNG book) at every
// level but NoCompression: on a chart, large areas of flat colour, that
// search was half of the encoding time, and the unfiltered rows deflate
// better (the 9 charts of a 10,000-event run: 1.04 MB instead of 1.19 MB,
// in less than half the time). The pixels are the same.
//
// Whether the image is opaque is found while its rows are copied (RGBA to
// RGB, [rgbRow]), not in a pass of its own.
//
// A deflater that looks only for the repeats of a chart (runs equal to the
// row above or to the pixel before) was tried: with dynamic Huffman codes it
// was about 1.5 ms a chart faster than klauspost's fastest level and its
// files 20% larger, so it was left out.
func encodePNG(w io.Writer, m image.Image) error {
	rgba, ok := m.(*image.RGBA)
	if !ok {
		return (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(w, m)
	}
	b := rgba.Bounds()
	wd, ht := b.Dx(), b.Dy()
	st, _ := deflaters.Get().(*deflater)
	if st == nil {
		st = &deflater{}
		st.zw, _ = zlib.NewWriterLevel(&st.idat, zlib.BestSpeed) // a valid level: no error
	}
	defer deflaters.Put(st)
	st.idat.Reset()
	st.zw.Reset(&st.idat)
	// Each pixel is copied as 4 bytes, the 4th overwritten by the next
	// pixel's: the row has one byte to spare.
	if cap(st.row) < 2+3*wd {
		st.row = make([]byte, 2+3*wd)
	}
	row := st.row[:2+3*wd]
	row[0] = 0 // filter type None
	for y := b.Min.Y; y < b.Max.Y; y++ {
		pix := rgba.Pix[rgba.PixOffset(b.Min.X, y):][:4*wd]
		if !rgbRow(row[1:], pix) { // translucent: keep the alpha channel
			return (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(w, m)
		}
		if _, err := st.zw.Write(row[:1+3*wd]); err != nil {
			return err
		}
	}
	if err := st.zw.Close(); err != nil {
		return err
	}
	idat := &st.idat
	bw := bufio.NewWriter(w)
	bw.WriteString("\x89PNG\r\n\x1a\n")
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:], uint32(wd))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(ht))
	ihdr[8], ihdr[9] = 8, 2 // bit depth 8, truecolour; compression, filter method and interlace 0
	pngChunk(bw, "IHDR", ihdr[:])
	pngChunk(bw, "IDAT", idat.Bytes())
	pngChunk(bw, "IEND", nil)
	return bw.Flush()
}

// rgbRow copies the pixels of pix (RGBA) to dst as RGB and reports whether
// they are all opaque. dst has room for one byte more than the RGB row: the
// pixels are moved 4 at a time as two 8-byte loads and an 8- and a 4-byte
// store, then one at a time as 4 bytes whose 4th the next pixel overwrites.
func rgbRow(dst, pix []byte) bool {
	all := ^uint64(0) // the AND of the 8-byte loads: alphas in bytes 3 and 7
	x, j := 0, 0
	for ; x+16 <= len(pix); x, j = x+16, j+12 {
		a := binary.LittleEndian.Uint64(pix[x:]) // r0 g0 b0 a0 r1 g1 b1 a1
		b := binary.LittleEndian.Uint64(pix[x+8:])
		all &= a & b
		binary.LittleEndian.PutUint64(dst[j:], a&0xffffff|a>>32&0xffffff<<24|b<<48)
		binary.LittleEndian.PutUint32(dst[j+8:], uint32(b>>16&0xff|b>>32&0xffffff<<8))
	}
	tail := ^uint32(0)
	for ; x+4 <= len(pix); x, j = x+4, j+3 {
		v := binary.LittleEndian.Uint32(pix[x:])
		binary.LittleEndian.PutUint32(dst[j:], v)
		tail &= v
	}
	return all>>56 == 0xff && all>>24&0xff == 0xff && tail>>24 == 0xff
}

// A deflater is encodePNG's zlib writer and buffers, kept in deflaters for
// the next chart (a new writer allocates about 0.4 MB of tables).
type deflater struct {
	zw   *zlib.Writer
	idat bytes.Buffer
	row  []byte
}

var deflaters sync.Pool // of *deflater

// pngChunk writes one chunk: length, type, data, CRC-32 of type and data.
func pngChunk(w *bufio.Writer, typ string, data []byte) {
	var h [8]byte
	binary.BigEndian.PutUint32(h[:4], uint32(len(data)))
	copy(h[4:], typ)
	w.Write(h[:])
	w.Write(data)
	crc := crc32.NewIEEE()
	crc.Write(h[4:])
	crc.Write(data)
	binary.BigEndian.PutUint32(h[:4], crc.Sum32())
	w.Write(h[:4])
}

// pngCanvas is vgimg's PNG canvas with faster text and background
// (pngtext.go) and digits drawn as tabular figures.
//
// Digits are drawn without kerning between two digits. Liberation Sans
// kerns the pair "11" by −0.074 em, so that vgimg (which applies the font's
// kerning) squeezed "−11.9%" into something read as "−1l.9%" once the PNG
// is printed at half size; every digit of the font has the same advance
// (0.556 em), so unkerned digits line up as in a table. A run of text is
// drawn in pieces split between adjacent digits, each piece starting where
// the unkerned advance of the previous one ends.
type pngCanvas struct {
	vgimg.PngCanvas
	img    *image.RGBA // the canvas's image; nil: always vgimg's way
	pooled bool        // img comes from rgbaPool
	col    color.Color // the current colour, as vgimg's context holds it
	// turn is the transform in effect (saved holds it across Push/Pop):
	// none, a quarter turn (Rotate(π/2) alone: the y axis label) or other
	// (any other Rotate, Translate or Scale), when text and fills go
	// vgimg's way.
	turn  turn
	saved []turn
}

type turn int8

const (
	noTurn turn = iota
	quarterTurn
	otherTurn
)

// newPNGCanvas returns a white canvas of s's size in pixels; slow draws
// everything vgimg's way, on an image of its own (for tests that compare
// the two).
//
// Otherwise, when the size in pixels gives back s's size in points exactly
// (as vgimg measures an image it is handed: 1200×675 px at 144 DPI is
// 600×337.5 pt), the canvas draws on an image from rgbaPool, which
// [pngCanvas.release] returns: vgimg.NewWith(UseWH) allocates an image and
// then a copy of it for gg's context, 6.5 MB of garbage per chart.
func newPNGCanvas(s Spec, slow bool) *pngCanvas {
	c := &pngCanvas{col: color.Black}
	inch := vg.Length(s.DPI)
	w, h := int(s.Width/vg.Inch*inch+0.5), int(s.Height/vg.Inch*inch+0.5) // as vgimg.NewWith
	if !slow && vg.Length(float64(w)/float64(s.DPI))*vg.Inch == s.Width && vg.Length(float64(h)/float64(s.DPI))*vg.Inch == s.Height {
		c.img, c.pooled = getRGBA(w, h), true
		ctx := gg.NewContextForRGBA(c.img) // as vgimg.NewWith sets up its own
		ctx.SetLineCapButt()
		ctx.InvertY()
		c.Canvas = vgimg.NewWith(vgimg.UseImageWithContext(c.img, ctx), vgimg.UseDPI(s.DPI))
		return c
	}
	c.Canvas = vgimg.NewWith(vgimg.UseWH(s.Width, s.Height), vgimg.UseDPI(s.DPI))
	if !slow {
		c.img, _ = c.Image().(*image.RGBA)
	}
	return c
}

// rgbaPool holds the pixels of images that charts have been drawn on.
var rgbaPool sync.Pool // of *[]byte

// getRGBA returns a w×h image from rgbaPool, or a new one; its pixels are
// not cleared (vgimg.NewWith paints the background over all of them).
func getRGBA(w, h int) *image.RGBA {
	n := 4 * w * h
	if p, _ := rgbaPool.Get().(*[]byte); p != nil && cap(*p) >= n {
		return &image.RGBA{Pix: (*p)[:n], Stride: 4 * w, Rect: image.Rect(0, 0, w, h)}
	}
	return image.NewRGBA(image.Rect(0, 0, w, h))
}

// release hands a pooled image back to rgbaPool; the canvas must not be
// used after.
func (c *pngCanvas) release() {
	if c.pooled {
		pix := c.img.Pix
		rgbaPool.Put(&pix)
		c.img, c.pooled = nil, false
	}
}

func (c *pngCanvas) SetColor(col color.Color) {
	if col == nil {
		col = color.Black
	}
	c.col = col
	c.Canvas.SetColor(col)
}

func (c *pngCanvas) Rotate(a float64) {
	if c.turn == noTurn && a == math.Pi/2 {
		c.turn = quarterTurn
	} else {
		c.turn = otherTurn
	}
	c.Canvas.Rotate(a)
}

func (c *pngCanvas) Translate(pt vg.Point) { c.turn = otherTurn; c.Canvas.Translate(pt) }

func (c *pngCanvas) Scale(x, y float64) { c.turn = otherTurn; c.Canvas.Scale(x, y) }

func (c *pngCanvas) Push() { c.saved = append(c.saved, c.turn); c.Canvas.Push() }

func (c *pngCanvas) Pop() {
	c.turn, c.saved = c.saved[len(c.saved)-1], c.saved[:len(c.saved)-1]
	c.Canvas.Pop()
}

// Fill paints a rectangle that covers the whole image in an opaque colour
// (the chart's background) with one draw.Draw: gg's rasteriser covers every
// pixel of it fully, so the pixels are the same, at a fraction of the cost.
func (c *pngCanvas) Fill(p vg.Path) {
	if c.img != nil && c.turn == noTurn && c.coversImage(p) {
		if _, _, _, a := c.col.RGBA(); a == 0xffff {
			imgdraw.Draw(c.img, c.img.Rect, image.NewUniform(c.col), image.Point{}, imgdraw.Src)
			return
		}
	}
	c.Canvas.Fill(p)
}

// coversImage reports whether p is an axis-aligned rectangle (four
// vertices, straight edges, an optional closing one) that covers the image.
func (c *pngCanvas) coversImage(p vg.Path) bool {
	var pts []vg.Point
	for i, comp := range p {
		switch {
		case comp.Type == vg.MoveComp && i == 0, comp.Type == vg.LineComp:
			pts = append(pts, comp.Pos)
		case comp.Type == vg.CloseComp && i == len(p)-1:
		default:
			return false
		}
	}
	if len(pts) == 5 && pts[4] == pts[0] {
		pts = pts[:4]
	}
	if len(pts) != 4 {
		return false
	}
	lo, hi := pts[0], pts[0]
	for i, q := range pts {
		if n := pts[(i+1)%4]; q.X != n.X && q.Y != n.Y {
			return false
		}
		lo.X, lo.Y, hi.X, hi.Y = min(lo.X, q.X), min(lo.Y, q.Y), max(hi.X, q.X), max(hi.Y, q.Y)
	}
	dpi := c.DPI()
	b := c.img.Rect
	return lo.X.Dots(dpi) <= float64(b.Min.X) && lo.Y.Dots(dpi) <= float64(b.Min.Y) &&
		hi.X.Dots(dpi) >= float64(b.Max.X) && hi.Y.Dots(dpi) >= float64(b.Max.Y)
}

func (c *pngCanvas) FillString(f font.Face, pt vg.Point, s string) {
	start := 0
	prev := rune(-1)
	for i, r := range s {
		if isDigit(prev) && isDigit(r) {
			piece := s[start:i]
			c.fillString(f, pt, piece)
			pt.X += f.Width(piece)
			start = i
		}
		prev = r
	}
	c.fillString(f, pt, s[start:])
}

// fillString draws one piece of text: vgimg puts its dot at (x, h − y) in
// pixels, y down, rounded to 1/64 px (gg's fixp), in the coordinates of the
// transform in effect (for a quarter turn, text.Plain has rotated pt).
func (c *pngCanvas) fillString(f font.Face, pt vg.Point, s string) {
	if c.img == nil || c.turn == otherTurn {
		c.Canvas.FillString(f, pt, s)
		return
	}
	if f.Font.Size == 0 {
		return
	}
	dpi := c.DPI()
	_, h := c.Size()
	dot := fixed.Point26_6{X: fixed.Int26_6(math.Round(pt.X.Dots(dpi) * 64)), Y: fixed.Int26_6(math.Round((h.Dots(dpi) - pt.Y.Dots(dpi)) * 64))}
	drawString(c.img, glyphFaceFor(f, dpi), c.col, dot, s, c.turn == quarterTurn)
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// WriteTo encodes the image as PNG with the fastest deflate level and no
// row filters ([encodePNG]): a chart is large areas of flat colour, which
// the fastest level already packs well, and the default level took most of
// the time of a batch's charts.
func (c *pngCanvas) WriteTo(w io.Writer) (int64, error) {
	cw := &countWriter{w: w}
	err := encodePNG(cw, c.Image())
	return cw.n, err
}

// countWriter counts the bytes written through it.
type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
