package charts

import (
	"image"
	"image/color"
	"sync"

	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
)

// Text in PNG charts is drawn straight into the canvas's *image.RGBA from
// glyph masks cached across charts and goroutines (glyphFace), instead of
// through vgimg → gg, which makes a new font face for every string,
// rasterises every glyph again and composites each one with x/image/draw's
// BiLinear Transform through image.Image's At and Set (the y axis of vgimg's
// matrix is flipped twice, so gg cannot take its fast path): that was half
// the cost of drawing a chart. The pixels are the same: for text that is
// not rotated, gg's transform is an integer translation, which samples the
// glyph mask at its pixel centres with weight 1, so its result is the
// compositing formula drawGlyph repeats; under a quarter turn (the y axis
// label) it is a permutation of the mask's pixels (drawGlyphTurned). Text
// under any other transform goes vgimg's way. TestPNGTextSamePixels and
// TestDrawGlyphAsTransform pin this.

// faceKey names one font at one pixel size.
type faceKey struct {
	font *opentype.Font
	size vg.Length
	dpi  float64
}

// glyphKey is a glyph at a sub-pixel position: opentype.Face rasterises a
// glyph from the fractional part of the dot (26.6 fixed point) only, the
// integer part shifts the result.
type glyphKey struct {
	r      rune
	fx, fy uint8 // dot.X & 63, dot.Y & 63
}

// A glyph is what opentype.Face.Glyph returned for a glyphKey: the mask
// (alpha, w×h, row-major) whose top-left pixel is at off from the dot's
// integer part, and the advance.
type glyph struct {
	ok   bool
	off  image.Point
	w, h int
	pix  []byte
	adv  fixed.Int26_6
}

// glyphFace caches the glyphs and kerning pairs of one faceKey; an
// opentype.Face is not safe for concurrent use, so mu guards it and the maps.
type glyphFace struct {
	mu     sync.Mutex
	face   *opentype.Face
	glyphs map[glyphKey]*glyph
	kerns  map[[2]rune]fixed.Int26_6
}

// maxGlyphs bounds a glyphFace's cache (a long-running server drawing text in
// many scripts); past it the cache starts again.
const maxGlyphs = 1 << 15

var (
	glyphFacesMu sync.Mutex
	glyphFaces   = map[faceKey]*glyphFace{}
)

// glyphFaceFor returns the shared cache of f at dpi, making it on first use
// with the options vgimg uses (gonum font.Face.FontFace: no hinting).
func glyphFaceFor(f font.Face, dpi float64) *glyphFace {
	k := faceKey{f.Face, f.Font.Size, dpi}
	glyphFacesMu.Lock()
	defer glyphFacesMu.Unlock()
	if g := glyphFaces[k]; g != nil {
		return g
	}
	face, err := opentype.NewFace(f.Face, &opentype.FaceOptions{Size: f.Font.Size.Points(), DPI: dpi})
	if err != nil {
		panic(err) // as gonum's Face.FontFace: the fonts are compiled in
	}
	g := &glyphFace{face: face.(*opentype.Face), glyphs: map[glyphKey]*glyph{}, kerns: map[[2]rune]fixed.Int26_6{}}
	glyphFaces[k] = g
	return g
}

// glyph returns r's glyph with the dot at dot.
func (g *glyphFace) glyph(r rune, dot fixed.Point26_6) *glyph {
	k := glyphKey{r, uint8(dot.X & 63), uint8(dot.Y & 63)}
	g.mu.Lock()
	defer g.mu.Unlock()
	if gl := g.glyphs[k]; gl != nil {
		return gl
	}
	frac := fixed.Point26_6{X: dot.X & 63, Y: dot.Y & 63}
	dr, mask, mp, adv, ok := g.face.Glyph(frac, r)
	gl := &glyph{ok: ok, adv: adv}
	if ok {
		gl.off, gl.w, gl.h = dr.Min, dr.Dx(), dr.Dy()
		gl.pix = make([]byte, gl.w*gl.h)
		a := mask.(*image.Alpha)
		for y := range gl.h {
			i := a.PixOffset(mp.X, mp.Y+y)
			copy(gl.pix[y*gl.w:(y+1)*gl.w], a.Pix[i:i+gl.w])
		}
	}
	if len(g.glyphs) >= maxGlyphs {
		clear(g.glyphs)
	}
	g.glyphs[k] = gl
	return gl
}

