// Package simulate measures the size and power of the tests across events on
// real returns, after the design of Brown & Warner (1980, 1985): draw many
// samples of N random (firm, date) events from a panel, add an abnormal return
// δ on day 0 (or spread over a window), optionally multiply the event-day
// variance or put every event of a sample on one date, run every test of
// [study.Aggregate], and count how often each rejects the null at the chosen
// level.
//
// Brown, S. J. and Warner, J. B. (1985). Using daily stock returns: the case
// of event studies. JFE 14(1), 3–31. Boehmer, E., Musumeci, J. and Poulsen,
// A. B. (1991). Event-study methodology under conditions of event-induced
// variance. JFE 30(2), 253–272 (the variance multiplier). Kolari, J. W. and
// Pynnönen, S. (2010). Event study testing with cross-sectional correlation of
// abnormal returns. RFS 23(11), 3996–4025 (the clustered design).
//
// Every sample draws from its own PCG stream seeded with (Seed, sample index),
// and samples are combined in index order, so a report does not depend on
// the number of workers.
package simulate

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sort"
	"sync"
	"time"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/eventstudy/eventstudy/study"
)

// Panel is the data the events are drawn from: the returns of each firm and
// of the benchmark, whose dates are the trading calendar.
type Panel struct {
	Symbols []string
	Firms   []study.Series // parallel to Symbols
	Market  study.Series
}

// Config is one simulation design.
type Config struct {
	Params  study.Params // model, windows, conventions; Params.CARs[0] is the window tested
	N       int          // events per sample
	Samples int          // number of samples
	Delta   float64      // abnormal return added, spread evenly over Spread (0.01 = 1%)
	Spread  study.Window // event days that receive δ; zero value = day 0 only
	VarMult float64      // event-day variance multiplier (≤ 1 = none)
	Cluster bool         // all events of a sample on one date, distinct firms
	Level   float64      // test level, e.g. 0.05
	Seed    uint64
	Workers int // ≤ 0: one per CPU
	// Tests run on each sample; nil runs study.Aggregate's (the whole battery).
	Tests []study.Test
}

// Row is one test's rejection rate.
type Row struct {
	Test       string
	Rejections int     // samples whose p-value is below Level
	Valid      int     // samples where the test had a p-value
	Rate       float64 // Rejections/Valid
	SE         float64 // binomial standard error √(Rate(1−Rate)/Valid)
}

// Report is the outcome of [Run].
type Report struct {
	Config Config
	Rows   []Row // in the order of the tests
	Drawn  int   // events estimated, including redraws of events without data
}

// ErrNoEvents is returned when the panel cannot supply N events with data.
var ErrNoEvents = errors.New("simulate: cannot draw events with enough data")

// Run simulates cfg on pan.
func Run(ctx context.Context, pan Panel, cfg Config) (Report, error) {
	p := cfg.Params
	if err := p.Validate(); err != nil {
		return Report{}, err
	}
	if len(p.CARs) == 0 {
		return Report{}, fmt.Errorf("simulate: no window to test (Params.CARs is empty)")
	}
	if cfg.N < 1 || cfg.Samples < 1 {
		return Report{}, fmt.Errorf("simulate: need N ≥ 1 and Samples ≥ 1")
	}
	if cfg.Cluster && cfg.N > len(pan.Firms) {
		return Report{}, fmt.Errorf("simulate: %d clustered events need as many firms, the panel has %d", cfg.N, len(pan.Firms))
	}
	if !p.Event.Contains(cfg.Spread) {
		return Report{}, fmt.Errorf("simulate: spread window %v is outside the event window %v", cfg.Spread, p.Event)
	}
	span := p.Span()
	md := pan.Market.Dates
	// Day-0 indices whose whole span lies inside the market's dates and
	// inside the firms' common date range (first..last date of any firm), so
	// that draws are not wasted on dates without firm data.
	lo, hi := -span.Start, len(md)-1-span.End
	if len(pan.Firms) == 0 {
		return Report{}, ErrNoEvents
	}
	var first, last time.Time
	for _, f := range pan.Firms {
		if len(f.Dates) == 0 {
			continue
		}
		if first.IsZero() || f.Dates[0].Before(first) {
			first = f.Dates[0]
		}
		if f.Dates[len(f.Dates)-1].After(last) {
			last = f.Dates[len(f.Dates)-1]
		}
	}
	lo = max(lo, sort.Search(len(md), func(i int) bool { return !md[i].Before(first) })-span.Start)
	hi = min(hi, sort.Search(len(md), func(i int) bool { return md[i].After(last) })-1-span.End)
	if lo > hi {
		return Report{}, ErrNoEvents
	}
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}

	type out struct {
		p     []float64
		names []string
		drawn int
		err   error
	}
	res := make([]out, cfg.Samples)
	idx := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for s := range idx {
				names, ps, drawn, err := sample(pan, cfg, s, lo, hi)
				res[s] = out{ps, names, drawn, err}
			}
		})
	}
feed:
	for s := range cfg.Samples {
		select {
		case idx <- s:
		case <-ctx.Done():
			break feed
		}
	}
	close(idx)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return Report{}, err
	}

	rep := Report{Config: cfg}
	for s, o := range res {
		if o.err != nil {
			return Report{}, fmt.Errorf("sample %d: %w", s, o.err)
		}
		if rep.Rows == nil {
			for _, n := range o.names {
				rep.Rows = append(rep.Rows, Row{Test: n})
			}
		}
		rep.Drawn += o.drawn
		for j, pv := range o.p {
			if math.IsNaN(pv) {
				continue
			}
			rep.Rows[j].Valid++
			if pv < cfg.Level {
				rep.Rows[j].Rejections++
			}
		}
	}
	for j := range rep.Rows {
		r := &rep.Rows[j]
		if r.Valid > 0 {
			r.Rate = float64(r.Rejections) / float64(r.Valid)
			r.SE = math.Sqrt(r.Rate * (1 - r.Rate) / float64(r.Valid))
		} else {
			r.Rate, r.SE = math.NaN(), math.NaN()
		}
	}
	return rep, nil
}

