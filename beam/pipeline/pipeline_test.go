package pipeline

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"

	"github.com/eventstudy/eventstudy/data/sample"
	"github.com/eventstudy/eventstudy/data/tidy"
	"github.com/eventstudy/eventstudy/internal/convflag"
	"github.com/eventstudy/eventstudy/study"
)

// TestMain initialises Beam (the pipelines run on Prism, in process) and
// removes the eventstudy binary built by the tests.
func TestMain(m *testing.M) {
	code := ptest.MainRetWithDefault(m, "prism")
	if cliPath != "" {
		os.RemoveAll(filepath.Dir(cliPath))
	}
	os.Exit(code)
}

// mainRoot is the main module's root (this module is its beam/ folder).
func mainRoot(t testing.TB) string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("no caller")
	}
	return filepath.Dir(filepath.Dir(filepath.Dir(file)))
}

// sharedPath is internal/shareddata.Path (internal packages of the main
// module cannot be imported here): a file under ../shared/data, or the end of
// the test, skipped outside CI and failed under CI=true.
func sharedPath(t testing.TB, elem ...string) string {
	t.Helper()
	root := os.Getenv("EVENTSTUDY_SHARED_DATA")
	if root == "" {
		root = filepath.Join(mainRoot(t), "..", "shared", "data")
	}
	p := filepath.Join(append([]string{root}, elem...)...)
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("shared data missing (CI must provide ../shared/data): %v", err)
		}
		t.Skipf("shared data missing (set EVENTSTUDY_SHARED_DATA to run this test): %v", err)
	}
	return p
}

var (
	cliOnce sync.Once
	cliPath string
	cliErr  error
)

// cli builds the main module's eventstudy binary once.
func cli(t *testing.T) string {
	t.Helper()
	cliOnce.Do(func() {
		dir, err := os.MkdirTemp("", "eventstudy-cli-")
		if err != nil {
			cliErr = err
			return
		}
		cliPath = filepath.Join(dir, "eventstudy")
		cmd := exec.Command("go", "build", "-o", cliPath, "./cmd/eventstudy")
		cmd.Dir = mainRoot(t)
		if out, err := cmd.CombinedOutput(); err != nil {
			cliErr = &buildError{err, string(out)}
		}
	})
	if cliErr != nil {
		t.Fatalf("build eventstudy: %v", cliErr)
	}
	return cliPath
}

type buildError struct {
	err error
	out string
}

func (e *buildError) Error() string { return e.err.Error() + "\n" + e.out }

