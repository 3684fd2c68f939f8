package yahoo

import (
	"bufio"
	"context"
	"errors"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/eventstudy/eventstudy/data"
	"github.com/eventstudy/eventstudy/internal/replay"
	"github.com/eventstudy/eventstudy/internal/shareddata"
	"github.com/eventstudy/eventstudy/internal/testdate"
)

var day = testdate.Day

// testConfig never sleeps: retries are immediate, 3 attempts, 150 ms per attempt.
func testConfig(base string) Config {
	return Config{BaseURL: base, HTTP: HTTPConfig{
		Retry: Retry{Attempts: 3, Base: 10 * time.Millisecond, Max: time.Second, Total: 10 * time.Second, AttemptTimeout: 150 * time.Millisecond},
		Sleep: func(ctx context.Context, d time.Duration) error { return ctx.Err() },
	}}
}

func fromUnix(s string) time.Time {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		panic(err)
	}
	return time.Unix(n, 0).UTC()
}

// TestRecorded replays every recorded v8 chart response at the URL it was
// recorded for, asking for the range of the recording.
func TestRecorded(t *testing.T) {
	type want struct {
		err       error
		hits      int // requests the server saw (retries of malformed bodies included)
		bars      int
		first     string
		close0    float64 // first bar's close, as recorded
		splits    []string
		dividends int
		zone      string
		long      string // meta.longName, as recorded ("" where the 2021 recordings have none)
		short     string // meta.shortName
	}
	tests := map[string]want{
		// 1 bar; period2 is exclusive (PROVENANCE.md). Close as in the body, 75.087502 in the v7 CSV.
		"chart-AAPL-2020-01-01-to-2020-01-03.json":    {hits: 1, bars: 1, first: "2020-01-02", close0: 75.0875015258789, zone: "America/New_York", long: "Apple Inc.", short: "Apple Inc."},
		"chart-AAPL-2020-08-31-to-2020-11-07.json":    {hits: 1, bars: 49, first: "2020-08-31", close0: 129.0399932861328, splits: []string{"2020-08-31 4:1"}, dividends: 1, zone: "America/New_York", long: "Apple Inc.", short: "Apple Inc."},
		"chart-BEKE-2020-01-01-to-2020-01-03.json":    {err: data.ErrNoData, hits: 1},
		"chart-BTC-USD-2020-01-01-to-2020-01-03.json": {hits: 1, bars: 2, first: "2020-01-01", close0: 7200.17431640625, zone: "UTC", long: "Bitcoin USD", short: "Bitcoin USD"},
		"chart-QQQ-2020-01-01-to-2020-01-03.json":     {hits: 1, bars: 1, first: "2020-01-02", close0: 216.16000366210938, zone: "America/New_York", long: "Invesco QQQ Trust", short: "Invesco QQQ Trust, Series 1"},
		// Hand-edited upstream: quotes but no timestamps. Malformed, retried to the limit.
		"chart-notimestamp-quotes-length.fake.json":                             {err: data.ErrMalformed, hits: 3},
		"historical-via-chart-MSFT-dividends-2021-02-01-to-2022-01-31.csv.json": {hits: 1, bars: 252, first: "2021-02-01", close0: 239.64999389648438, dividends: 4, zone: "America/New_York", long: "Microsoft Corporation", short: "Microsoft Corporation"},
		"historical-via-chart-NVDA-split-2021-02-01-to-2022-01-31.csv.json":     {hits: 1, bars: 252, first: "2021-02-01", close0: 13.237000465393066, splits: []string{"2021-07-20 4:1"}, zone: "America/New_York", long: "NVIDIA Corporation", short: "NVIDIA Corporation"},
		"historicalv8-AAPL-2020-01-01-to-2021-01-04.json":                       {hits: 1, bars: 253, first: "2020-01-02", close0: 75.0875015258789, splits: []string{"2020-08-31 4:1"}, dividends: 4, zone: "America/New_York"},
		"historicalv8-MDLY-2020-01-01-to-2021-01-04.json":                       {err: data.ErrUnknownSymbol, hits: 1},
		"historicalv8-QQQ-2020-01-01-to-2021-01-04.json":                        {hits: 1, bars: 253, first: "2020-01-02", close0: 216.16000366210938, dividends: 3, zone: "America/New_York"},
	}
	dir := shareddata.Path(t, "yahoo_api_fixtures", "recorded")
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	seen := 0
	for _, file := range files {
		name := filepath.Base(file)
		if strings.HasPrefix(name, "v7download") {
			continue // retired CSV endpoint: see TestV7Agrees
		}
		seen++
		w, ok := tests[name]
		if !ok {
			t.Errorf("recorded file %s has no expectation", name)
			continue
		}
		t.Run(name, func(t *testing.T) {
			rec, err := replay.LoadRecorded(file)
			if err != nil {
				t.Fatal(err)
			}
			srv := replay.New()
			defer srv.Close()
			srv.Handle(rec.Path, "", rec.Response)
			u, _ := url.Parse(rec.URL)
			from := fromUnix(u.Query().Get("period1"))
			to := fromUnix(u.Query().Get("period2")).AddDate(0, 0, -1)
			symbol := strings.TrimPrefix(rec.Path, "/v8/finance/chart/")

			c, err := New(testConfig(srv.URL)).Chart(context.Background(), symbol, from, to)

			if hits := srv.Hits(rec.Path); hits != w.hits {
				t.Errorf("server saw %d requests, want %d", hits, w.hits)
			}
			// The request carries the recorded range: datetime conversion kept UTC midnights.
			for _, r := range srv.Requests() {
				q, _ := url.ParseQuery(strings.SplitN(r, "?", 2)[1])
				if q.Get("period1") != u.Query().Get("period1") || q.Get("period2") != u.Query().Get("period2") ||
					q.Get("interval") != "1d" || q.Get("events") != "div|split" {
					t.Errorf("request %s: want period1=%s period2=%s interval=1d events=div|split", r, u.Query().Get("period1"), u.Query().Get("period2"))
				}
			}
			if w.err != nil {
				var fe *data.FetchError
				if !errors.Is(err, w.err) || !errors.As(err, &fe) || fe.Symbol != symbol {
					t.Fatalf("Chart error = %v, want a *data.FetchError for %s wrapping %v", err, symbol, w.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Chart: %v", err)
			}
			if len(c.Bars) != w.bars || c.Bars[0].Date.Format(time.DateOnly) != w.first || c.Bars[0].Close != w.close0 {
				t.Errorf("got %d bars from %s close %v, want %d from %s close %v", len(c.Bars),
					c.Bars[0].Date.Format(time.DateOnly), c.Bars[0].Close, w.bars, w.first, w.close0)
			}
			if c.Timezone != w.zone {
				t.Errorf("Timezone = %q, want %q", c.Timezone, w.zone)
			}
			// The company's name comes from the same response (meta.longName,
			// meta.shortName; finance-go does not decode them).
			if c.Listing.LongName != w.long || c.Listing.ShortName != w.short {
				t.Errorf("Listing = %+v, want long %q short %q", c.Listing, w.long, w.short)
			}
			if _, l, err := New(testConfig(srv.URL)).BarsListing(context.Background(), symbol, from, to); err != nil || l != c.Listing {
				t.Errorf("BarsListing = %+v, %v; want the Chart's listing", l, err)
			}
			var splits []string
			for _, s := range c.Splits {
				splits = append(splits, s.Date.Format(time.DateOnly)+" "+strconv.FormatFloat(s.Numerator, 'g', -1, 64)+":"+strconv.FormatFloat(s.Denominator, 'g', -1, 64))
			}
			if strings.Join(splits, ",") != strings.Join(w.splits, ",") {
				t.Errorf("splits = %v, want %v", splits, w.splits)
			}
			if len(c.Dividends) != w.dividends {
				t.Errorf("%d dividends, want %d", len(c.Dividends), w.dividends)
			}
			for i, b := range c.Bars {
				if i > 0 && !b.Date.After(c.Bars[i-1].Date) {
					t.Fatalf("bar %d date %v not after %v", i, b.Date, c.Bars[i-1].Date)
				}
				if b.Date.Before(from) || b.Date.After(to) {
					t.Errorf("bar %v outside %v..%v", b.Date, from, to)
				}
				if w.zone == "America/New_York" && (b.Date.Weekday() == time.Saturday || b.Date.Weekday() == time.Sunday) {
					t.Errorf("bar dated on a %v: %v (timestamps must be dated in New York)", b.Date.Weekday(), b.Date)
				}
			}
		})
	}
	if seen != len(tests) {
		t.Errorf("found %d recorded chart files, want %d", seen, len(tests))
	}
}

// TestV7Agrees checks the v8 events and closes against the retired v7 CSV
// download recorded for the same symbols and ranges.
func TestV7Agrees(t *testing.T) {
	dir := shareddata.Path(t, "yahoo_api_fixtures", "bodies")
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	csvRows := func(name string) [][]string {
		var rows [][]string
		sc := bufio.NewScanner(strings.NewReader(string(read(name))))
		sc.Scan()
		for sc.Scan() {
			rows = append(rows, strings.Split(sc.Text(), ","))
		}
		return rows
	}
	nvda, err := decodeBody(read("historical-via-chart-NVDA-split-2021-02-01-to-2022-01-31.csv.body.json"))
	if err != nil {
		t.Fatal(err)
	}
	if rows := csvRows("v7download-NVDA-split-2021-02-01-to-2022-01-31.body.csv"); len(nvda.Splits) != 1 ||
		nvda.Splits[0].Date.Format(time.DateOnly) != rows[0][0] || rows[0][1] != "4:1" || nvda.Splits[0].Ratio() != 4 {
		t.Errorf("NVDA splits %v, v7 says %v", nvda.Splits, rows)
	}
	msft, err := decodeBody(read("historical-via-chart-MSFT-dividends-2021-02-01-to-2022-01-31.csv.body.json"))
	if err != nil {
		t.Fatal(err)
	}
	rows := csvRows("v7download-MSFT-dividends-2021-02-01-to-2022-01-31.body.csv")
	if len(rows) != len(msft.Dividends) {
		t.Fatalf("%d v8 dividends, %d v7", len(msft.Dividends), len(rows))
	}
	for i, r := range rows {
		amt, _ := strconv.ParseFloat(r[1], 64)
		if d := msft.Dividends[i]; d.Date.Format(time.DateOnly) != r[0] || math.Abs(d.Amount-amt) > 1e-9 {
			t.Errorf("dividend %d = %v %v, v7 %v", i, d.Date, d.Amount, r)
		}
	}
	aapl, err := decodeBody(read("chart-AAPL-2020-01-01-to-2020-01-03.body.json"))
	if err != nil {
		t.Fatal(err)
	}
	r := csvRows("v7download-AAPL-2020-01-01-to-2020-01-03.body.csv")[0]
	cl, _ := strconv.ParseFloat(r[4], 64)
	// v7 rounds to 6 decimals; v8 holds the float32-widened value.
	if aapl.Bars[0].Date.Format(time.DateOnly) != r[0] || math.Abs(aapl.Bars[0].Close-cl) > 5e-7 {
		t.Errorf("AAPL v8 %v %v, v7 %v", aapl.Bars[0].Date, aapl.Bars[0].Close, r)
	}
}

// csvCloses reads Date→(Close, Adj Close) from a Yahoo CSV download.
func csvCloses(t *testing.T, path string) map[string][2]float64 {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string][2]float64{}
	sc := bufio.NewScanner(f)
	sc.Scan()
	for sc.Scan() {
		r := strings.Split(sc.Text(), ",")
		c, err1 := strconv.ParseFloat(r[4], 64)
		a, err2 := strconv.ParseFloat(r[5], 64)
		if err1 == nil && err2 == nil {
			out[r[0]] = [2]float64{c, a}
		}
	}
	return out
}

// TestEndToEndCloses: META (Facebook's history, served as today's Yahoo does)
// and ^GSPC through the replay server give the closes of the CSV files the
// synthetic bodies were built from, on every day.
func TestEndToEndCloses(t *testing.T) {
	srv := replay.Yahoo(t)
	p := New(testConfig(srv.URL))
	for sym, file := range map[string][]string{
		"META":  {"yahoo_bluefin_2020", "FB.csv"},
		"^GSPC": {"yahoo_kriti_2020", "GSPC.csv"},
	} {
		want := csvCloses(t, shareddata.Path(t, file...))
		c, err := p.Chart(context.Background(), sym, day("2017-06-01"), day("2019-03-29"))
		if err != nil {
			t.Fatalf("%s: %v", sym, err)
		}
		if len(c.Bars) != 460 { // PROVENANCE.md: 460 bars
			t.Errorf("%s: %d bars, want 460", sym, len(c.Bars))
		}
		for _, b := range c.Bars {
			w, ok := want[b.Date.Format(time.DateOnly)]
			if !ok || b.Close != w[0] || b.AdjClose != w[1] {
				t.Errorf("%s %s: close %v adj %v, CSV %v", sym, b.Date.Format(time.DateOnly), b.Close, b.AdjClose, w)
			}
		}
	}
	// The event of the core issue: FB 2018-08-03 and 2018-08-06 (PROVENANCE.md).
	s, err := p.Series(context.Background(), "META", day("2018-08-03"), day("2018-08-06"))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Values) != 2 || s.Values[0] != 177.779999 || s.Values[1] != 185.690002 {
		t.Errorf("FB 2018-08-03..06 = %v %v, want [177.779999 185.690002]", s.Dates, s.Values)
	}
	if u := srv.Unmatched(); len(u) != 0 {
		t.Errorf("unmatched requests: %v", u)
	}
}

