package report_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/eventstudy/eventstudy/internal/browser"
)

// shots is the folder of the screenshots: $EVENTSTUDY_SCREENSHOTS, or the
// test's temporary folder.
func shots(t *testing.T) string {
	if d := os.Getenv("EVENTSTUDY_SCREENSHOTS"); d != "" {
		return d
	}
	return t.TempDir()
}

// TestPageInBrowser lays the fixture page out in headless chromium at a
// phone's width (400 px) and a desktop's (1400 px): the page never scrolls
// sideways, the charts fill the column (at least 360 px on the phone) with
// text a reader can read, and every table wider than the screen scrolls
// inside its own box. Screenshots at both widths go to $EVENTSTUDY_SCREENSHOTS.
func TestPageInBrowser(t *testing.T) {
	bin := browser.Chromium(t)
	page := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(page, []byte(write(t, fixture(true))), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		width              int
		minChart, maxChart float64
	}{{400, 360, 400}, {1400, 600, 760}} {
		pg := browser.Open(t, bin, page, c.width, 900, c.width < 600)
		l := pg.Measure(t)
		if l.InnerWidth != float64(c.width) {
			t.Errorf("%d px screen: the page is laid out %v px wide (wider than the screen: a phone shrinks or scrolls it)", c.width, l.InnerWidth)
		}
		if l.ScrollWidth > l.InnerWidth {
			t.Errorf("%d px: the page scrolls sideways (scrollWidth %v)", c.width, l.ScrollWidth)
		}
		if len(l.Charts) != 4 {
			t.Errorf("%d px: %d charts shown, want 4 (one drawing of each)", c.width, len(l.Charts))
		}
		for _, w := range l.Charts {
			if w < c.minChart || w > c.maxChart {
				t.Errorf("%d px: a chart %v px wide, want %v to %v", c.width, w, c.minChart, c.maxChart)
			}
		}
		if l.MinChartText < 9 {
			t.Errorf("%d px: chart text %v px high, want at least 9", c.width, l.MinChartText)
		}
		wide := 0
		for _, tb := range l.Tables {
			if tb.Box == 0 || tb.Box > l.InnerWidth {
				t.Errorf("%d px: table %q is not in a box within the screen (box %v)", c.width, tb.ID, tb.Box)
				continue
			}
			if tb.Width > tb.Box+1 {
				wide++
				if tb.Overflow != "auto" && tb.Overflow != "scroll" {
					t.Errorf("%d px: table %q (%v px) is wider than its box (%v px), which does not scroll (overflow-x %s)",
						c.width, tb.ID, tb.Width, tb.Box, tb.Overflow)
				}
			}
		}
		if c.width == 400 && wide == 0 {
			t.Errorf("400 px: no table wider than the screen: the test does not exercise the scrolling boxes")
		}
		t.Logf("%d px: scrollWidth %v, charts %v, smallest chart text %.1f px, %d tables wider than the screen",
			c.width, l.ScrollWidth, l.Charts, l.MinChartText, wide)
		pg.Screenshot(t, filepath.Join(shots(t), "report-fixture-"+itoa(c.width)+".png"))
	}
}

func itoa(n int) string {
	b := []byte{}
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}
