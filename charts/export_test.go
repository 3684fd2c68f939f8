package charts

import (
	"image"

	"gonum.org/v1/plot/vg/draw"
)

// DrawPNG draws ch as Render draws a PNG and returns the pixels; slow draws
// all text and fills through vgimg, as before pngtext.go.
func DrawPNG(ch *Chart, slow bool) *image.RGBA {
	c := newPNGCanvas(ch.Spec.withDefaults(), slow)
	ch.Draw(draw.New(c))
	return c.Image().(*image.RGBA)
}
