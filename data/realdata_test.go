package data

import (
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/eventstudy/eventstudy/internal/shareddata"
)

// Tests on the real files in ../shared/data. Expected values come from each
// folder's PROVENANCE.md, quoted beside the check.

func readShared(t *testing.T, opt PriceOptions, elem ...string) []Series {
	t.Helper()
	p := shareddata.Path(t, elem...)
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ss, err := ReadSeries(f, p, SymbolFromFilename(p), opt)
	if err != nil {
		t.Fatalf("ReadSeries(%s): %v", p, err)
	}
	return ss
}

// at returns the value of s on date d (YYYY-MM-DD).
func at(t *testing.T, s Series, d string) float64 {
	t.Helper()
	want := day(d)
	for i, x := range s.Dates {
		if x.Equal(want) {
			return s.Values[i]
		}
	}
	t.Fatalf("%s has no %s", s.Symbol, d)
	return 0
}

func checkAt(t *testing.T, s Series, d string, want, tol float64) {
	t.Helper()
	if got := at(t, s, d); math.Abs(got-want) > tol {
		t.Errorf("%s %s = %v, want %v ± %g", s.Symbol, d, got, want, tol)
	}
}

func checkShape(t *testing.T, s Series, rows int, first, last string) {
	t.Helper()
	if len(s.Dates) != rows || !s.Dates[0].Equal(day(first)) || !s.Dates[len(s.Dates)-1].Equal(day(last)) {
		t.Errorf("%s: %d rows %v..%v, want %d rows %s..%s", s.Symbol, len(s.Dates),
			s.Dates[0].Format(time.DateOnly), s.Dates[len(s.Dates)-1].Format(time.DateOnly), rows, first, last)
	}
	checkAscending(t, s)
}

func checkAscending(t *testing.T, s Series) {
	t.Helper()
	if len(s.Dates) != len(s.Values) {
		t.Fatalf("%s: %d dates, %d values", s.Symbol, len(s.Dates), len(s.Values))
	}
	for i := 1; i < len(s.Dates); i++ {
		if !s.Dates[i].After(s.Dates[i-1]) {
			t.Fatalf("%s: dates not ascending at %d: %v, %v", s.Symbol, i, s.Dates[i-1], s.Dates[i])
		}
	}
}

func TestRealYahoo(t *testing.T) {
	// yahoo_bluefin_2020: FB 2157 rows 2012-05-18..2020-12-11; 2018-08-03 Close 177.779999,
	// 2018-08-06 185.690002 (Adj Close == Close, no dividends).
	fb := readShared(t, PriceOptions{}, "yahoo_bluefin_2020", "FB.csv")[0]
	if fb.Symbol != "FB" {
		t.Errorf("symbol %q, want FB", fb.Symbol)
	}
	checkShape(t, fb, 2157, "2012-05-18", "2020-12-11")
	checkAt(t, fb, "2018-08-03", 177.779999, 0)
	checkAt(t, fb, "2018-08-06", 185.690002, 0)
	checkAt(t, fb, "2018-03-19", 172.559998, 0)

	// AAPL: a literal null row on 1981-08-10, kept as missing; 2018-08-06 Close 52.267502.
	aapl := readShared(t, PriceOptions{Field: "Close"}, "yahoo_bluefin_2020", "AAPL.csv")[0]
	checkShape(t, aapl, 10087, "1980-12-12", "2020-12-11")
	if v := at(t, aapl, "1981-08-10"); !math.IsNaN(v) {
		t.Errorf("AAPL 1981-08-10 = %v, want NaN (null row)", v)
	}
	checkAt(t, aapl, "2018-08-06", 52.267502, 0)

	// yahoo_kriti_2020: ^GSPC 1259 rows 2015-05-14..2020-05-13; 2018-08-06 2850.399902.
	gspc := readShared(t, PriceOptions{}, "yahoo_kriti_2020", "GSPC.csv")[0]
	checkShape(t, gspc, 1259, "2015-05-14", "2020-05-13")
	checkAt(t, gspc, "2018-08-03", 2840.350098, 0)
	checkAt(t, gspc, "2018-08-06", 2850.399902, 0)

	// yahoo_spy_2024: 2018-08-06 Close 284.640015, Adj Close 259.616516.
	spy := readShared(t, PriceOptions{}, "yahoo_spy_2024", "SPY.csv")[0]
	checkAt(t, spy, "2018-08-06", 259.616516, 0)
	spyClose := readShared(t, PriceOptions{Field: "close"}, "yahoo_spy_2024", "SPY.csv")[0]
	checkAt(t, spyClose, "2018-08-06", 284.640015, 0)
}

