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
	"sync/atomic"

	"github.com/eventstudy/eventstudy/internal/numfmt"
	"github.com/eventstudy/eventstudy/study"
)

// Kind says how a column's values are shown.
type Kind int

const (
	Text      Kind = iota // Cell.Text
	Int                   // Cell.Value as a whole number (counts: N, days)
	Percent               // Cell.Value (a fraction) ×100 with 2 decimals; XLSX shows 0.00%
	Stat                  // Cell.Value with 2 decimals (t, z statistics)
	PValue                // Cell.Value with 3 decimals, "< 0.001" below 0.001
	Rank                  // a sum of ranks (Wilcoxon's V): whole, or with .5 from tied mean ranks
	LogVolume             // an abnormal log volume (a difference of ln(1 + volume)) with 3 decimals
)

// Column is one column of a table.
type Column struct {
	Name string
	Kind Kind
	// Under names the value shown in parentheses under each cell (LaTeX)
	// or after it (Markdown, HTML, when UnderInline): "t", "SE", "p" or a
	// test's name. Empty: none. An SE under a Percent column is a
	// percentage too.
	Under string
	// UnderInline shows the parenthesised value in Markdown and HTML after
	// the number, and in XLSX in a column of its own, named "<name> <under>".
	// Without it the parenthesised value is another column of the table
	// (marked Paren), which those formats show as it is.
	UnderInline bool
	// Paren marks the column whose values LaTeX prints in parentheses under
	// another column's numbers (the t under the CAR): LaTeX leaves it out
	// rather than print each number twice.
	Paren bool
	// Interval: cells may carry an interval (Cell.Lo, Cell.Hi), shown in
	// brackets after the number and in XLSX in two columns of its own.
	Interval bool
	// Stars: cells get significance stars from Cell.P when Options.Stars.
	Stars bool
	// Wrap: LaTeX wraps the column's text in lines 0.4\linewidth wide (the
	// tests' names, which would otherwise leave no room for the windows).
	Wrap bool
}

// Cell is one value. Missing numbers are NaN and print empty.
type Cell struct {
	Text  string
	Value float64
	Under float64 // the parenthesised value (see Column.Under); NaN: none
	// P is the p-value of the stars; NaN: none, also where the test is not
	// valid for the sample (see [MinStarsN]).
	P float64
	// As, when not Text (its zero value), overrides the column's Kind for
	// this cell: in the tests table the bootstrap's statistic is the CAAR
	// (Percent) and Wilcoxon's a rank sum (Rank).
	As Kind
	// Lo and Hi are an interval around Value (a bootstrap CAAR's), in the
	// cell's kind; NaN: none.
	Lo, Hi float64
}

// Table is one result table.
type Table struct {
	Name    string // file stem and XLSX sheet name: summary, car, aar
	Title   string
	Columns []Column
	// Rows are the cells of a small table, made when the table is. A table
	// whose rows are made on demand (the per-event table of [CARs]: one row
	// per event and window, 40,000 on a batch of 10,000 events) has none:
	// read every table's rows with [Table.Len] and [Table.Row].
	Rows [][]Cell
	// Note is said under the table: what the numbers are, and a warning when
	// a sample is small. Options.Stars adds the rule of the stars.
	Note string
	// StarsNote is the rule of the stars in this table; empty: [StarsNote].
	StarsNote string
	// ParenNote says what the parentheses hold; only LaTeX shows them.
	ParenNote string
	// Group is the number of leading columns that name a group of rows (the
	// event of the CAR table): LaTeX shows them once, on a heading line over
	// the group's rows, rather than repeat them on every row.
	Group int
	// PartCols is the most value columns LaTeX sets side by side (the
	// windows of the tests table); more are set in parts that each repeat
	// the row names. 0: no limit.
	PartCols int

	gen   *rowSource                // rows made on demand; nil: Rows
	cache atomic.Pointer[textCache] // see [Table.texts]
}

// rowSource makes the n rows of a table on demand: fill sets the cells of
// row i in row (len(Columns) cells). It is called from several goroutines
// at once (the workbook and the report are written side by side), so it
// reads only what does not change.
type rowSource struct {
	n    int
	fill func(i int, row []Cell)
}

