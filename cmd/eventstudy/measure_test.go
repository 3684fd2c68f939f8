package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat"

	"github.com/eventstudy/eventstudy/internal/replay"
	"github.com/eventstudy/eventstudy/internal/shareddata"
)

// yahooColumn reads column col of a Yahoo download CSV with encoding/csv only
// (independently of package data): the dates in order and date → value.
func yahooColumn(t *testing.T, path string, col int) ([]string, map[string]float64) {
	t.Helper()
	recs := readCSV(t, path)
	var dates []string
	m := map[string]float64{}
	for _, r := range recs[1:] {
		x, err := strconv.ParseFloat(r[col], 64)
		if err != nil {
			continue
		}
		dates = append(dates, r[0])
		m[r[0]] = x
	}
	return dates, m
}

// fbBanksEvent returns the Yahoo folders, an events file holding Facebook on
// 2018-08-06 (event id banks) and an output folder, in a temporary folder.
func fbBanksEvent(t *testing.T) (bluefin, kriti, events, out string) {
	t.Helper()
	bluefin = shareddata.Path(t, "yahoo_bluefin_2020")
	kriti = shareddata.Path(t, "yahoo_kriti_2020")
	dir := t.TempDir()
	events = filepath.Join(dir, "events.csv")
	if err := os.WriteFile(events, []byte("event_id,symbol,date\nbanks,FB,2018-08-06\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return bluefin, kriti, events, filepath.Join(dir, "out")
}

// bankFirms are Facebook and the four banks of the 2018-08-06 story (reports
// that Facebook asked US banks for customer data).
var bankFirms = []string{"FB", "JPM", "WFC", "C", "USB"}

// bankEvents is [fbBanksEvent] with the events file holding each of bankFirms on
// 2018-08-06 (event id = symbol).
func bankEvents(t *testing.T) (bluefin, kriti, events, out string) {
	t.Helper()
	bluefin, kriti, events, out = fbBanksEvent(t)
	ev := "event_id,symbol,date\n"
	for _, f := range bankFirms {
		ev += f + "," + f + ",2018-08-06\n"
	}
	if err := os.WriteFile(events, []byte(ev), 0o644); err != nil {
		t.Fatal(err)
	}
	return bluefin, kriti, events, out
}

// indexOf is the position of date d in dates (-1 if absent).
func indexOf(dates []string, d string) int {
	for i, x := range dates {
		if x == d {
			return i
		}
	}
	return -1
}

// parseNum reads a numeric cell, failing the test on a bad one.
func parseNum(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("cell %q: %v", s, err)
	}
	return v
}

// Abnormal volume on real Yahoo files: Facebook and the four banks of the
// 2018-08-06 story (reports that Facebook asked US banks for customer data),
// with the mean-adjusted model of Campbell & Wasley (1996). Every number is
// recomputed here from the Volume column: the log volumes, the estimation
// mean and variance, the day-0 abnormal log volume and its standard error,
// the CAR over −1..+1, and the tests across events that suit volume
// (cs_t, Patell, BMP, sign); the unsuited ones are empty, BHAR is empty.
func TestVolumeBanks(t *testing.T) {
	bluefin, kriti, evPath, out := bankEvents(t)
	code, stdout, stderr := runCLI(t, "run", "--events", evPath, "--prices", bluefin, "--prices", kriti,
		"--measure", "volume", "--car", "-1,1", "--car", "0,0", "--out", out, "--quiet", "--charts", "none", "--tables", "none", "--no-report")
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	events := rows(readCSV(t, filepath.Join(out, "events.csv")))
	ars := rows(readCSV(t, filepath.Join(out, "abnormal_returns.csv")))
	cars := rows(readCSV(t, filepath.Join(out, "car.csv")))
	summary := rows(readCSV(t, filepath.Join(out, "summary.csv")))

	gdates, _ := yahooColumn(t, filepath.Join(kriti, "GSPC.csv"), 6)
	d0 := indexOf(gdates, "2018-08-06")
	near := func(what string, got, want, tol float64) {
		t.Helper()
		if math.Abs(got-want) > tol || math.IsNaN(got) != math.IsNaN(want) {
			t.Errorf("%s = %.10g, want %.10g (tol %g)", what, got, want, tol)
		}
	}
	const l1 = 240
	var car, scar []float64
	for _, f := range bankFirms {
		_, vol := yahooColumn(t, filepath.Join(bluefin, f+".csv"), 6)
		logv := func(i int) float64 { return math.Log(1 + vol[gdates[i]]) }
		var est []float64
		for i := d0 - 250; i <= d0-11; i++ {
			est = append(est, logv(i))
		}
		m, sd := stat.MeanStdDev(est, nil) // sd with L1−1, the constant-mean model's d.f.
		var e, a0 map[string]string
		for _, r := range events {
			if r["symbol"] == f {
				e = r
			}
		}
		for _, r := range ars {
			if r["symbol"] == f && r["rel_day"] == "0" {
				a0 = r
			}
		}
		if e["status"] != "ok" || e["model"] != "mean-adjusted" || e["n_est"] != "240" || e["zero_volume_days"] != "0" || e["missing_days"] != "0" {
			t.Fatalf("%s: %v; want ok, mean-adjusted, 240 estimation days, 0 zero-volume and missing days", f, e)
		}
		near(f+" alpha (mean log volume)", parseNum(t, e["alpha"]), m, 1e-9)
		near(f+" sigma", parseNum(t, e["sigma"]), sd, 1e-9)
		near(f+" day-0 log volume", parseNum(t, a0["ret"]), logv(d0), 1e-12)
		near(f+" day-0 abnormal log volume", parseNum(t, a0["ar"]), logv(d0)-m, 1e-9)
		near(f+" day-0 SE", parseNum(t, a0["ar_se"]), sd*math.Sqrt(1+1.0/l1), 1e-9)
		// CAR −1..+1: Σ AR and σ̂²(L2 + L2²/L1) (constant-mean model).
		c := logv(d0-1) + logv(d0) + logv(d0+1) - 3*m
		se := sd * math.Sqrt(3+9.0/l1)
		car, scar = append(car, c), append(scar, c/se)
		for _, r := range cars {
			if r["symbol"] == f && r["car_start"] == "-1" {
				near(f+" CAR -1..+1", parseNum(t, r["car"]), c, 1e-9)
				near(f+" CAR SE", parseNum(t, r["car_se"]), se, 1e-9)
				if r["bhar"] != "" {
					t.Errorf("%s bhar = %q, want empty for volume", f, r["bhar"])
				}
			}
		}
	}
	if !(car[0] > 1) {
		t.Errorf("FB's abnormal log volume over -1..+1 = %.3f; the news day more than doubled volume", car[0])
	}
	n := float64(len(car))
	cst := func(x []float64) float64 {
		m, s := stat.MeanStdDev(x, nil)
		return m / (s / math.Sqrt(n))
	}
	nu := float64(l1 - 1)
	var patell float64
	pos := 0.0
	for i := range scar {
		patell += scar[i] / math.Sqrt(nu/(nu-2))
		if car[i] > 0 {
			pos++
		}
	}
	patell /= math.Sqrt(n)
	want := map[string]float64{
		"cs_t":   cst(car),                         // cross-sectional t
		"patell": patell,                           // Patell (1976) Z
		"bmp":    cst(scar),                        // Boehmer, Musumeci & Poulsen (1991)
		"sign":   (pos - n/2) / (math.Sqrt(n) / 2), // sign test
	}
	seen := 0
	for _, r := range summary {
		if r["car_start"] != "-1" {
			continue
		}
		if r["mean_bhar"] != "" {
			t.Errorf("mean_bhar = %q, want empty for volume", r["mean_bhar"])
		}
		near("CAAR -1..+1", parseNum(t, r["caar"]), stat.Mean(car, nil), 1e-9)
		if w, ok := want[r["test"]]; ok {
			near(r["test"], parseNum(t, r["statistic"]), w, 1e-9)
			seen++
		}
		switch r["test"] {
		case "j1", "j2", "bw1980", "bw1985", "lamb", "skew_t_bhar":
			if r["statistic"] != "" || r["p_value"] != "" {
				t.Errorf("%s = %q (p %q), want empty: not suited to volume", r["test"], r["statistic"], r["p_value"])
			}
		case "corrado_rank", "gen_sign", "grank":
			if r["statistic"] == "" {
				t.Errorf("%s is empty; it suits volume", r["test"])
			}
		}
	}
	if seen != len(want) {
		t.Errorf("found %d of the %d checked tests in summary.csv", seen, len(want))
	}
	b, err := os.ReadFile(filepath.Join(out, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var man struct {
		Parameters struct{ Measure, Model string }
	}
	if err := json.Unmarshal(b, &man); err != nil || man.Parameters.Measure != "volume" || man.Parameters.Model != "mean-adjusted" {
		t.Errorf("manifest measure, model = %+v, %v; want volume, mean-adjusted", man.Parameters, err)
	}
	// The charts draw prices and percent returns: not made for volume. The
	// tables and the report speak of abnormal log volume, and Facebook's card
	// says how many shares traded against normal.
	code, _, stderr = runCLI(t, "run", "--events", evPath, "--prices", bluefin, "--prices", kriti, "--measure", "volume", "--out", out+"-r", "--quiet")
	if _, err := os.Stat(filepath.Join(out+"-r", "charts")); code != exitOK || err == nil {
		t.Errorf("volume run with the default outputs: exit %d, charts made (%s)", code, stderr)
	}
	page, err := os.ReadFile(filepath.Join(out+"-r", "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"Abnormal log volume on day 0", "FB traded 49.7 million shares, 2.7 times its normal volume", "no charts for --measure volume"} {
		if !strings.Contains(string(page), w) {
			t.Errorf("report.html lacks %q", w)
		}
	}
	if strings.Contains(string(page), "rose 1") {
		t.Error("report.html describes log volumes as returns")
	}
	md, err := os.ReadFile(filepath.Join(out+"-r", "tables", "summary.md"))
	if err != nil || !strings.Contains(string(md), "log volume") {
		t.Errorf("tables/summary.md does not speak of log volume (%v):\n%s", err, md)
	}
}

// The market model of log volume regresses FB's log volume on the S&P 500's
// (gonum's stat.LinearRegression here); flags that do not apply to volume
// are usage errors.
func TestVolumeMarketModelAndUsage(t *testing.T) {
	bluefin, kriti, evPath, out := fbBanksEvent(t)
	args := []string{"run", "--events", evPath, "--prices", bluefin, "--prices", kriti, "--measure", "volume",
		"--out", out, "--quiet", "--charts", "none", "--tables", "none", "--no-report"}
	code, stdout, stderr := runCLI(t, append(args, "--model", "market")...)
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	gdates, gv := yahooColumn(t, filepath.Join(kriti, "GSPC.csv"), 6)
	_, fv := yahooColumn(t, filepath.Join(bluefin, "FB.csv"), 6)
	d0 := indexOf(gdates, "2018-08-06")
	var x, y []float64
	for i := d0 - 250; i <= d0-11; i++ {
		x = append(x, math.Log1p(gv[gdates[i]]))
		y = append(y, math.Log1p(fv[gdates[i]]))
	}
	alpha, beta := stat.LinearRegression(x, y, nil, false)
	e := rows(readCSV(t, filepath.Join(out, "events.csv")))[0]
	if e["model"] != "market" || math.Abs(parseNum(t, e["beta"])-beta) > 1e-9 || math.Abs(parseNum(t, e["alpha"])-alpha) > 1e-7 {
		t.Errorf("market model of log volume: model %s, alpha %s, beta %s; want market, %.10g, %.10g", e["model"], e["alpha"], e["beta"], alpha, beta)
	}
	for _, a := range rows(readCSV(t, filepath.Join(out, "abnormal_returns.csv"))) {
		if a["rel_day"] == "0" {
			want := math.Log1p(fv["2018-08-06"]) - alpha - beta*math.Log1p(gv["2018-08-06"])
			if math.Abs(parseNum(t, a["ar"])-want) > 1e-7 {
				t.Errorf("day-0 abnormal log volume = %s, want %.10g", a["ar"], want)
			}
		}
	}
	for _, bad := range [][]string{{"--model", "market-adjusted"}, {"--model", "ff3", "--factors", "x.csv"}, {"--model", "market", "--beta", "dimson"}} {
		code, _, stderr := runCLI(t, append(args, bad...)...)
		if code != exitUsage || !strings.Contains(stderr, "volume") {
			t.Errorf("%v: exit %d, %q; want a usage error about volume", bad, code, stderr)
		}
	}
	code, _, stderr = runCLI(t, "run", "--events", evPath, "--returns", bluefin, "--measure", "volume", "--out", out)
	if code != exitUsage || !strings.Contains(stderr, "--returns") {
		t.Errorf("--returns with volume: exit %d, %q; want a usage error", code, stderr)
	}
}

// garchLL is the GARCH(1,1) market-model log-likelihood written out in the
// test (Bollerslev 1986, eq. 17; h_1 the mean squared residual), and hNext
// the variance of the day after the data.
func garchLL(p [5]float64, r, rm []float64) (ll, hNext float64) {
	alpha, beta, omega, a, b := p[0], p[1], p[2], p[3], p[4]
	e := make([]float64, len(r))
	var h float64
	for i := range r {
		e[i] = r[i] - alpha - beta*rm[i]
		h += e[i] * e[i] / float64(len(r))
	}
	for i := range r {
		if i > 0 {
			h = omega + a*e[i-1]*e[i-1] + b*h
		}
		ll -= 0.5 * (math.Log(2*math.Pi) + math.Log(h) + e[i]*e[i]/h)
	}
	return ll, omega + a*e[len(e)-1]*e[len(e)-1] + b*h
}

// The GARCH(1,1) market model on Facebook, 2018-08-06: the parameters in
// events.csv maximise the likelihood written out here (every one-parameter
// nudge lowers it), and the day-0 SE is the variance forecast recomputed by
// running the recursion over the 240 estimation days of the Yahoo files.
func TestGARCHFacebook(t *testing.T) {
	bluefin, kriti, evPath, out := fbBanksEvent(t)
	code, stdout, stderr := runCLI(t, "run", "--events", evPath, "--prices", bluefin, "--prices", kriti, "--model", "garch",
		"--out", out, "--quiet", "--charts", "none", "--tables", "none", "--no-report")
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	e := rows(readCSV(t, filepath.Join(out, "events.csv")))[0]
	if e["status"] != "ok" || e["model"] != "garch" {
		t.Fatalf("events.csv: %v", e)
	}
	p := [5]float64{parseNum(t, e["alpha"]), parseNum(t, e["beta"]), parseNum(t, e["garch_omega"]), parseNum(t, e["garch_a"]), parseNum(t, e["garch_b"])}
	if !(p[2] > 0 && p[3] >= 0 && p[4] >= 0 && p[3]+p[4] < 1) {
		t.Fatalf("GARCH parameters %v outside ω > 0, a, b ≥ 0, a + b < 1", p)
	}
	gdates, gspc := yahooColumn(t, filepath.Join(kriti, "GSPC.csv"), 5)
	_, fb := yahooColumn(t, filepath.Join(bluefin, "FB.csv"), 5)
	d0 := indexOf(gdates, "2018-08-06")
	ret := func(m map[string]float64, i int) float64 { return m[gdates[i]]/m[gdates[i-1]] - 1 }
	var r, rm []float64
	for i := d0 - 250; i <= d0-11; i++ {
		r, rm = append(r, ret(fb, i)), append(rm, ret(gspc, i))
	}
	ll, h := garchLL(p, r, rm)
	for j := range p {
		for _, f := range []float64{0.99, 1.01} {
			q := p
			if p[j] == 0 {
				q[j] = 1e-4 * (f - 0.99)
			} else {
				q[j] *= f
			}
			if q[3]+q[4] >= 1 {
				continue
			}
			if l2, _ := garchLL(q, r, rm); l2 > ll+1e-7 {
				t.Errorf("parameter %d ×%g raises the log-likelihood from %.8f to %.8f: not the maximum", j, f, ll, l2)
			}
		}
	}
	// Day −10 is h_{T+1}; day 0 is 10 steps further.
	for k := 0; k < 10; k++ {
		h = p[2] + (p[3]+p[4])*h
	}
	for _, a := range rows(readCSV(t, filepath.Join(out, "abnormal_returns.csv"))) {
		if a["rel_day"] == "0" {
			if se := parseNum(t, a["ar_se"]); math.Abs(se-math.Sqrt(h)) > 1e-9 {
				t.Errorf("day-0 SE = %.10g, want the forecast √h_{T+11} = %.10g", se, math.Sqrt(h))
			}
			if ar := parseNum(t, a["ar"]); math.Abs(ar-(ret(fb, d0)-p[0]-p[1]*ret(gspc, d0))) > 1e-12 {
				t.Errorf("day-0 AR = %.10g", ar)
			}
		}
	}
}

// Abnormal volatility of Facebook and the four banks on 2018-08-06: the
// variance ratios U = AR²/σ²(AR) of day 0 and of −1..+1 recomputed from the
// Yahoo closes (gonum's stat.LinearRegression and MacKinlay's eq. 8 written
// out), their mean and the cross-sectional t of mean U = 1 match
// volatility.csv, which has a day row and a car row per test; the return
// outputs are those of a returns study.
func TestVolatilityBanks(t *testing.T) {
	bluefin, kriti, evPath, out := bankEvents(t)
	code, stdout, stderr := runCLI(t, "run", "--events", evPath, "--prices", bluefin, "--prices", kriti, "--measure", "volatility",
		"--car", "-1,1", "--out", out, "--charts", "none", "--tables", "none", "--no-report")
	if code != exitOK || !strings.Contains(stdout, "volatility.csv") {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	gdates, gspc := yahooColumn(t, filepath.Join(kriti, "GSPC.csv"), 5)
	d0 := indexOf(gdates, "2018-08-06")
	ret := func(m map[string]float64, i int) float64 { return m[gdates[i]]/m[gdates[i-1]] - 1 }
	var u0, uw []float64
	for _, f := range bankFirms {
		_, px := yahooColumn(t, filepath.Join(bluefin, f+".csv"), 5)
		var x, y []float64
		for i := d0 - 250; i <= d0-11; i++ {
			x, y = append(x, ret(gspc, i)), append(y, ret(px, i))
		}
		alpha, beta := stat.LinearRegression(x, y, nil, false)
		mx := stat.Mean(x, nil)
		var ssr, sxx float64
		for i := range x {
			e := y[i] - alpha - beta*x[i]
			ssr += e * e
			sxx += (x[i] - mx) * (x[i] - mx)
		}
		s2 := ssr / float64(len(x)-2)
		u := func(i int) float64 {
			ar := ret(px, i) - alpha - beta*ret(gspc, i)
			d := ret(gspc, i) - mx
			return ar * ar / (s2 * (1 + 1/float64(len(x)) + d*d/sxx)) // MacKinlay (1997), eq. 8
		}
		u0 = append(u0, u(d0))
		uw = append(uw, (u(d0-1)+u(d0)+u(d0+1))/3)
	}
	cst := func(x []float64) float64 {
		m, s := stat.MeanStdDev(x, nil)
		return (m - 1) / (s / math.Sqrt(float64(len(x))))
	}
	seen := 0
	for _, r := range rows(readCSV(t, filepath.Join(out, "volatility.csv"))) {
		var x []float64
		switch {
		case r["kind"] == "day" && r["start"] == "0" && r["end"] == "0":
			x = u0
		case r["kind"] == "car" && r["start"] == "-1" && r["end"] == "1":
			x = uw
		default:
			continue
		}
		if r["n"] != "5" || math.Abs(parseNum(t, r["mean_u"])-stat.Mean(x, nil)) > 1e-9 {
			t.Errorf("%s %s..%s: n %s, mean_u %s; want 5, %.10g", r["kind"], r["start"], r["end"], r["n"], r["mean_u"], stat.Mean(x, nil))
		}
		switch r["test"] {
		case "u_cs_t":
			if math.Abs(parseNum(t, r["statistic"])-cst(x)) > 1e-9 {
				t.Errorf("%s u_cs_t = %s, want %.10g", r["kind"], r["statistic"], cst(x))
			}
		case "u_rank":
			if z := parseNum(t, r["statistic"]); math.IsNaN(z) || parseNum(t, r["p_value"]) > 1 {
				t.Errorf("%s u_rank = %s (p %s)", r["kind"], r["statistic"], r["p_value"])
			}
		}
		seen++
	}
	if seen != 4 {
		t.Errorf("%d rows for day 0 and car -1..1, want 4 (u_cs_t and u_rank each)", seen)
	}
	// FB's day-0 move (+4.0% abnormal, t ≈ 2.94) is a variance ratio near 8.6.
	if !(u0[0] > 8 && u0[0] < 9.2) {
		t.Errorf("FB day-0 U = %.3f, want ≈ 2.94² ≈ 8.6", u0[0])
	}
	// --tests basic keeps no estimation residuals for the battery; the rank
	// test of volatility still gets them.
	code, _, stderr = runCLI(t, "run", "--events", evPath, "--prices", bluefin, "--prices", kriti, "--measure", "volatility",
		"--tests", "basic", "--out", out+"-basic", "--quiet", "--charts", "none", "--tables", "none", "--no-report")
	if code != exitOK {
		t.Fatalf("--tests basic: exit %d, %s", code, stderr)
	}
	for _, r := range rows(readCSV(t, filepath.Join(out+"-basic", "volatility.csv"))) {
		if r["test"] == "u_rank" && r["statistic"] == "" {
			t.Fatalf("--tests basic: u_rank empty on %s %s..%s", r["kind"], r["start"], r["end"])
		}
	}
	// The tables and the report show the volatility tests, with the numbers
	// of volatility.csv (day 0: mean U 1.86 for the five firms).
	code, _, stderr = runCLI(t, "run", "--events", evPath, "--prices", bluefin, "--prices", kriti, "--measure", "volatility",
		"--out", out+"-r", "--quiet", "--charts", "none")
	if code != exitOK {
		t.Fatalf("render: exit %d, %s", code, stderr)
	}
	md, err := os.ReadFile(filepath.Join(out+"-r", "tables", "volatility.md"))
	want := fmt.Sprintf("| day 0 | 5 | %.2f |", stat.Mean(u0, nil))
	if err != nil || !strings.Contains(string(md), want) {
		t.Errorf("tables/volatility.md lacks %q (%v):\n%s", want, err, md)
	}
	if page, err := os.ReadFile(filepath.Join(out+"-r", "report.html")); err != nil || !strings.Contains(string(page), "Abnormal volatility: mean variance ratio U") {
		t.Errorf("report.html lacks the volatility table (%v)", err)
	}
	// Parquet: the same file as volatility.parquet.
	code, _, stderr = runCLI(t, "run", "--events", evPath, "--prices", bluefin, "--prices", kriti, "--measure", "volatility",
		"--out", out+"-pq", "--quiet", "--format", "parquet", "--charts", "none", "--tables", "none", "--no-report")
	if fi, err := os.Stat(filepath.Join(out+"-pq", "volatility.parquet")); code != exitOK || err != nil || fi.Size() == 0 {
		t.Errorf("--format parquet: exit %d, %v, %s", code, err, stderr)
	}
}

// Volume from a long panel (sp500_panel_yahoo_2017_2019: Date,Ticker,…,Volume)
// and zero-volume days on real data: the panel has Principal Financial (PFG)
// trading 0 shares on 2017-12-18 and 2018-06-08, both inside the estimation
// window of an event on 2018-08-01. They are kept (ln 1 = 0) and counted in
// zero_volume_days with their dates in quality_note; the day-0 log volume is
// ln(1 + V) of the panel's row, read here with encoding/csv.
func TestVolumeZeroDaysPanel(t *testing.T) {
	panel := shareddata.Path(t, "sp500_panel_yahoo_2017_2019", "sp500_daily_2017-06-01_2019-03-29.csv")
	kriti := shareddata.Path(t, "yahoo_kriti_2020")
	dir := t.TempDir()
	evPath := filepath.Join(dir, "events.csv")
	if err := os.WriteFile(evPath, []byte("event_id,symbol,date\npfg,PFG,2018-08-01\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	code, stdout, stderr := runCLI(t, "run", "--events", evPath, "--prices", panel, "--prices", kriti, "--measure", "volume",
		"--out", out, "--quiet")
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	e := rows(readCSV(t, filepath.Join(out, "events.csv")))[0]
	if e["status"] != "ok" || e["zero_volume_days"] != "2" || e["missing_days"] != "0" ||
		!strings.Contains(e["quality_note"], "2017-12-18") || !strings.Contains(e["quality_note"], "2018-06-08") {
		t.Errorf("PFG: status %s, zero_volume_days %s, missing_days %s, note %q; want ok, 2, 0 and both dates",
			e["status"], e["zero_volume_days"], e["missing_days"], e["quality_note"])
	}
	recs := readCSV(t, panel)
	want := math.NaN()
	for _, r := range recs[1:] {
		if r[0] == "2018-08-01" && r[1] == "PFG" {
			want = math.Log1p(parseNum(t, r[7])) // Volume 2019000
		}
	}
	for _, a := range rows(readCSV(t, filepath.Join(out, "abnormal_returns.csv"))) {
		if a["rel_day"] == "0" && math.Abs(parseNum(t, a["ret"])-want) > 1e-12 {
			t.Errorf("PFG day-0 log volume = %s, want ln(1 + 2019000) = %.12g", a["ret"], want)
		}
	}
}

// A volume study through the Yahoo provider and the price cache (a local
// server replaying chart bodies built from the same Yahoo CSV values) gives
// the abnormal log volumes of the study from the CSV files, first fetching
// and then --offline from the cache alone: the cache stores volume.
func TestVolumeYahooMatchesCSV(t *testing.T) {
	srv := replay.Yahoo(t)
	t.Setenv("EVENTSTUDY_YAHOO_URL", srv.URL)
	bluefin, kriti, evPath, out := fbBanksEvent(t)
	db := filepath.Join(t.TempDir(), "cache.db")
	day0 := func(name string, args ...string) map[string]string {
		t.Helper()
		dir := out + "-" + name
		code, stdout, stderr := runCLI(t, append([]string{"run", "--events", evPath, "--measure", "volume", "--out", dir, "--quiet",
			"--charts", "none", "--tables", "none", "--no-report"}, args...)...)
		if code != exitOK {
			t.Fatalf("%s: exit %d\n%s\n%s", name, code, stdout, stderr)
		}
		for _, a := range rows(readCSV(t, filepath.Join(dir, "abnormal_returns.csv"))) {
			if a["rel_day"] == "0" {
				return a
			}
		}
		t.Fatalf("%s: no day 0", name)
		return nil
	}
	want := day0("csv", "--prices", bluefin, "--prices", kriti)
	for _, c := range []struct {
		name string
		args []string
	}{{"yahoo", []string{"--source", "yahoo", "--cache", db}}, {"offline", []string{"--source", "yahoo", "--cache", db, "--offline"}}} {
		got := day0(c.name, c.args...)
		for _, k := range []string{"ret", "market_ret", "ar", "ar_se"} {
			if math.Abs(parseNum(t, got[k])-parseNum(t, want[k])) > 1e-9 {
				t.Errorf("%s: day-0 %s = %s, from the CSV files %s", c.name, k, got[k], want[k])
			}
		}
	}
}

// TestVolatilityTableRank: the volatility table under tables/ has the rank
// test's z of volatility.csv. The results kept for the tables hold their
// estimation residuals only in a volatility study (runBatch drops them
// otherwise); without them the table's rank z would be blank.
func TestVolatilityTableRank(t *testing.T) {
	bluefin, kriti, evPath, out := bankEvents(t)
	code, stdout, stderr := runCLI(t, "run", "--events", evPath, "--prices", bluefin, "--prices", kriti, "--measure", "volatility",
		"--car", "-1,1", "--out", out, "--charts", "none", "--tables", "md", "--no-report")
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	md, err := os.ReadFile(filepath.Join(out, "tables", "volatility.md"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range rows(readCSV(t, filepath.Join(out, "volatility.csv"))) {
		if r["test"] != "u_rank" || (r["kind"] == "day" && !slices.Contains([]string{"-1", "0", "1"}, r["start"])) { // the table's days are −1..+1
			continue
		}
		z := strings.Replace(fmt.Sprintf("%.2f", parseNum(t, r["statistic"])), "-", "−", 1)
		if !strings.Contains(string(md), z) {
			t.Errorf("volatility.md lacks the rank z %s of %s %s..%s:\n%s", z, r["kind"], r["start"], r["end"], md)
		}
		n++
	}
	if n == 0 {
		t.Fatal("no u_rank row in volatility.csv")
	}
}
