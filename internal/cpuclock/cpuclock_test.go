package cpuclock

import (
	"testing"
	"time"
)

// TestUsedCountsWork: spinning for 50 ms of wall time adds CPU time, and
// sleeping adds almost none.
func TestUsedCountsWork(t *testing.T) {
	c0 := Used()
	x := 0
	for t0 := time.Now(); time.Since(t0) < 50*time.Millisecond; {
		x++
	}
	spun := Used() - c0
	if spun < 10*time.Millisecond {
		t.Errorf("50 ms of spinning counted %v of CPU (x=%d)", spun, x)
	}
	c1 := Used()
	time.Sleep(50 * time.Millisecond)
	if slept := Used() - c1; slept > 25*time.Millisecond {
		t.Errorf("50 ms of sleep counted %v of CPU", slept)
	}
}
