package tables_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/eventstudy/eventstudy/data/tables"
	"github.com/eventstudy/eventstudy/data/tidy"
	"github.com/eventstudy/eventstudy/study"
)

// manyEvents: 300 events of ten windows each (3,000 rows, more than a
// megabyte of sheet XML, handed to the zip in many pieces), with texts that
// repeat in every pattern the writer's shared-string shortcuts meet: an
// event's id, symbol and day 0 on each of its rows; ten windows, more than
// the writer remembers per column; symbols that come back after many
// others and alternate; a symbol equal to another event's id; formula-like
// text; events without a day 0; and numbers of every shape: NaN (an empty
// cell), whole numbers (negative, zero, −0, a million and over), tiny and
// huge values that need an exponent, and values of all 17 digits.
func manyEvents() []study.Result {
	var rs []study.Result
	start := time.Date(2017, 10, 2, 0, 0, 0, 0, time.UTC)
	for i := range 300 {
		r := study.Result{Event: study.Event{ID: fmt.Sprintf("E%04d", i), Symbol: fmt.Sprintf("S%d", i%7)}, Status: study.StatusOK}
		switch {
		case i%5 == 0:
			r.Event.Symbol = fmt.Sprintf("S%d", i%2) // alternating
		case i%11 == 0:
			r.Event.Symbol = fmt.Sprintf("E%04d", i-1) // another column's text
		case i%13 == 0:
			r.Event.Symbol = "=HYPERLINK(\"x\")"
		case i%17 == 0:
			r.Event.Symbol = "-5" // a number as text: stays as it is
		}
		if i%9 != 0 {
			r.Day0 = start.AddDate(0, 0, i*13%40)
		}
		if i%23 == 0 {
			r.Status = study.StatusUnknownSymbol // no rows
		}
		shapes := []float64{math.NaN(), -3, 0, math.Copysign(0, -1), 1e6, 123456789, -999999, 1e-7, 2.5e21, -1.5}
		for w := range 10 {
			x := math.Sin(float64(i*10+w)) / 7
			c := study.CAR{Window: study.Window{Start: -w, End: w % 4}, NDays: w + 1, CAR: x, SE: math.Abs(x) / 3, T: 3 * x / math.Abs(x+1e-9),
				P: math.Abs(x) / 100, BHAR: x * 1.0000001}
			if w == i%10 {
				c.SE, c.BHAR = shapes[i%len(shapes)], shapes[(i+3)%len(shapes)]
			}
			r.CARs = append(r.CARs, c)
		}
		rs = append(rs, r)
	}
	return rs
}

// xlsxFormat is the number format a cell of each kind must carry, written
// out here rather than taken from the writer.
var xlsxFormat = map[tables.Kind]string{
	tables.Int: "0", tables.Percent: "0.00%", tables.Stat: "0.00", tables.PValue: `[<0.001]"< 0.001";0.000`,
	tables.Rank: "General", tables.LogVolume: "0.000",
}

// TestXLSXEveryCell reads every cell of every sheet back with excelize and
// compares it with the table it came from: the header, then each row's
// cells laid out as a naive second implementation here lays them out (a
// column's value, its inline parenthesised value, its interval), text as
// shared text (neutralised like CSV), numbers as numbers with exactly the
// float64 value and the number format of their kind, missing numbers as
// empty cells, and the note two rows under the table. Tables: the per-event
// CARs of manyEvents (with --se, and in a volume study) and the fixture's
// summary, tests and AAR.
func TestXLSXEveryCell(t *testing.T) {
	sum, _ := fixture()
	for _, o := range []tables.Options{{}, {SE: true, Measure: study.MeasureVolume}} {
		ts := tables.All(sum, manyEvents(), o)
		var b bytes.Buffer
		if err := tables.WriteXLSX(&b, ts); err != nil {
			t.Fatal(err)
		}
		checkZip(t, b.Bytes())
		f, err := excelize.OpenReader(&b)
		if err != nil {
			t.Fatal(err)
		}
		for _, tb := range ts {
			checkSheet(t, f, tb)
		}
		f.Close()
	}
}

// checkZip reads every part of a workbook to its end with archive/zip,
// which checks each part's size and CRC-32 there (excelize reads a part
// only as far as its size).
func checkZip(t *testing.T, b []byte) {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		if _, err := io.Copy(io.Discard, r); err != nil {
			t.Errorf("%s: %v", f.Name, err)
		}
		r.Close()
	}
}

// xlsxCell is what a cell must hold: text, or a number of a kind; neither:
// empty.
type xlsxCell struct {
	text   string
	isText bool
	kind   tables.Kind
	value  float64
}

