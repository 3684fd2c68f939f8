package svgread

import (
	"math"
	"strings"
	"testing"
)

// A hand-written SVG in vgsvg's form: the reader's answers are checked
// against the numbers written in it, not against a chart's own output.
const handSVG = `<svg xmlns="http://www.w3.org/2000/svg"><title>Shares fall</title>
<path d="M10,-20L10,-80" style="fill:none;stroke:#222222;stroke-dasharray:4,3"/>
<path d="M30,-20L40,-20L40,-80L30,-80Z" style="fill:#F5E4ED"/>
<path d="M0,0L50,-50L100,-25" style="fill:none;stroke:#D55E00"/>
<text x="7" y="-10" style="font-size:12px">0</text>
<text x="27" y="-10" style="font-size:12px">+1</text>
<text x="12" y="-90" style="font-size:12px">Day 0</text>
</svg>`

func TestParseHand(t *testing.T) {
	d := Parse([]byte(handSVG))
	if d.Title != "Shares fall" {
		t.Errorf("title %q", d.Title)
	}
	if len(d.Texts) != 3 || d.Texts[1] != (Text{X: 27, Y: 10, Size: 12, S: "+1"}) {
		t.Errorf("texts %+v", d.Texts)
	}
	if got := d.Paths[2].Pts; len(got) != 3 || got[1] != [2]float64{50, -50} {
		t.Errorf("points of the line %v, want (0,0) (50,−50) (100,−25)", got)
	}
	if got := d.Vertical("stroke-dasharray"); len(got) != 1 || got[0] != 10 {
		t.Errorf("dashed verticals %v, want [10]", got)
	}
	if got := d.Fills(ShadeFill); len(got) != 1 || got[0] != [2]float64{30, 40} {
		t.Errorf("fills %v, want [[30 40]]", got)
	}
	if got := d.FillBoxes(ShadeFill); len(got) != 1 || got[0] != (Box{30, -80, 40, -20}) {
		t.Errorf("fill boxes %v", got)
	}
	// The tick "0" is one digit (0.556 em of 12 px) wide from x = 7: its
	// centre is 7 + 3.336 = 10.336, within half a point of the rule at 10.
	if x, ok := d.TickX("0"); !ok || math.Abs(x-10.336) > 1e-9 {
		t.Errorf("TickX(0) = %v, %v; want 10.336", x, ok)
	}
	if err := d.DayZero("Day 0"); err != nil {
		t.Error(err)
	}
	if err := d.DayZero("Event"); err == nil || !strings.Contains(err.Error(), `"Event"`) {
		t.Errorf("DayZero of a missing label: %v", err)
	}
}

// TestCrosses: segments through, beside and ending at the edge of the box
// [0,10]×[0,10], worked by hand.
func TestCrosses(t *testing.T) {
	b := Box{0, 0, 10, 10}
	for _, c := range []struct {
		p, q [2]float64
		want bool
	}{
		{[2]float64{-5, 5}, [2]float64{15, 5}, true},    // straight through
		{[2]float64{-5, -5}, [2]float64{15, 15}, true},  // the diagonal
		{[2]float64{-5, 11}, [2]float64{15, 11}, false}, // above
		{[2]float64{-5, 10}, [2]float64{15, 10}, false}, // along the top edge
		{[2]float64{12, 0}, [2]float64{20, 8}, false},   // to the right
		{[2]float64{-10, 5}, [2]float64{0, 5}, false},   // ends at the left edge
		{[2]float64{5, 5}, [2]float64{6, 6}, true},      // inside
		{[2]float64{-1, 8}, [2]float64{2, 11}, true},    // cuts the corner: y = x + 9 is inside for x in 0..1
		{[2]float64{-1, 9}, [2]float64{2, 12}, false},   // y = x + 10 only touches the corner (0, 10)
	} {
		if got := b.Crosses(c.p, c.q); got != c.want {
			t.Errorf("Crosses(%v, %v) = %v, want %v", c.p, c.q, got, c.want)
		}
	}
	if !(Box{0, 0, 2, 2}).Overlaps(Box{1, 1, 3, 3}) || (Box{0, 0, 2, 2}).Overlaps(Box{2, 0, 4, 2}) {
		t.Error("Overlaps: boxes sharing an area overlap, boxes sharing an edge do not")
	}
}

// TestTickCrowding: three labels on one baseline; "10" and "20" are
// 2·0.556·12 ≈ 13.35 px wide (a digit is 1139/2048 em), so with x = 0,
// 14 and 40 the first two are 0.65 px apart (0.05 em, under TickGapEm)
// and the last two 12.65 px.
func TestTickCrowding(t *testing.T) {
	d := Doc{Texts: []Text{{X: 0, Y: 5, Size: 12, S: "10"}, {X: 14, Y: 5, Size: 12, S: "20"}, {X: 40, Y: 5, Size: 12, S: "30"}}}
	if w := Width("10", 12); math.Abs(w-13.344) > 0.01 {
		t.Fatalf("Width(10, 12) = %v, want 13.344 (two digits of 0.556 em)", w)
	}
	got := d.TickCrowding()
	if len(got) != 1 || !strings.Contains(got[0], `"10" and "20" 0.05 em apart`) {
		t.Errorf("TickCrowding = %q, want one pair, 10 and 20 0.05 em apart", got)
	}
}
