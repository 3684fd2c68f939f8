package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/eventstudy/eventstudy/data/tidy"
	"github.com/eventstudy/eventstudy/internal/shareddata"
)

// tenKRun runs the 10-K filings of lemaire_gafam (AAPL, AMZN, FB, GOOG,
// MSFT against SPY, returns only) with an events column mkt_day0: SPY's
// return on the first trading day on or after the filing date, looked up
// here in returns_GAFAM.csv with encoding/csv. It returns the output folder
// and mkt_day0 by event_id.
func tenKRun(t *testing.T) (string, map[string]float64) {
	t.Helper()
	ret := shareddata.Path(t, "lemaire_gafam", "returns_GAFAM.csv")
	tenK := shareddata.Path(t, "lemaire_gafam", "10K.csv")
	read := func(p string) [][]string {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\uFEFF")))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		return recs
	}
	rr := read(ret)
	spy := slices.Index(rr[0], "SPY")
	var days []string
	spyRet := map[string]string{}
	for _, r := range rr[1:] {
		days = append(days, r[0])
		spyRet[r[0]] = r[spy]
	}
	var b strings.Builder
	b.WriteString("event_id,symbol,date,market,mkt_day0\n")
	want := map[string]float64{}
	for i, r := range read(tenK)[1:] {
		d, err := time.Parse("02/01/2006", r[2])
		if err != nil {
			t.Fatal(err)
		}
		iso := d.Format(time.DateOnly)
		k, _ := slices.BinarySearch(days, iso)
		m := ""
		id := fmt.Sprintf("%s-%d", r[0], i)
		if k < len(days) {
			m = spyRet[days[k]]
			var x float64
			fmt.Sscan(m, &x)
			want[id] = x
		}
		fmt.Fprintf(&b, "%s,%s,%s,%s,%s\n", id, r[0], iso, r[1], m)
	}
	dir := t.TempDir()
	ev := filepath.Join(dir, "10k.csv")
	if err := os.WriteFile(ev, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	code, _, stderr := runCLI(t, "run", "--events", ev, "--returns", ret, "--car", "-1,1", "--car", "0,0",
		"--out", out, "-q", "--charts", "none", "--tables", "none", "--no-report")
	if code != exitOK {
		t.Fatalf("run: exit %d: %s", code, stderr)
	}
	return out, want
}

// TestRegressTenK regresses CAR(−1,1) of the 10-K filings on the day-0
// market move and checks estimate, HC1 and cluster-by-firm standard errors
// against the closed forms of a simple regression, computed here from
// car.csv: slope = Sxy/Sxx, and, since the slope's row of (X′X)⁻¹X′ is
// (x_i − x̄)/Sxx,
//
//	HC1      n/(n−2) · Σ (x_i − x̄)² ê_i² / Sxx²
//	cluster  G/(G−1)·(n−1)/(n−2) · Σ_g (Σ_{i∈g} (x_i − x̄) ê_i)² / Sxx²
func TestRegressTenK(t *testing.T) {
	out, mkt := tenKRun(t)
	// The column is the benchmark's day-0 return: abnormal_returns.csv agrees.
	for _, r := range rows(readCSV(t, filepath.Join(out, "abnormal_returns.csv"))) {
		if r["rel_day"] == "0" && math.Abs(cell(t, r["market_ret"])-mkt[r["event_id"]]) > 1e-12 {
			t.Errorf("%s: market_ret on day 0 = %s, mkt_day0 = %g", r["event_id"], r["market_ret"], mkt[r["event_id"]])
		}
	}
	status := map[string]string{}
	firm := map[string]string{}
	for _, r := range rows(readCSV(t, filepath.Join(out, "events.csv"))) {
		status[r["event_id"]], firm[r["event_id"]] = r["status"], r["symbol"]
	}
	var ids []string
	var x, y, w []float64
	for _, r := range rows(readCSV(t, filepath.Join(out, "car.csv"))) {
		if r["car_start"] == "-1" && r["car_end"] == "1" && status[r["event_id"]] == "ok" && r["car"] != "" {
			ids = append(ids, r["event_id"])
			x = append(x, mkt[r["event_id"]])
			y = append(y, cell(t, r["car"]))
			se := cell(t, r["car_se"])
			w = append(w, 1/(se*se))
		}
	}
	n := float64(len(y))
	var mx, my float64
	for i := range x {
		mx += x[i] / n
		my += y[i] / n
	}
	var sxx, sxy float64
	for i := range x {
		sxx += (x[i] - mx) * (x[i] - mx)
		sxy += (x[i] - mx) * (y[i] - my)
	}
	slope := sxy / sxx
	e := make([]float64, len(y))
	var hc0 float64
	clusters := map[string]float64{}
	for i := range y {
		e[i] = y[i] - (my - slope*mx) - slope*x[i]
		hc0 += (x[i] - mx) * (x[i] - mx) * e[i] * e[i]
		clusters[firm[ids[i]]] += (x[i] - mx) * e[i]
	}
	hc1 := math.Sqrt(n / (n - 2) * hc0 / (sxx * sxx))
	var cl float64
	for _, u := range clusters {
		cl += u * u
	}
	g := float64(len(clusters))
	clSE := math.Sqrt(g / (g - 1) * (n - 1) / (n - 2) * cl / (sxx * sxx))

	for _, c := range []struct {
		se     string
		wantSE float64
		label  string
	}{{"hc1", hc1, "hc1"}, {"cluster:symbol", clSE, "cluster:symbol"}} {
		code, stdout, stderr := runCLI(t, "regress", out, "--y", "car:-1,1", "--x", "mkt_day0", "--se", c.se)
		if code != exitOK {
			t.Fatalf("regress --se %s: exit %d: %s", c.se, code, stderr)
		}
		recs := rows(readCSV(t, filepath.Join(out, "regression.csv")))
		if len(recs) != 2 || recs[1]["term"] != "mkt_day0" || recs[0]["term"] != "(Intercept)" {
			t.Fatalf("regression.csv rows %v", recs)
		}
		s := recs[1]
		if got := cell(t, s["estimate"]); math.Abs(got-slope) > 1e-12*math.Abs(slope) {
			t.Errorf("slope = %g, want %g", got, slope)
		}
		if got := cell(t, s["std_error"]); math.Abs(got-c.wantSE) > 1e-9*c.wantSE {
			t.Errorf("%s SE = %g, want %g", c.se, got, c.wantSE)
		}
		if s["n"] != fmt.Sprint(len(y)) || s["k"] != "2" || s["se_type"] != c.label || s["estimator"] != "ols" {
			t.Errorf("row %v: want n %d, k 2, se_type %s, ols", s, len(y), c.label)
		}
		// Every filing is used or counted (10K.csv has 41 rows, though its
		// PROVENANCE.md says 40); the three of 2020 (after the returns end) are
		// among those left out.
		if used, left := len(y), int(cell(t, s["n_excluded"])); used+left != len(status) || left < 3 {
			t.Errorf("n %d + n_excluded %d, want %d with at least 3 left out", used, left, len(status))
		}
		if !strings.Contains(stdout, "status not ok") || !strings.Contains(stdout, "mkt_day0") {
			t.Errorf("stdout does not say what was left out or show the term:\n%s", stdout)
		}
	}

	// --wls: the weighted slope Σw(x−x̄_w)(y−ȳ_w) / Σw(x−x̄_w)², w = 1/car_se².
	var sw, wx, wy float64
	for i := range x {
		sw += w[i]
		wx += w[i] * x[i]
		wy += w[i] * y[i]
	}
	wx, wy = wx/sw, wy/sw
	var wxx, wxy float64
	for i := range x {
		wxx += w[i] * (x[i] - wx) * (x[i] - wx)
		wxy += w[i] * (x[i] - wx) * (y[i] - wy)
	}
	if code, _, stderr := runCLI(t, "regress", out, "--y", "car:-1,1", "--x", "mkt_day0", "--wls", "-q"); code != exitOK {
		t.Fatalf("regress --wls: %s", stderr)
	}
	s := rows(readCSV(t, filepath.Join(out, "regression.csv")))[1]
	if got := cell(t, s["estimate"]); math.Abs(got-wxy/wxx) > 1e-10*math.Abs(wxy/wxx) || s["estimator"] != "wls" {
		t.Errorf("WLS slope = %g (%s), want %g (wls)", got, s["estimator"], wxy/wxx)
	}
}

// TestRegressErrors: the messages name the column, level or window.
func TestRegressErrors(t *testing.T) {
	out := t.TempDir()
	if code, _, stderr := runCLI(t, "run", "--out", out, "-q", "--charts", "none", "--tables", "none", "--no-report"); code != exitOK {
		t.Fatal(stderr)
	}
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--x", "beta"}, exitUsage, "--y is required"},
		{[]string{"--y", "car:5,9"}, exitUsage, "no CAR window 5,9 (it has -1,1 0,0 0,1 -5,5)"},
		{[]string{"--y", "abnormal:0,0"}, exitUsage, "want car:a,b, scar:a,b or bhar:a,b"},
		{[]string{"--y", "car:0,0", "--x", "size"}, exitUsage, `no column "size"`},
		{[]string{"--y", "car:0,0", "--x", "symbol"}, exitError, `column "symbol": unparseable number: "SYNA" (use --factor`},
		{[]string{"--y", "car:0,0", "--factor", "symbol"}, exitError, `factor symbol: level "SYNA" has 1 event`},
		{[]string{"--y", "car:0,0", "--se", "cluster"}, exitUsage, "cluster needs a column"},
		{[]string{"--y", "car:0,0", "--se", "hc9"}, exitUsage, "unknown standard errors"},
		{[]string{"--y", "car:0,0", "--x", "n_est"}, exitError, "term n_est is a linear combination of the terms before it ((Intercept))"},
	} {
		code, _, stderr := runCLI(t, append([]string{"regress", out}, c.args...)...)
		if code != c.code || !strings.Contains(stderr, c.want) {
			t.Errorf("regress %v: exit %d, stderr %q; want exit %d and %q", c.args, code, stderr, c.code, c.want)
		}
	}
	if fileExists(filepath.Join(out, "regression.csv")) {
		t.Error("a failed regress left regression.csv")
	}
	if code, _, stderr := runCLI(t, "regress", t.TempDir(), "--y", "car:0,0"); code != exitError || !strings.Contains(stderr, "not the output folder of a finished run: no events.csv") {
		t.Errorf("empty folder: exit %d, %q", code, stderr)
	}
}

