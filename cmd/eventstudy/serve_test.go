package main

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/eventstudy/eventstudy/internal/replay"
)

// startServe runs `eventstudy serve --addr 127.0.0.1:0 ARGS` until the test
// ends and returns its base URL.
func startServe(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	addr := make(chan string, 1)
	var errb bytes.Buffer
	e := &env{in: strings.NewReader(""), out: io.Discard, err: &errb}
	cmd := newServeCmd(e, func(ctx context.Context, e *env, o *serveOptions) error {
		o.ready = func(a string) { addr <- a }
		return runServe(ctx, e, o)
	})
	cmd.SetArgs(append([]string{"--addr", "127.0.0.1:0"}, args...))
	cmd.SetOut(io.Discard)
	cmd.SetErr(io.Discard)
	done := make(chan error, 1)
	go func() { done <- cmd.ExecuteContext(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v\n%s", err, errb.String())
		}
	})
	select {
	case a := <-addr:
		return "http://" + a
	case err := <-done:
		t.Fatalf("serve ended: %v\n%s", err, errb.String())
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not start")
	}
	return ""
}

// yahooServe starts serve on Yahoo Finance through a fresh cache, Yahoo
// being the replay server of the recorded charts (FB, ^GSPC, SPY).
func yahooServe(t *testing.T, args ...string) (string, *replay.Server) {
	t.Helper()
	srv := replay.Yahoo(t)
	t.Setenv("EVENTSTUDY_YAHOO_URL", srv.URL)
	return startServe(t, append([]string{"--source", "yahoo", "--cache", filepath.Join(t.TempDir(), "cache.db")}, args...)...), srv
}