// runBoth runs `eventstudy run` with args and the pipeline with cfg, and
// compares their outputs: the per-event tables as sets of rows (the union of
// the shards against the CLI's file, headers equal), aar.csv and summary.csv
// byte for byte. It returns the pipeline's output folder.
func runBoth(t *testing.T, cfg Config, args ...string) string {
	t.Helper()
	cliOut := filepath.Join(t.TempDir(), "cli")
	cmd := exec.Command(cli(t), append([]string{"run", "--quiet", "--no-report", "--out", cliOut}, args...)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("eventstudy run %s: %v\n%s", strings.Join(args, " "), err, out)
	}

	cfg.Out = filepath.Join(t.TempDir(), "beam")
	if err := os.MkdirAll(cfg.Out, 0o755); err != nil {
		t.Fatal(err)
	}
	p, s := beam.NewPipelineWithRoot()
	if err := Build(context.Background(), s, cfg); err != nil {
		t.Fatal(err)
	}
	if _, err := prism.Execute(context.Background(), p); err != nil {
		t.Fatalf("pipeline on prism: %v", err)
	}

	for _, base := range shardBases {
		want := readCSV(t, filepath.Join(cliOut, base+".csv"))
		var got [][]string
		for i := range cfg.Shards {
			rows := readCSV(t, filepath.Join(cfg.Out, ShardName(base, i, cfg.Shards)))
			if !slices.Equal(rows[0], want[0]) {
				t.Errorf("%s shard %d header\n got %q\nwant %q", base, i, rows[0], want[0])
			}
			got = append(got, rows[1:]...)
		}
		if g, w := sortedRows(got), sortedRows(want[1:]); !slices.Equal(g, w) {
			t.Errorf("%s: the shards' rows differ from eventstudy run's (%d rows against %d)\n%s", base, len(g), len(w), firstDiff(g, w))
		}
	}
	for _, name := range []string{tidy.AARFile, tidy.SummaryFile, tidy.VolatilityFile} {
		want, err := os.ReadFile(filepath.Join(cliOut, name))
		if name == tidy.VolatilityFile && errors.Is(err, fs.ErrNotExist) {
			if _, err := os.Stat(filepath.Join(cfg.Out, name)); err == nil {
				t.Errorf("the pipeline wrote %s, eventstudy run did not", name)
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(cfg.Out, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from eventstudy run's\n%s", name, firstDiff(strings.Split(string(got), "\n"), strings.Split(string(want), "\n")))
		}
	}
	return cfg.Out
}

func readCSV(t *testing.T, p string) [][]string {
	t.Helper()
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	if len(rows) == 0 {
		t.Fatalf("%s: no header", p)
	}
	return rows
}

// eventRows reads the events shards in folder out, each row by column name
// (events.csv gains columns; reading by position broke when it did).
func eventRows(t *testing.T, out string, shards int) []map[string]string {
	t.Helper()
	var rows []map[string]string
	for i := range shards {
		tab := readCSV(t, filepath.Join(out, ShardName("events", i, shards)))
		for _, name := range []string{"event_id", "status", "message", "model", "zero_volume_days"} {
			if !slices.Contains(tab[0], name) {
				t.Fatalf("events shard %d: no %s column in %q", i, name, tab[0])
			}
		}
		for _, r := range tab[1:] {
			m := map[string]string{}
			for j, name := range tab[0] {
				m[name] = r[j]
			}
			rows = append(rows, m)
		}
	}
	return rows
}

func sortedRows(rows [][]string) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = strings.Join(r, "\x1f")
	}
	slices.Sort(out)
	return out
}

func firstDiff(got, want []string) string {
	for i := range max(len(got), len(want)) {
		var g, w string
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			return "first difference:\n got " + g + "\nwant " + w
		}
	}
	return ""
}

// TestFBMatchesRun is the README's Facebook example: three events on Yahoo
// prices, log returns and two CAR windows, with the full test battery.
func TestFBMatchesRun(t *testing.T) {
	fb := sharedPath(t, "yahoo_bluefin_2020", "FB.csv")
	gspc := sharedPath(t, "yahoo_kriti_2020", "GSPC.csv")
	events := filepath.Join(mainRoot(t), "examples", "fb_events.csv")
	p := study.DefaultParams()
	p.ReturnType = study.Log
	p.CARs = []study.Window{{Start: -1, End: 1}, {Start: -10, End: 10}}
	p.Conventions.Seed = 1
	cfg := Config{Events: []string{events}, Prices: []string{fb, gspc}, Market: "^GSPC", Params: p, Shards: 3}
	runBoth(t, cfg, "--events", events, "--prices", fb, "--prices", gspc,
		"--returns-type", "log", "--car", "-1,1", "--car", "-10,10")
}

