package tables

import (
	"strings"
	"testing"

	"github.com/eventstudy/eventstudy/study"
)

// The volatility table shows each CAR window, then days −1..+1 (not the
// other days), each with its cross-sectional t and rank test side by side.
func TestVolatilityTable(t *testing.T) {
	var vs []study.VolStat
	for _, d := range []int{-2, -1, 0, 1, 2} {
		w := study.Window{Start: d, End: d}
		vs = append(vs, study.VolStat{Window: w, Day: true, N: 40, MeanU: 1 + float64(d), Test: study.VolCST, Stat: float64(d), P: 0.5},
			study.VolStat{Window: w, Day: true, N: 40, MeanU: 1 + float64(d), Test: study.VolRank, Stat: -float64(d), P: 0.25})
	}
	w := study.Window{Start: -1, End: 1}
	vs = append(vs, study.VolStat{Window: w, N: 40, MeanU: 1.86, Test: study.VolCST, Stat: 2.5, P: 0.0123},
		study.VolStat{Window: w, N: 40, MeanU: 1.86, Test: study.VolRank, Stat: 1.1, P: 0.271})
	ts := Volatility(vs)
	if len(ts) != 1 || len(ts[0].Rows) != 4 {
		t.Fatalf("tables %v", ts)
	}
	md := Markdown(ts[0], Options{})
	for _, want := range []string{"| [−1, +1] | 40 | 1.86 | 2.50 | 0.012 | 1.10 | 0.271 |", "| day −1 |", "| day +1 |"} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "day +2") || strings.Contains(md, "day −2") {
		t.Errorf("days beyond ±1 shown:\n%s", md)
	}
	if Volatility(nil) != nil {
		t.Error("Volatility(nil) is not nil")
	}
}
