package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/eventstudy/eventstudy/study"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

// runCLI runs the command with buffers and returns its exit code and streams.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

// golden compares got with testdata/name.golden, rewriting it with -update and
// writing name.got beside it on a mismatch.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		gotPath := filepath.Join("testdata", name+".got")
		os.WriteFile(gotPath, []byte(got), 0o644)
		t.Errorf("%s differs from %s; got written to %s (review, then go test -update)", name, path, gotPath)
	}
}

// readCSV reads a whole CSV output file.
func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return recs
}

// rows turns records into maps keyed by header name.
func rows(recs [][]string) []map[string]string {
	var out []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = r[i]
		}
		out = append(out, m)
	}
	return out
}

// Flags land in the options, the spec fills what the flags leave, and the
// command line wins.
func TestRunFlagsAndSpec(t *testing.T) {
	dir := t.TempDir()
	spec := filepath.Join(dir, "s.yaml")
	os.WriteFile(spec, []byte("events: ev.csv\nprices: [p1, p2]\nmodel: constant-mean\ncar: [[-2, 2], \"0,3\"]\nestimation: [-200, -20]\nmin-est: 50\n"), 0o644)
	var got *runOptions
	e := &env{out: &bytes.Buffer{}, err: &bytes.Buffer{}}
	cmd := newRunCmd(e, func(_ context.Context, _ *env, o *runOptions) error { got = o; return nil })
	cmd.SetArgs([]string{spec, "--model", "market-adjusted", "--window", "-3,3"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	p := got.params
	if p.Model != study.MarketAdjusted {
		t.Errorf("model = %v, want market-adjusted (flag overrides spec)", p.Model)
	}
	if p.Estimation != (study.Window{Start: -200, End: -20}) || p.MinEst != 50 {
		t.Errorf("estimation = %v, min-est = %d, want -200..-20 and 50 from the spec", p.Estimation, p.MinEst)
	}
	if want := []study.Window{{Start: -2, End: 2}, {Start: 0, End: 3}}; len(p.CARs) != 2 || p.CARs[0] != want[0] || p.CARs[1] != want[1] {
		t.Errorf("cars = %v, want %v", p.CARs, want)
	}
	if p.Event != (study.Window{Start: -3, End: 3}) {
		t.Errorf("window = %v, want -3..3", p.Event)
	}
	if got.events != filepath.Join(dir, "ev.csv") || len(got.prices) != 2 || got.prices[1] != filepath.Join(dir, "p2") {
		t.Errorf("paths = %q %q, want them relative to the spec folder", got.events, got.prices)
	}
}

func TestRunDefaults(t *testing.T) {
	var got *runOptions
	e := &env{out: &bytes.Buffer{}, err: &bytes.Buffer{}}
	cmd := newRunCmd(e, func(_ context.Context, _ *env, o *runOptions) error { got = o; return nil })
	cmd.SetArgs(nil)
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	want := study.DefaultParams()
	p := got.params
	if p.Model != want.Model || p.Estimation != want.Estimation || p.Event != want.Event || len(p.CARs) != 4 || p.MinEst != want.MinEst {
		t.Errorf("defaults = %+v, want %+v", p, want)
	}
	if got.market != "SYNMKT" {
		t.Errorf("market = %q, want the sample's SYNMKT when no inputs are given", got.market)
	}
}

// Usage errors exit with 2 and say what is wrong, before any work.
func TestUsageErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"run", "--window", "5,1"}, "start after end"},
		{[]string{"run", "--car", "-20,1"}, "outside the event window"},
		{[]string{"run", "--model", "capm"}, "not one of"},
		{[]string{"run", "--events", "x.csv", "--source", "csv"}, "needs --prices"},
		{[]string{"run", "--prices", "p", "--returns", "r", "--events", "e.csv"}, "cannot be combined"},
		{[]string{"run", "--estimation", "-250,0"}, "estimation window"},
		{[]string{"quick", "FB", "2018-13-01"}, "want yyyy-mm-dd"},
		{[]string{"quick", "FB"}, "accepts 2 arg"},
		{[]string{"run", "--nope"}, "unknown flag"},
	} {
		code, _, stderr := runCLI(t, c.args...)
		if code != exitUsage || !strings.Contains(stderr, c.want) {
			t.Errorf("eventstudy %s: exit %d, stderr %q; want exit %d and %q", strings.Join(c.args, " "), code, stderr, exitUsage, c.want)
		}
	}
}

func TestSpecUnknownKey(t *testing.T) {
	spec := filepath.Join(t.TempDir(), "s.yaml")
	os.WriteFile(spec, []byte("modle: market\n"), 0o644)
	code, _, stderr := runCLI(t, "run", spec)
	if code != exitUsage || !strings.Contains(stderr, `unknown key(s)`) || !strings.Contains(stderr, `"modle"`) {
		t.Errorf("exit %d, stderr %q; want a usage error naming the key", code, stderr)
	}
}

// A malformed events file stops the run with file, line and column, exit 1,
// and leaves no output file behind.
func TestMalformedEvents(t *testing.T) {
	dir := t.TempDir()
	ev := filepath.Join(dir, "events.csv")
	os.WriteFile(ev, []byte("symbol,date\nFB,2018-08-06\nFB,06/08/2018\n"), 0o644)
	prices := filepath.Join(dir, "prices.csv")
	os.WriteFile(prices, []byte("date,symbol,close\n2018-08-06,FB,1\n"), 0o644)
	out := filepath.Join(dir, "out")
	code, _, stderr := runCLI(t, "run", "--events", ev, "--prices", prices, "--out", out)
	if code != exitError || !strings.Contains(stderr, "events.csv:3") || !strings.Contains(stderr, `"date"`) {
		t.Errorf("exit %d, stderr %q; want exit 1 naming events.csv:3 and column date", code, stderr)
	}
	if ents, _ := os.ReadDir(out); len(ents) != 0 {
		t.Errorf("output folder has %d entries after a failed run, want none", len(ents))
	}
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