// TestFactorsAndConventionsMatchRun: the Facebook example under a factor
// model (Carhart, from the library's 3-factor and momentum files) and under
// the estudy2 conventions with Scholes–Williams betas, set through
// internal/convflag as both commands set them.
func TestFactorsAndConventionsMatchRun(t *testing.T) {
	fb := sharedPath(t, "yahoo_bluefin_2020", "FB.csv")
	gspc := sharedPath(t, "yahoo_kriti_2020", "GSPC.csv")
	ff3 := sharedPath(t, "fama_french_daily", "F-F_Research_Data_Factors_daily.CSV")
	mom := sharedPath(t, "fama_french_daily", "F-F_Momentum_Factor_daily.CSV")
	events := filepath.Join(mainRoot(t), "examples", "fb_events.csv")
	base := []string{"--events", events, "--prices", fb, "--prices", gspc}
	for _, tc := range []struct {
		name  string
		conv  func(*convflag.Values) []string // sets the values, returns the flags given
		model study.Model
		args  []string
	}{
		{"carhart", func(*convflag.Values) []string { return nil }, study.Carhart,
			[]string{"--model", "carhart", "--factors", ff3, "--factors", mom}},
		{"estudy2-scholes-williams", func(v *convflag.Values) []string {
			v.Preset, v.Beta = "estudy2", "scholes-williams"
			return []string{convflag.FlagPreset, convflag.FlagBeta}
		}, study.MarketModel, []string{"--conventions", "estudy2", "--beta", "scholes-williams"}},
		// GARCH(1,1) errors: ARs standardized by the variance forecasts.
		{"garch", func(*convflag.Values) []string { return nil }, study.MarketGARCH, []string{"--model", "garch"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := study.DefaultParams()
			p.Model = tc.model
			p.Conventions.Seed = 1
			v := convflag.Defaults()
			given := tc.conv(&v)
			if err := v.Apply(&p, func(n string) bool { return slices.Contains(given, n) }); err != nil {
				t.Fatal(err)
			}
			cfg := Config{Events: []string{events}, Prices: []string{fb, gspc}, Market: "^GSPC", Params: p, Shards: 2}
			if p.Model.IsFactor() {
				var err error
				if cfg.Factors, err = ReadFactors(context.Background(), []string{ff3, mom}); err != nil {
					t.Fatal(err)
				}
			}
			out := runBoth(t, cfg, append(base, tc.args...)...)
			ok := 0
			for _, row := range eventRows(t, out, cfg.Shards) {
				if row["status"] == string(study.StatusOK) && row["model"] == p.Model.String() {
					ok++
				}
			}
			if ok != 3 {
				t.Errorf("%d events ok under the %s model, want the 3 of fb_events.csv", ok, p.Model)
			}
		})
	}
}

// TestMeasuresMatchRun: the Facebook example as a study of abnormal trading
// volume (the Volume column, mean-adjusted log volume, volume quality checks)
// and of abnormal volatility (volatility.csv).
func TestMeasuresMatchRun(t *testing.T) {
	fb := sharedPath(t, "yahoo_bluefin_2020", "FB.csv")
	gspc := sharedPath(t, "yahoo_kriti_2020", "GSPC.csv")
	events := filepath.Join(mainRoot(t), "examples", "fb_events.csv")
	for _, tc := range []struct {
		measure study.Measure
		model   study.Model
		file    string // a file only this measure writes or fills
	}{
		{study.MeasureVolume, study.ConstantMean, ""},
		{study.MeasureVolatility, study.MarketModel, tidy.VolatilityFile},
		// The rank test standardizes estimation days by the conditional
		// variances, which cross the shuffle with the results (EstVar).
		{study.MeasureVolatility, study.MarketGARCH, tidy.VolatilityFile},
	} {
		t.Run(tc.measure.String()+"-"+tc.model.String(), func(t *testing.T) {
			p := study.DefaultParams()
			p.Measure, p.Model = tc.measure, tc.model
			p.Conventions.Seed = 1
			cfg := Config{Events: []string{events}, Prices: []string{fb, gspc}, Market: "^GSPC", Params: p, Shards: 2}
			out := runBoth(t, cfg, "--events", events, "--prices", fb, "--prices", gspc, "--measure", tc.measure.String(),
				"--model", tc.model.String())
			rows := eventRows(t, out, cfg.Shards)
			for _, row := range rows {
				if row["status"] != string(study.StatusOK) {
					t.Errorf("event %s: %s %s", row["event_id"], row["status"], row["message"])
				}
				// The volume checks fill zero_volume_days; the price checks leave it empty.
				if z := row["zero_volume_days"]; (z != "") != (tc.measure == study.MeasureVolume) {
					t.Errorf("event %s: zero_volume_days %q in a %s study", row["event_id"], z, tc.measure)
				}
			}
			if len(rows) != 3 {
				t.Errorf("%d events, want the 3 of fb_events.csv", len(rows))
			}
			if tc.file != "" {
				if _, err := os.Stat(filepath.Join(out, tc.file)); err != nil {
					t.Errorf("the pipeline wrote no %s: %v", tc.file, err)
				}
			}
		})
	}
}