// expectedCells are the cells of tb's sheet, row by row from row 1 (nil:
// an empty row), laid out here independently of the writer.
func expectedCells(tb *tables.Table) [][]xlsxCell {
	var want [][]xlsxCell
	var head []xlsxCell
	for _, c := range tb.Columns {
		head = append(head, xlsxCell{text: c.Name, isText: true})
		if c.Under != "" && c.UnderInline {
			head = append(head, xlsxCell{text: c.Name + " " + c.Under, isText: true})
		}
		if c.Interval {
			head = append(head, xlsxCell{text: c.Name + " low", isText: true}, xlsxCell{text: c.Name + " high", isText: true})
		}
	}
	want = append(want, head)
	for _, row := range tb.AllRows() {
		var cells []xlsxCell
		for j, c := range tb.Columns {
			v := row[j]
			k := c.Kind
			if v.As != tables.Text {
				k = v.As
			}
			if k == tables.Text {
				cells = append(cells, xlsxCell{text: v.Text, isText: v.Text != ""})
			} else {
				cells = append(cells, xlsxCell{kind: k, value: v.Value})
			}
			if c.Under != "" && c.UnderInline {
				uk := tables.Stat
				if c.Under == "p" {
					uk = tables.PValue
				} else if c.Under == "SE" && (c.Kind == tables.Percent || c.Kind == tables.LogVolume) {
					uk = c.Kind
				}
				cells = append(cells, xlsxCell{kind: uk, value: v.Under})
			}
			if c.Interval {
				cells = append(cells, xlsxCell{kind: k, value: v.Lo}, xlsxCell{kind: k, value: v.Hi})
			}
		}
		want = append(want, cells)
	}
	if tb.Note != "" {
		want = append(want, nil, []xlsxCell{{text: tb.Note, isText: true}})
	}
	return want
}

// empty: the cell holds nothing (no text, or a missing number).
func (w xlsxCell) empty() bool {
	return !w.isText && (w.kind == tables.Text || math.IsNaN(w.value) || math.IsInf(w.value, 0))
}

func checkSheet(t *testing.T, f *excelize.File, tb *tables.Table) {
	t.Helper()
	want := expectedCells(tb)
	rows, err := f.GetRows(tb.Name, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatalf("sheet %s: %v", tb.Name, err)
	}
	if len(rows) != len(want) {
		t.Fatalf("sheet %s: %d rows, want %d", tb.Name, len(rows), len(want))
	}
	bad := 0
	for i, cells := range want {
		for j, w := range cells {
			ref, _ := excelize.CoordinatesToCellName(j+1, i+1)
			got := ""
			if j < len(rows[i]) {
				got = rows[i][j]
			}
			typ, err := f.GetCellType(tb.Name, ref)
			if err != nil {
				t.Fatal(err)
			}
			var problem string
			switch {
			case w.isText:
				if want := tidy.Text(w.text); got != want || typ != excelize.CellTypeSharedString {
					problem = fmt.Sprintf("%q of type %v, want the text %q", got, typ, want)
				}
			case w.empty():
				if got != "" {
					problem = fmt.Sprintf("%q, want an empty cell", got)
				}
			default:
				x, err := strconv.ParseFloat(got, 64)
				format := ""
				if id, err := f.GetCellStyle(tb.Name, ref); err == nil {
					if st, err := f.GetStyle(id); err == nil && st.CustomNumFmt != nil {
						format = *st.CustomNumFmt
					}
				}
				if err != nil || x != w.value || math.Signbit(x) != math.Signbit(w.value) || typ != excelize.CellTypeUnset || format != xlsxFormat[w.kind] {
					problem = fmt.Sprintf("%q of type %v, format %q; want the number %v, format %q", got, typ, format, w.value, xlsxFormat[w.kind])
				}
			}
			if problem != "" {
				t.Errorf("sheet %s, %s: %s", tb.Name, ref, problem)
				if bad++; bad > 10 {
					t.Fatalf("sheet %s: too many wrong cells", tb.Name)
				}
			}
		}
		if i < len(rows) && len(rows[i]) > len(cells) {
			t.Errorf("sheet %s row %d: %d cells, want %d", tb.Name, i+1, len(rows[i]), len(cells))
		}
	}
}

