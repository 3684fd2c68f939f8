package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// batteryNames are the test columns run writes by default (issue 3).
var batteryNames = []string{"cs_t", "j1", "j2", "bw1980", "bw1985", "patell", "patell_kp", "bmp", "bmp_kp", "lamb",
	"corrado_rank", "cz_rank", "cowan_rank", "grank", "sign", "gen_sign", "cz_sign", "wilcoxon", "skew_t",
	"skew_t_bhar", "bootstrap", "bootstrap_bca"}

// run writes the full battery into aar.csv and summary.csv, with the
// bootstrap intervals around the CAAR, and records --alternative,
// --bootstrap-reps and --seed in the manifest; the same seed gives the same
// summary.csv byte for byte.
func TestRunBattery(t *testing.T) {
	dir := t.TempDir()
	run := func(name string, args ...string) string {
		out := filepath.Join(dir, name)
		code, stdout, stderr := runCLI(t, append([]string{"run", "--out", out, "--quiet"}, args...)...)
		if code != exitOK {
			t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
		}
		return out
	}
	a := run("a", "--alternative", "greater", "--bootstrap-reps", "300", "--seed", "7")
	b := run("b", "--alternative", "greater", "--bootstrap-reps", "300", "--seed", "7")

	aar := readCSV(t, filepath.Join(a, "aar.csv"))
	header := strings.Join(aar[0], ",")
	for _, n := range batteryNames {
		if !strings.Contains(header, ","+n+"_stat,"+n+"_p") {
			t.Errorf("aar.csv has no %s_stat, %s_p columns: %s", n, n, header)
		}
	}
	sum := rows(readCSV(t, filepath.Join(a, "summary.csv")))
	seen := map[string]bool{}
	for _, r := range sum {
		seen[r["test"]] = true
		f := func(k string) float64 {
			x, err := strconv.ParseFloat(r[k], 64)
			if err != nil {
				t.Fatalf("summary %s %s = %q", r["test"], k, r[k])
			}
			return x
		}
		switch r["test"] {
		case "bootstrap", "bootstrap_bca":
			if lo, hi, c := f("ci_low"), f("ci_high"), f("caar"); !(lo < c && c < hi) || f("statistic") != c {
				t.Errorf("%s %s..%s: interval [%g, %g] around CAAR %g, statistic %s", r["test"], r["car_start"], r["car_end"], lo, hi, c, r["statistic"])
			}
		default:
			if r["ci_low"] != "" || r["ci_high"] != "" {
				t.Errorf("%s has an interval", r["test"])
			}
		}
		if r["mean_bhar"] == "" {
			t.Errorf("%s %s..%s: empty mean_bhar", r["test"], r["car_start"], r["car_end"])
		}
	}
	for _, n := range batteryNames {
		if !seen[n] {
			t.Errorf("summary.csv has no test %s", n)
		}
	}
	var m struct {
		Parameters struct {
			PValues       string `json:"p_values"`
			BootstrapReps int    `json:"bootstrap_reps"`
			Seed          uint64 `json:"seed"`
		} `json:"parameters"`
	}
	mb, _ := os.ReadFile(filepath.Join(a, "manifest.json"))
	if err := json.Unmarshal(mb, &m); err != nil {
		t.Fatal(err)
	}
	if m.Parameters.PValues != "greater" || m.Parameters.BootstrapReps != 300 || m.Parameters.Seed != 7 {
		t.Errorf("manifest parameters %+v, want greater, 300, 7", m.Parameters)
	}
	sa, _ := os.ReadFile(filepath.Join(a, "summary.csv"))
	sb, _ := os.ReadFile(filepath.Join(b, "summary.csv"))
	if !bytes.Equal(sa, sb) {
		t.Error("same seed, different summary.csv")
	}
	if code, _, stderr := runCLI(t, "run", "--out", filepath.Join(dir, "c"), "--alternative", "sideways"); code != exitUsage || !strings.Contains(stderr, "sideways") {
		t.Errorf("--alternative sideways: exit %d, stderr %q; want a usage error", code, stderr)
	}
}
