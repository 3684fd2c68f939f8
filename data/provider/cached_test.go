package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/eventstudy/eventstudy/data"
	"github.com/eventstudy/eventstudy/data/cache"
	"github.com/eventstudy/eventstudy/data/calendar"
	"github.com/eventstudy/eventstudy/data/symbols"
	"github.com/eventstudy/eventstudy/data/yahoo"
	"github.com/eventstudy/eventstudy/internal/replay"
	"github.com/eventstudy/eventstudy/internal/shareddata"
	"github.com/eventstudy/eventstudy/internal/testdate"
)

var day = testdate.Day

type fixture struct {
	srv   *replay.Server
	cache *cache.Cache
	yahoo *yahoo.Provider
}

func setup(t *testing.T) *fixture {
	t.Helper()
	srv := replay.Yahoo(t)
	c, err := cache.Open(filepath.Join(t.TempDir(), "cache.db"), cache.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	y := yahoo.New(yahoo.Config{BaseURL: srv.URL, HTTP: yahoo.HTTPConfig{
		Retry: yahoo.Retry{Attempts: 3, Base: time.Millisecond, Max: time.Second, Total: 10 * time.Second, AttemptTimeout: 150 * time.Millisecond},
		Sleep: func(ctx context.Context, d time.Duration) error { return ctx.Err() },
	}})
	return &fixture{srv: srv, cache: c, yahoo: y}
}

func (f *fixture) cached() *Cached {
	return &Cached{Cache: f.cache, Source: f.yahoo, Name: "yahoo", Symbols: symbols.Builtin()}
}

// ranges returns the period1..period2 (as dates, period2 exclusive) of every
// chart request for symbol.
func (f *fixture) ranges(symbol string) []string {
	var out []string
	for _, r := range f.srv.Requests() {
		u, _ := url.Parse(r)
		if u.Path != "/v8/finance/chart/"+symbol {
			continue
		}
		p := func(k string) string {
			var n int64
			for _, c := range u.Query().Get(k) {
				n = n*10 + int64(c-'0')
			}
			return time.Unix(n, 0).UTC().Format(time.DateOnly)
		}
		out = append(out, p("period1")+".."+p("period2"))
	}
	return out
}

// TestFirstRunThenOffline: the numbers of the first (online) run come back
// offline from the cache, and the second run makes no request.
func TestFirstRunThenOffline(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	online := f.cached()
	for _, sym := range []string{"FB", "^GSPC"} {
		st := online.Fetch(ctx, sym, day("2017-06-01"), day("2018-08-31"))
		if st.Err != nil || st.State != StateFetched {
			t.Fatalf("%s: %s", sym, st.Note())
		}
	}
	hits := len(f.srv.Requests())
	offline := &Cached{Cache: f.cache, Name: "yahoo", Offline: true, Symbols: symbols.Builtin()}
	s, err := offline.Series(ctx, "FB", day("2018-08-03"), day("2018-08-06"))
	if err != nil {
		t.Fatal(err)
	}
	// PROVENANCE.md / yahoo_bluefin_2020/FB.csv: 177.779999 and 185.690002.
	if len(s.Values) != 2 || s.Values[0] != 177.779999 || s.Values[1] != 185.690002 {
		t.Errorf("offline FB = %v, want [177.779999 185.690002]", s.Values)
	}
	g, err := offline.Series(ctx, "^GSPC", day("2018-08-03"), day("2018-08-06"))
	if err != nil || len(g.Values) != 2 || g.Values[0] != 2840.350098 || g.Values[1] != 2850.399902 {
		t.Errorf("offline ^GSPC = %v, %v; want [2840.350098 2850.399902] (GSPC.csv)", g.Values, err)
	}
	st := online.Fetch(ctx, "FB", day("2018-01-02"), day("2018-06-29"))
	if n := calendar.NYSE().Count(day("2018-01-02"), day("2018-06-29")); st.State != StateCached || st.Bars != n {
		t.Errorf("second run: %s; want cached, %d bars (NYSE sessions Jan-Jun 2018)", st.Note(), n)
	}
	if n := len(f.srv.Requests()); n != hits {
		t.Errorf("cached runs made %d requests", n-hits)
	}
}

func TestOnlyMissingRangesFetched(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	c := f.cached()
	c.Overlap = -1 // exact ranges, to read the requests
	if st := c.Fetch(ctx, "FB", day("2018-08-01"), day("2018-08-10")); st.Err != nil {
		t.Fatal(st.Note())
	}
	st := c.Fetch(ctx, "FB", day("2018-07-25"), day("2018-08-16"))
	if st.Err != nil {
		t.Fatal(st.Note())
	}
	got := strings.Join(f.ranges("META"), " ")
	// period2 is the exclusive day after: 08-10 → 08-11.
	want := "2018-08-01..2018-08-11 2018-07-25..2018-08-01 2018-08-13..2018-08-17"
	if got != want {
		t.Errorf("requests %s, want %s", got, want)
	}
	if st.Bars != 17 { // 2018-07-25..08-16 has 17 sessions
		t.Errorf("%d bars, want 17", st.Bars)
	}
	// With the default overlap, a later extension re-fetches 5 cached days
	// before (and after) to check the vintage.
	c.Overlap = 0
	if st := c.Fetch(ctx, "FB", day("2018-08-20"), day("2018-08-21")); st.Err != nil {
		t.Fatal(st.Note())
	}
	r := f.ranges("META")
	if last := r[len(r)-1]; last != "2018-08-13..2018-08-29" {
		t.Errorf("overlapping request %s, want 2018-08-13..2018-08-29", last)
	}
}

func TestOfflineReportsMissing(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	if st := f.cached().Fetch(ctx, "FB", day("2018-08-01"), day("2018-08-10")); st.Err != nil {
		t.Fatal(st.Note())
	}
	off := &Cached{Cache: f.cache, Name: "yahoo", Offline: true, Symbols: symbols.Builtin()}
	_, err := off.Series(ctx, "FB", day("2018-07-30"), day("2018-08-14"))
	var me *MissingError
	if !errors.Is(err, data.ErrMissingInCache) || !errors.As(err, &me) {
		t.Fatalf("err = %v, want a MissingError", err)
	}
	want := "yahoo FB (as META) not cached for 2018-07-30..2018-07-31, 2018-08-13..2018-08-14 (offline)"
	if !strings.Contains(err.Error(), want) {
		t.Errorf("err = %q, want it to contain %q", err, want)
	}
	st := off.Fetch(ctx, "AAPL", day("2018-08-06"), day("2018-08-06"))
	if st.State != StateMissing || st.Note() != "AAPL: offline and not cached for yahoo: 2018-08-06" {
		t.Errorf("Note = %q", st.Note())
	}
}

// TestFailedFetchWritesNothing: whatever the fault, a failed fetch leaves no
// bar and no coverage behind; a later online run fills the cache.
func TestFailedFetchWritesNothing(t *testing.T) {
	body, err := os.ReadFile(shareddata.Path(t, "yahoo_api_fixtures", "synthetic", replay.SyntheticCharts["FB"]))
	if err != nil {
		t.Fatal(err)
	}
	for name, faults := range map[string][]replay.Fault{
		"503":       {{Status: 503}, {Status: 503}, {Status: 503}},
		"429":       {{Status: 429}, {Status: 429}, {Status: 429}},
		"timeouts":  {{Stall: 5 * time.Second}, {Stall: 5 * time.Second}, {Stall: 5 * time.Second}},
		"truncated": {{Status: 200, Body: body[:300]}, {Status: 200, Body: body[:3000]}, {Truncate: 50}},
	} {
		t.Run(name, func(t *testing.T) {
			f := setup(t)
			ctx := context.Background()
			f.srv.Inject("/v8/finance/chart/META", faults...)
			st := f.cached().Fetch(ctx, "FB", day("2018-07-01"), day("2018-08-10"))
			if st.State != StateFailed || st.Err == nil {
				t.Fatalf("state %s, want failed", st.State)
			}
			t.Logf("note: %s", st.Note())
			if ls, _ := f.cache.List(ctx, ""); len(ls) != 0 {
				t.Errorf("cache holds %+v after a failed fetch", ls)
			}
			if cov, _ := f.cache.Coverage(ctx, "yahoo", "META"); len(cov) != 0 {
				t.Errorf("coverage %v after a failed fetch", cov)
			}
			if st := f.cached().Fetch(ctx, "FB", day("2018-07-01"), day("2018-08-10")); st.State != StateFetched {
				t.Errorf("retry run: %s", st.Note())
			}
		})
	}
}

func TestRetriedFaultsSucceed(t *testing.T) {
	f := setup(t)
	f.srv.Inject("/v8/finance/chart/META", replay.Fault{Status: 429}, replay.Fault{Truncate: 10})
	st := f.cached().Fetch(context.Background(), "FB", day("2018-08-01"), day("2018-08-10"))
	if st.State != StateFetched || f.srv.Hits("/v8/finance/chart/META") != 3 {
		t.Errorf("%s after %d requests; want fetched after 3", st.Note(), f.srv.Hits("/v8/finance/chart/META"))
	}
}

func TestUnknownAndNoData(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	st := f.cached().Fetch(ctx, "NOPE", day("2018-08-01"), day("2018-08-10"))
	if st.State != StateUnknown || !errors.Is(st.Err, data.ErrUnknownSymbol) {
		t.Errorf("unknown symbol: %s (%v)", st.State, st.Err)
	}
	// Before the synthetic chart starts (2017-06-01): no data, remembered.
	st = f.cached().Fetch(ctx, "FB", day("2016-01-04"), day("2016-01-08"))
	if st.State != StateNoData || !errors.Is(st.Err, data.ErrNoData) {
		t.Errorf("before listing: %s (%v)", st.State, st.Err)
	}
	n := len(f.srv.Requests())
	f.cached().Fetch(ctx, "FB", day("2016-01-04"), day("2016-01-08"))
	if len(f.srv.Requests()) != n {
		t.Errorf("a known-empty range was fetched again")
	}
}

// scaleAdj returns the chart body with every adjusted close multiplied by k:
// a vendor re-adjustment after a dividend.
func scaleAdj(t *testing.T, body []byte, k float64) []byte {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatal(err)
	}
	r := doc["chart"].(map[string]any)["result"].([]any)[0].(map[string]any)
	adj := r["indicators"].(map[string]any)["adjclose"].([]any)[0].(map[string]any)
	vals := adj["adjclose"].([]any)
	for i, v := range vals {
		vals[i] = v.(float64) * k
	}
	out, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestVintageChangeReplacesSeries(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	for _, refresh := range []bool{false, true} {
		c := f.cached()
		if st := c.Fetch(ctx, "SPY", day("2018-01-02"), day("2018-06-29")); st.Err != nil {
			t.Fatal(st.Note())
		}
		before, _ := f.cache.Vintage(ctx, "yahoo", "SPY")
		body, err := os.ReadFile(shareddata.Path(t, "yahoo_api_fixtures", "synthetic", replay.SyntheticCharts["SPY"]))
		if err != nil {
			t.Fatal(err)
		}
		k := 0.99
		if before > 1 {
			k = 0.98
		}
		f.srv.Handle("/v8/finance/chart/SPY", "", replay.Response{Status: 200, Body: scaleAdj(t, body, k), ChartRange: true})
		// Extending the range (overlap detects it) or refreshing: the series is replaced.
		c.Refresh = refresh
		st := c.Fetch(ctx, "SPY", day("2018-01-02"), day("2018-07-31"))
		if st.State != StateReplaced || st.Vintage != before+1 {
			t.Fatalf("refresh=%v: %s; want replaced with vintage %d", refresh, st.Note(), before+1)
		}
		bars, _ := f.cache.Bars(ctx, "yahoo", "SPY", day("2018-01-01"), day("2018-12-31"))
		for _, b := range bars {
			if b.Close == 0 || b.AdjClose > b.Close*k*1.0000001 {
				t.Fatalf("refresh=%v: mixed vintages: %v adj %v close %v", refresh, b.Date, b.AdjClose, b.Close)
			}
		}
		if n := calendar.NYSE().Count(day("2018-01-02"), day("2018-07-31")); len(bars) != n {
			t.Errorf("%d bars after replace, want %d", len(bars), n)
		}
	}
	ch, err := f.cache.VintageChanges(ctx, "yahoo", "SPY")
	if err != nil || len(ch) != 2 {
		t.Fatalf("VintageChanges = %+v, %v; want 2", ch, err)
	}
	if !strings.Contains(ch[0].Note, "adjusted history changed") {
		t.Errorf("note = %q", ch[0].Note)
	}
}

func TestFutureDaysAreNotMissing(t *testing.T) {
	f := setup(t)
	c := f.cached()
	c.Now = func() time.Time { return time.Date(2018, 8, 7, 15, 0, 0, 0, time.UTC) } // 11:00 New York, session open
	st := c.Fetch(context.Background(), "FB", day("2018-08-01"), day("2018-08-31"))
	if st.Err != nil || st.Bars != 4 {
		t.Fatalf("%s; want 4 bars (08-01..08-06)", st.Note())
	}
	if r := f.ranges("META"); len(r) != 1 || r[0] != "2018-08-01..2018-08-07" {
		t.Errorf("requests %v, want 2018-08-01..2018-08-07", r)
	}
	c.Offline = true
	if st := c.Fetch(context.Background(), "FB", day("2018-08-01"), day("2018-08-31")); st.Err != nil {
		t.Errorf("offline after: %s", st.Note())
	}
}

func TestFetchAll(t *testing.T) {
	f := setup(t)
	var mu sync.Mutex
	var notes []string
	sts := f.cached().FetchAll(context.Background(), []string{"FB", "^GSPC", "SPY", "NOPE"}, day("2018-08-01"), day("2018-08-10"), 2,
		func(s Status) { mu.Lock(); notes = append(notes, s.Note()); mu.Unlock() })
	if len(notes) != 4 {
		t.Errorf("done called %d times, want 4", len(notes))
	}
	want := []State{StateFetched, StateFetched, StateFetched, StateUnknown}
	for i, s := range sts {
		if s.State != want[i] {
			t.Errorf("%s: %s, want %s", s.Symbol, s.State, want[i])
		}
	}
}

// The cache stores volume: after an online fetch, a volume study reads FB's
// share volumes offline through data.VolumeSource (yahoo_bluefin_2020/FB.csv:
// 24763400 on 2018-08-03, 49716200 on 2018-08-06; the replayed responses carry
// the same bars).
func TestVolumeFromCache(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	if st := f.cached().Fetch(ctx, "FB", day("2018-07-02"), day("2018-08-31")); st.Err != nil {
		t.Fatal(st.Note())
	}
	src := data.VolumeSource{Bars: &Cached{Cache: f.cache, Name: "yahoo", Offline: true, Symbols: symbols.Builtin()}}
	s, err := src.Series(ctx, "FB", day("2018-08-03"), day("2018-08-06"))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Values) != 2 || s.Values[0] != 24763400 || s.Values[1] != 49716200 {
		t.Errorf("offline FB volume = %v, want [24763400 49716200]", s.Values)
	}
}

