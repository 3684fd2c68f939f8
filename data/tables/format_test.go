package tables

import (
	"math"
	"testing"
)

// TestFormatGroupsCounts: counts and rank sums shown in the text formats
// are grouped by thousands as the charts' titles are ("10,000 events"),
// with the true minus sign; other kinds are not grouped.
func TestFormatGroupsCounts(t *testing.T) {
	for _, c := range []struct {
		k    Kind
		x    float64
		want string
	}{
		{Int, 10000, "10,000"},
		{Int, 999, "999"},
		{Int, -10, "−10"},
		{Int, -12345, "−12,345"},
		{Int, 1048576, "1,048,576"},
		{Rank, 22683, "22,683"},
		{Rank, 22683.5, "22,683.5"},
		{Rank, 3.5, "3.5"},
		{Stat, 12345.678, "12345.68"}, // a statistic is not a count
		{Int, math.NaN(), ""},
	} {
		if got := Format(c.k, c.x); got != c.want {
			t.Errorf("Format(%v, %v) = %q, want %q", c.k, c.x, got, c.want)
		}
	}
}
