package stooq

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"math"
	"net/url"
	"os"
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

func TestParseCSVErrors(t *testing.T) {
	tests := []struct {
		name, in string
		line     int
		column   string
		err      error
	}{
		{"empty", "", 1, "", data.ErrEmpty},
		{"header only", "Date,Open,High,Low,Close,Volume\r\n", 1, "", data.ErrEmpty},
		{"no close", "Date,Open,High,Low\n2018-01-02,1,2,1,\n", 1, "close", data.ErrMissingColumn},
		{"bad date", "Date,Open,High,Low,Close\n2018-02-30,1,2,1,1\n", 2, "Date", data.ErrBadDate},
		{"bad number", "Date,Open,High,Low,Close\n2018-01-02,1,2,x,1\n", 2, "Low", data.ErrBadNumber},
		{"zero", "Date,Open,High,Low,Close\n2018-01-02,1,2,1,0\n", 2, "Close", data.ErrNonPositive},
		{"duplicate", "Date,Open,High,Low,Close\n2018-01-02,1,2,1,1\n2018-01-02,1,2,1,1\n", 3, "", data.ErrDuplicateDate},
		{"descending", "Date,Open,High,Low,Close\n2018-01-03,1,2,1,1\n2018-01-02,1,2,1,1\n", 3, "", data.ErrOutOfOrder},
		{"short row", "Date,Open,High,Low,Close\n2018-01-03,1,2\n", 3 - 1, "Low", data.ErrMissingColumn},
	}
	for _, tt := range tests {
		_, err := ParseCSV(strings.NewReader(tt.in), "x.csv")
		var pe *data.ParseError
		if !errors.As(err, &pe) || pe.Line != tt.line || pe.Column != tt.column || !errors.Is(err, tt.err) {
			t.Errorf("%s: err = %v, want x.csv:%d column %q: %v", tt.name, err, tt.line, tt.column, tt.err)
		}
	}
	if _, err := ParseCSV(strings.NewReader("No data"), "x"); !errors.Is(err, data.ErrNoData) {
		t.Errorf("No data: err = %v, want ErrNoData", err)
	}
	// Polish headers and an index without volume.
	bars, err := ParseCSV(strings.NewReader("Data,Otwarcie,Najwyzszy,Najnizszy,Zamkniecie\n2016-01-04,1,2,0.5,1.5\n"), "pl")
	if err != nil || len(bars) != 1 || bars[0].Close != 1.5 || bars[0].Volume != -1 {
		t.Errorf("Polish: %+v, %v", bars, err)
	}
}