func fetch(t *testing.T, c *http.Client, url string) (int, string) {
	t.Helper()
	resp, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// The page's own fetch path: eight readers ask for FB at once through
// Yahoo (replayed, FB under its current symbol META); the cache and the shared computation make it one fetch
// per symbol, and every reader gets the answer of `quick`.
func TestServeQuickYahooOneFetch(t *testing.T) {
	base, srv := yahooServe(t)
	var wg sync.WaitGroup
	bodies := make([]string, 8)
	for i := range bodies {
		wg.Go(func() {
			_, bodies[i] = fetch(t, http.DefaultClient, base+"/quick?symbol=FB&date=2018-08-06")
		})
	}
	wg.Wait()
	for i, b := range bodies {
		if !strings.Contains(b, "On Aug 6, 2018 FB rose 4.4% while the S&amp;P 500 rose 0.4%.") ||
			!strings.Contains(b, "<h1>Facebook, Inc. (FB) on Aug 6, 2018</h1>") ||
			!strings.Contains(b, "FB has traded as META since 2022-06-09 (Meta Platforms, Inc.); prices from META") {
			t.Errorf("reader %d did not get the answer:\n%s", i, b)
		}
	}
	for _, sym := range []string{"META", "^GSPC"} { // FB's history is served under META (replay.Renamed)
		if n := srv.Hits("/v8/finance/chart/" + sym); n != 1 {
			t.Errorf("%s fetched %d times for 8 concurrent readers, want 1", sym, n)
		}
	}
	for _, c := range []struct {
		target string
		status int
		want   string
	}{
		{"/quick?symbol=FB&date=2018-07-04", 200, "Wednesday, Jul 4, 2018 was not a trading day (Independence Day), so day 0 is the next trading day, Thursday, Jul 5, 2018."},
		{"/quick?symbol=ZZZZ&date=2018-08-06", 404, "Unknown ticker ZZZZ"},
		{"/quick?symbol=FB&date=2099-01-05", 422, "the market has not closed"},
		{"/quick?symbol=FB", 400, "Give the date of the news"},
	} {
		code, body := fetch(t, http.DefaultClient, base+c.target)
		if code != c.status || !strings.Contains(body, c.want) {
			t.Errorf("GET %s: %d, want %d with %q", c.target, code, c.status, c.want)
		}
	}
}

// A batch through the page is `eventstudy run`: upload the FB events,
// follow the study to its end, read the report run writes and a zip of
// every output file.
func TestServeStudyFB(t *testing.T) {
	base, _ := yahooServe(t)
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	_, page := fetch(t, c, base+"/study")
	tok := regexp.MustCompile(`name="csrf" value="([0-9a-f]+)"`).FindStringSubmatch(page)
	if tok == nil {
		t.Fatalf("no CSRF token on the form:\n%s", page)
	}
	events, err := os.ReadFile(filepath.Join("..", "..", "examples", "fb_events.csv"))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, v := range map[string]string{"csrf": tok[1], "model": "market", "estimation": "-250,-11", "window": "-10,10", "car": "-1,1 0,1", "market": "^GSPC"} {
		mw.WriteField(k, v)
	}
	fw, _ := mw.CreateFormFile("events", "fb_events.csv")
	fw.Write(events)
	mw.Close()
	resp, err := c.Post(base+"/study", mw.FormDataContentType(), &b)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	job := resp.Request.URL.String() // after the 303
	if !regexp.MustCompile(`/study/[0-9a-f]{32}$`).MatchString(job) {
		t.Fatalf("POST /study ended at %s (%d)", job, resp.StatusCode)
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		_, body := fetch(t, c, job)
		if strings.Contains(body, "<strong>Done.</strong>") {
			break
		}
		if strings.Contains(body, "The study failed") || time.Now().After(deadline) {
			t.Fatalf("study page:\n%s", body)
		}
		time.Sleep(100 * time.Millisecond)
	}
	code, report := fetch(t, c, job+"/report.html")
	if code != 200 || !regexp.MustCompile(`<title>Event study[^<]*: 3 events</title>`).MatchString(report) || !strings.Contains(report, "Jul 26, 2018 FB fell 19.0% while the S&amp;P 500 fell 0.3%") {
		t.Errorf("report: %d\n%.300s", code, report)
	}
	code, z := fetch(t, c, job+"/outputs.zip")
	zr, err := zip.NewReader(strings.NewReader(z), int64(len(z)))
	if code != 200 || err != nil {
		t.Fatalf("zip: %d %v", code, err)
	}
	got := map[string]bool{}
	for _, f := range zr.File {
		got[f.Name] = true
	}
	for _, want := range []string{"eventstudy/events.csv", "eventstudy/car.csv", "eventstudy/manifest.json", "eventstudy/report.html", "eventstudy/charts/caar.png"} {
		if !got[want] {
			t.Errorf("zip lacks %s (has %v)", want, got)
		}
	}
	// The check of the choices is run's own: a bad window is a 400 naming it.
	b.Reset()
	mw = multipart.NewWriter(&b)
	mw.WriteField("csrf", tok[1])
	mw.WriteField("paste", "symbol,date\nFB,2018-08-06\n")
	mw.WriteField("window", "5,-5")
	mw.Close()
	resp, err = c.Post(base+"/study", mw.FormDataContentType(), &b)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 400 || !strings.Contains(string(body), "start after end") {
		t.Errorf("bad window: %d\n%s", resp.StatusCode, body)
	}
}

// serve's flags: the defaults bind to this machine only, the limits reach
// the page's config, the data flags are passed on to batch studies, and
// contradictions are usage errors before anything starts.
func TestServeFlags(t *testing.T) {
	parse := func(args ...string) (*serveOptions, error) {
		var got *serveOptions
		cmd := newServeCmd(&env{out: io.Discard, err: io.Discard}, func(_ context.Context, _ *env, o *serveOptions) error {
			got = o
			return nil
		})
		cmd.SetArgs(args)
		cmd.SetOut(io.Discard)
		cmd.SetErr(io.Discard)
		return got, cmd.Execute()
	}
	o, err := parse()
	if err != nil {
		t.Fatal(err)
	}
	if o.addr != "127.0.0.1:8080" || o.source.source != "yahoo" || o.web.MaxEvents != 5000 || o.web.Expire != 2*time.Hour || len(o.forward) != 0 {
		t.Errorf("defaults: addr %s, source %s, max-events %d, expire %v, forward %v", o.addr, o.source.source, o.web.MaxEvents, o.web.Expire, o.forward)
	}
	o, err = parse("--prices", "a", "--prices", "b", "--max-events", "7", "--expire", "30m", "--model", "market-adjusted", "--credit", "Desk")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(o.forward, " "); got != "--prices=a --prices=b --model=market-adjusted --credit=Desk" {
		t.Errorf("passed on to run: %q", got)
	}
	if o.web.MaxEvents != 7 || o.web.Expire != 30*time.Minute {
		t.Errorf("limits: %d events, expire %v", o.web.MaxEvents, o.web.Expire)
	}
	for _, bad := range [][]string{{"--addr", "8080"}, {"--window", "0,5"}, {"--offline", "--refresh"}, {"extra"}} {
		var ue *usageError
		if _, err := parse(bad...); !errors.As(err, &ue) {
			t.Errorf("serve %v: %v, want a usage error", bad, err)
		}
	}
}
