package main

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"

	"github.com/eventstudy/eventstudy/internal/shareddata"
	"github.com/eventstudy/eventstudy/study"
)

// parseStudyFlags registers the study flags on a fresh flag set, parses args
// and resolves them.
func parseStudyFlags(t *testing.T, args ...string) (study.Params, error) {
	t.Helper()
	f := newStudyFlags()
	fs := pflag.NewFlagSet("t", pflag.ContinueOnError)
	f.register(fs, true)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	err := f.resolve()
	return f.params, err
}

// perEvent keeps the per-event fields of c (the test-side ones belong to the
// battery's flags).
func perEvent(c study.Conventions) study.Conventions {
	return study.Conventions{Name: c.Name, SigmaDF: c.SigmaDF, NoPredError: c.NoPredError, CARVar: c.CARVar,
		TDFLminus1: c.TDFLminus1, NonTradingLimit: c.NonTradingLimit}
}

// TestPresetsAndOverrides: each preset sets its conventions; an explicit
// flag wins over the preset whatever the order on the command line.
func TestPresetsAndOverrides(t *testing.T) {
	for _, tc := range []struct {
		args  []string
		check func(p study.Params) bool
	}{
		{nil, func(p study.Params) bool {
			return perEvent(p.Conventions) == study.Conventions{Name: "canonical"} && p.ReturnType == study.Simple
		}},
		{[]string{"--conventions", "est"}, func(p study.Params) bool {
			return p.ReturnType == study.Log && p.Conventions.NoPredError && p.Conventions.CARVar == study.CARVarAdditive
		}},
		{[]string{"--conventions", "estudy2"}, func(p study.Params) bool {
			return p.ReturnType == study.Log && p.Conventions.SigmaDF == study.SigmaLminus1 && p.Conventions.Estudy2
		}},
		{[]string{"--window", "-2,10", "--car", "0,1", "--conventions", "lemaire"}, func(p study.Params) bool {
			return p.Estimation == study.Window{Start: -332, End: -33} && p.Conventions.SigmaDF == study.SigmaL && p.Conventions.TDFLminus1 &&
				p.Conventions.NonTradingLimit == 4
		}},
		// Explicit flags override the preset, before or after it.
		{[]string{"--returns-type", "simple", "--conventions", "est"}, func(p study.Params) bool {
			return p.ReturnType == study.Simple && p.Conventions.NoPredError
		}},
		{[]string{"--conventions", "lemaire", "--car", "0,1", "--estimation", "-250,-11", "--prediction-error", "on", "--car-variance", "exact", "--sigma-df", "l-k", "--t-df", "model"},
			func(p study.Params) bool {
				return p.Estimation == study.Window{Start: -250, End: -11} && perEvent(p.Conventions) == study.Conventions{Name: "lemaire", NonTradingLimit: 4}
			}},
		{[]string{"--sigma-df", "l-1", "--prediction-error", "off", "--non-trading-limit", "3", "--beta", "dimson", "--dimson-lags", "2"}, func(p study.Params) bool {
			return p.Conventions.SigmaDF == study.SigmaLminus1 && p.Conventions.NoPredError && p.Conventions.NonTradingLimit == 3 &&
				p.Beta == study.BetaDimson && p.DimsonLags == 2
		}},
	} {
		p, err := parseStudyFlags(t, tc.args...)
		if err != nil {
			t.Errorf("%v: %v", tc.args, err)
			continue
		}
		if !tc.check(p) {
			t.Errorf("%v: %+v", tc.args, p)
		}
	}
	for _, bad := range [][]string{
		{"--model", "ff3"}, // no --factors
		{"--model", "constant-mean", "--beta", "dimson"}, // thin-trading betas are for the market model
		{"--dimson-lags", "0"},
	} {
		if _, err := parseStudyFlags(t, bad...); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
}

// TestLoadFactorsAgainstSource: the merged French files give the values of
// the source lines for 2018-08-06, divided by 100 — from
// F-F_Research_Data_Factors_daily.CSV "20180806, 0.46, 0.26, -0.33, 0.007"
// and F-F_Momentum_Factor_daily.CSV "20180806, 0.37".
func TestLoadFactorsAgainstSource(t *testing.T) {
	ff3 := shareddata.Path(t, "fama_french_daily", "F-F_Research_Data_Factors_daily.CSV")
	mom := shareddata.Path(t, "fama_french_daily", "F-F_Momentum_Factor_daily.CSV")
	fs, err := loadFactors(context.Background(), []string{ff3, mom}, study.Carhart, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	d := time.Date(2018, 8, 6, 0, 0, 0, 0, time.UTC)
	i := -1
	for k, x := range fs.Dates {
		if x.Equal(d) {
			i = k
		}
	}
	if i < 0 {
		t.Fatal("2018-08-06 missing")
	}
	for name, want := range map[string]float64{"Mkt-RF": 0.0046, "SMB": 0.0026, "HML": -0.0033, "Mom": 0.0037} {
		if c := fs.Column(name); c == nil || math.Abs(c[i]-want) > 1e-12 {
			t.Errorf("%s = %v, want %v", name, c, want)
		}
	}
	if math.Abs(fs.RF[i]-0.00007) > 1e-15 {
		t.Errorf("RF = %v", fs.RF[i])
	}
}

// TestCarhartRun runs FB 2018-08-06 with the Carhart model on the Lemaire
// returns and the French factors, and checks that events.csv has the event
// and the manifest names the model and the factor files.
func TestCarhartRun(t *testing.T) {
	ret := shareddata.Path(t, "lemaire_gafam", "returns_GAFAM.csv")
	ff3 := shareddata.Path(t, "fama_french_daily", "F-F_Research_Data_Factors_daily.CSV")
	mom := shareddata.Path(t, "fama_french_daily", "F-F_Momentum_Factor_daily.CSV")
	dir := t.TempDir()
	ev := filepath.Join(dir, "ev.csv")
	os.WriteFile(ev, []byte("symbol,date,market\nFB,2018-08-06,SPY\n"), 0o644)
	out := filepath.Join(dir, "out")
	code, _, stderr := runCLI(t, "run", "--events", ev, "--returns", ret, "--model", "carhart",
		"--factors", ff3, "--factors", mom, "--car", "-1,1", "--out", out, "-q")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	r := rows(readCSV(t, filepath.Join(out, "events.csv")))
	if r[0]["status"] != "ok" || r[0]["model"] != "carhart" {
		t.Errorf("events.csv: %v", r[0])
	}
	// FB's Mkt-RF loading is near its market beta (about 1.2).
	if b, _ := strconv.ParseFloat(r[0]["beta"], 64); b < 0.8 || b > 1.6 {
		t.Errorf("beta %v", b)
	}
	m, _ := os.ReadFile(filepath.Join(out, "manifest.json"))
	for _, want := range []string{`"model": "carhart"`, `"role": "factors"`, `"conventions": "canonical"`, `"beta": "ols"`} {
		if !strings.Contains(string(m), want) {
			t.Errorf("manifest lacks %s", want)
		}
	}
}

// TestSimulateCLI runs the simulator on a tiny panel written by the test and
// checks the table, the CSV and the chart, and that --jobs does not change
// the CSV.
func TestSimulateCLI(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("Date,Ticker,Close\n")
	var m strings.Builder
	m.WriteString("Date,Close\n")
	d := time.Date(2016, 1, 4, 0, 0, 0, 0, time.UTC)
	price := map[string]float64{"MKT": 100, "A": 50, "B": 20, "C": 30, "D": 40, "E": 60}
	x := uint64(12345)
	rnd := func() float64 { // xorshift, uniform in (−0.5, 0.5)
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		return float64(x%1_000_000)/1e6 - 0.5
	}
	var lines []string
	for n := 0; n < 360; d = d.AddDate(0, 0, 1) {
		if d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
			continue
		}
		n++
		rm := 0.02 * rnd()
		price["MKT"] *= 1 + rm
		m.WriteString(d.Format(time.DateOnly) + "," + strconv.FormatFloat(price["MKT"], 'f', 6, 64) + "\n")
		for _, s := range []string{"A", "B", "C", "D", "E"} {
			price[s] *= 1 + rm + 0.04*rnd()
			lines = append(lines, s+"|"+d.Format(time.DateOnly)+","+s+","+strconv.FormatFloat(price[s], 'f', 6, 64))
		}
	}
	// Long panel sorted by ticker, then date.
	for _, s := range []string{"A", "B", "C", "D", "E"} {
		for _, l := range lines {
			if strings.HasPrefix(l, s+"|") {
				b.WriteString(strings.TrimPrefix(l, s+"|") + "\n")
			}
		}
	}
	pan, mk := filepath.Join(dir, "panel.csv"), filepath.Join(dir, "MKT.csv")
	os.WriteFile(pan, []byte(b.String()), 0o644)
	os.WriteFile(mk, []byte(m.String()), 0o644)
	var csvs []string
	for _, jobs := range []string{"1", "2"} {
		out := filepath.Join(dir, "sim"+jobs)
		code, stdout, stderr := runCLI(t, "simulate", "--prices", pan, "--prices", mk, "--market", "MKT",
			"--estimation", "-150,-11", "--min-est", "100", "--n", "4", "--samples", "20", "--delta", "1%",
			"--bootstrap-reps", "20", "--jobs", jobs, "--out", out)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		if !strings.Contains(stdout, "cs_t") || !strings.Contains(stdout, "20 samples of 4 events from 5 firms") {
			t.Errorf("stdout:\n%s", stdout)
		}
		c, err := os.ReadFile(filepath.Join(out, "simulate.csv"))
		if err != nil {
			t.Fatal(err)
		}
		csvs = append(csvs, string(c))
		if st, err := os.Stat(filepath.Join(out, "simulate.svg")); err != nil || st.Size() == 0 {
			t.Errorf("chart: %v", err)
		}
	}
	if csvs[0] != csvs[1] {
		t.Errorf("--jobs 1 and 2 differ:\n%s\n%s", csvs[0], csvs[1])
	}
	if !strings.HasPrefix(csvs[0], "test,rejections,valid,rate,se,n,samples,delta") {
		t.Errorf("csv header: %s", csvs[0])
	}
	if code, _, _ := runCLI(t, "simulate", "--prices", pan, "--delta", "x%"); code != 2 {
		t.Errorf("bad --delta: exit %d", code)
	}
}
