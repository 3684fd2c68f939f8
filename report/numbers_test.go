package report

import (
	"math"
	"testing"

	"github.com/eventstudy/eventstudy/study"
)

// TestCardNumbers: the cards write their numbers by hand-checked rules, as
// the tables beside them do: a true minus, "+" on a positive return, no
// sign on a value that rounds to zero (a t of −0.001 is "0.00", as the
// summary table prints it, not "−0.00"), "< 0.001" for a tiny p.
func TestCardNumbers(t *testing.T) {
	nan := math.NaN()
	returns, volume := Page{}, Page{Params: study.Params{Measure: study.MeasureVolume}}
	for _, c := range []struct{ got, want string }{
		{pct(0.0392), "+3.92%"},
		{pct(-0.0105), "−1.05%"},
		{pct(-0.00001), "0.00%"},
		{pct(0), "0.00%"},
		{pct(nan), "n/a"},
		{pct(math.Inf(1)), "n/a"},
		{value(returns, 0.0392), "+3.92%"},
		{value(volume, 0.4123), "+0.412"},
		{value(volume, -0.0514), "−0.051"},
		{value(volume, -0.0001), "0.000"},
		{value(volume, 0), "0.000"},
		{value(volume, nan), "n/a"},
		{stat(2.314), "2.31"},
		{stat(-1.005), "−1.00"}, // 1.005 is 1.00499… in binary
		{stat(-0.001), "0.00"},
		{stat(nan), "n/a"},
		{pval(0.0222), "0.022"},
		{pval(0.0009), "< 0.001"},
		{pval(1), "1.000"},
		{pval(nan), "n/a"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
