package web

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"image/png"
	"io"
	"log"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/eventstudy/eventstudy/data"
	"github.com/eventstudy/eventstudy/data/sample"
	"github.com/eventstudy/eventstudy/quick"
	"github.com/eventstudy/eventstudy/study"
)

// friday is 2026-12-04 21:00 UTC, 16:00 in New York: Friday's bar is not
// final until 16:30, so Friday has not closed for the page.
var friday = time.Date(2026, 12, 4, 21, 0, 0, 0, time.UTC)

func sampleConfig(t testing.TB) Config {
	t.Helper()
	src, err := data.OpenCSVFS(sample.FS, []string{sample.PricesFile}, data.PriceOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return Config{Source: src, Market: sample.Market, Params: study.DefaultParams(),
		Now: func() time.Time { return friday }, Log: log.New(io.Discard, "", 0)}
}

func newServer(t *testing.T, cfg Config) *Server {
	t.Helper()
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func get(t *testing.T, h http.Handler, target string) *httptest.ResponseRecorder {
	t.Helper()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", target, nil))
	return w
}

// Every route of the one-event page and every error a reader can cause:
// the status and what the page says.
func TestQuickRoutes(t *testing.T) {
	s := newServer(t, sampleConfig(t))
	for _, c := range []struct {
		name, target string
		status       int
		want         []string
	}{
		{"form", "/", 200, []string{`<form class="quick" action="/quick" method="get">`, `<label for="symbol">Ticker</label>`, `value="SYNMKT"`}},
		{"answer", "/quick?symbol=SYNA&date=2020-02-26", 200, []string{"<h1>SYNA on Feb 26, 2020</h1>", `id="sentence"`,
			`<img src="/quick.png?date=2020-02-26&amp;market=SYNMKT&amp;symbol=SYNA"`, `<tr class="day0"><th scope="row">Day 0 (news)</th><td>2020-02-26</td>`,
			`id="car"`, `href="/quick.csv?`, `href="/quick.json?`, `href="/quick.svg?`}},
		{"lower-case ticker", "/quick?symbol=syna&date=2020-02-26", 200, []string{"<h1>SYNA on Feb 26, 2020</h1>"}},
		{"weekend moved to Monday", "/quick?symbol=SYNA&date=2020-02-29", 200, []string{
			"Saturday, Feb 29, 2020 was not a trading day (the market is closed at weekends), so day 0 is the next trading day, Monday, Mar 2, 2020."}},
		{"after the close", "/quick?symbol=SYNA&date=2020-02-26&time=16:05", 200, []string{
			"The news came at 16:05, after the 4 p.m. close, so day 0 is the next trading day, Thursday, Feb 27, 2020."}},
		{"headline", "/quick?symbol=SYNA&date=2020-02-26&headline=Synthetic+A+launches+a+product", 200, []string{`<p class="kicker">Synthetic A launches a product</p>`}},
		{"no symbol", "/quick?date=2020-02-26", 400, []string{"Check the form", "Type a ticker symbol"}},
		{"bad symbol", "/quick?symbol=A/B&date=2020-02-26", 400, []string{"&#34;A/B&#34; is not a ticker symbol"}},
		{"bad benchmark", "/quick?symbol=SYNA&market=S%26P&date=2020-02-26", 400, []string{"is not a benchmark symbol"}},
		{"no date", "/quick?symbol=SYNA", 400, []string{"Give the date of the news"}},
		{"bad date", "/quick?symbol=SYNA&date=26/02/2020", 400, []string{"is not a date: write it as yyyy-mm-dd"}},
		{"bad time", "/quick?symbol=SYNA&date=2020-02-26&time=4pm", 400, []string{"is not a time"}},
		{"long headline", "/quick?symbol=SYNA&date=2020-02-26&headline=" + strings.Repeat("x", 201), 400, []string{"longer than 200 characters"}},
		{"unknown ticker", "/quick?symbol=NOPE&date=2020-02-26", 404, []string{"Unknown ticker NOPE", "does not know NOPE"}},
		{"unknown benchmark", "/quick?symbol=SYNA&market=NOPE&date=2020-02-26", 404, []string{"Unknown ticker NOPE"}},
		{"market not closed today", "/quick?symbol=SYNA&date=2026-12-04", 422, []string{"No data yet: the market has not closed",
			"Day 0 would be Friday, Dec 4, 2026"}},
		{"day +1 not closed", "/quick?symbol=SYNA&date=2026-12-03", 422, []string{"the market has not closed", "day &#43;1 is Friday, Dec 4, 2026"}},
		{"future", "/quick?symbol=SYNA&date=2031-01-02", 422, []string{"the market has not closed"}},
		{"too early for an estimation window", "/quick?symbol=SYNA&date=2019-02-01", 422, []string{"Not enough prices for this date"}},
		{"unknown page", "/etc/passwd", 404, []string{"Page not found"}},
		{"style sheet", "/static/style.css", 200, []string{"box-sizing"}},
		{"csv of an unknown ticker", "/quick.csv?symbol=NOPE&date=2020-02-26", 404, []string{"Unknown ticker"}},
		{"chart of a bad date", "/quick.png?symbol=SYNA&date=x", 400, []string{"is not a date"}},
		{"json of a closed-market date", "/quick.json?symbol=SYNA&date=2026-12-04", 422, []string{`"error":"No data yet: the market has not closed"`}},
		{"batch pages off without a runner", "/study", 404, []string{"Page not found"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := get(t, s, c.target)
			body := w.Body.String()
			if w.Code != c.status {
				t.Errorf("GET %s: status %d, want %d\n%s", c.target, w.Code, c.status, body)
			}
			for _, want := range c.want {
				if !strings.Contains(body, want) {
					t.Errorf("GET %s: page lacks %q", c.target, want)
				}
			}
			if strings.Contains(body, "goroutine ") || strings.Contains(body, ".go:") {
				t.Errorf("GET %s: the page shows a stack trace", c.target)
			}
		})
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, httptest.NewRequest("POST", "/quick?symbol=SYNA&date=2020-02-26", nil))
	if w.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST /quick: status %d, want 405", w.Code)
	}
}

// The downloads carry the answer of quick.Run: the JSON is `quick --json`'s,
// the CSV holds the same days, the PNG decodes at the chart's size and the
// SVG is an SVG with its title.
func TestQuickDownloads(t *testing.T) {
	cfg := sampleConfig(t)
	s := newServer(t, cfg)
	q := "?symbol=SYNA&date=2020-02-26"
	want, err := quick.Run(context.Background(), cfg.Source, quick.Request{Symbol: "SYNA", Market: sample.Market,
		Date: time.Date(2020, 2, 26, 0, 0, 0, 0, time.UTC), Params: cfg.Params})
	if err != nil {
		t.Fatal(err)
	}
	wantJSON, _ := json.MarshalIndent(want.Result, "", "  ")

	w := get(t, s, "/quick.json"+q)
	if w.Code != 200 || strings.TrimSpace(w.Body.String()) != string(wantJSON) {
		t.Errorf("/quick.json = %d\n%s\nwant the JSON of quick --json\n%s", w.Code, w.Body, wantJSON)
	}

	w = get(t, s, "/quick.csv"+q)
	rows, err := csv.NewReader(w.Body).ReadAll()
	if err != nil || len(rows) != 4 || w.Header().Get("Content-Disposition") != `attachment; filename="SYNA-2020-02-26.csv"` {
		t.Fatalf("/quick.csv: %v, %d rows, %q", err, len(rows), w.Header().Get("Content-Disposition"))
	}
	for i, d := range want.Result.Days {
		r := rows[i+1]
		ar, _ := strconv.ParseFloat(r[9], 64)
		if r[4] != strconv.Itoa(d.RelDay) || r[5] != d.Date || ar != float64(d.AR) {
			t.Errorf("CSV row %d = %v, want day %d %s AR %v", i+1, r, d.RelDay, d.Date, d.AR)
		}
	}

	w = get(t, s, "/quick.png"+q+"&download=1")
	img, err := png.Decode(w.Body)
	if err != nil || w.Header().Get("Content-Type") != "image/png" {
		t.Fatalf("/quick.png: %v (%s)", err, w.Header().Get("Content-Type"))
	}
	if b := img.Bounds(); b.Dx() != 1200 || b.Dy() != 675 {
		t.Errorf("PNG is %dx%d, want 1200x675", b.Dx(), b.Dy())
	}
	if cd := w.Header().Get("Content-Disposition"); cd != `attachment; filename="SYNA-2020-02-26.png"` {
		t.Errorf("PNG download name %q", cd)
	}

	w = get(t, s, "/quick.svg"+q)
	if svg := w.Body.String(); w.Code != 200 || !strings.Contains(svg, "<svg") || !strings.Contains(svg, "<title>SYNA and") {
		t.Errorf("/quick.svg: %d, %.200s", w.Code, svg)
	}
}

// What a reader types is escaped on the page; the one inline script runs
// under a per-page nonce and nothing may load from another origin.
func TestQuickEscapingAndPolicy(t *testing.T) {
	s := newServer(t, sampleConfig(t))
	w := get(t, s, "/quick?symbol=SYNA&date=2020-02-26&headline="+url.QueryEscape(`<script>alert("x")</script>`))
	body := w.Body.String()
	if strings.Contains(body, `<script>alert`) || !strings.Contains(body, "&lt;script&gt;alert") {
		t.Errorf("the headline is not escaped:\n%s", body)
	}
	csp := w.Header().Get("Content-Security-Policy")
	m := regexp.MustCompile(`script-src 'nonce-([^']+)'`).FindStringSubmatch(csp)
	if m == nil || !strings.Contains(csp, "default-src 'none'") {
		t.Fatalf("CSP %q: want default-src 'none' and a script nonce", csp)
	}
	if !strings.Contains(body, `<script nonce="`+m[1]+`">`) {
		t.Errorf("the copy script does not carry the policy's nonce %s", m[1])
	}
	if !strings.Contains(body, `<button type="button" id="copy" hidden>`) {
		t.Error("the copy button is not hidden until the script shows it (the page must work without scripts)")
	}
	if regexp.MustCompile(`(src|href)="(https?:)?//`).MatchString(body) {
		t.Error("the page loads something from another host")
	}
	for _, h := range []string{"X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy"} {
		if w.Header().Get(h) == "" {
			t.Errorf("no %s header", h)
		}
	}
}

// countingSource counts Series calls per symbol, to see requests share a
// computation.
type countingSource struct {
	data.Source
	mu    sync.Mutex
	calls map[string]int
	gate  chan struct{}
}

func (c *countingSource) Series(ctx context.Context, sym string, from, to time.Time) (data.Series, error) {
	c.mu.Lock()
	c.calls[sym]++
	c.mu.Unlock()
	<-c.gate
	return c.Source.Series(ctx, sym, from, to)
}

// Concurrent requests for the same answer share one computation, so one
// read of each symbol (one fetch from the web behind the cache).
func TestQuickConcurrentShareOneComputation(t *testing.T) {
	cfg := sampleConfig(t)
	cs := &countingSource{Source: cfg.Source, calls: map[string]int{}, gate: make(chan struct{})}
	cfg.Source = cs
	s := newServer(t, cfg)
	var wg sync.WaitGroup
	codes := make([]int, 8)
	for i := range codes {
		wg.Go(func() { codes[i] = get(t, s, "/quick.json?symbol=SYNA&date=2020-02-26").Code })
	}
	for { // every request waits on the first one's read
		cs.mu.Lock()
		n := cs.calls["SYNA"]
		cs.mu.Unlock()
		if n > 0 {
			break
		}
		time.Sleep(time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond) // let the others arrive and join
	close(cs.gate)
	wg.Wait()
	for i, c := range codes {
		if c != 200 {
			t.Errorf("request %d: status %d", i, c)
		}
	}
	if cs.calls["SYNA"] != 1 {
		t.Errorf("8 concurrent requests read SYNA %d times, want 1", cs.calls["SYNA"])
	}
}

// runner is a StudyRunner whose studies the test steps through: each
// reports progress 1 of 3 and waits for release, then 3 of 3 and waits
// again, then writes report.html and events.csv.
type runner struct {
	checkErr error
	started  chan string
	release  chan struct{}
}

func (r *runner) Check(req StudyRequest) error { return r.checkErr }

func (r *runner) Run(ctx context.Context, req StudyRequest) error {
	for _, done := range []int{1, 3} { // stop at 1 of 3, then at 3 of 3 (writing the files)
		req.Progress(done, 3)
		r.started <- req.Out
		select {
		case <-r.release:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	if err := os.MkdirAll(filepath.Join(req.Out, "tables"), 0o755); err != nil {
		return err
	}
	os.WriteFile(filepath.Join(req.Out, "report.html"), []byte("<!DOCTYPE html><title>Event study: 3 events</title>"), 0o644)
	b, _ := os.ReadFile(req.Events)
	return os.WriteFile(filepath.Join(req.Out, "tables", "events.csv"), b, 0o644)
}

// form posts a multipart batch form with the fields given.
func form(t *testing.T, h http.Handler, token string, fields map[string]string, file string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if file != "" {
		fw, _ := mw.CreateFormFile("events", "../../my events.csv")
		fw.Write([]byte(file))
	}
	mw.Close()
	r := httptest.NewRequest("POST", "/study", &b)
	r.Header.Set("Content-Type", mw.FormDataContentType())
	if token != "" {
		r.AddCookie(&http.Cookie{Name: csrfCookie, Value: token})
	}
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

const fbEvents = "event_id,symbol,date,time\ncambridge,FB,2018-03-19,\nearnings,FB,2018-07-25,16:05\nbanks,FB,2018-08-06,\n"

func TestStudyForm(t *testing.T) {
	cfg := sampleConfig(t)
	rn := &runner{started: make(chan string, 4), release: make(chan struct{})}
	cfg.Study, cfg.WorkDir, cfg.MaxEvents, cfg.MaxUpload = rn, t.TempDir(), 3, 2000
	s := newServer(t, cfg)

	w := get(t, s, "/study")
	tok := regexp.MustCompile(`name="csrf" value="([0-9a-f]{64})"`).FindStringSubmatch(w.Body.String())
	if w.Code != 200 || tok == nil || !strings.Contains(w.Header().Get("Set-Cookie"), csrfCookie+"="+tok[1]) {
		t.Fatalf("GET /study: %d, token %v, cookie %q", w.Code, tok, w.Header().Get("Set-Cookie"))
	}
	token := tok[1]
	ok := map[string]string{"csrf": token, "model": "market", "estimation": "-250,-11", "window": "-10,10", "car": "-1,1 0,1"}
	with := func(k, v string) map[string]string {
		m := map[string]string{}
		for a, b := range ok {
			m[a] = b
		}
		m[k] = v
		return m
	}
	for _, c := range []struct {
		name   string
		token  string
		fields map[string]string
		file   string
		hdr    []string
		status int
		want   string
	}{
		{"no token", "", with("csrf", ""), fbEvents, nil, 403, "The form has expired"},
		{"wrong token", token, with("csrf", strings.Repeat("0", 64)), fbEvents, nil, 403, "The form has expired"},
		{"cross-site post", token, ok, fbEvents, []string{"Sec-Fetch-Site", "cross-site"}, 403, ""},
		{"no events", token, ok, "", nil, 400, "Choose an events CSV file"},
		{"header only", token, ok, "symbol,date\n", nil, 400, "no data rows"},
		{"malformed line", token, ok, "symbol,date\nFB,2018-03-19\nFB,2018-13-45\n", nil, 400,
			"Line 3 of myevents.csv: column &#34;date&#34;: unparseable date"},
		{"no symbol column", token, ok, "ticker_name,date\nFB,2018-03-19\n", nil, 400, "The events file is malformed"},
		{"too many events", token, ok, fbEvents + "x,FB,2018-09-04,\n", nil, 413, "The file has 4 events; this server studies at most 3"},
		{"too large", token, ok, fbEvents + strings.Repeat("#", 2100), nil, 413, "up to 1 KB"},
		{"bad benchmark", token, with("market", "<b>"), fbEvents, nil, 400, "is not a benchmark symbol"},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := form(t, s, c.token, c.fields, c.file, c.hdr...)
			if w.Code != c.status || !strings.Contains(w.Body.String(), c.want) {
				t.Errorf("status %d, want %d with %q\n%s", w.Code, c.status, c.want, w.Body)
			}
		})
	}
	rn.checkErr = errTest("--estimation: window \"x\": want two days like -1,1")
	if w := form(t, s, token, ok, fbEvents); w.Code != 400 || !strings.Contains(w.Body.String(), "want two days like -1,1") {
		t.Errorf("runner's check error: status %d\n%s", w.Code, w.Body)
	}
	if entries, _ := os.ReadDir(cfg.WorkDir); len(entries) != 0 {
		t.Errorf("refused forms left %d folders in the work folder", len(entries))
	}
}

type errTest string

func (e errTest) Error() string { return string(e) }

// A study queues, shows its progress on every reload, ends in its report
// and zip, and expires; a full queue is refused with 503.
func TestStudyLifecycle(t *testing.T) {
	cfg := sampleConfig(t)
	rn := &runner{started: make(chan string, 4), release: make(chan struct{})}
	now := friday
	var mu sync.Mutex
	cfg.Now = func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	cfg.Study, cfg.WorkDir, cfg.Queue, cfg.Workers, cfg.Expire = rn, t.TempDir(), 1, 1, time.Hour
	s := newServer(t, cfg)
	token := strings.Repeat("ab", 32)
	fields := map[string]string{"csrf": token, "model": "market", "paste": fbEvents}
	submit := func() *httptest.ResponseRecorder { return form(t, s, token, fields, "") }

	w := submit()
	if w.Code != http.StatusSeeOther {
		t.Fatalf("first study: %d\n%s", w.Code, w.Body)
	}
	first := w.Header().Get("Location")
	<-rn.started // running, 1 of 3 done
	w = submit()
	second := w.Header().Get("Location")
	if w.Code != http.StatusSeeOther {
		t.Fatalf("second study: %d", w.Code)
	}
	if w := submit(); w.Code != http.StatusServiceUnavailable || w.Header().Get("Retry-After") == "" ||
		!strings.Contains(w.Body.String(), "The server is busy") {
		t.Errorf("third study with a queue of 1: %d, want 503 with Retry-After", w.Code)
	}
	for range 2 { // a reload loses nothing
		body := get(t, s, first).Body.String()
		if !strings.Contains(body, "Computing: 1 of 3 events (33%)") || !strings.Contains(body, `<progress id="progress" max="3" value="1">`) ||
			!strings.Contains(body, `<meta http-equiv="refresh" content="2">`) {
			t.Errorf("running study page:\n%s", body)
		}
	}
	if body := get(t, s, second).Body.String(); !strings.Contains(body, "1 study is ahead of this one") {
		t.Errorf("queued study page:\n%s", body)
	}
	if w := get(t, s, first+"/report.html"); w.Code != 404 || !strings.Contains(w.Body.String(), "This study is running") {
		t.Errorf("report before the end: %d", w.Code)
	}
	rn.release <- struct{}{}
	<-rn.started // 3 of 3: the files are being written
	if body := get(t, s, first).Body.String(); !strings.Contains(body, "All 3 events computed: writing the tables, charts and report") {
		t.Errorf("study writing its files:\n%s", body)
	}
	rn.release <- struct{}{}
	for range 2 { // the second study
		<-rn.started
		rn.release <- struct{}{}
	}
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(get(t, s, second).Body.String(), "<strong>Done.</strong>") {
		if time.Now().After(deadline) {
			t.Fatal("the studies did not finish")
		}
		time.Sleep(10 * time.Millisecond)
	}
	body := get(t, s, first).Body.String()
	if !strings.Contains(body, `href="`+first+`/report.html"`) || !strings.Contains(body, `href="`+first+`/outputs.zip"`) || strings.Contains(body, "refresh") {
		t.Errorf("finished study page:\n%s", body)
	}
	if w := get(t, s, first+"/report.html"); w.Code != 200 || !strings.Contains(w.Body.String(), "<title>Event study: 3 events</title>") {
		t.Errorf("report: %d %s", w.Code, w.Body)
	}
	w = get(t, s, first+"/outputs.zip")
	zr, err := zip.NewReader(bytes.NewReader(w.Body.Bytes()), int64(w.Body.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	if strings.Join(names, " ") != "eventstudy/report.html eventstudy/tables/events.csv" {
		t.Errorf("zip holds %v", names)
	}

	id := strings.TrimPrefix(first, "/study/")
	dir := filepath.Join(cfg.WorkDir, id)
	mu.Lock()
	now = now.Add(59 * time.Minute)
	mu.Unlock()
	s.jobs.expire()
	if get(t, s, first).Code != 200 {
		t.Error("the study expired before its hour")
	}
	mu.Lock()
	now = now.Add(2 * time.Minute)
	mu.Unlock()
	s.jobs.expire()
	if w := get(t, s, first); w.Code != 404 || !strings.Contains(w.Body.String(), "expired") {
		t.Errorf("expired study: %d", w.Code)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("the expired study's folder is still there: %v", err)
	}
	for _, p := range []string{"/study/" + strings.Repeat("z", 32), "/study/..%2f..%2fetc", "/study/" + id + "/outputs.zip"} {
		if w := get(t, s, p); w.Code != 404 {
			t.Errorf("GET %s: %d, want 404", p, w.Code)
		}
	}
}

func TestFlight(t *testing.T) {
	var f flight
	var calls int
	var mu sync.Mutex
	gate := make(chan struct{})
	var wg sync.WaitGroup
	for range 5 {
		wg.Go(func() {
			v, _ := f.do("k", func() (any, error) {
				mu.Lock()
				calls++
				mu.Unlock()
				<-gate
				return 42, nil
			})
			if v != 42 {
				t.Errorf("do = %v, want 42", v)
			}
		})
	}
	time.Sleep(50 * time.Millisecond)
	close(gate)
	wg.Wait()
	if calls != 1 {
		t.Errorf("5 concurrent calls ran fn %d times, want 1", calls)
	}
	if v, _ := f.do("k", func() (any, error) { return 7, nil }); v != 7 {
		t.Errorf("a later call got %v, want a fresh 7", v)
	}
}

// stallSource blocks until the request's context ends, as a price source
// that does not answer.
type stallSource struct{}

func (stallSource) Series(ctx context.Context, sym string, from, to time.Time) (data.Series, error) {
	<-ctx.Done()
	return data.Series{}, ctx.Err()
}

// A source that does not answer costs a reader Config.Timeout, then a page
// that says the source failed (not a hang, not a stack trace).
func TestQuickTimeout(t *testing.T) {
	cfg := sampleConfig(t)
	cfg.Source, cfg.Timeout = stallSource{}, 200*time.Millisecond
	s := newServer(t, cfg)
	start := time.Now()
	w := get(t, s, "/quick?symbol=SYNA&date=2020-02-26")
	if w.Code != http.StatusBadGateway || !strings.Contains(w.Body.String(), "The price source failed") {
		t.Errorf("stalled source: %d\n%s", w.Code, w.Body)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("the request took %v with a 200 ms timeout", d)
	}
	if hs := s.HTTPServer("127.0.0.1:0"); hs.ReadHeaderTimeout == 0 || hs.ReadTimeout != cfg.Timeout || hs.WriteTimeout <= cfg.Timeout {
		t.Errorf("http.Server timeouts: header %v, read %v, write %v", hs.ReadHeaderTimeout, hs.ReadTimeout, hs.WriteTimeout)
	}
}

// failRunner is a StudyRunner whose studies fail, or succeed without a
// report.
type failRunner struct{ err error }

func (failRunner) Check(StudyRequest) error { return nil }
func (f failRunner) Run(ctx context.Context, req StudyRequest) error {
	if f.err != nil {
		return errTest(strings.ReplaceAll(f.err.Error(), "@DIR@", filepath.Dir(req.Events)+string(filepath.Separator)))
	}
	return os.MkdirAll(req.Out, 0o755)
}

// A failed study says why on its page and has no files; a study without a
// report says so at the report's address.
func TestStudyFailures(t *testing.T) {
	for _, c := range []struct {
		name       string
		err        error
		page       string
		report     string
		reportCode int
	}{
		{"failed", errTest("@DIR@out/prices.csv:12: column \"close\": unparseable number"), "The study failed", "This study failed, so it has no files", 404},
		{"no report", nil, "<strong>Done.</strong>", "This study wrote no report", 404},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := sampleConfig(t)
			cfg.Study, cfg.WorkDir = failRunner{c.err}, t.TempDir()
			s := newServer(t, cfg)
			token := strings.Repeat("cd", 32)
			w := form(t, s, token, map[string]string{"csrf": token, "paste": fbEvents}, "")
			job := w.Header().Get("Location")
			deadline := time.Now().Add(10 * time.Second)
			var body string
			for !strings.Contains(body, c.page) {
				if time.Now().After(deadline) {
					t.Fatalf("study page:\n%s", body)
				}
				time.Sleep(5 * time.Millisecond)
				body = get(t, s, job).Body.String()
			}
			if c.err != nil && (!strings.Contains(body, "out/prices.csv:12: column") || strings.Contains(body, cfg.WorkDir)) {
				t.Errorf("the failed study's page does not say why, or names the server's folders:\n%s", body)
			}
			if w := get(t, s, job+"/report.html"); w.Code != c.reportCode || !strings.Contains(w.Body.String(), c.report) {
				t.Errorf("report: %d, want %d with %q", w.Code, c.reportCode, c.report)
			}
		})
	}
}

// panicSource panics, as a bug in a source would.
type panicSource struct{}

func (panicSource) Series(context.Context, string, time.Time, time.Time) (data.Series, error) {
	panic("bug in a source")
}

// A bug is a 500 page that says the error is logged, never a stack trace.
func TestPanicIsPlain500(t *testing.T) {
	cfg := sampleConfig(t)
	var logged bytes.Buffer
	cfg.Source, cfg.Log = panicSource{}, log.New(&logged, "", 0)
	s := newServer(t, cfg)
	w := get(t, s, "/quick?symbol=SYNA&date=2020-02-26")
	body := w.Body.String()
	if w.Code != 500 || !strings.Contains(body, "it is logged") || strings.Contains(body, "goroutine") || strings.Contains(body, "bug in a source") {
		t.Errorf("panic: %d\n%s", w.Code, body)
	}
	if !strings.Contains(logged.String(), "bug in a source") {
		t.Errorf("the log lacks the panic: %q", logged.String())
	}
}

// The batch form states the upload limit in the unit that fits it, as the
// "too large" page does: 512 KB, not "0 MB".
func TestStudyFormUploadLimit(t *testing.T) {
	for _, c := range []struct {
		max  int64
		want string
	}{{512 << 10, "512 KB"}, {8 << 20, "8 MB"}} {
		cfg := sampleConfig(t)
		cfg.Study, cfg.WorkDir, cfg.MaxUpload = &runner{}, t.TempDir(), c.max
		w := get(t, newServer(t, cfg), "/study")
		if body := w.Body.String(); w.Code != 200 || !strings.Contains(body, "events, "+c.want+".") {
			t.Errorf("MaxUpload %d: %d; want the form to say %q", c.max, w.Code, c.want)
		}
	}
}