// kern returns the kerning between r0 and r1 (opentype.Face.Kern).
func (g *glyphFace) kern(r0, r1 rune) fixed.Int26_6 {
	k := [2]rune{r0, r1}
	g.mu.Lock()
	defer g.mu.Unlock()
	if v, ok := g.kerns[k]; ok {
		return v
	}
	v := g.face.Kern(r0, r1)
	if len(g.kerns) >= maxGlyphs {
		clear(g.kerns)
	}
	g.kerns[k] = v
	return v
}

// drawString draws s with its first glyph's dot at dot (pixels, y down) in
// colour c, kerning every pair, as gg.Context.drawString does; quarter: in
// a frame turned a quarter turn anticlockwise ([drawGlyphTurned]).
func drawString(dst *image.RGBA, g *glyphFace, c color.Color, dot fixed.Point26_6, s string, quarter bool) {
	prev := rune(-1)
	for _, r := range s {
		if prev >= 0 {
			dot.X += g.kern(prev, r)
		}
		gl := g.glyph(r, dot)
		if !gl.ok {
			continue
		}
		at := image.Point{X: dot.X.Floor() + gl.off.X, Y: dot.Y.Floor() + gl.off.Y}
		if quarter {
			drawGlyphTurned(dst, gl, at, c)
		} else {
			drawGlyph(dst, gl, at, c)
		}
		dot.X += gl.adv
		prev = r
	}
}

// drawGlyphTurned composites gl as vgimg draws text under Rotate(π/2):
// gg maps the glyph's frame (x, y) to the image's (y − H, H − x), H the
// image's height (vgimg's flipped y axis, the turn, and the flip again that
// vgimg puts around every string), so that the mask pixel (u, v) of a glyph
// at at lands on (at.Y + v − H, H − 1 − at.X − u): the mask turned a quarter
// turn anticlockwise, its top-left pixel at (at.Y − H, H − at.X − w). gg
// samples the mask there with weights 1 and cos(π/2) ≈ 6e−17, which rounds
// to the mask's value.
func drawGlyphTurned(dst *image.RGBA, gl *glyph, at image.Point, c color.Color) {
	t := &glyph{ok: true, w: gl.h, h: gl.w, pix: make([]byte, len(gl.pix))}
	for v := range gl.h {
		for u, m := range gl.pix[v*gl.w : (v+1)*gl.w] {
			t.pix[(gl.w-1-u)*t.w+v] = m
		}
	}
	H := dst.Rect.Dy()
	drawGlyph(dst, t, image.Point{X: at.Y - H, Y: H - at.X - gl.w}, c)
}

// drawGlyph composites gl's mask in colour c over dst with its top-left
// pixel at at, with the integer arithmetic of x/image/draw's
// Kernel.Transform (Over, a source mask, weight 1) followed by image.RGBA's
// Set: per channel, out = (dst·0x101·(0xffff − a·m) / 0xffff + c·m) >> 8,
// where m is the mask's alpha (16 bits), c the colour's premultiplied
// channel and a its alpha, each product c·m taken / 0xffff.
func drawGlyph(dst *image.RGBA, gl *glyph, at image.Point, c color.Color) {
	r := image.Rectangle{Min: at, Max: at.Add(image.Point{X: gl.w, Y: gl.h})}.Intersect(dst.Rect)
	if r.Empty() {
		return
	}
	sr, sg, sb, sa := c.RGBA()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		mrow := gl.pix[(y-at.Y)*gl.w:]
		d := dst.Pix[dst.PixOffset(r.Min.X, y):]
		for x := r.Min.X; x < r.Max.X; x, d = x+1, d[4:] {
			m := uint32(mrow[x-at.X])
			if m == 0 {
				continue
			}
			m *= 0x101
			pa := sa * m / 0xffff
			ia := 0xffff - pa
			d[0] = uint8((uint32(d[0])*0x101*ia/0xffff + sr*m/0xffff) >> 8)
			d[1] = uint8((uint32(d[1])*0x101*ia/0xffff + sg*m/0xffff) >> 8)
			d[2] = uint8((uint32(d[2])*0x101*ia/0xffff + sb*m/0xffff) >> 8)
			d[3] = uint8((uint32(d[3])*0x101*ia/0xffff + pa) >> 8)
		}
	}
}
