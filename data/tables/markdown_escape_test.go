package tables

import (
	"strings"
	"testing"
)

// Markdown tables show text as text: an event id that is HTML (<script>,
// a comment, an autolink) cannot become markup in a rendered .md (issue 13;
// HTML, LaTeX, CSV and XLSX already escaped it), while "p < 0.05" and the
// rest of the text stay readable.
func TestMarkdownEscapesHTML(t *testing.T) {
	for in, want := range map[string]string{
		"<script>alert(1)</script>": `\<script>alert(1)\</script>`,
		"<!-- x -->":                `\<!-- x -->`,
		"<https://x.test>":          `\<https://x.test>`,
		"<?php":                     `\<?php`,
		"p < 0.05, a<b":             `p < 0.05, a\<b`,
		"a|b\\c":                    `a\|b\\c`,
		"<":                         "<",
	} {
		if got := mdEscaper.Replace(in); got != want {
			t.Errorf("escape %q = %q, want %q", in, got, want)
		}
	}
	tb := &Table{Title: "CARs", Columns: []Column{{Name: "event", Kind: Text}}, Rows: [][]Cell{{{Text: "<script>alert(1)</script>"}}}}
	md := Markdown(tb, Options{})
	if strings.Contains(strings.ReplaceAll(md, `\<`, ""), "<script>") || !strings.Contains(md, `\<script>`) {
		t.Errorf("Markdown passes raw HTML through:\n%s", md)
	}
}
