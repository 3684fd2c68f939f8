// Package tables writes the result tables of a study (summary by CAR window,
// per-event CARs, AAR by day) as Markdown, LaTeX (booktabs), HTML and XLSX,
// all built from one in-memory [Table] made from the same study values that
// data/tidy writes as CSV. It sits beside data/tidy because it is output I/O
// of tabular results, not drawing (package charts) and not computation
// (package study).
//
// Numbers are formatted here, never through a DataFrame library (gota prints
// floats with 6 decimals); XLSX cells hold the exact float64 values, with a
// number format for display. Text cells a spreadsheet would execute (= + - @)
// are neutralised in XLSX with [tidy.Text], as data/tidy does in CSV.
package tables

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/eventstudy/eventstudy/study"
)

// Kind says how a column's values are shown.
type Kind int

const (
	Text    Kind = iota // Cell.Text
	Int                 // Cell.Value as a whole number
	Percent             // Cell.Value (a fraction) ×100 with 2 decimals; XLSX shows 0.00%
	Stat                // Cell.Value with 2 decimals (t, z statistics)
	PValue              // Cell.Value with 3 decimals
)

// Column is one column of a table.
type Column struct {
	Name string
	Kind Kind
	// Under names the value shown in parentheses under each cell (LaTeX),
	// after it (Markdown, HTML) or in its own column (XLSX): "t" or "SE".
	// Empty: none. An SE under a Percent column is a percentage too.
	Under string
	// UnderInline also shows the parenthesised value in Markdown and HTML,
	// after the number, where it has no column of its own.
	UnderInline bool
	// Stars: cells get significance stars from Cell.P when Options.Stars.
	Stars bool
}

// Cell is one value. Missing numbers are NaN and print empty.
type Cell struct {
	Text  string
	Value float64
	Under float64 // the parenthesised value (see Column.Under); NaN: none
	P     float64 // p-value for the stars; NaN: none
}

// Table is one result table.
type Table struct {
	Name    string // file stem and XLSX sheet name: summary, car, aar
	Title   string
	Columns []Column
	Rows    [][]Cell
	Note    string // under the table; Options.Stars adds the definition of the stars
	// ParenNote says what the parentheses hold; only LaTeX shows them.
	ParenNote string
}

// Options choose what the presentation formats show.
type Options struct {
	Stars bool // significance stars: * p < 0.10, ** p < 0.05, *** p < 0.01
	// SE puts the standard error instead of the t statistic in parentheses
	// under per-event CARs (the summary and AAR tables always show the
	// statistic of the first test, as no cross-sectional SE is reported).
	SE bool
}

// StarsNote defines the stars.
const StarsNote = "Significance: * p < 0.10, ** p < 0.05, *** p < 0.01."

func nan() float64 { return math.NaN() }

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

func txt(s string) Cell                 { return Cell{Text: s, Value: nan(), Under: nan(), P: nan()} }
func num(x float64) Cell                { return Cell{Value: x, Under: nan(), P: nan()} }
func coef(x, under, p float64) Cell     { return Cell{Value: x, Under: under, P: p} }
func intCell(n int) Cell                { return num(float64(n)) }
func windowLabel(w study.Window) string { return fmt.Sprintf("[%+d, %+d]", w.Start, w.End) }

// stars returns the significance stars of p.
func stars(p float64) string {
	switch {
	case !finite(p):
		return ""
	case p < 0.01:
		return "***"
	case p < 0.05:
		return "**"
	case p < 0.10:
		return "*"
	}
	return ""
}

