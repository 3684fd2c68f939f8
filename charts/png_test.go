package charts

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"

	"git.sr.ht/~sbinet/gg"
	xdraw "golang.org/x/image/draw"
	"golang.org/x/image/math/f64"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
)

// pngPixelsEqual decodes b with image/png and compares every pixel with m.
func pngPixelsEqual(t *testing.T, b []byte, m image.Image) {
	t.Helper()
	got, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if got.Bounds().Size() != m.Bounds().Size() {
		t.Fatalf("size %v, want %v", got.Bounds().Size(), m.Bounds().Size())
	}
	mb := m.Bounds()
	for y := 0; y < mb.Dy(); y++ {
		for x := 0; x < mb.Dx(); x++ {
			want := color.NRGBAModel.Convert(m.At(mb.Min.X+x, mb.Min.Y+y))
			if c := color.NRGBAModel.Convert(got.At(x, y)); c != want {
				t.Fatalf("pixel (%d,%d) = %v, want %v", x, y, c, want)
			}
		}
	}
}

// TestEncodePNG: an opaque RGBA chart-like image (flat areas, an
// anti-aliased-like noisy band, a sub-image whose bounds do not start at 0)
// is written as 8-bit truecolour with filter None on every row, and decodes
// with image/png to the same pixels; a translucent image keeps its alpha
// (image/png's path).
func TestEncodePNG(t *testing.T) {
	full := image.NewRGBA(image.Rect(0, 0, 203, 101))
	rng := rand.New(rand.NewPCG(3, 5))
	for y := range 101 {
		for x := range 203 {
			c := color.RGBA{255, 255, 255, 255}
			switch {
			case y > 40 && y < 60:
				c = color.RGBA{uint8(rng.IntN(256)), uint8(rng.IntN(256)), uint8(rng.IntN(256)), 255}
			case x < 30:
				c = color.RGBA{0, 90, 181, 255}
			}
			full.SetRGBA(x, y, c)
		}
	}
	for _, m := range []*image.RGBA{full, full.SubImage(image.Rect(7, 13, 190, 99)).(*image.RGBA)} {
		var b bytes.Buffer
		if err := encodePNG(&b, m); err != nil {
			t.Fatal(err)
		}
		pngPixelsEqual(t, b.Bytes(), m)
		raw := b.Bytes()
		if string(raw[12:16]) != "IHDR" || raw[16+9] != 2 || raw[16+8] != 8 {
			t.Fatalf("IHDR %q colour type %d depth %d, want truecolour (2), depth 8", raw[12:16], raw[16+9], raw[16+8])
		}
		// The IDAT chunk follows IHDR (8 + 25 bytes in); every row starts with filter type 0.
		n := binary.BigEndian.Uint32(raw[33:])
		if string(raw[37:41]) != "IDAT" {
			t.Fatalf("chunk %q after IHDR, want IDAT", raw[37:41])
		}
		zr, err := zlib.NewReader(bytes.NewReader(raw[41 : 41+n]))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		stride := 1 + 3*m.Bounds().Dx()
		if len(rows) != stride*m.Bounds().Dy() {
			t.Fatalf("%d bytes of rows, want %d", len(rows), stride*m.Bounds().Dy())
		}
		for y := 0; y < len(rows); y += stride {
			if rows[y] != 0 {
				t.Fatalf("row %d has filter type %d, want 0 (None)", y/stride, rows[y])
			}
		}
	}

	clear := image.NewRGBA(image.Rect(0, 0, 9, 4))
	clear.SetRGBA(2, 1, color.RGBA{40, 0, 0, 128})
	var b bytes.Buffer
	if err := encodePNG(&b, clear); err != nil {
		t.Fatal(err)
	}
	pngPixelsEqual(t, b.Bytes(), clear)
}