// A factor model without factor returns is refused when the graph is built.
func TestFactorModelNeedsFactors(t *testing.T) {
	p := study.DefaultParams()
	p.Model = study.FF3
	_, s := beam.NewPipelineWithRoot()
	err := Build(context.Background(), s, Config{Events: []string{"e.csv"}, Prices: []string{"p.csv"}, Params: p, Out: t.TempDir()})
	if err == nil || !strings.Contains(err.Error(), "needs factor returns") {
		t.Fatalf("Build(ff3 without factors) = %v, want an error naming the factors", err)
	}
}

// TestSampleMatchesRun is the embedded synthetic sample (data/sample): six
// firms, two events that fail on purpose (an unknown ticker, too little
// estimation data), default design and battery.
func TestSampleMatchesRun(t *testing.T) {
	dir := t.TempDir()
	var paths []string
	for _, name := range []string{sample.EventsFile, sample.PricesFile} {
		b, err := sample.FS.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	p := study.DefaultParams()
	p.Conventions.Seed = 1
	cfg := Config{Events: paths[:1], Prices: paths[1:], Market: sample.Market, Params: p, Shards: 2}
	out := runBoth(t, cfg, "--events", paths[0], "--prices", paths[1], "--market", sample.Market)

	// The comparison covers failed events too: the sample has an unknown
	// ticker and an event without enough estimation data.
	statuses := map[string]int{}
	for _, row := range eventRows(t, out, cfg.Shards) {
		statuses[row["status"]]++
	}
	if statuses[string(study.StatusUnknownSymbol)] == 0 || statuses[string(study.StatusOK)] == 0 || len(statuses) < 3 {
		t.Errorf("statuses %v: want ok, unknown_symbol and another failure", statuses)
	}
}

// TestSymKey checks the matching of event symbols to price files.
func TestSymKey(t *testing.T) {
	for _, c := range []struct{ a, b string }{
		{"^GSPC", "GSPC"}, {"gspc", "GSPC"}, {"BRK.B", "BRK-B"}, {" fb ", "FB"},
	} {
		if symKey(c.a) != symKey(c.b) {
			t.Errorf("symKey(%q) = %q, symKey(%q) = %q; want equal", c.a, symKey(c.a), c.b, symKey(c.b))
		}
	}
	if symKey("GOOG") == symKey("GOOGL") {
		t.Error("GOOG and GOOGL share a key")
	}
}

// TestNoEventOKMatchesRun: when every event fails, the per-event tables hold
// the failures and aar.csv and summary.csv still exist, as in eventstudy run.
func TestNoEventOKMatchesRun(t *testing.T) {
	dir := t.TempDir()
	b, err := sample.FS.ReadFile(sample.PricesFile)
	if err != nil {
		t.Fatal(err)
	}
	prices := filepath.Join(dir, sample.PricesFile)
	events := filepath.Join(dir, "events.csv")
	if err := os.WriteFile(prices, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(events, []byte("event_id,symbol,date,note\nx,NOPE,2021-03-19,=1+1\ny,SYNA,1990-01-02,early\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p := study.DefaultParams()
	p.Conventions.Seed = 1
	cfg := Config{Events: []string{events}, Prices: []string{prices}, Market: sample.Market, Params: p, Shards: 1}
	runBoth(t, cfg, "--events", events, "--prices", prices, "--market", sample.Market)
}