// format shows a value of a column kind; NaN is empty.
func format(k Kind, x float64) string {
	if !finite(x) {
		return ""
	}
	switch k {
	case Int:
		return strconv.FormatFloat(x, 'f', 0, 64)
	case Percent:
		return strconv.FormatFloat(100*x, 'f', 2, 64)
	case Stat:
		return strconv.FormatFloat(x, 'f', 2, 64)
	case PValue:
		return strconv.FormatFloat(x, 'f', 3, 64)
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}

// show is the main text of a cell (with stars if asked).
func show(c Column, v Cell, o Options) string {
	if c.Kind == Text {
		return v.Text
	}
	s := format(c.Kind, v.Value)
	if o.Stars && c.Stars && s != "" {
		s += stars(v.P)
	}
	return s
}

// under is the parenthesised text of a cell, "" if none.
func under(c Column, v Cell) string {
	if c.Under == "" || !finite(v.Under) {
		return ""
	}
	return "(" + format(underKind(c), v.Under) + ")"
}

// underKind is how the parenthesised value of c is shown.
func underKind(c Column) Kind {
	switch {
	case c.Under == "p":
		return PValue
	case c.Under == "SE" && c.Kind == Percent:
		return Percent
	}
	return Stat
}

// note is the table note with the stars defined when they are shown.
func (t *Table) note(o Options) string {
	n := t.Note
	if o.Stars && t.hasStars() {
		n = strings.TrimSpace(n + " " + StarsNote)
	}
	return n
}

func (t *Table) hasStars() bool {
	for _, c := range t.Columns {
		if c.Stars {
			return true
		}
	}
	return false
}

func firstTest(tests []study.Stat) (float64, float64) {
	if len(tests) == 0 {
		return nan(), nan()
	}
	return tests[0].Stat, tests[0].P
}

// Summary is the table of CAAR and mean BHAR by CAR window with the first
// test of s (the cross-sectional t by default); [Tests] has every test.
func Summary(s study.Summary) *Table {
	first := firstName(s)
	t := &Table{Name: "summary", Title: "Cumulative average abnormal returns (CAAR) by window",
		Columns: []Column{{Name: "Window"}, {Name: "N", Kind: Int}, {Name: "CAAR, %", Kind: Percent, Under: first, Stars: true},
			{Name: "Mean BHAR, %", Kind: Percent}, {Name: first, Kind: Stat}, {Name: first + " p", Kind: PValue}},
		Note:      "CAAR is the mean CAR across events, in percent; BHAR is the buy-and-hold abnormal return; every test is in the tests table.",
		ParenNote: first + " statistic in parentheses."}
	for _, w := range s.Windows {
		st, p := firstTest(w.Tests)
		t.Rows = append(t.Rows, []Cell{txt(windowLabel(w.Window)), intCell(w.N), coef(w.CAAR, st, p), num(w.BHAR), num(st), num(p)})
	}
	return t
}

// Tests is the table of every test of s (rows) by CAR window (columns):
// the statistic, with its p-value in parentheses.
func Tests(s study.Summary) *Table {
	t := &Table{Name: "tests", Title: "Tests of the CAAR across events, by window",
		Columns:   []Column{{Name: "Test"}},
		Note:      "Statistic of each test across events; p-values are two-sided unless the run chose another alternative (see the parameters).",
		ParenNote: "p-value in parentheses."}
	for _, w := range s.Windows {
		t.Columns = append(t.Columns, Column{Name: windowLabel(w.Window), Kind: Stat, Under: "p", UnderInline: true, Stars: true})
	}
	for k, name := range s.Tests {
		row := []Cell{txt(name)}
		for _, w := range s.Windows {
			c := coef(nan(), nan(), nan())
			if k < len(w.Tests) {
				c = coef(w.Tests[k].Stat, w.Tests[k].P, w.Tests[k].P)
			}
			row = append(row, c)
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// AAR is the table of AAR and CAAR by event day with the first test of s;
// aar.csv holds every test by day.
func AAR(s study.Summary) *Table {
	first := firstName(s)
	t := &Table{Name: "aar", Title: "Average abnormal returns (AAR) by event day",
		Columns: []Column{{Name: "Day", Kind: Int}, {Name: "N", Kind: Int},
			{Name: "AAR, %", Kind: Percent, Under: first, Stars: true}, {Name: "CAAR, %", Kind: Percent},
			{Name: first, Kind: Stat}, {Name: first + " p", Kind: PValue}},
		Note:      "Days are trading days relative to the event (day 0); aar.csv has every test by day.",
		ParenNote: first + " statistic of the AAR in parentheses."}
	for _, d := range s.Days {
		st, p := firstTest(d.Tests)
		t.Rows = append(t.Rows, []Cell{intCell(d.RelDay), intCell(d.N), coef(d.AAR, st, p), num(d.CAAR), num(st), num(p)})
	}
	return t
}

func firstName(s study.Summary) string {
	if len(s.Tests) > 0 {
		return s.Tests[0]
	}
	return "t"
}

// CARs is the table of each OK event's CAR over each window.
func CARs(rs []study.Result, o Options) *Table {
	u := "t"
	if o.SE {
		u = "SE"
	}
	t := &Table{Name: "car", Title: "Cumulative abnormal returns (CAR) by event",
		Columns: []Column{{Name: "Event"}, {Name: "Symbol"}, {Name: "Day 0"}, {Name: "Window"}, {Name: "Days", Kind: Int},
			{Name: "CAR, %", Kind: Percent, Under: u, Stars: true}, {Name: "SE, %", Kind: Percent},
			{Name: "t", Kind: Stat}, {Name: "p", Kind: PValue}, {Name: "BHAR, %", Kind: Percent}},
		Note:      "CAR is the sum of daily abnormal returns over the window, in percent; p is two-sided; BHAR is the buy-and-hold abnormal return.",
		ParenNote: u + " of the CAR in parentheses."}
	for _, r := range rs {
		if r.Status != study.StatusOK {
			continue
		}
		day0 := ""
		if !r.Day0.IsZero() {
			day0 = r.Day0.Format("2006-01-02")
		}
		for _, c := range r.CARs {
			paren := c.T
			if o.SE {
				paren = c.SE
			}
			t.Rows = append(t.Rows, []Cell{txt(r.Event.ID), txt(r.Event.Symbol), txt(day0), txt(windowLabel(c.Window)),
				intCell(c.NDays), coef(c.CAR, paren, c.P), num(c.SE), num(c.T), num(c.P), num(c.BHAR)})
		}
	}
	return t
}

// All returns the result tables in the order of the report.
func All(s study.Summary, rs []study.Result, o Options) []*Table {
	return []*Table{Summary(s), Tests(s), CARs(rs, o), AAR(s)}
}
