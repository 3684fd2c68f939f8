package study

import (
	"math"
	"slices"
	"testing"

	"github.com/eventstudy/eventstudy/internal/estudy2ref"
)

// estudy2Panel is a panel small enough to follow by hand: three firms, 12
// estimation days (−12..−1) and 3 event days (0..2), one market series.
//
//	A  complete estimation window; no return on event day +1 (a day with a firm missing)
//	B  listed late: no return on the first 4 estimation days (L_B = 8, its
//	   R̄m and S_xx differ from those over all 12 market days)
//	C  complete; days −10 and −2 have the same market and firm returns, so
//	   their ARs tie, and the tie is C's median over its 15 days: its
//	   average rank 7.5 is not the middle rank 8 (the sign of U − ½ is not
//	   the sign of AR − median there)
func estudy2Panel() (rm []float64, r [][]float64) {
	x := math.NaN()
	rm = []float64{0.010, -0.020, 0.005, 0.015, -0.010, 0.020, -0.005, 0.000, 0.012, -0.015, 0.005, -0.003,
		0.025, -0.030, 0.004}
	r = [][]float64{
		{0.013, -0.022, 0.009, 0.016, -0.014, 0.027, -0.002, 0.003, 0.010, -0.020, 0.012, -0.006, 0.041, x, 0.002},
		{x, x, x, x, -0.006, 0.012, -0.009, 0.004, 0.011, -0.004, 0.002, -0.007, -0.015, -0.020, 0.010},
		{0.004, -0.010, 0.0035, 0.011, -0.003, 0.009, 0.001, -0.002, 0.006, -0.012, 0.0035, 0.000, 0.02, -0.03, 0.004},
	}
	return rm, r
}

// estudy2Study runs the panel of [estudy2Panel] through Estimate and the
// battery with the preset (Estudy2 on) and without its test-side switch.
func estudy2Study(t *testing.T) (p Params, rs []Result, e2, canon Summary) {
	t.Helper()
	rm, r := estudy2Panel()
	p = Params{Model: MarketModel, Estimation: Window{-12, -1}, Event: Window{0, 2}, CARs: []Window{{0, 2}}, MinEst: 5}
	if err := ApplyPreset(&p, "estudy2"); err != nil {
		t.Fatal(err)
	}
	dates := weekdays(date("2024-03-01"), len(rm))
	for i, ri := range r {
		in := Input{Event: Event{ID: string(rune('A' + i)), Symbol: string(rune('A' + i)), Market: "M", Date: dates[12]},
			Firm: Series{Dates: dates, Values: ri}, Market: Series{Dates: dates, Values: rm}}
		res := Estimate(p, in)
		if res.Status != StatusOK {
			t.Fatalf("firm %d: %s %s", i, res.Status, res.Message)
		}
		rs = append(rs, res)
	}
	pc := p
	pc.Conventions.Estudy2 = false
	return p, rs, AggregateWith(p, rs, BatteryTests()), AggregateWith(pc, rs, BatteryTests())
}

func statNamed(t *testing.T, names []string, st []Stat, name string) float64 {
	t.Helper()
	i := slices.Index(names, name)
	if i < 0 {
		t.Fatalf("no test %q", name)
	}
	return st[i].Stat
}

// TestEstudy2Exact holds every daily statistic of --conventions estudy2 on
// the hand panel against estudy2's definitions written out independently in
// internal/estudy2ref (issue 12), and checks that the panel exercises each
// estudy2 branch: the preset's Patell, Lamb, rank, modified rank, sign and
// generalized sign differ from the canonical ones on it.
func TestEstudy2Exact(t *testing.T) {
	rm, r := estudy2Panel()
	ref := estudy2ref.Compute(r, rm, 12)
	_, _, got, canon := estudy2Study(t)

	// The premises of the panel.
	if !slices.Equal(ref.L, []int{12, 8, 12}) {
		t.Fatalf("L = %v, want 12 8 12", ref.L)
	}
	c := slices.Clone(ref.AR[2])
	slices.Sort(c)
	if c[7] != c[8] || c[6] == c[7] || c[8] == c[9] {
		t.Fatalf("C's median %v is not a tie at ranks 8 and 9: %v", c[7], c)
	}

	for k, d := range got.Days {
		want := ref.Days[k]
		if d.N != want.N {
			t.Fatalf("day %d: N = %d, want %d", k, d.N, want.N)
		}
		for _, c := range []struct {
			name string
			want float64
		}{
			{"bw1980", want.BW1980}, {"bw1985", want.BW1985}, {"cs_t", want.T}, {"patell", want.Patell},
			{"bmp", want.BMP}, {"lamb", want.Lamb}, {"sign", want.Sign}, {"gen_sign", want.GenSign},
			{"corrado_rank", want.Rank}, {"cz_rank", want.ModRank}, {"cz_sign", want.CZSign},
		} {
			g := statNamed(t, got.Tests, d.Tests, c.name)
			checkNear(t, "day "+itoa(k)+" "+c.name, g, c.want, 1e-10*math.Max(1, math.Abs(c.want)))
		}
		checkNear(t, "day "+itoa(k)+" AAR", d.AAR, want.AAR, 1e-15)
	}
	// Each estudy2 branch changes at least one day on this panel.
	for _, name := range []string{"patell", "lamb", "corrado_rank", "cz_rank", "cz_sign", "gen_sign"} {
		differs := false
		for k := range got.Days {
			a, b := statNamed(t, got.Tests, got.Days[k].Tests, name), statNamed(t, canon.Tests, canon.Days[k].Tests, name)
			differs = differs || math.Abs(a-b) > 1e-6*math.Abs(a)
		}
		if !differs {
			t.Errorf("%s: estudy2 and canonical agree on every day; the panel does not exercise the branch", name)
		}
	}
}

