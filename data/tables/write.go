package tables

import (
	"fmt"
	"html"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/eventstudy/eventstudy/data/tidy"
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
	esc := strings.NewReplacer("|", `\|`, "\n", " ", "\\", `\\`)
	fmt.Fprintf(&b, "**%s**\n\n|", esc.Replace(t.Title))
	for _, c := range t.Columns {
		fmt.Fprintf(&b, " %s |", esc.Replace(c.Name))
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
	for _, row := range t.Rows {
		b.WriteString("|")
		for j, c := range t.Columns {
			fmt.Fprintf(&b, " %s |", esc.Replace(inline(c, row[j], o)))
		}
		b.WriteString("\n")
	}
	if n := t.note(o); n != "" {
		fmt.Fprintf(&b, "\n_%s_\n", esc.Replace(n))
	}
	return b.String()
}

// inline is a cell of Markdown and HTML: the number, and its parenthesised
// value when the column shows it inline.
func inline(c Column, v Cell, o Options) string {
	s := show(c, v, o)
	if u := under(c, v); c.UnderInline && u != "" {
		s += " " + u
	}
	return s
}

var texEscaper = strings.NewReplacer(
	`\`, `\textbackslash{}`, `&`, `\&`, `%`, `\%`, `$`, `\$`, `#`, `\#`, `_`, `\_`,
	`{`, `\{`, `}`, `\}`, `~`, `\textasciitilde{}`, `^`, `\textasciicircum{}`,
	"−", "-", "\n", " ")

// TeX escapes text for LaTeX.
func TeX(s string) string { return texEscaper.Replace(s) }

// LaTeX is a table float with a booktabs tabular (\toprule, \midrule,
// \bottomrule; needs \usepackage{booktabs}). The parenthesised value sits on
// its own line under each number, as in published regression tables; the
// note, with the stars defined, is under the rule.
func LaTeX(t *Table, o Options) string {
	var b strings.Builder
	b.WriteString("\\begin{table}[htbp]\n\\centering\n")
	fmt.Fprintf(&b, "\\caption{%s}\n\\label{tab:%s}\n\\begin{tabular}{", TeX(t.Title), t.Name)
	for _, c := range t.Columns {
		if c.Kind == Text {
			b.WriteString("l")
		} else {
			b.WriteString("r")
		}
	}
	b.WriteString("}\n\\toprule\n")
	names := make([]string, len(t.Columns))
	for j, c := range t.Columns {
		names[j] = TeX(c.Name)
	}
	b.WriteString(strings.Join(names, " & ") + " \\\\\n\\midrule\n")
	for _, row := range t.Rows {
		main, sub := make([]string, len(t.Columns)), make([]string, len(t.Columns))
		hasSub := false
		for j, c := range t.Columns {
			s := TeX(show(c, row[j], o))
			if strings.HasPrefix(s, "[") { // after \\ a [ would start an optional argument
				s = "{}" + s
			}
			if strings.HasSuffix(s, "*") {
				n := strings.TrimRight(s, "*")
				s = n + "$^{" + s[len(n):] + "}$"
			}
			main[j] = s
			sub[j] = under(c, row[j])
			hasSub = hasSub || sub[j] != ""
		}
		b.WriteString(strings.Join(main, " & ") + " \\\\\n")
		if hasSub {
			b.WriteString(strings.Join(sub, " & ") + " \\\\\n")
		}
	}
	b.WriteString("\\bottomrule\n\\end{tabular}\n")
	if n := strings.TrimSpace(t.ParenNote + " " + t.note(o)); n != "" {
		fmt.Fprintf(&b, "\\par\\smallskip\n\\begin{minipage}{0.9\\linewidth}\\footnotesize %s\\end{minipage}\n", TeX(n))
	}
	b.WriteString("\\end{table}\n")
	return b.String()
}

// HTML is a <table> with a caption, a header and the note in a <tfoot>;
// class names (num, note) let a page style it. Text is escaped. As in
// Markdown, the parenthesised values of LaTeX have their own columns.
func HTML(t *Table, o Options) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<table class=\"results\" id=\"table-%s\">\n<caption>%s</caption>\n<thead><tr>", html.EscapeString(t.Name), html.EscapeString(t.Title))
	for _, c := range t.Columns {
		cls := ""
		if c.Kind != Text {
			cls = ` class="num"`
		}
		fmt.Fprintf(&b, "<th%s>%s</th>", cls, html.EscapeString(c.Name))
	}
	b.WriteString("</tr></thead>\n<tbody>\n")
	for _, row := range t.Rows {
		b.WriteString("<tr>")
		for j, c := range t.Columns {
			cls := ""
			if c.Kind != Text {
				cls = ` class="num"`
			}
			fmt.Fprintf(&b, "<td%s>%s</td>", cls, html.EscapeString(inline(c, row[j], o)))
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</tbody>\n")
	if n := t.note(o); n != "" {
		fmt.Fprintf(&b, "<tfoot><tr><td class=\"note\" colspan=\"%d\">%s</td></tr></tfoot>\n", len(t.Columns), html.EscapeString(n))
	}
	b.WriteString("</table>\n")
	return b.String()
}

// XLSXColumns are the header cells of t in a worksheet: a column with a
// parenthesised value gets a second column after it, named "<name> <under>".
func XLSXColumns(t *Table) []string {
	var h []string
	for _, c := range t.Columns {
		h = append(h, c.Name)
		if c.Under != "" {
			h = append(h, c.Name+" "+c.Under)
		}
	}
	return h
}

// WriteXLSX writes the tables as one workbook, a sheet per table named by
// Table.Name, with a header row. Numbers are stored as the exact float64
// values (percent columns as fractions with a 0.00% format); missing numbers
// are empty cells; text goes through [tidy.Text] so that a spreadsheet never
// runs it as a formula. Notes go two rows under the table.
func WriteXLSX(w io.Writer, ts []*Table) (err error) {
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	pct, err := f.NewStyle(&excelize.Style{NumFmt: 10}) // 0.00%
	if err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	for i, t := range ts {
		sheet := t.Name
		if i == 0 {
			if err := f.SetSheetName("Sheet1", sheet); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(sheet); err != nil {
			return err
		}
		for j, h := range XLSXColumns(t) {
			cell, _ := excelize.CoordinatesToCellName(j+1, 1)
			if err := f.SetCellStr(sheet, cell, tidy.Text(h)); err != nil {
				return err
			}
		}
		last, _ := excelize.CoordinatesToCellName(len(XLSXColumns(t)), 1)
		if err := f.SetCellStyle(sheet, "A1", last, bold); err != nil {
			return err
		}
		for r, row := range t.Rows {
			col := 0
			put := func(k Kind, x float64, s string) error {
				col++
				cell, _ := excelize.CoordinatesToCellName(col, r+2)
				if k == Text {
					return f.SetCellStr(sheet, cell, tidy.Text(s))
				}
				if !finite(x) {
					return nil
				}
				if err := f.SetCellFloat(sheet, cell, x, -1, 64); err != nil {
					return err
				}
				if k == Percent {
					return f.SetCellStyle(sheet, cell, cell, pct)
				}
				return nil
			}
			for j, c := range t.Columns {
				if err := put(c.Kind, row[j].Value, row[j].Text); err != nil {
					return err
				}
				if c.Under != "" {
					if err := put(underKind(c), row[j].Under, ""); err != nil {
						return err
					}
				}
			}
		}
		if t.Note != "" {
			cell, _ := excelize.CoordinatesToCellName(1, len(t.Rows)+3)
			if err := f.SetCellStr(sheet, cell, tidy.Text(t.Note)); err != nil {
				return err
			}
		}
	}
	_, err = f.WriteTo(w)
	return err
}
