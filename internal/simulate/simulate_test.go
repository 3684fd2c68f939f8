package simulate

import (
	"context"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/eventstudy/eventstudy/study"
)

// tinyPanel is a market model world: nFirms firms, R = α + β·R_m + ε with
// independent normal ε, over nDays weekdays. Firm 0 misses a stretch of days,
// so some draws must be redrawn.
func tinyPanel(seed uint64, nFirms, nDays int) Panel {
	rng := rand.New(rand.NewPCG(seed, 0))
	var dates []time.Time
	for d := time.Date(2015, 1, 5, 0, 0, 0, 0, time.UTC); len(dates) < nDays; d = d.AddDate(0, 0, 1) {
		if d.Weekday() != time.Saturday && d.Weekday() != time.Sunday {
			dates = append(dates, d)
		}
	}
	rm := make([]float64, nDays)
	for i := range rm {
		rm[i] = 0.0004 + 0.01*rng.NormFloat64()
	}
	pan := Panel{Market: study.Series{Dates: dates, Values: rm}}
	for f := range nFirms {
		r := make([]float64, nDays)
		beta := 0.5 + rng.Float64()
		for i := range r {
			r[i] = 0.0002 + beta*rm[i] + 0.02*rng.NormFloat64()
		}
		if f == 0 {
			for i := nDays / 4; i < nDays/2; i++ {
				r[i] = math.NaN()
			}
		}
		pan.Symbols = append(pan.Symbols, string(rune('A'+f%26))+string(rune('a'+f/26)))
		pan.Firms = append(pan.Firms, study.Series{Dates: dates, Values: r})
	}
	return pan
}

func tinyConfig() Config {
	p := study.DefaultParams()
	p.Estimation = study.Window{Start: -120, End: -6}
	p.Event = study.Window{Start: -5, End: 5}
	p.MinEst = 100
	p.CARs = []study.Window{{Start: 0, End: 0}}
	return Config{Params: p, N: 20, Samples: 200, Level: 0.05, Seed: 3,
		Tests: []study.Test{{Name: "cs_t", Func: study.CrossSectionalT}}}
}

