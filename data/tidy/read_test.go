package tidy

import (
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/eventstudy/eventstudy/study"
)

// A run folder written by hand: Outcome picks each event's row of the
// window, car / car_se for the standardized CAR (values worked by hand), NaN
// for an event without a row, and rejects an unknown kind even when no event
// has a row of the window (it used to give NaNs without an error then).
func TestReadRunOutcome(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(EventsFile, "event_id,status\na,ok\nb,ok\nc,unknown_symbol\n")
	write(CARFile, "event_id,car_start,car_end,car,car_se,bhar\n"+
		"a,-1,1,0.06,0.02,0.05\na,0,0,0.01,0.01,0.01\nb,-1,1,-0.03,0.015,-0.04\n"+
		"z,2,2,0.01,0.01,0.01\n") // z: a row of no event of events.csv
	r, err := ReadRun(dir)
	if err != nil {
		t.Fatal(err)
	}
	if ok := r.OK(); len(ok) != 3 || !ok[0] || !ok[1] || ok[2] {
		t.Errorf("OK = %v, want [true true false]", ok)
	}
	w := study.Window{Start: -1, End: 1}
	for _, c := range []struct {
		kind string
		want []float64
	}{
		{OutcomeCAR, []float64{0.06, -0.03, math.NaN()}},
		{OutcomeSCAR, []float64{3, -2, math.NaN()}}, // 0.06/0.02, −0.03/0.015
		{OutcomeBHAR, []float64{0.05, -0.04, math.NaN()}},
	} {
		y, v, err := r.Outcome(c.kind, w)
		if err != nil {
			t.Fatalf("%s: %v", c.kind, err)
		}
		for i := range c.want {
			if math.IsNaN(c.want[i]) != math.IsNaN(y[i]) || (!math.IsNaN(y[i]) && math.Abs(y[i]-c.want[i]) > 1e-12) {
				t.Errorf("%s: y[%d] = %v, want %v", c.kind, i, y[i], c.want[i])
			}
		}
		if math.Abs(v[0]-0.0004) > 1e-15 || math.Abs(v[1]-0.000225) > 1e-15 || !math.IsNaN(v[2]) {
			t.Errorf("%s: variance = %v, want [0.0004 0.000225 NaN]", c.kind, v)
		}
	}
	if _, _, err := r.Outcome(OutcomeCAR, study.Window{Start: -5, End: 5}); err == nil {
		t.Error("a window car.csv lacks: no error")
	}
	if _, _, err := r.Outcome("abnormal", study.Window{Start: 2, End: 2}); err == nil {
		t.Error("unknown outcome kind: no error")
	}
	if _, err := ReadRun(t.TempDir()); err == nil {
		t.Error("ReadRun of an empty folder: no error")
	}
}
