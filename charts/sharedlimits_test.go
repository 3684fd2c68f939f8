package charts

import "testing"

// TestSharedLimits, worked by hand: the panels' highs 1, 2, 3, 4 and 100%
// have quartiles near 2% and 4% under any usual definition, so Tukey's
// far-out fence (Q3 + 3·IQR) is at most about 10%: the 100% panel is left
// off the scale, which ends at 4%; the lows, −1..−5%, are all kept. With
// fewer than 5 panels every extreme is kept, and zero is always on the
// scale.
func TestSharedLimits(t *testing.T) {
	los := []float64{-0.01, -0.02, -0.03, -0.04, -0.05}
	his := []float64{0.01, 0.02, 0.03, 0.04, 1.00}
	if lo, hi := sharedLimits(los, his); lo != -0.05 || hi != 0.04 {
		t.Errorf("sharedLimits(5 panels) = %v, %v; want −0.05, 0.04 (the 100%% panel off the scale)", lo, hi)
	}
	if lo, hi := sharedLimits(los[:4], []float64{0.01, 0.02, 0.03, 1.00}); lo != -0.04 || hi != 1.00 {
		t.Errorf("sharedLimits(4 panels) = %v, %v; want −0.04, 1 (every extreme kept)", lo, hi)
	}
	if lo, hi := sharedLimits([]float64{0.02, 0.03}, []float64{0.05, 0.06}); lo != 0 || hi != 0.06 {
		t.Errorf("sharedLimits(all above zero) = %v, %v; want 0, 0.06", lo, hi)
	}
	if lo, hi := sharedLimits(nil, nil); lo != 0 || hi != 0 {
		t.Errorf("sharedLimits(no panel) = %v, %v; want 0, 0", lo, hi)
	}
}
