package charts

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"
)

func TestRejectionChart(t *testing.T) {
	rates := []RejectionRate{{"cs_t", 0.047, 0.007}, {"patell", 0.169, 0.012}, {"grank", math.NaN(), math.NaN()}}
	ch, err := RejectionChart(DefaultSpec(), "Size", "1000 samples", rates, 0.05)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := Render(ch, "svg", &b); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"cs_t", "patell", "grank", "Rejection rate"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("svg lacks %q", want)
		}
	}
	// The y axis reaches the highest whisker, 0.169 + 1.96·0.012.
	if max := ch.Panels[0].Y.Max; max < 0.169+1.96*0.012 {
		t.Errorf("y max %v", max)
	}
	if _, err := RejectionChart(DefaultSpec(), "", "", rates[2:], 0.05); !errors.Is(err, ErrNoData) {
		t.Errorf("all NaN: %v", err)
	}
}
