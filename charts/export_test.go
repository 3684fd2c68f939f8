package charts

import (
	"image"
	"slices"

	"gonum.org/v1/plot/vg/draw"
)

// DrawPNG draws ch as Render draws a PNG and returns the pixels; slow draws
// all text and fills through vgimg, as before pngtext.go.
func DrawPNG(ch *Chart, slow bool) *image.RGBA {
	c := newPNGCanvas(ch.Spec.withDefaults(), slow)
	defer c.release()
	ch.Draw(draw.New(c))
	m := c.Image().(*image.RGBA)
	return &image.RGBA{Pix: slices.Clone(m.Pix), Stride: m.Stride, Rect: m.Rect}
}

// EncodePNG is encodePNG.
var EncodePNG = encodePNG
