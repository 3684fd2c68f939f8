package main

import (
	"bytes"
	"encoding/csv"
	"math"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/eventstudy/eventstudy/data/sample"
)

// The demo on the embedded sample recovers the truth it was simulated from
// (data/sample/gen.go): α, β, σ within their sampling error, and the planted
// day-0 abnormal return within 4 standard errors; the two events built to
// fail are reported with their statuses and the batch goes on.
func TestDemoRecoversTruth(t *testing.T) {
	out := filepath.Join(t.TempDir(), "demo")
	code, stdout, stderr := runCLI(t, "run", "--out", out)
	if code != exitOK {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	for _, name := range []string{"events.csv", "abnormal_returns.csv", "car.csv", "aar.csv", "summary.csv", "manifest.json"} {
		if !fileExists(filepath.Join(out, name)) {
			t.Errorf("missing output %s", name)
		}
	}
	if !bytes.Contains([]byte(stdout), []byte("6 ok")) {
		t.Errorf("summary on stdout does not count 6 ok events:\n%s", stdout)
	}
	tb, _ := sample.FS.ReadFile(sample.TruthFile)
	trecs, err := csv.NewReader(bytes.NewReader(tb)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	truth := map[string]map[string]string{}
	for _, r := range rows(trecs) {
		truth[r["symbol"]] = r
	}
	ev := rows(readCSV(t, filepath.Join(out, "events.csv")))
	ars := rows(readCSV(t, filepath.Join(out, "abnormal_returns.csv")))
	const sigmaM = 0.009 // market return s.d. in gen.go
	status := map[string]string{}
	for _, e := range ev {
		status[e["event_id"]] = e["status"]
		tr, ok := truth[e["symbol"]]
		if e["status"] != "ok" || !ok {
			continue
		}
		f := func(m map[string]string, k string) float64 {
			x, err := strconv.ParseFloat(m[k], 64)
			if err != nil {
				t.Fatalf("%s %s: %v", e["event_id"], k, err)
			}
			return x
		}
		n := f(e, "n_est")
		sigma := f(tr, "sigma")
		// Sampling s.d. of OLS estimates: SE(β̂) = σ/(σ_m √n); SE(α̂) ≈ σ/√n;
		// SE(σ̂) ≈ σ/√(2n).
		check := func(name string, got, want, se float64) {
			if math.Abs(got-want) > 4*se {
				t.Errorf("%s %s = %.5f, want %.5f ± 4·%.5f", e["event_id"], name, got, want, se)
			}
		}
		check("beta", f(e, "beta"), f(tr, "beta"), sigma/(sigmaM*math.Sqrt(n)))
		check("alpha", f(e, "alpha"), f(tr, "alpha"), sigma/math.Sqrt(n))
		check("sigma", f(e, "sigma"), sigma, sigma/math.Sqrt(2*n))
		for _, a := range ars {
			if a["event_id"] == e["event_id"] && a["rel_day"] == "0" {
				check("day-0 AR", f(a, "ar"), f(tr, "planted_ar"), f(a, "ar_se"))
			}
		}
	}
	for id, want := range map[string]string{"E1": "ok", "E6": "ok", "E7": "unknown_symbol", "E8": "out_of_range"} {
		if status[id] != want {
			t.Errorf("event %s status = %q, want %q", id, status[id], want)
		}
	}
}