// TestCARsRows: the per-event table has one row per OK event and window,
// in order, holding the event's id, symbol, day 0 (YYYY-MM-DD, empty when
// unknown), the window labelled with signs and a true minus ("[−3, +1]",
// written out here from the window's bounds) and the CAR's numbers; the
// t or, with SE, the standard error under the CAR. The rows are made on
// demand: read in order into one reused buffer, read back to front, and
// through a slice of the table, they are the same.
func TestCARsRows(t *testing.T) {
	rs := manyEvents()
	for _, o := range []tables.Options{{}, {SE: true}} {
		tb := tables.CARs(rs, o)
		var rows [][]tables.Cell
		buf := make([]tables.Cell, 0, 3) // too short: Row grows it
		for k := range tb.Len() {
			buf = tb.Row(k, buf)
			rows = append(rows, append([]tables.Cell(nil), buf...))
		}
		i := 0
		same := func(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }
		for _, r := range rs {
			if r.Status != study.StatusOK {
				continue
			}
			day0 := ""
			if !r.Day0.IsZero() {
				day0 = fmt.Sprintf("%04d-%02d-%02d", r.Day0.Year(), r.Day0.Month(), r.Day0.Day())
			}
			for _, c := range r.CARs {
				sign := func(n int) string {
					switch {
					case n < 0:
						return "\u2212" + strconv.Itoa(-n)
					case n > 0:
						return "+" + strconv.Itoa(n)
					}
					return "0"
				}
				label := "[" + sign(c.Window.Start) + ", " + sign(c.Window.End) + "]"
				if i >= len(rows) {
					t.Fatalf("%d rows, want more", len(rows))
				}
				row := rows[i]
				under := c.T
				if o.SE {
					under = c.SE
				}
				if len(row) != 10 || row[0].Text != r.Event.ID || row[1].Text != r.Event.Symbol || row[2].Text != day0 || row[3].Text != label ||
					row[4].Value != float64(c.NDays) || !same(row[5].Value, c.CAR) || !same(row[5].Under, under) || !same(row[5].P, c.P) ||
					!same(row[6].Value, c.SE) || !same(row[7].Value, c.T) || !same(row[8].Value, c.P) || !same(row[9].Value, c.BHAR) {
					t.Fatalf("row %d = %+v, want event %s %s %s %s and %+v", i, row, r.Event.ID, r.Event.Symbol, day0, label, c)
				}
				i++
			}
		}
		if i != len(rows) {
			t.Errorf("%d rows, want %d", len(rows), i)
		}
		for k := tb.Len() - 1; k >= 0; k-- {
			if got := tb.Row(k, buf); fmt.Sprint(got) != fmt.Sprint(rows[k]) {
				t.Fatalf("row %d read back to front = %+v, want %+v", k, got, rows[k])
			}
		}
		lo := len(rows) / 3
		part := tb.Slice(lo, len(rows)-1)
		if part.Len() != len(rows)-1-lo {
			t.Fatalf("slice of rows %d to %d: %d rows", lo, len(rows)-1, part.Len())
		}
		for k := range part.Len() {
			if got := part.Row(k, nil); fmt.Sprint(got) != fmt.Sprint(rows[lo+k]) {
				t.Fatalf("row %d of the slice from %d = %+v, want %+v", k, lo, got, rows[lo+k])
			}
		}
	}
}

// failAfter accepts n bytes, then fails.
type failAfter struct{ n int }

var errFull = fmt.Errorf("disk full")

func (w *failAfter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		k := w.n
		w.n = 0
		return k, errFull
	}
	w.n -= len(p)
	return len(p), nil
}

// TestXLSXWriteError: a writer that fails anywhere in the workbook (in a
// small part, in the middle of the per-event sheet's deflated segments, in
// the zip's directory) makes WriteXLSX return its error, not hang or
// panic; a workbook that fits is the same as one written in full.
func TestXLSXWriteError(t *testing.T) {
	sum, _ := fixture()
	ts := tables.All(sum, manyEvents(), tables.Options{})
	var full bytes.Buffer
	if err := tables.WriteXLSX(&full, ts); err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{0, 10, 400, 2000, full.Len() / 4, full.Len() / 2, full.Len() - 100, full.Len() - 1} {
		if err := tables.WriteXLSX(&failAfter{n}, ts); err != errFull {
			t.Errorf("writer failing after %d of %d bytes: err %v, want %v", n, full.Len(), err, errFull)
		}
	}
	if err := tables.WriteXLSX(&failAfter{full.Len()}, ts); err != nil {
		t.Errorf("writer of exactly %d bytes: %v", full.Len(), err)
	}
}

// openpyxlDump prints every cell of every sheet of the workbook argv[1] as
// openpyxl reads it: per sheet, rows of [data type, value, number format],
// numbers as Python's repr (the shortest text that reads back to the same
// float), empty cells as null.
const openpyxlDump = `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = {}
for ws in wb.worksheets:
    out[ws.title] = [[[c.data_type, None if c.value is None else (c.value if isinstance(c.value, str) else repr(c.value)), c.number_format]
                      for c in row] for row in ws.iter_rows()]
json.dump(out, sys.stdout)
`

