package charts_test

import (
	"fmt"
	"image"
	"testing"

	"github.com/eventstudy/eventstudy/charts"
)

// TestPNGTextSamePixels: text and background drawn straight into the image
// (pngtext.go) give the pixels vgimg's own path gives, on every golden chart,
// wide, narrow and narrow at 96 DPI, and on the 9 charts of a 10,000-event
// batch.
func TestPNGTextSamePixels(t *testing.T) {
	type tc struct {
		name string
		ch   *charts.Chart
	}
	var cases []tc
	for _, g := range goldenCharts {
		ch, err := g.build()
		if err != nil {
			t.Fatal(err)
		}
		low := *ch.Narrow() // 533.3 px wide: not an image from the pool
		low.Spec.DPI = 96
		cases = append(cases, tc{g.name, ch}, tc{g.name + "/narrow", ch.Narrow()}, tc{g.name + "/96dpi", &low})
	}
	// Tick labels turned π/4: drawn vgimg's way on both sides.
	rates := []charts.RejectionRate{{Test: "cs_t", Rate: 0.047, SE: 0.007}, {Test: "patell", Rate: 0.169, SE: 0.012}}
	rej, err := charts.RejectionChart(charts.DefaultSpec(), "Size", "1000 samples", rates, 0.05)
	if err != nil {
		t.Fatal(err)
	}
	cases = append(cases, tc{"rejection", rej})
	for _, n := range batchCharts(t, 10000) {
		cases = append(cases, tc{"batch/" + n.Name, n.Chart})
	}
	for _, c := range cases {
		fast, slow := charts.DrawPNG(c.ch, false), charts.DrawPNG(c.ch, true)
		if d := diffPixels(fast, slow); d != "" {
			t.Errorf("%s: %s", c.name, d)
		}
	}
}

// diffPixels describes how a and b differ: the count of differing pixels,
// the first one and the largest difference of a channel; "" if equal.
func diffPixels(a, b *image.RGBA) string {
	if a.Rect != b.Rect {
		return fmt.Sprintf("bounds %v and %v", a.Rect, b.Rect)
	}
	n, maxd, first := 0, 0, -1
	for i := range a.Pix {
		if a.Pix[i] != b.Pix[i] {
			if first < 0 {
				first = i
			}
			n++
			maxd = max(maxd, int(a.Pix[i])-int(b.Pix[i]), int(b.Pix[i])-int(a.Pix[i]))
		}
	}
	if n == 0 {
		return ""
	}
	x, y := (first/4)%a.Rect.Dx(), (first/4)/a.Rect.Dx()
	return fmt.Sprintf("%d channel values differ, first at (%d,%d): %v vs %v, largest difference %d", n, x, y,
		a.Pix[first&^3:first&^3+4], b.Pix[first&^3:first&^3+4], maxd)
}
