package engine

import (
	"math"
	"slices"
	"testing"

	"github.com/eventstudy/eventstudy/study"
)

// TestTestsAndKeepEstAR: the tests of a batch and whether results keep their
// estimation residuals, which eventstudy run and the Beam pipeline share.
func TestTestsAndKeepEstAR(t *testing.T) {
	names := func(ts []study.Test) []string {
		var out []string
		for _, x := range ts {
			out = append(out, x.Name)
		}
		return out
	}
	if got, want := names(Tests(study.MeasureReturns, "basic")), names(study.BasicTests()); !slices.Equal(got, want) {
		t.Errorf("Tests(basic) = %v, want %v", got, want)
	}
	if got, want := names(Tests(study.MeasureReturns, "battery")), names(study.DefaultTests()); !slices.Equal(got, want) {
		t.Errorf("Tests(battery) = %v, want %v", got, want)
	}
	// Volume: the unsuited tests keep their place and give NaN.
	for _, x := range Tests(study.MeasureVolume, "battery") {
		if slices.Contains(study.VolumeUnsuited, x.Name) {
			if s, p := x.Func(study.Sample{}); !math.IsNaN(s) || !math.IsNaN(p) {
				t.Errorf("volume test %s = %v, %v; want NaN", x.Name, s, p)
			}
		}
	}
	eventOnly := []study.Test{{Name: "cs_t"}, {Name: "j1"}, {Name: "j2"}}
	for _, c := range []struct {
		m     study.Measure
		tests []study.Test
		want  bool
	}{
		{study.MeasureReturns, eventOnly, false},
		{study.MeasureVolume, eventOnly, false},
		{study.MeasureVolatility, eventOnly, true}, // the volatility rank test ranks the residuals
		{study.MeasureReturns, append(slices.Clone(eventOnly), study.Test{Name: "patell"}), true},
		{study.MeasureReturns, study.DefaultTests(), true},
	} {
		if got := KeepEstAR(c.m, c.tests); got != c.want {
			t.Errorf("KeepEstAR(%s, %v) = %v, want %v", c.m, names(c.tests), got, c.want)
		}
	}
}