// A renamed symbol and its new ticker are one cached history: FB asked for
// 2018 is fetched and stored as META (today's Yahoo answers FB with 404), and
// META asked for the same days afterwards comes from the cache, with no
// request. A delisted company is an unknown symbol without a request.
func TestRenamedSymbolIsOneHistory(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	c := f.cached()
	st := c.Fetch(ctx, "FB", day("2018-07-02"), day("2018-08-10"))
	if st.Err != nil || st.State != StateFetched || st.Vendor != "META" {
		t.Fatalf("FB: %s (vendor %q); want fetched as META", st.Note(), st.Vendor)
	}
	if n := f.srv.Hits("/v8/finance/chart/FB"); n != 0 {
		t.Errorf("%d requests for FB: the history must be asked for as META", n)
	}
	hits := len(f.srv.Requests())
	st = c.Fetch(ctx, "META", day("2018-07-02"), day("2018-08-10"))
	if st.State != StateCached || len(f.srv.Requests()) != hits {
		t.Errorf("META after FB: %s after %d requests; want cached, none", st.Note(), len(f.srv.Requests())-hits)
	}
	// The company's name came with the prices (meta.longName) and is cached.
	if n := c.CompanyName(ctx, "META"); n != replay.Names["META"] {
		t.Errorf("CompanyName(META) = %q, want %q", n, replay.Names["META"])
	}
	list, err := f.cache.List(ctx, "yahoo")
	if err != nil || len(list) != 1 || list[0].Symbol != "META" {
		t.Errorf("cache holds %+v (%v); want the one series META", list, err)
	}
	fb, err1 := c.Series(ctx, "FB", day("2018-08-03"), day("2018-08-06"))
	meta, err2 := c.Series(ctx, "META", day("2018-08-03"), day("2018-08-06"))
	if err1 != nil || err2 != nil || len(fb.Values) != 2 || fb.Values[1] != 185.690002 || meta.Values[1] != fb.Values[1] {
		t.Errorf("FB %v (%v), META %v (%v); want the same closes, 185.690002 on 2018-08-06", fb.Values, err1, meta.Values, err2)
	}

	// Without the history, FB is what Yahoo says it is today: unknown.
	plain := &Cached{Cache: f.cache, Source: f.yahoo, Name: "yahoo"}
	if st := plain.Fetch(ctx, "FB", day("2018-07-02"), day("2018-08-10")); st.State != StateUnknown {
		t.Errorf("FB without a symbol history: %s, want unknown-symbol", st.Note())
	}
	// A range that reaches past the rename is not mapped (the engine maps by
	// event date and asks for META itself); the message names the new ticker.
	st = c.Fetch(ctx, "FB", day("2022-05-02"), day("2022-06-30"))
	var ue *symbols.UnknownError
	if st.State != StateUnknown || !errors.As(st.Err, &ue) || ue.Renamed == nil ||
		!strings.Contains(st.Err.Error(), "Yahoo has no data for FB, which has traded as META since 2022-06-09") {
		t.Errorf("FB over the rename: %s", st.Note())
	}
	hits = len(f.srv.Requests())
	st = c.Fetch(ctx, "TWTR", day("2018-07-02"), day("2018-08-10"))
	if st.State != StateUnknown || !errors.Is(st.Err, data.ErrUnknownSymbol) || len(f.srv.Requests()) != hits ||
		!strings.Contains(st.Err.Error(), "delisted on 2022-11-08 with no successor ticker") {
		t.Errorf("TWTR: %s after %d requests; want unknown-symbol (delisted), none", st.Note(), len(f.srv.Requests())-hits)
	}
}

