package main

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/eventstudy/eventstudy/internal/estudy2ref"
	"github.com/eventstudy/eventstudy/internal/shareddata"
)

// readRates reads one of estudy2's rates files (Date + one column per
// symbol, empty = no return) in full.
func readRates(t *testing.T, path string) (dates []string, cols [][]float64) {
	t.Helper()
	recs := readCSV(t, path)
	cols = make([][]float64, len(recs[0])-1)
	for _, rec := range recs[1:] {
		dates = append(dates, rec[0])
		for j, v := range rec[1:] {
			x := math.NaN()
			if v != "" {
				var err error
				if x, err = strconv.ParseFloat(v, 64); err != nil {
					t.Fatalf("%s: %v", path, err)
				}
			}
			cols[j] = append(cols[j], x)
		}
	}
	return dates, cols
}

// TestEstudy2Covid is issue 12's study on the R package estudy2's own example
// data: the seven firms of ../shared/data/estudy2_covid_2020 on 2020-03-16,
// `--conventions estudy2 --estimation -240,-1 --window 0,4` from the closes
// in prices.csv. Each of the twelve daily tests of estudy2 on each of the
// five event days must equal, to 1e-9 relative, the reference implementation
// of estudy2's definitions (internal/estudy2ref) run on estudy2's own log
// returns (rates.csv, rates_indx.csv: estimation 2019-04-02..2020-03-13, 240
// market days; ZM and UBER list late). estudy2's printed output is not in the
// shared data; the one printed number issue 12 quotes, BW 1985 on day 0 =
// 1.86, is checked to its printed digits, and Lamb, which divides BW 1985's
// statistic by √(1 + 1/L̄ + …) > 1, must be below it.
func TestEstudy2Covid(t *testing.T) {
	dir := filepath.Join(shareddata.Dir(t), "estudy2_covid_2020")
	dates, firms := readRates(t, filepath.Join(dir, "rates.csv"))
	_, mkt := readRates(t, filepath.Join(dir, "rates_indx.csv"))
	d0 := -1
	for i, d := range dates {
		if d == "2020-03-16" {
			d0 = i
		}
	}
	if d0 != 240 {
		t.Fatalf("2020-03-16 at row %d of rates.csv, want 240 (240 estimation days from 2019-04-02)", d0)
	}
	for j := range firms {
		firms[j] = firms[j][:d0+5]
	}
	ref := estudy2ref.Compute(firms, mkt[0][:d0+5], d0)

	tmp := t.TempDir()
	ev := filepath.Join(tmp, "events.csv")
	syms := []string{"AMZN", "ZM", "UBER", "NFLX", "SHOP", "FB", "UPWK"} // the columns of rates.csv
	body := "symbol,date\n"
	for _, s := range syms {
		body += s + ",2020-03-16\n"
	}
	if err := os.WriteFile(ev, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(tmp, "out")
	code, _, stderr := runCLI(t, "run", "--events", ev, "--prices", filepath.Join(dir, "prices.csv"),
		"--prices", filepath.Join(dir, "prices_indx.csv"), "--market", "^GSPC", "--conventions", "estudy2",
		"--estimation", "-240,-1", "--window", "0,4", "--car", "0,4", "--out", out, "-q",
		"--charts", "none", "--tables", "none", "--no-report")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for i, e := range rows(readCSV(t, filepath.Join(out, "events.csv"))) {
		if e["status"] != "ok" || e["n_est"] != strconv.Itoa(ref.L[i]) {
			t.Fatalf("%s: status %s, n_est %s; want ok, %d", e["symbol"], e["status"], e["n_est"], ref.L[i])
		}
	}
	aar := rows(readCSV(t, filepath.Join(out, "aar.csv")))
	if len(aar) != 5 {
		t.Fatalf("%d days in aar.csv, want 5", len(aar))
	}
	for k, row := range aar {
		want := ref.Days[k]
		for _, c := range []struct {
			col  string
			want float64
		}{
			{"aar", want.AAR}, {"bw1980_stat", want.BW1980}, {"bw1985_stat", want.BW1985}, {"cs_t_stat", want.T},
			{"patell_stat", want.Patell}, {"bmp_stat", want.BMP}, {"lamb_stat", want.Lamb},
			{"sign_stat", want.Sign}, {"gen_sign_stat", want.GenSign}, {"corrado_rank_stat", want.Rank},
			{"cz_rank_stat", want.ModRank}, {"cz_sign_stat", want.CZSign},
		} {
			got, err := strconv.ParseFloat(row[c.col], 64)
			if err != nil || math.Abs(got-c.want) > 1e-9*math.Max(1, math.Abs(c.want)) {
				t.Errorf("day %d %s = %s, want %.12g", k, c.col, row[c.col], c.want)
			}
		}
	}
	bw, _ := strconv.ParseFloat(aar[0]["bw1985_stat"], 64)
	lamb, _ := strconv.ParseFloat(aar[0]["lamb_stat"], 64)
	if fmt.Sprintf("%.2f", bw) != "1.86" || !(math.Abs(lamb) < math.Abs(bw)) {
		t.Errorf("day 0: BW 1985 %.4f (estudy2 prints 1.86), Lamb %.4f (must be below it)", bw, lamb)
	}
}
