package study

import (
	"fmt"
	"testing"
)

// TestParallelTestsSameSummary: the full battery run concurrently gives the
// summary of the sequential battery, exactly (run with -race as well).
func TestParallelTestsSameSummary(t *testing.T) {
	p, rs := accResults(t, 150)
	p.Conventions.BootstrapReps = 200
	want := fmt.Sprintf("%+v", AggregateWith(p, rs, DefaultTests()))
	for _, jobs := range []int{1, 2, 7} {
		if got := fmt.Sprintf("%+v", AggregateWith(p, rs, ParallelTests(DefaultTests(), jobs))); got != want {
			t.Fatalf("jobs=%d: summary differs:\n got %s\nwant %s", jobs, got, want)
		}
	}
}

// TestParallelTestsOutOfOrder: a wrapped test called alone still computes.
func TestParallelTestsOutOfOrder(t *testing.T) {
	p, rs := accResults(t, 40)
	pan := NewPanel(p, rs)
	s := Sample{Panel: pan, Window: Window{0, 0}}
	for i := range pan.Rows {
		s.Rows = append(s.Rows, i)
		s.X = append(s.X, pan.AR[i][10])
		s.Var = append(s.Var, pan.ARVar[i][10])
		s.DF = append(s.DF, pan.DF[i])
	}
	seq := DefaultTests()
	par := ParallelTests(seq, 2)
	for _, i := range []int{2, 1, 1} {
		a, b := runTest(seq[i], s), runTest(par[i], s)
		if fmt.Sprint(a) != fmt.Sprint(b) {
			t.Fatalf("test %s alone: %v, want %v", seq[i].Name, b, a)
		}
	}
}
