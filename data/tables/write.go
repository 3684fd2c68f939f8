package tables

import (
	"fmt"
	"html"
	"io"
	"strings"
	"unicode/utf8"
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
	b.Grow(64 * t.Len() * len(t.Columns))
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
	for _, row := range t.texts(o) {
		b.WriteString("|")
		for j, c := range t.Columns {
			b.WriteByte(' ')
			if row[j].text {
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

// LaTeX sets a table for a document that loads booktabs (\toprule,
// \midrule, \bottomrule) and, for a long table, longtable; the file's first
// line, a comment, says which. The parenthesised value sits on its own line
// under each number, as in published regression tables, and an interval on
// a line between them; the note, with the stars defined, is under the table.
//
// Every table fits a standard article page (a4paper or letterpaper, 10 to
// 12 pt) as it is: a table of more than [texFloatLines] lines is a longtable
// that breaks across pages, repeating its header under "(continued)" and
// saying "continued on next page" at each break; a table with more window
// columns than fit side by side (Table.PartCols) is set in parts that each
// repeat the row names; the columns that name a group of rows (Table.Group:
// the event of the CAR table) head the group on a line of their own instead
// of widening every row; a table of more than five columns is set \small
// with narrower gaps. Nothing reaches into the margins.
func LaTeX(t *Table, o Options) string {
	var shown []int // the columns LaTeX shows: not those it prints in parentheses, nor the group's
	for j, c := range t.Columns {
		if !c.Paren && j >= t.Group {
			shown = append(shown, j)
		}
	}
	parts := texParts(t, shown)
	rows := t.texts(o)
	note := strings.TrimSpace(t.ParenNote + " " + t.note(o))
	bodies := make([][]string, len(parts))
	long := false
	for i, cols := range parts {
		bodies[i] = texBody(t, rows, cols)
		long = long || len(bodies[i])+(len(note)+texNoteChars-1)/texNoteChars > texFloatLines
	}
	var b strings.Builder
	pkgs := `\usepackage{booktabs}`
	if long {
		pkgs += ` and \usepackage{longtable}`
	}
	fmt.Fprintf(&b, "%% eventstudy table %q: needs %s in the preamble.\n", t.Name, pkgs)
	for i, cols := range parts {
		title, label := TeX(t.Title), "tab:"+t.Name
		if len(parts) > 1 {
			title += fmt.Sprintf(" (part %d of %d)", i+1, len(parts))
			if i > 0 {
				label += fmt.Sprintf("-%d", i+1)
			}
		}
		var spec strings.Builder
		names := make([]string, 0, len(cols))
		for _, j := range cols {
			if t.Columns[j].Kind == Text {
				spec.WriteString("l")
			} else {
				spec.WriteString("r")
			}
			names = append(names, TeX(t.Columns[j].Name))
		}
		head := "\\toprule\n" + strings.Join(names, " & ") + " \\\\\n\\midrule\n"
		small := ""
		if len(cols) > 5 {
			small = "\\small\n\\setlength{\\tabcolsep}{4pt}\n"
		}
		last := ""
		if i == len(parts)-1 && note != "" {
			last = TeX(note)
		}
		body := strings.Join(bodies[i], "")
		if long {
			fmt.Fprintf(&b, "\\begingroup\n%s\\begin{longtable}{%s}\n\\caption{%s}\\label{%s}\\\\\n%s\\endfirsthead\n"+
				"\\caption[]{%s (continued)}\\\\\n%s\\endhead\n\\midrule\n\\multicolumn{%d}{r}{\\footnotesize\\itshape continued on next page}\\\\\n\\endfoot\n"+
				"\\bottomrule\n\\endlastfoot\n%s\\end{longtable}\n",
				small, spec.String(), title, label, head, title, head, len(cols), body)
			if last != "" {
				fmt.Fprintf(&b, "\\nopagebreak\n{\\centering\\begin{minipage}{0.9\\linewidth}\\footnotesize %s\\end{minipage}\\par}\n", last)
			}
			b.WriteString("\\endgroup\n")
			continue
		}
		fmt.Fprintf(&b, "\\begin{table}[htbp]\n\\centering\n%s\\caption{%s}\n\\label{%s}\n\\begin{tabular}{%s}\n%s%s\\bottomrule\n\\end{tabular}\n",
			small, title, label, spec.String(), head, body)
		if last != "" {
			fmt.Fprintf(&b, "\\par\\smallskip\n\\begin{minipage}{0.9\\linewidth}\\footnotesize %s\\end{minipage}\n", last)
		}
		b.WriteString("\\end{table}\n")
	}
	return b.String()
}

const (
	// texFloatLines is the most lines (rows, their interval and
	// parenthesised lines, group headings, and the note's lines) a table
	// float holds; a longer table is a longtable. The text block of the
	// shortest standard page, letterpaper at 12 pt, holds about 37 lines
	// of 14.5 pt; the caption, rules and gaps take the rest.
	texFloatLines = 26
	// texNoteChars is about how many characters of the note fit on a line.
	texNoteChars = 90
	// texHeadingChars is the longest group heading set on one line; a
	// longer one (a long event id) wraps in texHeadingWidth, narrower than
	// the CAR table (about three quarters of the text width), which it
	// would otherwise widen, or push into the margin.
	texHeadingChars = 48
	texHeadingWidth = "0.6\\linewidth"
	// texWrap is the width of a column that wraps (Column.Wrap).
	texWrap = "0.4\\linewidth"
)

// texParts splits the shown columns into the parts set side by side: the
// leading text columns (the row names) repeated in each part, the other
// columns at most t.PartCols to a part, in parts of even size.
func texParts(t *Table, shown []int) [][]int {
	lead := 0
	for lead < len(shown) && t.Columns[shown[lead]].Kind == Text {
		lead++
	}
	vals := shown[lead:]
	if t.PartCols <= 0 || len(vals) <= t.PartCols {
		return [][]int{shown}
	}
	n := (len(vals) + t.PartCols - 1) / t.PartCols
	var parts [][]int
	for i := range n {
		part := append([]int(nil), shown[:lead]...)
		parts = append(parts, append(part, vals[i*len(vals)/n:(i+1)*len(vals)/n]...))
	}
	return parts
}

// texBody is the rows of a table's part, one string per printed line: a
// heading where the group (t.Group) changes, then each row's numbers, its
// intervals and its parenthesised values on lines of their own, kept
// together (\\* forbids a page break between them).
func texBody(t *Table, rows [][]cellText, cols []int) []string {
	var lines []string
	group := ""
	for i, row := range rows {
		if t.Group > 0 {
			var g []string
			for j := range t.Group {
				if v := row[j]; v.text && v.n != "" {
					g = append(g, TeX(t.Columns[j].Name+" "+v.n))
				}
			}
			if k := strings.Join(g, "; "); i == 0 || k != group {
				sep := ""
				if i > 0 {
					sep = "\\addlinespace\n"
				}
				group = k
				if utf8.RuneCountInString(k) > texHeadingChars { // wrapped, narrower than the table
					k = "\\parbox[t]{" + texHeadingWidth + "}{\\raggedright " + k + "\\strut}"
				}
				lines = append(lines, fmt.Sprintf("%s\\multicolumn{%d}{@{}l}{%s} \\\\*\n", sep, len(cols), k))
			}
		}
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
			if t.Columns[j].Wrap && s != "" {
				s = "\\parbox[t]{" + texWrap + "}{\\raggedright " + s + "\\strut}"
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
		more := []string{}
		if hasIv {
			more = append(more, strings.Join(ivs, " & "))
		}
		if hasSub {
			more = append(more, strings.Join(sub, " & "))
		}
		for k, l := range append([]string{strings.Join(main, " & ")}, more...) {
			end := " \\\\\n"
			if k < len(more) {
				end = " \\\\*\n"
			}
			lines = append(lines, l+end)
		}
	}
	return lines
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
	b.Grow(80 * t.Len() * len(t.Columns))
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