func TestRealPanel(t *testing.T) {
	// 453 tickers, 208,349 rows, 460 days; BHF 429 rows (spun off 2017-07-17).
	ss := readShared(t, PriceOptions{Field: "Close"}, "sp500_panel_yahoo_2017_2019", "sp500_daily_2017-06-01_2019-03-29.csv")
	if len(ss) != 453 {
		t.Errorf("%d symbols, want 453", len(ss))
	}
	rows := 0
	by := map[string]Series{}
	for _, s := range ss {
		rows += len(s.Dates)
		by[s.Symbol] = s
		checkAscending(t, s)
	}
	if rows != 208349 {
		t.Errorf("%d rows, want 208349", rows)
	}
	checkShape(t, by["BHF"], 429, "2017-07-17", "2019-03-29")
	checkShape(t, by["FB"], 460, "2017-06-01", "2019-03-29")
	checkAt(t, by["FB"], "2018-08-06", 185.690002, 0)
}

func TestRealAlphaVantage(t *testing.T) {
	// Newest first, adjusted_close; M/D/YYYY file: 2086 rows 5/18/2012..9/1/2020;
	// key rows 8/3/2018 177.78, 8/6/2018 185.69, 3/19/2018 172.56.
	mdy := readShared(t, PriceOptions{}, "alphavantage_fb", "daily_adjusted_FB_2012-2020_mdy.csv")[0]
	checkShape(t, mdy, 2086, "2012-05-18", "2020-09-01")
	checkAt(t, mdy, "2018-08-03", 177.78, 0)
	checkAt(t, mdy, "2018-08-06", 185.69, 0)
	// ISO file: 1550 rows 2012-05-18..2018-07-17; 2018-03-16 185.09.
	iso := readShared(t, PriceOptions{}, "alphavantage_fb", "daily_adjusted_FB_2012-2018.csv")[0]
	checkShape(t, iso, 1550, "2012-05-18", "2018-07-17")
	checkAt(t, iso, "2018-03-16", 185.09, 0)
	checkAt(t, iso, "2018-03-19", 172.56, 0)
}

func TestRealFREDStooqKaggle(t *testing.T) {
	// FRED: 2609 rows 2015-04-13..2025-04-10, 93 holiday blanks (e.g. 2015-05-25); one
	// column SP500, so a one-symbol wide table named SP500.
	fred := readShared(t, PriceOptions{}, "fred_sp500", "SP500.csv")
	if len(fred) != 1 || fred[0].Symbol != "SP500" {
		t.Fatalf("FRED: %d series, first %q", len(fred), fred[0].Symbol)
	}
	checkShape(t, fred[0], 2609, "2015-04-13", "2025-04-10")
	nan := 0
	for _, v := range fred[0].Values {
		if math.IsNaN(v) {
			nan++
		}
	}
	if nan != 93 || !math.IsNaN(at(t, fred[0], "2015-05-25")) {
		t.Errorf("FRED: %d blanks, want 93 including 2015-05-25", nan)
	}
	checkAt(t, fred[0], "2018-11-29", 2737.76, 0)

	// Stooq, CRLF: 1558 rows 2012-05-18..2018-07-27; 2018-07-26 176.26.
	stooq := readShared(t, PriceOptions{}, "stooq_fb", "fb_us_d.csv")[0]
	checkShape(t, stooq, 1558, "2012-05-18", "2018-07-27")
	checkAt(t, stooq, "2018-07-26", 176.26, 0)

	// Kaggle all_stocks_5yr.csv: Name column, 505 tickers, 619,040 rows; AAPL 2018-02-07
	// close 159.54; FB has all 1259 rows; 11 rows with empty open/high/low.
	if testing.Short() {
		return
	}
	ss := readShared(t, PriceOptions{}, "sp500_5yr_iex", "all_stocks_5yr.csv")
	rows := 0
	by := map[string]Series{}
	for _, s := range ss {
		rows += len(s.Dates)
		by[s.Symbol] = s
	}
	if len(ss) != 505 || rows != 619040 {
		t.Errorf("Kaggle: %d tickers %d rows, want 505 and 619040", len(ss), rows)
	}
	checkShape(t, by["FB"], 1259, "2013-02-08", "2018-02-07")
	checkAt(t, by["AAPL"], "2018-02-07", 159.54, 0)
}