func TestFaults(t *testing.T) {
	const path = "/v8/finance/chart/FB"
	body, err := os.ReadFile(shareddata.Path(t, "yahoo_api_fixtures", "synthetic", replay.SyntheticCharts["FB"]))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		faults  []replay.Fault
		wantErr error
		hits    int
	}{
		{"429 then 200", []replay.Fault{{Status: 429}}, nil, 2},
		{"500 500 then 200", []replay.Fault{{Status: 500}, {Status: 500}}, nil, 3},
		{"timeout then 200", []replay.Fault{{Stall: 5 * time.Second}}, nil, 2},
		{"connection cut mid-body then 200", []replay.Fault{{Truncate: 100}}, nil, 2},
		{"truncated JSON then 200", []replay.Fault{{Status: 200, Body: body[:len(body)/2]}}, nil, 2},
		{"429 forever", []replay.Fault{{Status: 429}, {Status: 429}, {Status: 429}}, data.ErrRateLimited, 3},
		{"503 forever", []replay.Fault{{Status: 503}, {Status: 502}, {Status: 500}}, data.ErrUnavailable, 3},
		{"timeouts forever", []replay.Fault{{Stall: 5 * time.Second}, {Stall: 5 * time.Second}, {Stall: 5 * time.Second}}, data.ErrUnavailable, 3},
		{"truncated JSON forever", []replay.Fault{{Status: 200, Body: body[:100]}, {Status: 200, Body: body[:100]}, {Status: 200, Body: body[:100]}}, data.ErrMalformed, 3},
		{"empty result (finance-go panics)", []replay.Fault{{Status: 200, Body: []byte(`{"chart":{"result":[],"error":null}}`)}}, nil, 2},
		{"empty quote (finance-go panics)", []replay.Fault{{Status: 200, Body: []byte(`{"chart":{"result":[{"meta":{},"timestamp":[1533562200],"indicators":{"quote":[{}]}}]}}`)}}, nil, 2},
		{"403 is final", []replay.Fault{{Status: 403}}, data.ErrUnavailable, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := replay.New()
			defer srv.Close()
			srv.Handle(path, "", replay.Response{Status: 200, Body: body, ChartRange: true})
			srv.Inject(path, tt.faults...)
			s, err := New(testConfig(srv.URL)).Series(context.Background(), "FB", day("2018-08-03"), day("2018-08-06"))
			if tt.wantErr == nil {
				if err != nil || len(s.Values) != 2 || s.Values[1] != 185.690002 {
					t.Fatalf("Series = %v, %v; want the two FB closes", s.Values, err)
				}
			} else if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Series error = %v, want %v", err, tt.wantErr)
			} else {
				t.Logf("error reads: %v", err)
			}
			if h := srv.Hits(path); h != tt.hits {
				t.Errorf("server saw %d requests, want %d", h, tt.hits)
			}
		})
	}
}