// Len is the number of rows of t.
func (t *Table) Len() int {
	if t.gen != nil {
		return t.gen.n
	}
	return len(t.Rows)
}

// Row is row i of t, 0 <= i < t.Len(): Rows[i], or, in a table whose rows
// are made on demand, the row made in buf (reallocated when it has fewer
// than len(Columns) cells), valid until buf is used again. Pass the same
// buf for every row of a loop, and do not change the cells returned.
// Safe for concurrent use with distinct bufs.
func (t *Table) Row(i int, buf []Cell) []Cell {
	if t.gen == nil {
		return t.Rows[i]
	}
	if cap(buf) < len(t.Columns) {
		buf = make([]Cell, len(t.Columns))
	}
	buf = buf[:len(t.Columns)]
	t.gen.fill(i, buf)
	return buf
}

// rowBuf is the buffer of a loop over t's rows (see [Table.Row]): nil when
// t has its Rows.
func (t *Table) rowBuf() []Cell {
	if t.gen == nil {
		return nil
	}
	return make([]Cell, len(t.Columns))
}

// AllRows are the rows of t as cells: Rows, or every row made on demand
// (a copy: for a small table, or a test).
func (t *Table) AllRows() [][]Cell {
	if t.gen == nil {
		return t.Rows
	}
	rows := make([][]Cell, t.Len())
	for i := range rows {
		rows[i] = t.Row(i, nil)
	}
	return rows
}

// Slice is the table of rows lo to hi (exclusive) of t, with t's name,
// title, columns, notes and layout; it shares t's rows (made on demand
// too, when t's are).
func (t *Table) Slice(lo, hi int) *Table {
	s := &Table{Name: t.Name, Title: t.Title, Columns: t.Columns, Note: t.Note, StarsNote: t.StarsNote,
		ParenNote: t.ParenNote, Group: t.Group, PartCols: t.PartCols}
	if t.gen == nil {
		s.Rows = t.Rows[lo:hi]
		return s
	}
	if lo < 0 || hi < lo || hi > t.gen.n {
		panic(fmt.Sprintf("tables: rows %d to %d of a table of %d", lo, hi, t.gen.n))
	}
	fill := t.gen.fill
	s.gen = &rowSource{n: hi - lo, fill: func(i int, row []Cell) { fill(lo+i, row) }}
	return s
}

// Options choose what the presentation formats show.
type Options struct {
	Stars bool // significance stars: * p < 0.10, ** p < 0.05, *** p < 0.01
	// SE puts the standard error instead of the t statistic in parentheses
	// under per-event CARs (the summary and AAR tables always show the
	// statistic of the first test, as no cross-sectional SE is reported).
	SE bool
	// Measure is what the study measured (study.Measure): in a volume study
	// the abnormal "returns" are abnormal log volumes, shown as such, not as
	// percentages (see [Relabel]).
	Measure study.Measure
}

// StarsNote defines the stars.
const StarsNote = "Significance: * p < 0.10, ** p < 0.05, *** p < 0.01."

// acrossStarsNote is the rule of the stars in the tables of tests across
// events.
var acrossStarsNote = StarsNote + " Stars only where at least " + strconv.Itoa(MinStarsN) +
	" events enter the test (fewer cannot support its p-value)."

func nan() float64 { return math.NaN() }

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

func txt(s string) Cell {
	return Cell{Text: s, Value: nan(), Under: nan(), P: nan(), Lo: nan(), Hi: nan()}
}
func num(x float64) Cell {
	return Cell{Value: x, Under: nan(), P: nan(), Lo: nan(), Hi: nan()}
}
func coef(x, under, p float64) Cell {
	c := num(x)
	c.Under, c.P = under, p
	return c
}
func intCell(n int) Cell { return num(float64(n)) }

// windowLabel is a window as "[−1, +1]", with a true minus sign.
func windowLabel(w study.Window) string {
	return "[" + numfmt.Signed(w.Start) + ", " + numfmt.Signed(w.End) + "]"
}

// minus is the true minus sign that Markdown and HTML show (LaTeX: $-$).
const minus = "\u2212"

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

