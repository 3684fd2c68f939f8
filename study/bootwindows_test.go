package study

import (
	"math"
	"math/rand/v2"
	"testing"
)

// The bootstrap is the confidence interval of the CAAR: AggregatePanel
// computes it on the CAR windows only. On event days its statistic, p-value
// and interval are NaN (aar.csv's bootstrap columns are empty); on a window
// they equal a direct call on the window's sample, and with ParallelTests
// the summary is the same.
func TestBootstrapWindowsOnly(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 21))
	p, rs := randomPanel(rng, 30)
	p.Conventions.BootstrapReps = 300
	s := AggregateWith(p, rs, BatteryTests())
	sp := AggregatePanel(NewPanel(p, rs), ParallelTests(BatteryTests(), 3))
	for i, name := range s.Tests {
		if name != "bootstrap" && name != "bootstrap_bca" {
			continue
		}
		for k, d := range s.Days {
			if st := d.Tests[i]; !math.IsNaN(st.Stat) || !math.IsNaN(st.P) || !math.IsNaN(st.CILow) || !math.IsNaN(st.CIHigh) {
				t.Errorf("day %d %s: %+v, want NaN (CAR windows only)", d.RelDay, name, st)
			}
			if st := sp.Days[k].Tests[i]; !math.IsNaN(st.Stat) {
				t.Errorf("parallel day %d %s: %g, want NaN", d.RelDay, name, st.Stat)
			}
		}
		pan := NewPanel(p, rs)
		for j, w := range s.Windows {
			smp := Sample{Panel: pan, Window: w.Window}
			for r, res := range pan.Rows {
				if c := res.CARs[j]; c.NDays > 0 {
					smp.Rows = append(smp.Rows, r)
					smp.X = append(smp.X, c.CAR)
					smp.Var = append(smp.Var, c.SE*c.SE)
					smp.DF = append(smp.DF, pan.DF[r])
					smp.BHAR = append(smp.BHAR, c.BHAR)
				}
			}
			f := BootstrapPercentile
			if name == "bootstrap_bca" {
				f = BootstrapBCa
			}
			st, pv, lo, hi := f(smp)
			got := w.Tests[i]
			if math.IsNaN(got.CILow) || !same(got.Stat, st) || !same(got.P, pv) || !same(got.CILow, lo) || !same(got.CIHigh, hi) {
				t.Errorf("window %v %s: %+v, want %g %g [%g, %g]", w.Window, name, got, st, pv, lo, hi)
			}
			if g := sp.Windows[j].Tests[i]; !same(g.CILow, got.CILow) || !same(g.CIHigh, got.CIHigh) {
				t.Errorf("parallel window %v %s: [%g, %g], want [%g, %g]", w.Window, name, g.CILow, g.CIHigh, got.CILow, got.CIHigh)
			}
		}
	}
}

// estAAR (BW1985's estimation-window AAR series, summed row by row) equals
// the day-by-day sums of the definition bit for bit, with missing residuals,
// and the cached series is returned only for the same rows.
func TestEstAARDayByDay(t *testing.T) {
	rng := rand.New(rand.NewPCG(22, 22))
	p, rs := randomPanel(rng, 25)
	for i := range rs {
		for t := range rs[i].EstAR {
			if rng.IntN(7) == 0 {
				rs[i].EstAR[t] = math.NaN()
			}
		}
	}
	pan := NewPanel(p, rs)
	l1 := p.Estimation.Len()
	for trial := range 20 {
		var rows []int
		for r := range pan.Rows {
			if rng.IntN(3) > 0 || trial == 0 {
				rows = append(rows, r)
			}
		}
		var want []float64
		for t := range l1 {
			var sum float64
			n := 0
			for _, row := range rows {
				e := pan.Rows[row].EstAR
				if t < len(e) && !math.IsNaN(e[t]) {
					sum += e[t]
					n++
				}
			}
			if n > 0 {
				want = append(want, sum/float64(n))
			}
		}
		for range 2 { // computed, then cached
			got := pan.estAAR(rows)
			if len(got) != len(want) {
				t.Fatalf("trial %d: %d days, want %d", trial, len(got), len(want))
			}
			for k := range got {
				if got[k] != want[k] {
					t.Fatalf("trial %d day %d: %v, want %v", trial, k, got[k], want[k])
				}
			}
		}
	}
}