func itoa(k int) string { return string(rune('0' + k)) }

// TestEstudy2Window: estudy2 tests days only; on a CAR window the preset
// takes the same definitions over the window's days, checked here from the
// reference's ARs and day statistics on CAR(0..+2) of the hand panel (A has
// 2 of its 3 days):
//
//	patell  Σ_i SCAR_i / √(Σ_all (L_i−2)/(L_i−4)),  SCAR_i = CAR_i / (σ_i √(L2_i + L2_i²/L_i + (Σ_τ (Rm_τ − R̄m))²/S_xx))
//	lamb    CAAR / (s √(L + L²/L̄ + mean_i (Σ_τ (Rm_τ − R̄m))²/S_xx)),  L = 3 days, s as BW 1985 over all three firms
//	rank, modified rank, CZ sign: Σ_t stat_t / √3 (the day statistics share S)
func TestEstudy2Window(t *testing.T) {
	rm, r := estudy2Panel()
	ref := estudy2ref.Compute(r, rm, 12)
	_, _, got, _ := estudy2Study(t)
	w := got.Windows[0]

	var rmBar, sxx float64
	for _, x := range rm[:12] {
		rmBar += x / 12
	}
	for _, x := range rm[:12] {
		sxx += (x - rmBar) * (x - rmBar)
	}
	var scar, pv, caar, q, lbar float64
	for i := range r {
		var car, dev, l2 float64
		for t := 12; t < 15; t++ {
			if a := ref.AR[i][t]; !math.IsNaN(a) {
				car += a
				dev += rm[t] - rmBar
				l2++
			}
		}
		li := float64(ref.L[i])
		scar += car / (ref.Sigma[i] * math.Sqrt(l2+l2*l2/li+dev*dev/sxx))
		pv += (li - 2) / (li - 4)
		caar += car / 3
		q += dev * dev / sxx / 3
		lbar += li / 3
	}
	var port []float64
	for t := range 12 {
		var s, n float64
		for i := range r {
			if a := ref.AR[i][t]; !math.IsNaN(a) {
				s += a
				n++
			}
		}
		port = append(port, s/n)
	}
	var pm, ss float64
	for _, a := range port {
		pm += a / 12
	}
	for _, a := range port {
		ss += (a - pm) * (a - pm)
	}
	sd := math.Sqrt(ss / 11)
	want := map[string]float64{
		"patell": scar / math.Sqrt(pv),
		"lamb":   caar / (sd * math.Sqrt(3+9/lbar+q)),
	}
	for _, name := range []string{"corrado_rank", "cz_rank", "cz_sign"} {
		var s float64
		for _, d := range ref.Days {
			s += map[string]float64{"corrado_rank": d.Rank, "cz_rank": d.ModRank, "cz_sign": d.CZSign}[name]
		}
		want[name] = s / math.Sqrt(3)
	}
	for name, v := range want {
		checkNear(t, "CAR(0..2) "+name, statNamed(t, got.Tests, w.Tests, name), v, 1e-10*math.Max(1, math.Abs(v)))
	}
}

// TestEstudy2LambVariants: the estudy2 Lamb statistic X̄/(Ŝ√f) and BW 1985's
// X̄/(Ŝ√L) share X̄ and Ŝ, so BW1985/Lamb = √(f/L): f = 1 + 1/L̄ + Q on a day
// of the market model (TestEstudy2Exact), f = L + L²/L̄ for the constant-mean
// model (its prediction error has no market term; L̄ = 32/3 on the hand
// panel), and f = L without a prediction-error term: --prediction-error off,
// the market-adjusted model, and a CAR window under --car-variance additive.
func TestEstudy2LambVariants(t *testing.T) {
	rm, r := estudy2Panel()
	dates := weekdays(date("2024-03-01"), len(rm))
	lbar := 32.0 / 3
	for _, c := range []struct {
		name     string
		set      func(p *Params)
		day, wnd float64 // BW1985/Lamb on a day and on CAR(0..2)
	}{
		{"constant-mean", func(p *Params) { p.Model = ConstantMean }, math.Sqrt(1 + 1/lbar), math.Sqrt(1 + 3/lbar)},
		{"market-adjusted", func(p *Params) { p.Model = MarketAdjusted }, 1, 1},
		{"prediction-error off", func(p *Params) { p.Conventions.NoPredError = true }, 1, 1},
		{"car-variance additive", func(p *Params) { p.Conventions.CARVar = CARVarAdditive }, nan, 1},
	} {
		p := Params{Model: MarketModel, Estimation: Window{-12, -1}, Event: Window{0, 2}, CARs: []Window{{0, 2}}, MinEst: 5}
		if err := ApplyPreset(&p, "estudy2"); err != nil {
			t.Fatal(err)
		}
		c.set(&p)
		var rs []Result
		for i, ri := range r {
			in := Input{Event: Event{ID: itoa(i), Symbol: itoa(i), Market: "M", Date: dates[12]},
				Firm: Series{Dates: dates, Values: ri}, Market: Series{Dates: dates, Values: rm}}
			rs = append(rs, Estimate(p, in))
		}
		s := AggregateWith(p, rs, []Test{{Name: "bw1985", Func: BW1985}, {Name: "lamb", Func: Lamb}})
		ratio := func(st []Stat) float64 { return st[0].Stat / st[1].Stat }
		for k, d := range s.Days {
			if !math.IsNaN(c.day) {
				checkNear(t, c.name+" day "+itoa(k), ratio(d.Tests), c.day, 1e-13)
			}
		}
		checkNear(t, c.name+" CAR(0..2)", ratio(s.Windows[0].Tests), c.wnd, 1e-13)
	}
}
