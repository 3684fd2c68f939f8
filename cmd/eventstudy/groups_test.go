package main

import (
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/eventstudy/eventstudy/internal/shareddata"
)

// banksEvents writes the events of 2018-08-06 (reports that Facebook asked US
// banks for customer data): Facebook and four banks, plus Microsoft with an
// empty group cell, so that the run has three groups.
func banksEvents(t *testing.T) (events string, prices []string) {
	t.Helper()
	bluefin := filepath.Dir(shareddata.Path(t, "yahoo_bluefin_2020", "FB.csv"))
	kriti := filepath.Dir(shareddata.Path(t, "yahoo_kriti_2020", "GSPC.csv"))
	events = filepath.Join(t.TempDir(), "banks.csv")
	body := "event_id,symbol,date,kind\n" +
		"fb,FB,2018-08-06,facebook\n" +
		"jpm,JPM,2018-08-06,bank\n" +
		"wfc,WFC,2018-08-06,bank\n" +
		"c,C,2018-08-06,bank\n" +
		"usb,USB,2018-08-06,bank\n" +
		"msft,MSFT,2018-08-06,\n"
	if err := os.WriteFile(events, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return events, []string{"--prices", bluefin, "--prices", kriti}
}

func cell(t *testing.T, s string) float64 {
	t.Helper()
	if s == "" {
		return math.NaN()
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// TestRunByBanksAndFacebook runs the banks and Facebook on 2018-08-06 as
// groups and checks the outputs against computations made here from car.csv:
// (all) is exactly the run without --by; each group's CAAR is the mean of its
// CARs; the Mann–Whitney z is rebuilt by counting pairs (U = #{a_i > b_j}),
// not by ranks; ANOVA F from its sums of squares.
func TestRunByBanksAndFacebook(t *testing.T) {
	events, prices := banksEvents(t)
	dir := t.TempDir()
	common := append([]string{"run", "--events", events, "--market", "^GSPC", "--quiet", "--charts", "none",
		"--tables", "none", "--no-report"}, prices...)
	plain, grouped := filepath.Join(dir, "plain"), filepath.Join(dir, "grouped")
	for _, c := range [][]string{{"--out", plain}, {"--out", grouped, "--by", "KIND"}} {
		if code, out, errs := runCLI(t, append(slices.Clone(common), c...)...); code != exitOK {
			t.Fatalf("%v: exit %d\n%s\n%s", c, code, out, errs)
		}
	}
	if fileExists(filepath.Join(plain, "groups.csv")) {
		t.Error("groups.csv written without --by")
	}
	// (all) rows are the plain run's rows, with the group column first.
	for _, f := range []string{"aar.csv", "summary.csv"} {
		p, g := readCSV(t, filepath.Join(plain, f)), readCSV(t, filepath.Join(grouped, f))
		if g[0][0] != "group" || !slices.Equal(g[0][1:], p[0]) {
			t.Fatalf("%s header %v, want group + %v", f, g[0], p[0])
		}
		var all [][]string
		seen := map[string]bool{}
		for _, r := range g[1:] {
			seen[r[0]] = true
			if r[0] == "(all)" {
				all = append(all, r[1:])
			}
		}
		if !slices.EqualFunc(all, p[1:], slices.Equal) {
			t.Errorf("%s: the (all) rows differ from the run without --by", f)
		}
		for _, want := range []string{"(all)", "(missing)", "bank", "facebook"} {
			if !seen[want] {
				t.Errorf("%s has no group %s (groups %v)", f, want, seen)
			}
		}
	}

	cars := map[string][]float64{} // group → CAR(0,0), from car.csv
	kind := map[string]string{"fb": "facebook", "jpm": "bank", "wfc": "bank", "c": "bank", "usb": "bank", "msft": "(missing)"}
	for _, r := range rows(readCSV(t, filepath.Join(grouped, "car.csv"))) {
		if r["car_start"] == "0" && r["car_end"] == "0" {
			cars[kind[r["event_id"]]] = append(cars[kind[r["event_id"]]], cell(t, r["car"]))
		}
	}
	if len(cars["bank"]) != 4 || len(cars["facebook"]) != 1 {
		t.Fatalf("CARs by group %v: want 4 banks and Facebook", cars)
	}
	meanOf := func(x []float64) float64 {
		s := 0.0
		for _, v := range x {
			s += v
		}
		return s / float64(len(x))
	}
	for _, r := range rows(readCSV(t, filepath.Join(grouped, "summary.csv"))) {
		if r["car_start"] == "0" && r["car_end"] == "0" && r["test"] == "cs_t" && r["group"] == "bank" {
			if got := cell(t, r["caar"]); math.Abs(got-meanOf(cars["bank"])) > 1e-15 {
				t.Errorf("bank CAAR(0,0) = %g, want %g", got, meanOf(cars["bank"]))
			}
		}
	}
	// Facebook jumped 4% on the news (its AR ≈ +4.0%, README); the banks did not.
	if fb := cars["facebook"][0]; fb < 0.02 {
		t.Errorf("Facebook CAR(0,0) = %g, want the ≈ +4%% of the news", fb)
	}

	found := map[string]bool{}
	for _, r := range rows(readCSV(t, filepath.Join(grouped, "groups.csv"))) {
		if r["car_start"] != "0" || r["car_end"] != "0" {
			continue
		}
		key := r["group_a"] + "|" + r["group_b"] + "|" + r["test"]
		found[key] = true
		switch key {
		case "bank|facebook|welch_t":
			// Facebook is one event: no variance, no Welch test.
			if r["n_a"] != "4" || r["n_b"] != "1" || r["statistic"] != "" {
				t.Errorf("bank–facebook welch_t row %v: want n 4, 1 and an empty statistic", r)
			}
			if d := cell(t, r["diff"]); math.Abs(d-(meanOf(cars["bank"])-cars["facebook"][0])) > 1e-15 {
				t.Errorf("diff = %g, want %g", d, meanOf(cars["bank"])-cars["facebook"][0])
			}
		case "bank|facebook|mann_whitney":
			a, b := cars["bank"], cars["facebook"]
			u := 0.0
			for _, x := range a {
				for _, y := range b {
					switch {
					case x > y:
						u++
					case x == y:
						u += 0.5
					}
				}
			}
			na, nb := float64(len(a)), float64(len(b))
			z := (u - na*nb/2) / math.Sqrt(na*nb*(na+nb+1)/12) // no ties among real CARs
			if got := cell(t, r["statistic"]); math.Abs(got-z) > 1e-12 {
				t.Errorf("mann_whitney z = %g, want %g", got, z)
			}
			if got, want := cell(t, r["p_value"]), math.Erfc(math.Abs(z)/math.Sqrt2); math.Abs(got-want) > 1e-12 {
				t.Errorf("mann_whitney p = %g, want %g", got, want)
			}
		case "||anova_f":
			var all []float64
			for _, g := range cars {
				all = append(all, g...)
			}
			grand := meanOf(all)
			var ssb, ssw float64
			for _, g := range cars {
				m := meanOf(g)
				ssb += float64(len(g)) * (m - grand) * (m - grand)
				for _, x := range g {
					ssw += (x - m) * (x - m)
				}
			}
			f := (ssb / 2) / (ssw / float64(len(all)-3))
			if got := cell(t, r["statistic"]); math.Abs(got-f)/f > 1e-12 {
				t.Errorf("anova F = %g, want %g", got, f)
			}
			if r["n_a"] != "6" || r["n_b"] != "" {
				t.Errorf("anova row n_a %q n_b %q, want 6 and empty", r["n_a"], r["n_b"])
			}
		}
	}
	for _, k := range []string{"(missing)|bank|welch_t", "bank|facebook|welch_t", "bank|facebook|mann_whitney",
		"(missing)|facebook|mann_whitney", "||anova_f", "||kruskal_wallis"} {
		if !found[k] {
			t.Errorf("groups.csv has no row %s for window 0..0", k)
		}
	}
	// As a regression, Facebook alone is a level of one event: a clear error.
	code, _, errs := runCLI(t, "regress", grouped, "--y", "car:0,0", "--factor", "kind")
	if code != exitError || !strings.Contains(errs, `factor kind: level "facebook" has 1 event`) {
		t.Errorf("regress --factor kind: exit %d, %q", code, errs)
	}
}

// TestRunByErrors: an unknown column is a usage error that lists the
// columns the events file has.
func TestRunByErrors(t *testing.T) {
	code, _, errs := runCLI(t, "run", "--out", t.TempDir(), "--quiet", "--by", "sector", "--no-report", "--charts", "none", "--tables", "none")
	if code != exitUsage || !strings.Contains(errs, `no column "sector"`) || !strings.Contains(errs, "symbol, market") {
		t.Errorf("exit %d, stderr %q: want a usage error naming the missing column and the choices", code, errs)
	}
}

// TestRunByParquet: with --format parquet, the grouped tables and
// groups.parquet are written.
func TestRunByParquet(t *testing.T) {
	out := t.TempDir()
	code, _, errs := runCLI(t, "run", "--out", out, "--quiet", "--by", "symbol", "--format", "parquet", "--no-report",
		"--charts", "none", "--tables", "none")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, f := range []string{"aar.parquet", "summary.parquet", "groups.parquet"} {
		if !fileExists(filepath.Join(out, f)) {
			t.Errorf("%s not written", f)
		}
	}
}

// TestRunByRendersGroups: with --by the run draws the groups side by side,
// writes their tables, and the report shows both.
func TestRunByRendersGroups(t *testing.T) {
	events, prices := banksEvents(t)
	out := filepath.Join(t.TempDir(), "out")
	args := append([]string{"run", "--events", events, "--market", "^GSPC", "--quiet", "--charts", "svg",
		"--tables", "md", "--max-event-charts", "0", "--by", "kind", "--out", out}, prices...)
	if code, _, errs := runCLI(t, args...); code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	svg, err := os.ReadFile(filepath.Join(out, "charts", "caar_groups.svg"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Average abnormal returns by kind", "bank · 4 events", "facebook · 1 event"} {
		if !strings.Contains(string(svg), want) {
			t.Errorf("caar_groups.svg lacks %q", want)
		}
	}
	md, err := os.ReadFile(filepath.Join(out, "tables", "groups_caar.md"))
	if err != nil || !strings.Contains(string(md), "| bank N | bank CAAR, % |") {
		t.Errorf("groups_caar.md: %v\n%s", err, md)
	}
	page, err := os.ReadFile(filepath.Join(out, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Average abnormal returns by kind", "CAAR by kind, side by side", "Do the groups differ?"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("report.html lacks %q", want)
		}
	}
}
