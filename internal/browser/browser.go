// Package browser drives Debian's headless chromium for the tests of pages
// (report.html): it lays a page out at a chosen viewport width, evaluates
// JavaScript in it and takes screenshots. It speaks the DevTools protocol
// over chromium's --remote-debugging-pipe (JSON messages ended by a NUL
// byte on file descriptors 3 and 4), so it needs no library and no network
// port; the page itself stays free of scripts. The viewport is set by
// Emulation.setDeviceMetricsOverride, because a headless window is never
// narrower than 500 px.
package browser

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"
)

// Chromium returns the path of chromium. Without it the test is skipped,
// except under CI=true, where it fails: .ci/run installs Debian's chromium.
func Chromium(t testing.TB) string {
	t.Helper()
	bin, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("chromium not found: .ci/run installs Debian's chromium")
		}
		t.Skip("chromium not installed (apt-get install chromium): browser test skipped")
	}
	return bin
}

// A Page is a file loaded in headless chromium at a viewport width.
type Page struct {
	cmd     *exec.Cmd
	in      io.WriteCloser
	session string
	mu      sync.Mutex
	next    int
	waiting map[int]chan message
	events  chan message
	done    chan struct{}
	err     error // the reader's error, set before done closes
	stderr  strings.Builder
}

type message struct {
	ID        int             `json:"id"`
	Method    string          `json:"method"`
	SessionID string          `json:"sessionId"`
	Result    json.RawMessage `json:"result"`
	Params    json.RawMessage `json:"params"`
	Error     *struct {
		Message string `json:"message"`
	} `json:"error"`
}

// Open starts chromium and loads the file path in a viewport width×height
// CSS px; mobile emulates a phone (the page's viewport meta tag applies, as
// on a phone). The browser stops when the test ends.
func Open(t testing.TB, bin, path string, width, height int, mobile bool) *Page {
	t.Helper()
	p, err := open(bin, path, width, height, mobile, t.TempDir())
	if err != nil {
		if p != nil {
			err = fmt.Errorf("%w\n%s", err, lastLines(p.stderr.String(), 20))
			p.close()
		}
		t.Fatalf("chromium: %v", err)
	}
	t.Cleanup(p.close)
	return p
}

func open(bin, path string, width, height int, mobile bool, profile string) (*Page, error) {
	cmdR, cmdW, err := os.Pipe() // our commands: chromium reads fd 3
	if err != nil {
		return nil, err
	}
	outR, outW, err := os.Pipe() // its answers: chromium writes fd 4
	if err != nil {
		return nil, err
	}
	p := &Page{in: cmdW, waiting: map[int]chan message{}, events: make(chan message, 256), done: make(chan struct{})}
	p.cmd = exec.Command(bin, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
		"--hide-scrollbars", "--remote-debugging-pipe", "--user-data-dir="+profile, "about:blank")
	p.cmd.ExtraFiles = []*os.File{cmdR, outW}
	p.cmd.Stderr = &p.stderr
	if err := p.cmd.Start(); err != nil {
		return nil, err
	}
	cmdR.Close()
	outW.Close()
	go p.read(outR)
	var targets struct {
		TargetInfos []struct{ TargetID, Type string } `json:"targetInfos"`
	}
	if err := p.call("", "Target.getTargets", nil, &targets); err != nil {
		return p, err
	}
	id := ""
	for _, ti := range targets.TargetInfos {
		if ti.Type == "page" {
			id = ti.TargetID
		}
	}
	if id == "" {
		var created struct{ TargetID string }
		if err := p.call("", "Target.createTarget", map[string]any{"url": "about:blank"}, &created); err != nil {
			return p, err
		}
		id = created.TargetID
	}
	var att struct{ SessionID string }
	if err := p.call("", "Target.attachToTarget", map[string]any{"targetId": id, "flatten": true}, &att); err != nil {
		return p, err
	}
	p.session = att.SessionID
	if err := p.call(p.session, "Page.enable", nil, nil); err != nil {
		return p, err
	}
	if err := p.Viewport(width, height, mobile); err != nil {
		return p, err
	}
	if err := p.call(p.session, "Page.navigate", map[string]any{"url": "file://" + path}, nil); err != nil {
		return p, err
	}
	timeout := time.After(60 * time.Second)
	for {
		select {
		case m := <-p.events:
			if m.Method == "Page.loadEventFired" && m.SessionID == p.session {
				return p, nil
			}
		case <-p.done:
			return p, p.err
		case <-timeout:
			return p, errors.New("the page did not load in 60 s")
		}
	}
}

// read dispatches chromium's messages: answers to their callers, events to
// p.events (dropped when nobody reads them).
func (p *Page) read(r io.Reader) {
	br := bufio.NewReaderSize(r, 1<<20)
	for {
		b, err := br.ReadBytes(0)
		if err != nil {
			p.err = fmt.Errorf("chromium closed the pipe: %w", err)
			close(p.done)
			return
		}
		var m message
		if err := json.Unmarshal(b[:len(b)-1], &m); err != nil {
			continue
		}
		if m.ID != 0 {
			p.mu.Lock()
			ch := p.waiting[m.ID]
			delete(p.waiting, m.ID)
			p.mu.Unlock()
			if ch != nil {
				ch <- m
			}
			continue
		}
		select {
		case p.events <- m:
		default:
		}
	}
}