// barsSource serves fixed bars, or err.
type barsSource struct {
	bars []data.Bar
	err  error
}

func (s *barsSource) Bars(_ context.Context, _ string, from, to time.Time) ([]data.Bar, error) {
	if s.err != nil {
		return nil, s.err
	}
	var out []data.Bar
	for _, b := range s.bars {
		if !b.Date.Before(from) && !b.Date.After(to) {
			out = append(out, b)
		}
	}
	return out, nil
}

// --refresh against a source that answers with empty arrays (Yahoo's empty
// chart: data.ErrNoData) for days the cache holds is an error, as the same
// answer is without --refresh for days it does not hold, and the cache keeps
// its bars and its fetch time (issue 13: it succeeded and stamped the cache).
func TestRefreshEmptyAnswerIsAnError(t *testing.T) {
	ctx := context.Background()
	clock := day("2019-01-10")
	c, err := cache.Open(filepath.Join(t.TempDir(), "cache.db"), cache.Options{Now: func() time.Time { return clock }})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	cal := calendar.NYSE()
	src := &barsSource{}
	for d := day("2018-06-01"); !d.After(day("2018-08-31")); d = d.AddDate(0, 0, 1) {
		if cal.IsOpen(d) {
			src.bars = append(src.bars, data.Bar{Date: d, Open: 100, High: 101, Low: 99, Close: 100, AdjClose: 100, Volume: 1})
		}
	}
	cs := &Cached{Cache: c, Source: src, Name: "yahoo", Now: func() time.Time { return clock }}
	if st := cs.Fetch(ctx, "FB", day("2018-06-01"), day("2018-08-31")); st.Err != nil {
		t.Fatal(st.Note())
	}
	before, err := c.List(ctx, "yahoo")
	if err != nil || len(before) != 1 {
		t.Fatalf("list = %v, %v", before, err)
	}

	clock = day("2019-02-10")
	src.err = fmt.Errorf("%w: chart has no bars", data.ErrNoData)
	refresh := &Cached{Cache: c, Source: src, Name: "yahoo", Refresh: true, Now: func() time.Time { return clock }}
	st := refresh.Fetch(ctx, "FB", day("2018-06-01"), day("2018-08-31"))
	if st.Err == nil || st.State != StateFailed || !strings.Contains(st.Err.Error(), "cache is unchanged") {
		t.Errorf("refresh with an empty answer: state %s, err %v; want failed, the cache unchanged", st.State, st.Err)
	}
	after, err := c.List(ctx, "yahoo")
	if err != nil || len(after) != 1 {
		t.Fatalf("list = %v, %v", after, err)
	}
	if !after[0].Fetched.Equal(before[0].Fetched) || after[0].Bars != before[0].Bars {
		t.Errorf("cache after the refused refresh: fetched %v, %d bars; was %v, %d bars",
			after[0].Fetched, after[0].Bars, before[0].Fetched, before[0].Bars)
	}

	// Without --refresh, days the cache does not hold get the same answer.
	plain := &Cached{Cache: c, Source: src, Name: "yahoo", Now: func() time.Time { return clock }}
	if st := plain.Fetch(ctx, "JPM", day("2018-06-01"), day("2018-08-31")); st.Err == nil {
		t.Errorf("an empty answer for uncached days succeeded: %s", st.Note())
	}
}
