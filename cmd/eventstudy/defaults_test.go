package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// Defaults a newcomer trips on (issue 13): a shorter --estimation alone is
// not a usage error (the default --min-est is half the window, written to
// the manifest), an explicit --min-est longer than the window still is, and
// run --help prints the default CAR windows once.
func TestNewcomerDefaults(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	code, _, stderr := runCLI(t, "run", "--estimation", "-120,-11", "--out", out, "-q")
	if code != exitOK {
		t.Fatalf("--estimation -120,-11 alone: exit %d: %s", code, stderr)
	}
	if m := readManifest(t, out); m.Parameters.MinEst != 55 {
		t.Errorf("min_est = %d, want 55 (half of the 110 days of -120,-11)", m.Parameters.MinEst)
	}
	if code, _, stderr := runCLI(t, "run", "--estimation", "-120,-11", "--min-est", "200", "--out", out, "-q"); code != exitUsage {
		t.Errorf("--min-est 200 over a 110-day window: exit %d (%s), want a usage error", code, stderr)
	}
	code, stdout, _ := runCLI(t, "run", "--help")
	if code != exitOK {
		t.Fatalf("run --help: exit %d", code)
	}
	if n := strings.Count(stdout, "-1,1 0,0 0,1 -5,5"); n != 1 {
		t.Errorf("run --help shows the default CAR windows %d times, want once", n)
	}
	if !strings.Contains(stdout, "half the estimation window") {
		t.Errorf("run --help does not say that --min-est defaults to half the estimation window")
	}
}

// quick without a network prints the error alone: no empty table with
// "day 0 = n/a … (0 returns)" before it.
func TestQuickWithoutNetworkPrintsNoTable(t *testing.T) {
	t.Setenv("EVENTSTUDY_YAHOO_URL", "http://127.0.0.1:9") // nothing listens there
	code, stdout, stderr := runCLI(t, "quick", "FB", "2018-08-06", "--cache", filepath.Join(t.TempDir(), "cache.db"))
	if code == exitOK || stdout != "" || !strings.Contains(stderr, "FB on 2018-08-06") {
		t.Errorf("exit %d, stdout %q, stderr %q; want an error and nothing on stdout", code, stdout, stderr)
	}
}

// The demo's summary says, first, that its data is synthetic.
func TestDemoSummarySaysSynthetic(t *testing.T) {
	code, stdout, stderr := runCLI(t, "run", "--out", filepath.Join(t.TempDir(), "out"), "--charts", "none", "--tables", "none", "--no-report")
	if code != exitOK || !strings.HasPrefix(stdout, "SYNTHETIC DATA") {
		t.Errorf("exit %d, stderr %q; summary does not start by saying the data is synthetic:\n%s", code, stderr, stdout)
	}
}
