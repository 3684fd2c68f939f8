package charts

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"image"
	"image/color"
	"image/png"
	"io"
	"math/rand/v2"
	"testing"
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
