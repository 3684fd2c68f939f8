package main

import (
	"math"
	"path/filepath"
	"strconv"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"github.com/eventstudy/eventstudy/internal/shareddata"
)

// closes reads the Adj Close column of a Yahoo download CSV with encoding/csv
// only (independently of package data): the dates in order and date → close.
func closes(t *testing.T, path string) ([]string, map[string]float64) {
	return yahooColumn(t, path, 5)
}

// The three Facebook events of 2018 on real Yahoo prices (examples/fb.yaml):
// day 0 lands where the news hit, the raw moves match the published closes,
// and α, β, AR and its standard error match an independent computation with
// gonum (stat.LinearRegression and the explicit matrix form
// σ²(1 + x′(X′X)⁻¹x) of the prediction-error variance).
func TestFacebookEvents(t *testing.T) {
	bluefin := shareddata.Path(t, "yahoo_bluefin_2020", "FB.csv")
	kriti := shareddata.Path(t, "yahoo_kriti_2020", "GSPC.csv")
	out := filepath.Join(t.TempDir(), "fb")
	code, stdout, stderr := runCLI(t, "run", "../../examples/fb.yaml", "--out", out, "--quiet")
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	ev := rows(readCSV(t, filepath.Join(out, "events.csv")))
	ars := rows(readCSV(t, filepath.Join(out, "abnormal_returns.csv")))

	gdates, gspc := closes(t, kriti)
	_, fb := closes(t, bluefin)
	index := map[string]int{}
	for i, d := range gdates {
		index[d] = i
	}
	ret := func(m map[string]float64, i int) float64 { return m[gdates[i]]/m[gdates[i-1]] - 1 }

	for _, c := range []struct {
		id, day0         string
		fbRet, marketRet float64 // PROVENANCE.md key check values
		headline         string
	}{
		{"cambridge", "2018-03-19", -0.06770, -0.01420, "Cambridge Analytica"},
		{"earnings", "2018-07-26", -0.18961, -0.00303, "Q2 2018 earnings"},
		{"banks", "2018-08-06", 0.04449, 0.00354, "banks"},
	} {
		var e map[string]string
		for _, r := range ev {
			if r["event_id"] == c.id {
				e = r
			}
		}
		if e == nil || e["status"] != "ok" || e["day0"] != c.day0 {
			t.Fatalf("%s: row %v, want status ok and day0 %s", c.id, e, c.day0)
		}
		// Data quality: FB's Yahoo series is complete and adjusted; the
		// other two events of 2018 lie inside the later events' windows.
		wantConf := map[string]string{"cambridge": "", "earnings": "cambridge;banks", "banks": "cambridge;earnings"}[c.id]
		if e["missing_days"] != "0" || e["stale_days"] != "0" || e["split_jumps"] != "0" || e["confounding"] != wantConf {
			t.Errorf("%s quality = missing %s, stale %s, splits %s, confounding %q; want 0, 0, 0, %q",
				c.id, e["missing_days"], e["stale_days"], e["split_jumps"], e["confounding"], wantConf)
		}
		if e["headline"] == "" {
			t.Errorf("%s: carried-through column headline is empty", c.id)
		}
		// Independent market model on 240 benchmark days −250..−11.
		d0 := index[c.day0]
		var x, y []float64
		for i := d0 - 250; i <= d0-11; i++ {
			x = append(x, ret(gspc, i))
			y = append(y, ret(fb, i))
		}
		alpha, beta := stat.LinearRegression(x, y, nil, false)
		var ssr float64
		for i := range x {
			r := y[i] - alpha - beta*x[i]
			ssr += r * r
		}
		s2 := ssr / float64(len(x)-2)
		num := func(m map[string]string, k string) float64 {
			v, err := strconv.ParseFloat(m[k], 64)
			if err != nil {
				t.Fatalf("%s %s=%q: %v", c.id, k, m[k], err)
			}
			return v
		}
		near := func(name string, got, want, tol float64) {
			t.Helper()
			if math.Abs(got-want) > tol {
				t.Errorf("%s %s = %.8g, want %.8g (tol %g)", c.id, name, got, want, tol)
			}
		}
		near("n_est", num(e, "n_est"), 240, 0)
		near("alpha", num(e, "alpha"), alpha, 1e-10)
		near("beta", num(e, "beta"), beta, 1e-9)
		near("sigma", num(e, "sigma"), math.Sqrt(s2), 1e-10)
		// σ²(1 + x′(X′X)⁻¹x) with X = [1 R_m] (MacKinlay 1997, eq. 8 in matrix form).
		X := mat.NewDense(len(x), 2, nil)
		for i := range x {
			X.Set(i, 0, 1)
			X.Set(i, 1, x[i])
		}
		var xtx, inv mat.Dense
		xtx.Mul(X.T(), X)
		if err := inv.Inverse(&xtx); err != nil {
			t.Fatal(err)
		}
		rm0, r0 := ret(gspc, d0), ret(fb, d0)
		xv := mat.NewVecDense(2, []float64{1, rm0})
		se := math.Sqrt(s2 * (1 + mat.Inner(xv, &inv, xv)))
		for _, a := range ars {
			if a["event_id"] != c.id || a["rel_day"] != "0" {
				continue
			}
			near("ret", num(a, "ret"), c.fbRet, 5e-5)
			near("market_ret", num(a, "market_ret"), c.marketRet, 5e-5)
			near("ar", num(a, "ar"), r0-alpha-beta*rm0, 1e-10)
			near("ar_se", num(a, "ar_se"), se, 1e-10)
			if a["date"] != c.day0 {
				t.Errorf("%s day-0 date = %s, want %s", c.id, a["date"], c.day0)
			}
		}
	}
}