// TestRealFile checks the key rows of PROVENANCE.md and its agreement with
// Yahoo (yahoo_bluefin_2020/FB.csv) to $0.02 over 2017-06-01..2018-07-27.
func TestRealFile(t *testing.T) {
	p := shareddata.Path(t, "stooq_fb", "fb_us_d.csv")
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	bars, err := ParseCSV(f, p)
	if err != nil {
		t.Fatal(err)
	}
	if len(bars) != 1558 || !bars[0].Date.Equal(day("2012-05-18")) || !bars[len(bars)-1].Date.Equal(day("2018-07-27")) {
		t.Errorf("%d bars %v..%v, want 1558 2012-05-18..2018-07-27", len(bars), bars[0].Date, bars[len(bars)-1].Date)
	}
	closes := map[string]float64{}
	for _, b := range bars {
		closes[b.Date.Format(time.DateOnly)] = b.Close
	}
	for d, want := range map[string]float64{"2018-03-16": 185.09, "2018-03-19": 172.56, "2018-07-25": 217.50, "2018-07-26": 176.26} {
		if closes[d] != want {
			t.Errorf("close %s = %v, want %v", d, closes[d], want)
		}
	}
	yf, err := os.Open(shareddata.Path(t, "yahoo_bluefin_2020", "FB.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer yf.Close()
	sc := bufio.NewScanner(yf)
	sc.Scan()
	n := 0
	for sc.Scan() {
		r := strings.Split(sc.Text(), ",")
		s, ok := closes[r[0]]
		if !ok || r[0] < "2017-06-01" {
			continue
		}
		y, _ := strconv.ParseFloat(r[4], 64)
		if math.Abs(s-y) > 0.02+1e-5 { // $0.02 plus Yahoo's 6-decimal float residue (176.08 vs 176.059998)
			t.Errorf("%s: Stooq %v, Yahoo %v", r[0], s, y)
		}
		n++
	}
	if n != 292 { // PROVENANCE.md: 292 rows in 2017-06-01..2018-07-27
		t.Errorf("%d common days with Yahoo, want 292", n)
	}
}

func TestProvider(t *testing.T) {
	body, err := os.ReadFile(shareddata.Path(t, "stooq_fb", "fb_us_d.csv"))
	if err != nil {
		t.Fatal(err)
	}
	srv := replay.New()
	defer srv.Close()
	srv.Handle("/q/d/l/", "", replay.Response{Status: 200, Body: body})
	t.Setenv(EnvURL, srv.URL)
	p := New(Config{HTTP: HTTPConfig{
		Retry: Retry{Attempts: 3, Base: time.Millisecond, Max: time.Second, Total: 5 * time.Second, AttemptTimeout: 100 * time.Millisecond},
		Sleep: func(ctx context.Context, d time.Duration) error { return ctx.Err() },
	}})
	srv.Inject("/q/d/l/", replay.Fault{Status: 503}, replay.Fault{Truncate: 100})
	s, err := p.Series(context.Background(), "FB", day("2018-03-16"), day("2018-03-19"))
	if err != nil || len(s.Values) != 2 || s.Values[0] != 185.09 || s.Values[1] != 172.56 {
		t.Fatalf("Series = %v, %v", s.Values, err)
	}
	if h := srv.Hits("/q/d/l/"); h != 3 {
		t.Errorf("%d requests, want 3 (503, cut body, 200)", h)
	}
	reqs := srv.Requests()
	q, _ := url.ParseQuery(strings.SplitN(reqs[len(reqs)-1], "?", 2)[1])
	if q.Get("s") != "fb.us" || q.Get("d1") != "20180316" || q.Get("d2") != "20180319" || q.Get("i") != "d" {
		t.Errorf("query %v", q)
	}
	// A range after the file: no data.
	if _, err := p.Bars(context.Background(), "FB", day("2018-08-03"), day("2018-08-06")); !errors.Is(err, data.ErrNoData) {
		t.Errorf("err = %v, want ErrNoData", err)
	}
	srv.Handle("/q/d/l/", "", replay.Response{Status: 200, Body: []byte("No data")})
	if _, err := p.Bars(context.Background(), "ZZZZ", day("2018-08-03"), day("2018-08-06")); !errors.Is(err, data.ErrNoData) {
		t.Errorf("No data: err = %v", err)
	}
	srv.Handle("/q/d/l/", "", replay.Response{Status: 200, Body: []byte("Exceeded the daily hits limit")})
	if _, err := p.Bars(context.Background(), "FB", day("2018-08-03"), day("2018-08-06")); !errors.Is(err, data.ErrRateLimited) {
		t.Errorf("limit: err = %v", err)
	}
}

func TestSymbol(t *testing.T) {
	for in, want := range map[string]string{"FB": "fb.us", "^GSPC": "^spx", "vod.uk": "vod.uk", "BRK-B": "brk-b.us"} {
		if got := Symbol(in); got != want {
			t.Errorf("Symbol(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzParseCSV(f *testing.F) {
	f.Add([]byte("Date,Open,High,Low,Close,Volume\r\n2012-05-18,42.05,45,38,38.23,580438450\r\n2012-05-21,36.53,36.66,33,34.03,169418988\r\n"))
	f.Add([]byte("Data,Otwarcie,Najwyzszy,Najnizszy,Zamkniecie\n2016-01-04,1,2,0.5,1.5\n"))
	f.Add([]byte("No data"))
	f.Add([]byte("Date,Open,High,Low,Close\n2018-01-02,1,2,1,1\n2018-01-02,1,2,1,1\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		bars, err := ParseCSV(bytes.NewReader(in), "fuzz")
		if err != nil {
			var pe *data.ParseError
			if errors.As(err, &pe) {
				if pe.Line < 1 {
					t.Fatalf("ParseError line %d < 1", pe.Line)
				}
			} else if !errors.Is(err, data.ErrNoData) {
				t.Fatalf("error %v is neither a *ParseError nor ErrNoData", err)
			}
			return
		}
		var buf bytes.Buffer
		if err := WriteCSV(&buf, bars); err != nil {
			t.Fatal(err)
		}
		again, err := ParseCSV(&buf, "again")
		if err != nil {
			t.Fatalf("re-read of written bars: %v\n%s", err, buf.String())
		}
		if len(again) != len(bars) {
			t.Fatalf("round trip: %d bars, want %d", len(again), len(bars))
		}
		for i := range bars {
			if again[i] != bars[i] {
				t.Fatalf("round trip bar %d = %+v, want %+v", i, again[i], bars[i])
			}
		}
	})
}