// call sends a DevTools command and decodes its result into out (nil: drop).
func (p *Page) call(session, method string, params any, out any) error {
	p.mu.Lock()
	p.next++
	id := p.next
	ch := make(chan message, 1)
	p.waiting[id] = ch
	p.mu.Unlock()
	msg := map[string]any{"id": id, "method": method}
	if params != nil {
		msg["params"] = params
	}
	if session != "" {
		msg["sessionId"] = session
	}
	b, err := json.Marshal(msg)
	if err != nil {
		return err
	}
	if _, err := p.in.Write(append(b, 0)); err != nil {
		return fmt.Errorf("%s: %w", method, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	select {
	case m := <-ch:
		if m.Error != nil {
			return fmt.Errorf("%s: %s", method, m.Error.Message)
		}
		if out != nil {
			return json.Unmarshal(m.Result, out)
		}
		return nil
	case <-p.done:
		return fmt.Errorf("%s: %w", method, p.err)
	case <-ctx.Done():
		return fmt.Errorf("%s: no answer in 60 s", method)
	}
}

// Viewport sets the page's viewport to width×height CSS px (a phone's when
// mobile).
func (p *Page) Viewport(width, height int, mobile bool) error {
	return p.call(p.session, "Emulation.setDeviceMetricsOverride", map[string]any{
		"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile}, nil)
}

// Eval evaluates the JavaScript expression js in the page and decodes its
// value (JSON) into out.
func (p *Page) Eval(t testing.TB, js string, out any) {
	t.Helper()
	var r struct {
		Result struct {
			Value json.RawMessage `json:"value"`
		} `json:"result"`
		ExceptionDetails *struct {
			Text      string `json:"text"`
			Exception struct {
				Description string `json:"description"`
			} `json:"exception"`
		} `json:"exceptionDetails"`
	}
	if err := p.call(p.session, "Runtime.evaluate", map[string]any{"expression": js, "returnByValue": true}, &r); err != nil {
		t.Fatal(err)
	}
	if r.ExceptionDetails != nil {
		t.Fatalf("javascript: %s %s", r.ExceptionDetails.Text, r.ExceptionDetails.Exception.Description)
	}
	if err := json.Unmarshal(r.Result.Value, out); err != nil {
		t.Fatalf("javascript value %s: %v", r.Result.Value, err)
	}
}

// Screenshot saves a PNG of the whole page (the full height of the
// document at the current viewport width) to path.
func (p *Page) Screenshot(t testing.TB, path string) {
	t.Helper()
	var r struct{ Data string }
	if err := p.call(p.session, "Page.captureScreenshot", map[string]any{"format": "png", "captureBeyondViewport": true}, &r); err != nil {
		t.Fatal(err)
	}
	b, err := base64.StdEncoding.DecodeString(r.Data)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func (p *Page) close() {
	if p.session != "" {
		// ask politely, then make sure
		b, _ := json.Marshal(map[string]any{"id": 1 << 30, "method": "Browser.close"})
		p.in.Write(append(b, 0))
	}
	p.in.Close()
	exited := make(chan struct{})
	go func() { p.cmd.Wait(); close(exited) }()
	select {
	case <-exited:
	case <-time.After(10 * time.Second):
		p.cmd.Process.Kill()
		<-exited
	}
}

func lastLines(s string, n int) string {
	l := strings.Split(strings.TrimSpace(s), "\n")
	if len(l) > n {
		l = l[len(l)-n:]
	}
	return strings.Join(l, "\n")
}

// Layout is what a reader checks on a page at one width.
type Layout struct {
	InnerWidth  float64 // the layout viewport's width
	ScrollWidth float64 // document.scrollingElement.scrollWidth: > InnerWidth when the page scrolls sideways
	// Charts are the rendered widths of the visible chart SVGs, in CSS px.
	Charts []float64
	// MinChartText is the smallest rendered height of a visible chart's
	// text, in CSS px (the box of its glyphs: about its font size).
	MinChartText float64
	Tables       []Table
}

// Table is one table's layout.
type Table struct {
	ID string
	// Width is the table's rendered width; Box the width of the nearest
	// box that clips it sideways (0: none); Overflow that box's overflow-x.
	Width, Box float64
	Overflow   string
}

// layoutJS measures a Layout.
const layoutJS = `({
InnerWidth: window.innerWidth,
ScrollWidth: document.scrollingElement.scrollWidth,
Charts: Array.from(document.querySelectorAll("figure svg")).map(s => s.getBoundingClientRect().width).filter(w => w > 0),
MinChartText: Math.min(1000, ...Array.from(document.querySelectorAll("figure svg text")).map(e => e.getBoundingClientRect()).filter(r => r.width > 0).map(r => r.height)),
Tables: Array.from(document.querySelectorAll("table")).map(t => {
  let box = t.parentElement;
  while (box && box !== document.body && getComputedStyle(box).overflowX === "visible") box = box.parentElement;
  const clip = box && box !== document.body;
  return {ID: t.id, Width: t.getBoundingClientRect().width, Box: clip ? box.clientWidth : 0, Overflow: clip ? getComputedStyle(box).overflowX : ""};
})
})`

// Measure returns the page's Layout.
func (p *Page) Measure(t testing.TB) Layout {
	t.Helper()
	var l Layout
	p.Eval(t, layoutJS, &l)
	return l
}
