package main

import (
	"context"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	pagebrowser "github.com/eventstudy/eventstudy/internal/browser"
)

// docsShotEnv, when set, makes TestServeInBrowser write the screenshot of
// the answer page that docs/serve.md shows (docs/serve-answer.png).
const docsShotEnv = "EVENTSTUDY_DOCS_SCREENSHOT"

// chrome starts Debian's headless chromium for a test, with the flags of
// TOOLING.md and a fresh profile. Without chromium the test fails under
// CI=true (.ci/run installs it) and is skipped elsewhere.
func chrome(t *testing.T) context.Context {
	t.Helper()
	bin := pagebrowser.Chromium(t)
	actx, cancel := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(bin), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1200, 900),
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true))
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	ctx, cancel3 := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(cancel3)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// noSideScroll checks that the page is no wider than the screen.
func noSideScroll(t *testing.T, ctx context.Context, width int64, page string) {
	t.Helper()
	w, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](`[document.documentElement.scrollWidth, window.innerWidth]`))
	if err != nil {
		t.Fatal(err)
	}
	if len(w) != 2 || w[0] > w[1] {
		t.Errorf("%s at %d px: the page is %v px wide (scrollWidth, innerWidth): it scrolls sideways", page, width, w)
	}
}

// A reporter's path in a real browser: fill in the form, submit, see the
// chart and the sentence, download the PNG (it decodes); the pages do not
// scroll sideways at 400 px; the FB events file uploaded through the batch
// form ends in the report. Prices come from Yahoo, replayed.
func TestServeInBrowser(t *testing.T) {
	ctx := chrome(t)
	base, _ := yahooServe(t)

	// By keyboard: the first Tab reaches the skip link; Enter in the last
	// field submits the form.
	err := chromedp.Do(ctx,
		chromedp.EmulateViewport(1000, 1400),
		chromedp.Navigate(base+"/"),
		chromedp.KeyEvent("\t"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if skip, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.activeElement.className === "skip"`)); err != nil || !skip {
		t.Errorf("the first Tab does not reach the skip link (%v)", err)
	}
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("symbol"), "fb"),
		chromedp.SetValue(chromedp.ID("date"), "2018-08-06"),
		chromedp.SendKeys(chromedp.ID("headline"), "Facebook asked banks for customer data\n"),
		chromedp.WaitVisible(chromedp.ID("sentence")),
	)
	if err != nil {
		t.Fatal(err)
	}
	sentence, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("sentence")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(sentence, "On Aug 6, 2018 FB rose 4.4% while the S&P 500 rose 0.4%.") {
		t.Errorf("sentence on the page: %q", sentence)
	}
	imgWidth, err := chromedp.Run(ctx, chromedp.Poll[int](`(() => { const i = document.querySelector("figure.chart img"); return i && i.complete && i.naturalWidth; })()`))
	if err != nil || imgWidth != 1200 {
		t.Errorf("the chart image loaded %d px wide (%v), want 1200", imgWidth, err)
	}
	if shown, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!document.getElementById("copy").hidden`)); err != nil || !shown {
		t.Errorf("the copy button is still hidden (%v): the page's script did not run", err)
	}
	if dir := os.Getenv(docsShotEnv); dir != "" {
		shot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "serve-answer.png"), shot, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	// The PNG download, as the browser saves it.
	dl := t.TempDir()
	progress := chromedp.BrowserEvents(ctx, browser.DownloadProgress)
	err = chromedp.Do(ctx,
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			yes := true
			_, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
				Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dl, EventsEnabled: &yes})
			return err
		}),
		chromedp.Click(chromedp.CSS(`a[href^="/quick.png"][download]`)))
	if err != nil {
		t.Fatal(err)
	}
	for ev, err := range progress {
		if err != nil {
			t.Fatalf("download: %v", err)
		}
		if ev.State != browser.DownloadProgressStateCompleted {
			continue
		}
		f, err := os.Open(filepath.Join(dl, ev.GUID))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Fatalf("the downloaded PNG does not decode: %v", err)
		}
		if b := img.Bounds(); b.Dx() != 1200 || b.Dy() != 675 {
			t.Errorf("downloaded PNG is %dx%d, want 1200x675", b.Dx(), b.Dy())
		}
		break
	}

	// At 400 and 360 px no page scrolls sideways; every field has a label,
	// every image a text alternative, every page one h1.
	for _, width := range []int64{400, 360} {
		for _, p := range []string{"/", "/quick?symbol=FB&date=2018-08-04&headline=Facebook+asked+banks+for+customer+data", "/quick?symbol=ZZZZ&date=2018-08-06", "/study"} {
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 800), chromedp.Navigate(base+p), chromedp.WaitVisible(chromedp.CSS("main"))); err != nil {
				t.Fatal(err)
			}
			noSideScroll(t, ctx, width, p)
			ok, err := chromedp.Run(ctx, chromedp.Evaluate[[]bool](`[
				[...document.querySelectorAll("input:not([type=hidden]), select, textarea")].every(e => e.labels && e.labels.length > 0),
				[...document.images].every(i => i.alt.trim() !== ""),
				document.querySelectorAll("h1").length === 1]`))
			if err != nil || len(ok) != 3 || !ok[0] || !ok[1] || !ok[2] {
				t.Errorf("%s: labelled fields, image alternatives, one h1 = %v (%v)", p, ok, err)
			}
		}
	}

	// The batch: upload examples/fb_events.csv, follow the study, open the report.
	events, err := filepath.Abs(filepath.Join("..", "..", "examples", "fb_events.csv"))
	if err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(ctx,
		chromedp.EmulateViewport(1000, 900),
		chromedp.Navigate(base+"/study"),
		chromedp.SetUploadFiles(chromedp.ID("events"), []string{events}),
		chromedp.Click(chromedp.CSS(`button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.ID("status")),
	)
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		// The page reloads itself every 2 s while the study runs; an
		// evaluation during a reload fails and is tried again.
		ready, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("report") !== null`))
		if ready {
			break
		}
		if time.Now().After(deadline) {
			body, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
			t.Fatalf("the study did not finish in a minute:\n%s", body)
		}
		time.Sleep(200 * time.Millisecond)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("report")), chromedp.WaitVisible(chromedp.ID("provenance"))); err != nil {
		t.Fatal(err)
	}
	if title, err := chromedp.Run(ctx, chromedp.Title()); err != nil || !strings.HasPrefix(title, "Event study") || !strings.HasSuffix(title, ": 3 events") {
		t.Errorf("report title %q (%v), want the report of 3 events", title, err)
	}
}