func TestNullsAreNaN(t *testing.T) {
	// Two bars; the second has null prices (as in Yahoo's EURGBP=X rows) and a null volume.
	body := []byte(`{"chart":{"result":[{"meta":{"symbol":"X","exchangeTimezoneName":"America/New_York"},
		"timestamp":[1533303000,1533562200],
		"indicators":{"quote":[{"open":[1,null],"high":[2,null],"low":[0.5,null],"close":[1.5,null],"volume":[10,null]}],
		"adjclose":[{"adjclose":[1.4,null]}]}}],"error":null}}`)
	c, err := decodeBody(body)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Bars) != 2 || c.Bars[0].Close != 1.5 || !math.IsNaN(c.Bars[1].Close) || !math.IsNaN(c.Bars[1].AdjClose) || c.Bars[1].Volume != -1 {
		t.Errorf("bars = %+v, want NaN for the null bar", c.Bars)
	}
	if got := c.Bars[1].Date.Format(time.DateOnly); got != "2018-08-06" {
		t.Errorf("date = %s, want 2018-08-06", got)
	}
}

func TestEnvURL(t *testing.T) {
	srv := replay.Yahoo(t)
	t.Setenv(EnvURL, srv.URL)
	p := New(Config{})
	if p.BaseURL() != srv.URL {
		t.Fatalf("BaseURL = %q, want %q", p.BaseURL(), srv.URL)
	}
	if _, err := p.Series(context.Background(), "SPY", day("2018-08-06"), day("2018-08-06")); err != nil {
		t.Fatal(err)
	}
	_, err := p.Series(context.Background(), "NOPE", day("2018-08-06"), day("2018-08-06"))
	if !errors.Is(err, data.ErrUnknownSymbol) {
		t.Errorf("unknown symbol: err = %v, want ErrUnknownSymbol", err)
	}
	// A range with no bars (a weekend) is ErrNoData, not an empty series.
	_, err = p.Series(context.Background(), "SPY", day("2018-08-04"), day("2018-08-05"))
	if !errors.Is(err, data.ErrNoData) {
		t.Errorf("weekend: err = %v, want ErrNoData", err)
	}
}