// TestDrawGlyphAsTransform: drawGlyph composites a glyph mask as gg did,
// through x/image/draw's BiLinear Transform by an integer translation with
// the mask as source mask (Over), and drawGlyphTurned as gg did under
// vgimg's Rotate(π/2) (gg's own matrix, cos(π/2) ≈ 6e−17 and all), on random
// masks, backgrounds and colours, translucent ones included, and glyphs
// that hang over the image's edges.
func TestDrawGlyphAsTransform(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 7))
	for k := range 600 {
		quarter := k >= 300
		dst := image.NewRGBA(image.Rect(0, 0, 23, 17))
		for i := range dst.Pix {
			dst.Pix[i] = uint8(rng.IntN(256))
		}
		for i := 3; i < len(dst.Pix); i += 4 {
			dst.Pix[i] = 255
		}
		want := image.NewRGBA(dst.Rect)
		copy(want.Pix, dst.Pix)
		gl := &glyph{ok: true, w: 1 + rng.IntN(12), h: 1 + rng.IntN(12)}
		gl.pix = make([]byte, gl.w*gl.h)
		for i := range gl.pix {
			if rng.IntN(3) > 0 {
				gl.pix[i] = uint8(rng.IntN(256))
			}
		}
		a := uint8(255)
		if k%2 == 1 {
			a = uint8(rng.IntN(256))
		}
		c := color.NRGBA{uint8(rng.IntN(256)), uint8(rng.IntN(256)), uint8(rng.IntN(256)), a}
		at := image.Point{X: rng.IntN(30) - 6, Y: rng.IntN(24) - 6}
		s2d := f64.Aff3{1, 0, float64(at.X), 0, 1, float64(at.Y)}
		if quarter {
			// The glyph's frame under vgimg.Canvas.Rotate(π/2) and its FillString.
			H := float64(dst.Rect.Dy())
			at = image.Point{X: rng.IntN(24) - 6, Y: rng.IntN(30) - 6 + dst.Rect.Dy()}
			m := gg.Identity().Translate(0, H).Scale(1, -1).Rotate(math.Pi/2).Translate(0, H).Scale(1, -1).
				Translate(float64(at.X), float64(at.Y))
			s2d = f64.Aff3{m.XX, m.XY, m.X0, m.YX, m.YY, m.Y0}
			drawGlyphTurned(dst, gl, at, c)
		} else {
			drawGlyph(dst, gl, at, c)
		}
		mask := &image.Alpha{Pix: gl.pix, Stride: gl.w, Rect: image.Rect(0, 0, gl.w, gl.h)}
		xdraw.BiLinear.Transform(want, s2d, image.NewUniform(c), mask.Rect, xdraw.Over, &xdraw.Options{SrcMask: mask})
		for i := range dst.Pix {
			if dst.Pix[i] != want.Pix[i] {
				t.Fatalf("case %d (colour %v at %v, quarter turn %v): byte %d is %d, Transform gives %d",
					k, c, at, quarter, i, dst.Pix[i], want.Pix[i])
			}
		}
	}
}

// inkBox returns the bounding box of the pixels in r that are not near
// white, and how many there are.
func inkBox(m *image.RGBA, r image.Rectangle) (image.Rectangle, int) {
	var box image.Rectangle
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if c := m.RGBAAt(x, y); min(c.R, c.G, c.B) < 160 {
				box = box.Union(image.Rect(x, y, x+1, y+1))
				n++
			}
		}
	}
	return box, n
}

