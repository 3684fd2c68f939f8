package tables

import (
	"fmt"
	"html"
	"io"
	"strings"
)

// Formats are the file formats of [Write], by file extension.
var Formats = []string{"md", "tex", "html", "xlsx"}

// Write writes one table in format "md", "tex" or "html". XLSX holds every
// table of a study in one workbook: see [WriteXLSX].
func Write(w io.Writer, t *Table, format string, o Options) error {
	var s string
	switch format {
	case "md":
		s = Markdown(t, o)
	case "tex":
		s = LaTeX(t, o)
	case "html":
		s = HTML(t, o)
	default:
		return fmt.Errorf("tables: unknown format %q (want md, tex or html)", format)
	}
	_, err := io.WriteString(w, s)
	return err
}

// Markdown is a GitHub-flavoured Markdown table under a bold title. The
// parenthesised values of LaTeX are not repeated: each has its own column.
func Markdown(t *Table, o Options) string {
	var b strings.Builder
	b.Grow(64 * len(t.Rows) * len(t.Columns))
	esc := mdEscaper
	b.WriteString("**" + esc.Replace(t.Title) + "**\n\n|")
	for _, c := range t.Columns {
		b.WriteString(" " + esc.Replace(c.Name) + " |")
	}
	b.WriteString("\n|")
	for _, c := range t.Columns {
		if c.Kind == Text {
			b.WriteString(" :--- |")
		} else {
			b.WriteString(" ---: |")
		}
	}
	b.WriteString("\n")
	for i, row := range t.texts(o) {
		b.WriteString("|")
		for j, c := range t.Columns {
			b.WriteByte(' ')
			if kind(c, t.Rows[i][j]) == Text {
				b.WriteString(esc.Replace(row[j].inline(c)))
			} else {
				b.WriteString(row[j].inline(c)) // numbers hold no | or \
			}
			b.WriteString(" |")
		}
		b.WriteString("\n")
	}
	if n := t.note(o); n != "" {
		b.WriteString("\n_" + esc.Replace(n) + "_\n")
	}
	return b.String()
}

// mdEscaper escapes text for a Markdown table cell: | and \ (which would
// end or break the cell), newlines, and < where it could open raw HTML (a
// tag, closing tag, comment, declaration or autolink: < then a letter, /, !
// or ?), so an event id <script>…</script> shows as text; "p < 0.05" stays.
var mdEscaper = mdReplacer{strings.NewReplacer("|", `\|`, "\n", " ", "\\", `\\`)}

type mdReplacer struct{ *strings.Replacer }