// Format shows a value of a kind as the tables do (the report's event
// cards write theirs with it too); NaN and ±Inf are empty. Negative
// numbers carry a true minus sign (U+2212); a value that rounds to zero
// shows no sign.
func Format(k Kind, x float64) string {
	if !finite(x) {
		return ""
	}
	var s string
	switch k {
	case Int:
		s = numfmt.Group(strconv.FormatFloat(x, 'f', 0, 64)) // 10,000 as in the charts' titles
	case Percent:
		s = strconv.FormatFloat(100*x, 'f', 2, 64)
	case Stat:
		s = strconv.FormatFloat(x, 'f', 2, 64)
	case PValue:
		if x < 0.001 {
			return "< 0.001"
		}
		s = strconv.FormatFloat(x, 'f', 3, 64)
	case LogVolume:
		s = strconv.FormatFloat(x, 'f', 3, 64)
	case Rank:
		d := 0
		if x != math.Trunc(x) {
			d = 1
		}
		s = numfmt.Group(strconv.FormatFloat(x, 'f', d, 64))
	default:
		s = strconv.FormatFloat(x, 'g', -1, 64)
	}
	if strings.HasPrefix(s, "-") {
		if strings.Trim(s, "-0.") == "" {
			return s[1:]
		}
		return minus + s[1:]
	}
	return s
}

// kind is how cell v of column c is shown.
func kind(c Column, v Cell) Kind {
	if v.As != Text {
		return v.As
	}
	return c.Kind
}

// cellText is what a cell shows, in pieces (see [parts], [under]); text:
// the cell is shown as text (its kind is Text), n is its Cell.Text.
type cellText struct {
	n, st, iv, under string
	text             bool
}

// inline is the cell of Markdown and HTML: the number, stars, interval, and
// the parenthesised value when the column shows it inline.
func (x cellText) inline(c Column) string {
	s := x.n + x.st
	if x.iv != "" {
		s += " " + x.iv
	}
	if c.UnderInline && x.under != "" {
		s += " " + x.under
	}
	return s
}

// textCache holds the cells' texts for one Options value.
type textCache struct {
	o     Options
	cells [][]cellText
}

// texts are the texts of t's cells under o, formatted once and shared by
// every format written with the same options (a table is not changed once
// written; the cache is dropped if the number of rows changes).
func (t *Table) texts(o Options) [][]cellText {
	n := t.Len()
	if c := t.cache.Load(); c != nil && c.o == o && len(c.cells) == n {
		return c.cells
	}
	all := make([]cellText, n*len(t.Columns))
	cells := make([][]cellText, n)
	buf := t.rowBuf()
	for i := range cells {
		row := t.Row(i, buf)
		cells[i] = all[i*len(t.Columns) : (i+1)*len(t.Columns) : (i+1)*len(t.Columns)]
		for j, c := range t.Columns {
			x := &cells[i][j]
			x.n, x.st, x.iv = parts(c, row[j], o)
			x.under = under(c, row[j])
			x.text = kind(c, row[j]) == Text
		}
	}
	t.cache.Store(&textCache{o: o, cells: cells})
	return cells
}

// parts are the pieces of a cell's main text: the number (or text), its
// stars when asked and valid, and its interval in brackets ("" if none).
func parts(c Column, v Cell, o Options) (n, st, iv string) {
	k := kind(c, v)
	if k == Text {
		return v.Text, "", ""
	}
	n = Format(k, v.Value)
	if n == "" {
		return "", "", ""
	}
	pct := ""
	if k == Percent && c.Kind != Percent {
		pct = "%" // a return in a column of statistics
	}
	n += pct
	if o.Stars && c.Stars {
		st = stars(v.P)
	}
	if lo, hi := Format(k, v.Lo), Format(k, v.Hi); c.Interval && lo != "" && hi != "" {
		iv = "[" + lo + pct + ", " + hi + pct + "]"
	}
	return n, st, iv
}

// under is the parenthesised text of a cell, "" if none.
func under(c Column, v Cell) string {
	if c.Under == "" || !finite(v.Under) {
		return ""
	}
	return "(" + Format(underKind(c), v.Under) + ")"
}