// TestRegressParquet: a run written with --format parquet regresses to the
// same regression.csv, byte for byte, as the same run in CSV.
func TestRegressParquet(t *testing.T) {
	var got [][]byte
	for _, format := range []string{"csv", "parquet"} {
		out := t.TempDir()
		if code, _, stderr := runCLI(t, "run", "--out", out, "-q", "--format", format, "--charts", "none", "--tables", "none", "--no-report"); code != exitOK {
			t.Fatal(stderr)
		}
		if code, _, stderr := runCLI(t, "regress", out, "--y", "car:-1,1", "--y", "scar:0,1", "--x", "beta", "--se", "hc3", "-q"); code != exitOK {
			t.Fatalf("%s: %s", format, stderr)
		}
		b, err := os.ReadFile(filepath.Join(out, "regression.csv"))
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, b)
	}
	if !bytes.Equal(got[0], got[1]) {
		t.Errorf("regression.csv from Parquet differs:\n%s\nfrom CSV:\n%s", got[1], got[0])
	}
}

// TestRegressOutcomes: with no regressor, the intercept is the mean outcome,
// and the outcomes are read as defined: scar = car/car_se, bhar from car.csv
// (means computed here from car.csv).
func TestRegressOutcomes(t *testing.T) {
	out := t.TempDir()
	if code, _, stderr := runCLI(t, "run", "--out", out, "-q", "--charts", "none", "--tables", "none", "--no-report"); code != exitOK {
		t.Fatal(stderr)
	}
	ok := map[string]bool{}
	for _, r := range rows(readCSV(t, filepath.Join(out, "events.csv"))) {
		ok[r["event_id"]] = r["status"] == "ok"
	}
	want := map[string]float64{}
	n := map[string]float64{}
	for _, r := range rows(readCSV(t, filepath.Join(out, "car.csv"))) {
		if !ok[r["event_id"]] || r["car_start"] != "0" || r["car_end"] != "1" {
			continue
		}
		want["scar:0,1"] += cell(t, r["car"]) / cell(t, r["car_se"])
		want["bhar:0,1"] += cell(t, r["bhar"])
		want["car:0,1"] += cell(t, r["car"])
		n["scar:0,1"]++
		n["bhar:0,1"]++
		n["car:0,1"]++
	}
	if code, _, stderr := runCLI(t, "regress", out, "--y", "scar:0,1", "--y", "bhar:0,1", "--y", "car:0,1", "-q"); code != exitOK {
		t.Fatal(stderr)
	}
	recs := rows(readCSV(t, filepath.Join(out, "regression.csv")))
	if len(recs) != 3 {
		t.Fatalf("%d rows, want 3 intercepts", len(recs))
	}
	for _, r := range recs {
		m := want[r["y"]] / n[r["y"]]
		if got := cell(t, r["estimate"]); r["term"] != "(Intercept)" || math.Abs(got-m) > 1e-12*(1+math.Abs(m)) {
			t.Errorf("%s %s = %g, want the mean %g", r["y"], r["term"], got, m)
		}
	}
}