// TestXLSXOpenpyxl reads the workbook of TestXLSXEveryCell with openpyxl
// (Python; what pandas.read_excel uses for .xlsx) and compares every cell
// of every sheet with the tables: text as text (day 0 too, never a date),
// numbers as numbers with exactly their float64 value and their kind's
// number format, missing numbers as empty cells. Skipped where Debian's
// python3-openpyxl is not installed, except under CI (.ci/run installs it).
func TestXLSXOpenpyxl(t *testing.T) {
	const python = "/usr/bin/python3"
	if err := exec.Command(python, "-c", "import openpyxl").Run(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s cannot import openpyxl (%v); .ci/run installs python3-openpyxl", python, err)
		}
		t.Skipf("openpyxl not installed for %s: %v", python, err)
	}
	sum, _ := fixture()
	ts := tables.All(sum, manyEvents(), tables.Options{})
	path := filepath.Join(t.TempDir(), "results.xlsx")
	var b bytes.Buffer
	if err := tables.WriteXLSX(&b, ts); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(python, "-c", openpyxlDump, path).Output()
	if err != nil {
		t.Fatalf("openpyxl: %v", err)
	}
	var sheets map[string][][][3]*string
	if err := json.Unmarshal(out, &sheets); err != nil {
		t.Fatal(err)
	}
	if len(sheets) != len(ts) {
		t.Errorf("openpyxl read %d sheets, want %d", len(sheets), len(ts))
	}
	for _, tb := range ts {
		rows, ok := sheets[tb.Name]
		if !ok {
			t.Errorf("openpyxl: no sheet %s", tb.Name)
			continue
		}
		want := expectedCells(tb)
		if len(rows) != len(want) {
			t.Errorf("sheet %s: openpyxl read %d rows, want %d", tb.Name, len(rows), len(want))
			continue
		}
		bad := 0
		for i, cells := range want {
			for j := range max(len(cells), len(rows[i])) {
				w := xlsxCell{kind: tables.Text} // past the row's cells: empty
				if j < len(cells) {
					w = cells[j]
				}
				var typ, val, format string
				isNull := true
				if j < len(rows[i]) {
					c := rows[i][j]
					if c[0] != nil {
						typ = *c[0]
					}
					if c[1] != nil {
						val, isNull = *c[1], false
					}
					if c[2] != nil {
						format = *c[2]
					}
				}
				var problem string
				switch {
				case w.isText:
					if want := tidy.Text(w.text); typ != "s" || val != want {
						problem = fmt.Sprintf("%s %q, want the text %q", typ, val, want)
					}
				case w.empty():
					if !isNull {
						problem = fmt.Sprintf("%s %q, want an empty cell", typ, val)
					}
				default:
					x, err := strconv.ParseFloat(val, 64)
					// (openpyxl reads "-0" as the integer 0: no sign to compare)
					if typ != "n" || err != nil || x != w.value || format != xlsxFormat[w.kind] {
						problem = fmt.Sprintf("%s %q format %q, want the number %v, format %q", typ, val, format, w.value, xlsxFormat[w.kind])
					}
				}
				if problem != "" {
					t.Errorf("openpyxl, sheet %s row %d column %d: %s", tb.Name, i+1, j+1, problem)
					if bad++; bad > 10 {
						t.Fatalf("sheet %s: too many wrong cells", tb.Name)
					}
				}
			}
		}
	}
}

// TestXLSXSize: the size estimate that sizes the workbook's buffer is at
// least the workbook's size and not much more, for a batch of 10,000 events
// (40,000 rows, shaped like the S&P 500 batch) and for a small study.
func TestXLSXSize(t *testing.T) {
	for _, ts := range [][]*tables.Table{
		{tables.CARs(batch(10000), tables.Options{})},
		tables.All(study.Summary{}, manyEvents(), tables.Options{}),
	} {
		var b bytes.Buffer
		if err := tables.WriteXLSX(&b, ts); err != nil {
			t.Fatal(err)
		}
		t.Logf("XLSXSize %d, workbook %d", tables.XLSXSize(ts), b.Len())
		if est := tables.XLSXSize(ts); est < b.Len() || est > b.Len()*3/2+16<<10 {
			t.Errorf("%d rows: XLSXSize %d, workbook %d bytes: want at least that and at most half more", ts[0].Len(), est, b.Len())
		}
	}
}