func (r mdReplacer) Replace(s string) string {
	s = r.Replacer.Replace(s)
	if !strings.Contains(s, "<") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '<' && i+1 < len(s) {
			n := s[i+1]
			if n >= 'a' && n <= 'z' || n >= 'A' && n <= 'Z' || n == '/' || n == '!' || n == '?' {
				b.WriteByte('\\')
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

var texEscaper = strings.NewReplacer(
	`\`, `\textbackslash{}`, `&`, `\&`, `%`, `\%`, `$`, `\$`, `#`, `\#`, `_`, `\_`,
	`{`, `\{`, `}`, `\}`, `~`, `\textasciitilde{}`, `^`, `\textasciicircum{}`, `|`, `\textbar{}`,
	"−", "$-$", "<", "$<$", ">", "$>$", "\n", " ")

// TeX escapes text for LaTeX; a true minus sign (U+2212) becomes the math
// minus $-$, and < > are set in math mode (text mode would print ¡ ¿ in
// the default OT1 encoding).
func TeX(s string) string { return texEscaper.Replace(s) }

// LaTeX is a table float with a booktabs tabular (\toprule, \midrule,
// \bottomrule; needs \usepackage{booktabs}). The parenthesised value sits on
// its own line under each number, as in published regression tables, and an
// interval on a line between them; the note, with the stars defined, is
// under the rule. A wide table (more than five columns, or more than three
// with intervals) is set \small with narrower gaps, centred in a box as wide
// as the text that lets it reach into the margins.
func LaTeX(t *Table, o Options) string {
	var b strings.Builder
	b.WriteString("\\begin{table}[htbp]\n\\centering\n")
	var cols []int // the columns LaTeX shows: not those it prints in parentheses
	var spec strings.Builder
	for j, c := range t.Columns {
		if c.Paren {
			continue
		}
		cols = append(cols, j)
		switch {
		case c.Kind == Text:
			spec.WriteString("l")
		default:
			spec.WriteString("r")
		}
	}
	// A wide table gets smaller type and column gaps, and a box as wide as
	// the text that lets it reach into the margins, centred, rather than
	// overflow to the right.
	wide := len(cols) > 5 || len(cols) > 3 && t.hasIntervals()
	if wide {
		b.WriteString("\\small\n\\setlength{\\tabcolsep}{4pt}\n")
	}
	fmt.Fprintf(&b, "\\caption{%s}\n\\label{tab:%s}\n", TeX(t.Title), t.Name)
	if wide {
		b.WriteString("\\makebox[\\linewidth]{")
	}
	fmt.Fprintf(&b, "\\begin{tabular}{%s}\n\\toprule\n", spec.String())
	names := make([]string, 0, len(cols))
	for _, j := range cols {
		names = append(names, TeX(t.Columns[j].Name))
	}
	end := " \\\\\n"
	b.WriteString(strings.Join(names, " & ") + end + "\\midrule\n")
	for _, row := range t.texts(o) {
		main, ivs, sub := make([]string, 0, len(cols)), make([]string, 0, len(cols)), make([]string, 0, len(cols))
		hasIv, hasSub := false, false
		for _, j := range cols {
			x := row[j]
			s := TeX(x.n)
			if strings.HasPrefix(s, "[") { // after \\ a [ would start an optional argument
				s = "{}" + s
			}
			if x.st != "" {
				s += "$^{" + x.st + "}$"
			}
			main = append(main, s)
			// the interval on a line of its own, its unit in the row's name
			iv := TeX(strings.ReplaceAll(x.iv, "%", ""))
			if iv != "" {
				iv = "{}" + iv
			}
			ivs = append(ivs, iv)
			hasIv = hasIv || x.iv != ""
			sub = append(sub, TeX(x.under))
			hasSub = hasSub || x.under != ""
		}
		b.WriteString(strings.Join(main, " & ") + end)
		if hasIv {
			b.WriteString(strings.Join(ivs, " & ") + end)
		}
		if hasSub {
			b.WriteString(strings.Join(sub, " & ") + end)
		}
	}
	b.WriteString("\\bottomrule\n\\end{tabular}")
	if wide {
		b.WriteString("}")
	}
	b.WriteString("\n")
	if n := strings.TrimSpace(t.ParenNote + " " + t.note(o)); n != "" {
		fmt.Fprintf(&b, "\\par\\smallskip\n\\begin{minipage}{0.9\\linewidth}\\footnotesize %s\\end{minipage}\n", TeX(n))
	}
	b.WriteString("\\end{table}\n")
	return b.String()
}

// HTML is a <table> with a caption, a header and the note in a <tfoot>;
// class names (num, note) let a page style it. Text is escaped. As in
// Markdown, the parenthesised values of LaTeX have their own columns.
func HTML(t *Table, o Options) string { return htmlTable(t, o, true) }

// HTMLTable is [HTML] without the note, which [Table.NoteText] gives: a page
// that scrolls a wide table inside a box puts the note under the box, where
// it wraps to the width of the screen rather than of the table.
func HTMLTable(t *Table, o Options) string { return htmlTable(t, o, false) }

func htmlTable(t *Table, o Options, foot bool) string {
	var b strings.Builder
	b.Grow(80 * len(t.Rows) * len(t.Columns))
	fmt.Fprintf(&b, "<table class=\"results\" id=\"table-%s\">\n<caption>%s</caption>\n<thead><tr>", html.EscapeString(t.Name), html.EscapeString(t.Title))
	for _, c := range t.Columns {
		cls := ""
		if c.Kind != Text {
			cls = ` class="num"`
		}
		fmt.Fprintf(&b, "<th%s>%s</th>", cls, html.EscapeString(c.Name))
	}
	b.WriteString("</tr></thead>\n<tbody>\n")
	for _, row := range t.texts(o) {
		b.WriteString("<tr>")
		for j, c := range t.Columns {
			if c.Kind != Text {
				b.WriteString(`<td class="num">`)
			} else {
				b.WriteString("<td>")
			}
			b.WriteString(html.EscapeString(row[j].inline(c)) + "</td>")
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</tbody>\n")
	if n := t.note(o); n != "" && foot {
		fmt.Fprintf(&b, "<tfoot><tr><td class=\"note\" colspan=\"%d\">%s</td></tr></tfoot>\n", len(t.Columns), html.EscapeString(n))
	}
	b.WriteString("</table>\n")
	return b.String()
}