// TestRegressInManifest: regress lists regression.csv in the run's
// manifest.json with its SHA-256 (computed here with crypto/sha256) and
// size, and records its command line; the folder still verifies against the
// manifest; a regress run again replaces its entry; and a later run into the
// folder removes regression.csv with the rest of the previous run.
func TestRegressInManifest(t *testing.T) {
	out := t.TempDir()
	runArgs := []string{"run", "--out", out, "-q", "--charts", "none", "--tables", "none", "--no-report"}
	if code, _, stderr := runCLI(t, runArgs...); code != exitOK {
		t.Fatal(stderr)
	}
	for _, se := range []string{"hc3", "classic"} {
		if code, _, stderr := runCLI(t, "regress", out, "--y", "car:0,1", "--x", "beta", "--se", se, "-q"); code != exitOK {
			t.Fatal(stderr)
		}
		b, err := os.ReadFile(filepath.Join(out, "regression.csv"))
		if err != nil {
			t.Fatal(err)
		}
		want := fmt.Sprintf("%x", sha256.Sum256(b))
		m := readManifest(t, out)
		var found []tidy.Output
		for _, o := range m.Outputs {
			if o.Path == "regression.csv" {
				found = append(found, o)
			}
		}
		if len(found) != 1 || found[0].SHA256 != want || found[0].Bytes != int64(len(b)) {
			t.Errorf("--se %s: manifest lists regression.csv as %+v, want once with sha256 %s, %d bytes", se, found, want, len(b))
		}
		cmd := []string{"eventstudy", "regress", out, "--y", "car:0,1", "--x", "beta", "--se", se}
		if len(m.Steps) != 1 || !slices.Equal(m.Steps[0].Command, cmd) || !slices.Equal(m.Steps[0].Outputs, []string{"regression.csv"}) {
			t.Errorf("--se %s: steps %+v, want one with command %q writing regression.csv", se, m.Steps, cmd)
		}
		checkManifestOutputs(t, out)
	}
	if code, _, stderr := runCLI(t, runArgs...); code != exitOK {
		t.Fatal(stderr)
	}
	if fileExists(filepath.Join(out, "regression.csv")) {
		t.Error("a rerun left the previous run's regression.csv")
	}
	if m := readManifest(t, out); len(m.Steps) != 0 {
		t.Errorf("the rerun's manifest has steps %+v", m.Steps)
	}
	checkManifestOutputs(t, out)
}