// TestPNGTextInPlace reads a drawn PNG's pixels: the title's ink starts at
// the margin and spans the title's width; the y axis label stands rotated
// (a tall, narrow run of ink as long as the label is wide) at the left
// margin; the x axis label lies flat, centred under the plot; the source
// line is at the bottom.
func TestPNGTextInPlace(t *testing.T) {
	p := newPlot(tickSize, labelSize)
	p.Y.Label.Text = "Rotated label"
	p.X.Label.Text = "Flat label"
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 1, 0, 1
	ch := &Chart{Title: "Title 111", Spec: Spec{Source: "Source: here"}, Panels: []*plot.Plot{p}}
	var b bytes.Buffer
	if err := Render(ch, "png", &b); err != nil {
		t.Fatal(err)
	}
	dec, err := png.Decode(&b)
	if err != nil {
		t.Fatal(err)
	}
	m := dec.(*image.RGBA)
	W, H := m.Rect.Dx(), m.Rect.Dy()
	px := func(l vg.Length) int { return int(math.Round(l.Dots(DefaultDPI))) }
	width := func(f font.Font, size vg.Length, s string) int { return px(textStyle(f, size, inkColor).Width(s)) }

	title, _ := inkBox(m, image.Rect(0, 0, W, px(margin+titleSize*1.2)))
	t.Logf("title %v", title)
	// Digits are not kerned: the title is drawn as "Title 1", "1", "1".
	tw := width(boldFont, titleSize, "Title 1") + 2*width(boldFont, titleSize, "1")
	if title.Min.X < px(margin) || title.Min.X > px(margin)+4 ||
		title.Dx() > tw || title.Dx() < tw-8 || title.Min.Y < px(margin) || title.Dy() < px(titleSize)/2 {
		t.Errorf("title ink %v; want from x = %d, about %d px wide, from y = %d", title, px(margin), tw, px(margin))
	}
	ylab, _ := inkBox(m, image.Rect(0, title.Max.Y+4, px(margin+labelSize), H-px(margin+4*labelSize)))
	t.Logf("y label %v", ylab)
	if lw := width(regularFont, labelSize, "Rotated label"); ylab.Dy() > lw || ylab.Dy() < lw-8 || ylab.Dx() > px(labelSize) ||
		ylab.Min.X < px(margin) {
		t.Errorf("y label ink %v; want a column about %d px tall, at most %d px wide, from x = %d", ylab, lw, px(labelSize), px(margin))
	}
	src, _ := inkBox(m, image.Rect(0, H-px(margin+sourceSize*1.5), W, H))
	// The x label: the first band of rows with ink above the source line.
	y1 := src.Min.Y - 1
	for ; y1 > 0; y1-- {
		if _, n := inkBox(m, image.Rect(0, y1-1, W, y1)); n > 0 {
			break
		}
	}
	y0 := y1
	for ; y0 > 0; y0-- {
		if _, n := inkBox(m, image.Rect(0, y0-1, W, y0)); n == 0 {
			break
		}
	}
	xlab, _ := inkBox(m, image.Rect(0, y0, W, y1))
	if c := (xlab.Min.X + xlab.Max.X) / 2; math.Abs(float64(c-(px(margin)+W)/2)) > 40 {
		t.Errorf("x label ink %v is not centred under the plot", xlab)
	}
	t.Logf("x label %v, source %v", xlab, src)
	if lw := width(regularFont, labelSize, "Flat label"); xlab.Dx() > lw || xlab.Dx() < lw-8 || xlab.Dy() > px(labelSize) {
		t.Errorf("x label ink %v; want a row about %d px wide, at most %d px tall", xlab, lw, px(labelSize))
	}
	if sw := width(regularFont, sourceSize, "Source: here"); src.Dx() > sw || src.Dx() < sw-8 || src.Min.X < px(margin) || src.Min.X > px(margin)+4 {
		t.Errorf("source ink %v; want from x = %d, about %d px wide", src, px(margin), sw)
	}
}

// TestLargest: largest picks what a stable sort by descending key puts
// first, ties included (keys drawn from a few values).
func TestLargest(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 9))
	for range 500 {
		n, k := rng.IntN(12), rng.IntN(5)
		xs := make([]int, n)
		keys := map[int]float64{}
		for i := range xs {
			xs[i] = 100 + i
			keys[xs[i]] = float64(rng.IntN(4))
		}
		want := slices.Clone(xs)
		sort.SliceStable(want, func(a, b int) bool { return keys[want[a]] > keys[want[b]] })
		want = want[:min(k, n)]
		if got := largest(xs, k, func(x int) float64 { return keys[x] }); !slices.Equal(got, want) {
			t.Fatalf("largest(%v, %d) = %v, want %v (keys %v)", xs, k, got, want, keys)
		}
	}
}

// TestRGBRow: rgbRow copies RGB and finds a translucent pixel wherever it
// is (in each lane of the 4-pixel moves and in the tail), against a naive
// copy.
func TestRGBRow(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	for w := range 21 {
		for clear := -1; clear < w; clear++ {
			pix := make([]byte, 4*w)
			for i := range pix {
				pix[i] = uint8(rng.IntN(256))
			}
			for x := range w {
				pix[4*x+3] = 255
			}
			if clear >= 0 {
				pix[4*clear+3] = uint8(rng.IntN(255))
			}
			dst := make([]byte, 3*w+1)
			opaque := rgbRow(dst, pix)
			for x := range w {
				if !bytes.Equal(dst[3*x:3*x+3], pix[4*x:4*x+3]) {
					t.Fatalf("width %d: pixel %d copied as %v, want %v", w, x, dst[3*x:3*x+3], pix[4*x:4*x+3])
				}
			}
			if opaque != (clear < 0) {
				t.Errorf("width %d, translucent pixel %d: rgbRow says opaque = %v", w, clear, opaque)
			}
		}
	}
}
