package charts

import (
	"strings"
	"testing"
)

// TestWrapAndPhraseWrap: lines break between words (wrap) or phrases
// (phraseWrap) only where the line would be wider than w, widths measured
// here from the text itself; a piece wider than w stays whole.
func TestWrapAndPhraseWrap(t *testing.T) {
	sty := textStyle(regularFont, subtitleSize, mutedColor)
	two := sty.Width("Median CAR by trading day, with the middle")
	if got := wrap(sty, "Median CAR by trading day, with the middle 50%", two); got != "Median CAR by trading day, with the middle\n50%" {
		t.Errorf("wrap at the width of the first seven words: %q", got)
	}
	if got := wrap(sty, "short\nlines  stay", 1000); got != "short\nlines  stay" {
		t.Errorf("lines that fit are kept as they are: %q", got)
	}
	if got := wrap(sty, "unbreakable", 1); got != "unbreakable" {
		t.Errorf("a word wider than the line: %q", got)
	}
	a, b := "Grey: the 3 largest moves,", "labelled at the right"
	w := sty.Width(a + " " + b)
	if got := phraseWrap(sty, w, []string{a, b}, []string{"x"}); got != a+" "+b+"\nx" {
		t.Errorf("phrases that fit share a line, sentences do not: %q", got)
	}
	if got := phraseWrap(sty, w-1, []string{a, b}); got != a+"\n"+b {
		t.Errorf("one point too narrow: %q", got)
	}
	if got := phraseWrap(sty, 1, []string{a, b}); strings.Count(got, "\n") != 1 || !strings.HasPrefix(got, a+"\n") {
		t.Errorf("phrases wider than the line are not broken inside: %q", got)
	}
}