func TestRealWide(t *testing.T) {
	// lemaire returns_GAFAM.csv: simple returns, 5030 rows 2000-01-03..2019-12-30,
	// FB from 2012-05-21; FB 2018-08-06 = +0.0444932.
	ss := readShared(t, PriceOptions{Returns: true}, "lemaire_gafam", "returns_GAFAM.csv")
	names := ""
	by := map[string]Series{}
	for _, s := range ss {
		names += s.Symbol + " "
		by[s.Symbol] = s
	}
	if names != "AAPL AMZN FB GOOG MSFT SPY " {
		t.Errorf("symbols %q", names)
	}
	checkShape(t, by["AAPL"], 5030, "2000-01-03", "2019-12-30")
	if !by["FB"].Dates[0].Equal(day("2012-05-21")) {
		t.Errorf("FB starts %v, want 2012-05-21", by["FB"].Dates[0])
	}
	checkAt(t, by["FB"], "2018-08-06", 0.0444932, 5e-8)
	if _, err := os.Stat(shareddata.Path(t, "lemaire_gafam", "returns_GAFAM.csv")); err == nil {
		// As prices, the negative returns are rejected.
		f, _ := os.Open(shareddata.Path(t, "lemaire_gafam", "returns_GAFAM.csv"))
		defer f.Close()
		if _, err := ReadSeries(f, "returns_GAFAM.csv", "", PriceOptions{}); err == nil {
			t.Errorf("returns read as prices: no error")
		}
	}

	// estudy2 prices.csv: 253 rows 2019-04-01..2020-03-31; ZM from its 2019-04-18 IPO,
	// UBER from 2019-05-10.
	ss = readShared(t, PriceOptions{}, "estudy2_covid_2020", "prices.csv")
	if len(ss) != 7 {
		t.Fatalf("estudy2: %d series, want 7", len(ss))
	}
	for _, s := range ss {
		switch s.Symbol {
		case "AMZN":
			checkShape(t, s, 253, "2019-04-01", "2020-03-31")
		case "ZM":
			checkShape(t, s, 240, "2019-04-18", "2020-03-31")
		case "UBER":
			checkShape(t, s, 225, "2019-05-10", "2020-03-31") // awk count of non-empty UBER cells
		}
	}
}

func TestRealEvents(t *testing.T) {
	// lemaire 10K.csv: BOM, CRLF, dd/mm/yyyy, security_ticker,market_ticker,event_date.
	// PROVENANCE.md says 40 events, but the file has 41 data rows (42 lines, the last
	// without a newline; counted with wc -l).
	p := shareddata.Path(t, "lemaire_gafam", "10K.csv")
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ev, err := ReadEvents(f, p, EventOptions{DateFormat: DateDMY})
	if err != nil {
		t.Fatal(err)
	}
	if len(ev.Rows) != 41 || len(ev.Extra) != 0 {
		t.Fatalf("%d events, extra %v; want 41, none", len(ev.Rows), ev.Extra)
	}
	r := ev.Rows[0] // AAPL,SPY,31/10/2019 on line 2
	if r.Line != 2 || r.ID != "1" || r.Symbol != "AAPL" || r.Market != "SPY" || !r.Date.Equal(day("2019-10-31")) {
		t.Errorf("first event %+v", r)
	}
	// Without --date-format the first row fails, saying which format it wanted.
	f.Seek(0, 0)
	_, err = ReadEvents(f, p, EventOptions{})
	checkParseError(t, err, ErrBadDate, 2, "event_date", `"31/10/2019" (want yyyy-mm-dd; see --date-format)`)
}

func TestRealDirectory(t *testing.T) {
	// ^GSPC is found as GSPC.csv in a directory; FB from the first directory given.
	kriti := filepath.Dir(shareddata.Path(t, "yahoo_kriti_2020", "GSPC.csv"))
	bluefin := filepath.Dir(shareddata.Path(t, "yahoo_bluefin_2020", "FB.csv"))
	s, err := OpenCSV([]string{bluefin, kriti}, PriceOptions{})
	if err != nil {
		t.Fatal(err)
	}
	gspc, err := s.Series(ctx, "^GSPC", time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	checkAt(t, gspc, "2018-08-06", 2850.399902, 0)
	fb, err := s.Series(ctx, "fb", time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	checkShape(t, fb, 2157, "2012-05-18", "2020-12-11") // bluefin's, not kriti's 1259 rows
	files := s.Files()
	if len(files) != 2 || files[0].Path != filepath.Join(bluefin, "FB.csv") || len(files[0].SHA256) != 64 {
		t.Errorf("Files = %+v", files)
	}
}