// underKind is how the parenthesised value of c is shown.
func underKind(c Column) Kind {
	switch {
	case c.Under == "p":
		return PValue
	case c.Under == "SE" && (c.Kind == Percent || c.Kind == LogVolume):
		return c.Kind
	}
	return Stat
}

// NoteText is the note said under t: Note, and the rule of the stars when
// o shows them.
func (t *Table) NoteText(o Options) string { return t.note(o) }

// note is the table note with the stars defined when they are shown.
func (t *Table) note(o Options) string {
	n := t.Note
	if o.Stars && t.hasStars() {
		s := t.StarsNote
		if s == "" {
			s = StarsNote
		}
		n = strings.TrimSpace(n + " " + s)
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

// smallNote warns when a test across events had fewer than [MinStarsN]
// events; ns are the N of the table's rows. "" when none is small.
func smallNote(ns []int) string {
	low := -1
	for _, n := range ns {
		if n > 0 && n < MinStarsN && (low < 0 || n < low) {
			low = n
		}
	}
	if low < 0 {
		return ""
	}
	return fmt.Sprintf("Small sample: N = %d (under %d events); the p-values assume normally distributed "+
		"abnormal returns or rely on large-sample approximations, so read them with care.", low, MinStarsN)
}

func firstTest(tests []study.Stat) (float64, float64) {
	if len(tests) == 0 {
		return nan(), nan()
	}
	return tests[0].Stat, tests[0].P
}

// Summary is the table of CAAR and mean BHAR by CAR window with the first
// test of s (the cross-sectional t by default); [Tests] has every test.
// LaTeX prints the test's statistic in parentheses under the CAAR; the
// other formats have it in its own column.
func Summary(s study.Summary) *Table {
	code := firstCode(s)
	first := TestName(code)
	t := &Table{Name: "summary", Title: "Cumulative average abnormal returns (CAAR) by window",
		Columns: []Column{{Name: "Window"}, {Name: "N", Kind: Int}, {Name: "CAAR, %", Kind: Percent, Under: first, Stars: true},
			{Name: "Mean BHAR, %", Kind: Percent}, {Name: first, Kind: statKind(code), Paren: true}, {Name: "p", Kind: PValue}},
		Note:      "CAAR is the mean CAR across events, in percent; BHAR is the buy-and-hold abnormal return; p is the p-value of the " + first + "; every test is in the tests table.",
		StarsNote: acrossStarsNote,
		ParenNote: first + " in parentheses."}
	var ns []int
	for _, w := range s.Windows {
		st, p := firstTest(w.Tests)
		stat := num(st)
		stat.As = statKind(code)
		t.Rows = append(t.Rows, []Cell{txt(windowLabel(w.Window)), intCell(w.N), coef(w.CAAR, st, starsP(p, w.N)), num(w.BHAR), stat, num(p)})
		ns = append(ns, w.N)
	}
	t.Note = join(t.Note, smallNote(ns))
	return t
}

// Tests is the table of every test of s (rows, by name) by CAR window
// (columns): the statistic with its p-value in parentheses; a bootstrap's
// CAAR in percent with its interval in brackets, Wilcoxon's V as a rank sum.
func Tests(s study.Summary) *Table {
	t := &Table{Name: "tests", Title: "Tests of the CAAR across events, by window",
		Columns:   []Column{{Name: "Test", Wrap: true}},
		Note:      "Statistic of each test across events with its p-value in parentheses; the bootstrap rows show the CAAR itself with its interval; p-values are two-sided unless the run chose another alternative (see the parameters).",
		StarsNote: acrossStarsNote,
		ParenNote: "p-value in parentheses.",
		PartCols:  texTestsCols}
	interval := false
	for _, code := range s.Tests {
		interval = interval || statKind(code) == Percent
	}
	var ns []int
	for _, w := range s.Windows {
		t.Columns = append(t.Columns, Column{Name: windowLabel(w.Window), Kind: Stat, Under: "p", UnderInline: true, Interval: interval, Stars: true})
		ns = append(ns, w.N)
	}
	for k, code := range s.Tests {
		row := []Cell{txt(TestName(code))}
		for _, w := range s.Windows {
			c := coef(nan(), nan(), nan())
			if k < len(w.Tests) {
				x := w.Tests[k]
				c = coef(x.Stat, x.P, starsP(x.P, w.N))
				if statKind(code) == Percent { // an interval test: the CAAR and its interval
					c.Lo, c.Hi = x.CILow, x.CIHigh
				}
			}
			c.As = statKind(code)
			row = append(row, c)
		}
		t.Rows = append(t.Rows, row)
	}
	t.Note = join(t.Note, smallNote(ns))
	return t
}

// texTestsCols is the most windows the LaTeX tests table sets side by side:
// with the test names and the bootstrap's intervals, two fit the text
// width of an article at 12 pt.
const texTestsCols = 2

// AAR is the table of AAR and CAAR by event day with the first test of s;
// aar.csv holds every test by day.
func AAR(s study.Summary) *Table {
	code := firstCode(s)
	first := TestName(code)
	t := &Table{Name: "aar", Title: "Average abnormal returns (AAR) by event day",
		Columns: []Column{{Name: "Day", Kind: Int}, {Name: "N", Kind: Int},
			{Name: "AAR, %", Kind: Percent, Under: first, Stars: true}, {Name: "CAAR, %", Kind: Percent},
			{Name: first, Kind: statKind(code), Paren: true}, {Name: "p", Kind: PValue}},
		Note:      "Days are trading days relative to the event (day 0); p is the p-value of the " + first + " of the AAR; aar.csv has every test by day.",
		StarsNote: acrossStarsNote,
		ParenNote: first + " of the AAR in parentheses."}
	var ns []int
	for _, d := range s.Days {
		st, p := firstTest(d.Tests)
		stat := num(st)
		stat.As = statKind(code)
		t.Rows = append(t.Rows, []Cell{intCell(d.RelDay), intCell(d.N), coef(d.AAR, st, starsP(p, d.N)), num(d.CAAR), stat, num(p)})
		ns = append(ns, d.N)
	}
	t.Note = join(t.Note, smallNote(ns))
	return t
}

// join joins two sentences with a space; either may be empty.
func join(a, b string) string { return strings.TrimSpace(a + " " + b) }

func firstCode(s study.Summary) string {
	if len(s.Tests) > 0 {
		return s.Tests[0]
	}
	return "t"
}

// CARs is the table of each OK event's CAR over each window, with the
// event's own t test (time-series standard error from its estimation
// window); LaTeX prints its t (or SE, Options.SE) in parentheses under the
// CAR.
func CARs(rs []study.Result, o Options) *Table {
	u := "t"
	if o.SE {
		u = "SE"
	}
	t := &Table{Name: "car", Title: "Cumulative abnormal returns (CAR) by event",
		Columns: []Column{{Name: "Event"}, {Name: "Symbol"}, {Name: "Day 0"}, {Name: "Window"}, {Name: "Days", Kind: Int},
			{Name: "CAR, %", Kind: Percent, Under: u, Stars: true}, {Name: "SE, %", Kind: Percent, Paren: o.SE},
			{Name: "t", Kind: Stat, Paren: !o.SE}, {Name: "p", Kind: PValue}, {Name: "BHAR, %", Kind: Percent}},
		Note:      "CAR is the sum of daily abnormal returns over the window, in percent, tested against its standard error from the event's estimation window; p is two-sided; BHAR is the buy-and-hold abnormal return.",
		ParenNote: u + " of the CAR in parentheses.",
		Group:     3}
	// The rows are made on demand ([Table.Row]) from the results: a batch
	// of 10,000 events has 40,000 rows, which as cells would be 21 MB made
	// for a workbook that formats each row once, and for text formats that
	// leave the table out (render's MaxTableRows). Made once here: each OK
	// event's first row and day 0 (the days in one string, not a string
	// each), each row's event, each window's label.
	m, n := 0, 0
	for k := range rs {
		if rs[k].Status == study.StatusOK && len(rs[k].CARs) > 0 {
			m, n = m+1, n+len(rs[k].CARs)
		}
	}
	evs := make([]carEvent, 0, m)
	days := make([]byte, 0, m*len("2006-01-02")) // every day 0, one after the other
	var labels []windowText
	rows := 0
	for k := range rs {
		r := &rs[k]
		if r.Status != study.StatusOK || len(r.CARs) == 0 {
			continue
		}
		e := carEvent{r: r, first: rows, day0: int32(len(days))}
		rows += len(r.CARs)
		if !r.Day0.IsZero() {
			days = r.Day0.AppendFormat(days, "2006-01-02")
		}
		e.day0End = int32(len(days))
		evs = append(evs, e)
		for _, c := range r.CARs {
			_, labels = windowLabelOf(labels, c.Window)
		}
	}
	day0s := string(days)
	of := make([]int32, 0, n) // the event of each row, an index into evs
	for k, e := range evs {
		for range e.r.CARs {
			of = append(of, int32(k))
		}
	}
	se := o.SE
	t.gen = &rowSource{n: n, fill: func(i int, row []Cell) {
		e := &evs[of[i]]
		r, c := e.r, &e.r.CARs[i-e.first]
		paren := c.T
		if se {
			paren = c.SE
		}
		label, _ := windowLabelOf(labels, c.Window)
		row[0], row[1], row[2], row[3] = txt(r.Event.ID), txt(r.Event.Symbol), txt(day0s[e.day0:e.day0End]), txt(label)
		row[4], row[5], row[6], row[7], row[8], row[9] = intCell(c.NDays), coef(c.CAR, paren, c.P), num(c.SE), num(c.T), num(c.P), num(c.BHAR)
	}}
	return t
}

// carEvent is an OK event of the per-event table: its result, its first
// row, where its day 0 is in the text of all days 0 ("" when unknown).
type carEvent struct {
	r             *study.Result
	first         int
	day0, day0End int32
}

// windowText is a window with its label.
type windowText struct {
	w     study.Window
	label string
}

// windowLabelOf is the label of w from the labels made so far (a run has a
// few windows), adding it if new.
func windowLabelOf(labels []windowText, w study.Window) (string, []windowText) {
	for _, l := range labels {
		if l.w == w {
			return l.label, labels
		}
	}
	l := windowText{w, windowLabel(w)}
	return l.label, append(labels, l)
}

// relabelCells shows the cells of a row of a volume study as log volumes
// (see [Relabel]).
func relabelCells(row []Cell) {
	for j := range row {
		if row[j].As == Percent {
			row[j].As = LogVolume
		}
		row[j].Text = strings.Replace(row[j].Text, "CAAR, % [", "CAAR, log volume [", 1)
	}
}

// All returns the result tables in the order of the report, relabelled
// for o.Measure ([Relabel]).
func All(s study.Summary, rs []study.Result, o Options) []*Table {
	return Relabel([]*Table{Summary(s), Tests(s), CARs(rs, o), AAR(s)}, o.Measure)
}

// Relabel shows the tables of a study of measure m as what they measured:
// in a volume study (study.MeasureVolume) the AR, CAR and CAAR are abnormal
// log volumes, ln(1 + V) minus its expectation (Campbell & Wasley 1996),
// not returns, so the percent columns and cells become log volumes with 3
// decimals and the notes say so. Other measures are returns: ts unchanged.
func Relabel(ts []*Table, m study.Measure) []*Table {
	if m != study.MeasureVolume {
		return ts
	}
	for _, t := range ts {
		for j := range t.Columns {
			c := &t.Columns[j]
			if c.Kind == Percent {
				c.Kind = LogVolume
				c.Name = strings.TrimSuffix(strings.TrimSuffix(c.Name, ", %"), " %") + ", log volume"
			}
		}
		for _, row := range t.Rows {
			relabelCells(row)
		}
		if g := t.gen; g != nil {
			t.gen = &rowSource{n: g.n, fill: func(i int, row []Cell) { g.fill(i, row); relabelCells(row) }}
		}
		t.Title = strings.Replace(strings.Replace(t.Title, "abnormal returns", "abnormal log volume", 1), "Abnormal returns", "Abnormal log volume", 1)
		t.Note = join(strings.ReplaceAll(t.Note, ", in percent", ""), "Volume study: AR, CAR and CAAR are abnormal log volumes, "+
			"ln(1 + volume) minus its expectation (Campbell & Wasley 1996), not returns.")
	}
	return ts
}