// sample draws and tests sample s: it returns the test names and each test's
// p-value for the tested window.
func sample(pan Panel, cfg Config, s, lo, hi int) ([]string, []float64, int, error) {
	rng := rand.New(rand.NewPCG(cfg.Seed, uint64(s)))
	p := cfg.Params
	p.Conventions.Seed = cfg.Seed ^ uint64(s)*0x9e3779b97f4a7c15
	md := pan.Market.Dates
	results := make([]study.Result, 0, cfg.N)
	drawn := 0
	try := func(f, date int) {
		drawn++
		ev := study.Event{ID: fmt.Sprintf("s%d-%d", s, len(results)), Symbol: pan.Symbols[f], Market: "market", Date: md[date]}
		r := study.Estimate(p, study.Input{Event: ev, Firm: pan.Firms[f], Market: pan.Market})
		if r.Status != study.StatusOK || !complete(r, p) {
			return
		}
		inject(&r, p, cfg)
		results = append(results, r)
	}
	if cfg.Cluster {
		// One date per sample and distinct firms in a random order; if the
		// date has fewer than N firms with data, another date is drawn.
		for dates := 0; len(results) < cfg.N; dates++ {
			if dates == 20 {
				return nil, nil, drawn, ErrNoEvents
			}
			results = results[:0]
			date := lo + rng.IntN(hi-lo+1)
			for _, f := range rng.Perm(len(pan.Firms)) {
				if len(results) == cfg.N {
					break
				}
				try(f, date)
			}
		}
	} else {
		for tries := 0; len(results) < cfg.N; tries++ {
			if tries == 50*cfg.N {
				return nil, nil, drawn, ErrNoEvents
			}
			try(rng.IntN(len(pan.Firms)), lo+rng.IntN(hi-lo+1))
		}
	}
	var sum study.Summary
	if cfg.Tests != nil {
		sum = study.AggregateWith(p, results, cfg.Tests)
	} else {
		sum = study.Aggregate(p, results)
	}
	w := sum.Windows[0]
	ps := make([]float64, len(sum.Tests))
	for j := range ps {
		ps[j] = math.NaN()
		if j < len(w.Tests) {
			ps[j] = w.Tests[j].P
		}
	}
	return sum.Tests, ps, drawn, nil
}

// complete reports whether r has an AR on every day of the tested window, as
// in Brown & Warner's samples, which require complete data.
func complete(r study.Result, p study.Params) bool {
	w := p.CARs[0]
	for _, d := range r.Days[w.Start-p.Event.Start : w.End-p.Event.Start+1] {
		if math.IsNaN(d.AR) {
			return false
		}
	}
	return true
}

// inject adds the simulated event to an estimated result. On day 0 the
// abnormal return becomes √VarMult·AR_0 (event-induced variance, BMP 1991
// sec. 3), then each day of Spread gets δ/len(Spread): AR and the firm return
// move together, the fit and the estimation window are untouched, so this
// equals re-estimating with the shifted returns. Per-day t, p, the running
// CAR and each CAR window (CAR, t, p, BHAR) are recomputed.
func inject(r *study.Result, p study.Params, cfg Config) {
	per := cfg.Delta / float64(cfg.Spread.Len())
	for k := range r.Days {
		d := &r.Days[k]
		if math.IsNaN(d.AR) {
			continue
		}
		add := 0.0
		if d.RelDay == 0 && cfg.VarMult > 1 {
			add += (math.Sqrt(cfg.VarMult) - 1) * d.AR
		}
		if d.RelDay >= cfg.Spread.Start && d.RelDay <= cfg.Spread.End {
			add += per
		}
		if add == 0 {
			continue
		}
		d.AR += add
		d.Ret += add
		d.T = d.AR / d.SE
		d.P = pStudent(d.T, r.Fit.DF)
	}
	car, seen := 0.0, false
	for k := range r.Days {
		d := &r.Days[k]
		if !math.IsNaN(d.AR) {
			car += d.AR
			seen = true
		}
		if seen {
			d.CAR = car
		}
	}
	for j, w := range p.CARs {
		c := &r.CARs[j]
		var sum float64
		pr, pe := 1.0, 1.0
		for _, d := range r.Days[w.Start-p.Event.Start : w.End-p.Event.Start+1] {
			if math.IsNaN(d.AR) {
				continue
			}
			sum += d.AR
			pr *= gross(d.Ret, p.ReturnType)
			pe *= gross(d.Expected, p.ReturnType)
		}
		if c.NDays == 0 {
			continue
		}
		c.CAR = sum
		c.T = sum / c.SE
		c.P = pStudent(c.T, r.Fit.DF)
		c.BHAR = pr - pe
	}
}

func gross(r float64, rt study.ReturnType) float64 {
	if rt == study.Log {
		return math.Exp(r)
	}
	return 1 + r
}

func pStudent(t float64, df int) float64 {
	if df < 1 || math.IsNaN(t) {
		return math.NaN()
	}
	return 2 * distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(df)}.Survival(math.Abs(t))
}
