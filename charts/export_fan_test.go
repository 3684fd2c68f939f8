package charts

import "gonum.org/v1/plot/vg"

// TextWidth is the width in points of one line s in the charts' regular
// font at size points, for tests that place texts read back from an SVG.
func TextWidth(size float64, s string) float64 {
	return float64(textStyle(regularFont, vg.Length(size), inkColor).Width(s))
}