// TestDeterministic: the report is the same for 1 and 4 workers, and for the
// same seed twice; a different seed changes it.
func TestDeterministic(t *testing.T) {
	pan := tinyPanel(1, 30, 400)
	cfg := tinyConfig()
	cfg.Samples = 40
	cfg.Tests = nil // the whole battery
	cfg.Params.Conventions.BootstrapReps = 50
	var reps []Report
	for _, w := range []int{1, 4, 4} {
		cfg.Workers = w
		r, err := Run(context.Background(), pan, cfg)
		if err != nil {
			t.Fatal(err)
		}
		r.Config.Workers = 0
		reps = append(reps, r)
	}
	if !reflect.DeepEqual(reps[0], reps[1]) || !reflect.DeepEqual(reps[1], reps[2]) {
		t.Errorf("reports differ with the number of workers:\n%+v\n%+v", reps[0].Rows, reps[1].Rows)
	}
	if len(reps[0].Rows) < 3 {
		t.Errorf("only %d tests ran", len(reps[0].Rows))
	}
	cfg.Seed++
	other, err := Run(context.Background(), pan, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if reflect.DeepEqual(other.Rows, reps[0].Rows) {
		t.Error("another seed gave the same report")
	}
}

// TestSizeAndPower: with iid normal residuals the cross-sectional t rejects
// at δ = 0 within 3 binomial SEs of 5% (200 samples: SE ≈ 1.5%), and at
// δ = 2% with N = 20 and σ = 2% (t ≈ 0.02/(0.02/√20) ≈ 4.5) it nearly always
// rejects; clustering and a variance multiplier still run.
func TestSizeAndPower(t *testing.T) {
	pan := tinyPanel(2, 40, 400)
	cfg := tinyConfig()
	size, err := Run(context.Background(), pan, cfg)
	if err != nil {
		t.Fatal(err)
	}
	r := size.Rows[0]
	if r.Valid != cfg.Samples || math.Abs(r.Rate-0.05) > 3*math.Sqrt(0.05*0.95/float64(cfg.Samples)) {
		t.Errorf("size: %+v", r)
	}
	checkSE := math.Sqrt(r.Rate * (1 - r.Rate) / float64(r.Valid))
	if r.SE != checkSE {
		t.Errorf("SE %g, want %g", r.SE, checkSE)
	}
	cfg.Delta = 0.02
	pow, err := Run(context.Background(), pan, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if pow.Rows[0].Rate < 0.9 {
		t.Errorf("power at 2%%: %+v", pow.Rows[0])
	}
	cfg.Delta, cfg.Cluster, cfg.VarMult = 0, true, 4
	cl, err := Run(context.Background(), pan, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if cl.Rows[0].Valid != cfg.Samples {
		t.Errorf("clustered: %+v", cl.Rows[0])
	}
}

// TestInject: adding δ over a window moves AR, CAR and the CAR window by
// exactly δ, and the variance multiplier scales the day-0 AR by √m.
func TestInject(t *testing.T) {
	pan := tinyPanel(4, 2, 400)
	cfg := tinyConfig()
	p := cfg.Params
	p.CARs = []study.Window{{Start: -1, End: 1}}
	ev := study.Event{ID: "x", Symbol: "B", Market: "m", Date: pan.Market.Dates[300]}
	base := study.Estimate(p, study.Input{Event: ev, Firm: pan.Firms[1], Market: pan.Market})
	r := study.Estimate(p, study.Input{Event: ev, Firm: pan.Firms[1], Market: pan.Market})
	cfg.Params, cfg.Delta, cfg.Spread, cfg.VarMult = p, 0.03, study.Window{Start: 0, End: 2}, 4
	inject(&r, p, cfg)
	k0 := -p.Event.Start
	want0 := 2*base.Days[k0].AR + 0.01
	if math.Abs(r.Days[k0].AR-want0) > 1e-15 || math.Abs(r.Days[k0+1].AR-base.Days[k0+1].AR-0.01) > 1e-15 ||
		r.Days[k0-1].AR != base.Days[k0-1].AR {
		t.Errorf("AR: %v → %v", base.Days[k0-1:k0+3], r.Days[k0-1:k0+3])
	}
	wantCAR := base.CARs[0].CAR + base.Days[k0].AR + 0.02
	if math.Abs(r.CARs[0].CAR-wantCAR) > 1e-15 || r.CARs[0].T != r.CARs[0].CAR/r.CARs[0].SE {
		t.Errorf("CAR %v, want %v", r.CARs[0].CAR, wantCAR)
	}
	if math.Abs(r.Days[len(r.Days)-1].CAR-base.Days[len(r.Days)-1].CAR-base.Days[k0].AR-0.03) > 1e-15 {
		t.Errorf("running CAR")
	}
}

func TestErrors(t *testing.T) {
	pan := tinyPanel(1, 3, 400)
	cfg := tinyConfig()
	cfg.Cluster, cfg.N = true, 5
	if _, err := Run(context.Background(), pan, cfg); err == nil {
		t.Error("5 clustered events from 3 firms")
	}
	cfg = tinyConfig()
	cfg.Spread = study.Window{Start: 0, End: 9}
	if _, err := Run(context.Background(), pan, cfg); err == nil {
		t.Error("spread outside the event window")
	}
	short := tinyPanel(1, 3, 100)
	if _, err := Run(context.Background(), short, tinyConfig()); err == nil {
		t.Error("panel shorter than the span")
	}
}

// BenchmarkSample measures one sample of 50 events with the whole battery.
func BenchmarkSample(b *testing.B) {
	pan := tinyPanel(1, 60, 400)
	cfg := tinyConfig()
	cfg.N, cfg.Tests, cfg.Samples, cfg.Workers = 50, nil, 1, 1
	cfg.Params.Conventions.BootstrapReps = 200
	span := cfg.Params.Span()
	n := 0
	for b.Loop() {
		if _, _, _, err := sample(pan, cfg, n, -span.Start, len(pan.Market.Dates)-1-span.End); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(n*cfg.N), "µs/event")
}
