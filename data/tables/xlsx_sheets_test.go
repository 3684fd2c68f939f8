package tables

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestXLSXLongTable: a table of more rows than a sheet holds goes on
// several sheets, "car", "car (2)" …, each with the header, the rows in
// order with none lost or repeated, the note under the last; a table that
// just fits (with its header and note) stays on one sheet. The limit is
// lowered from Excel's 1,048,576 rows to 12 (9 rows a sheet).
func TestXLSXLongTable(t *testing.T) {
	defer func(n int) { maxSheetRows = n }(maxSheetRows)
	maxSheetRows = 12
	for _, c := range []struct {
		rows   int
		sheets []string
	}{
		{9, []string{"car"}},
		{10, []string{"car", "car (2)"}},
		{30, []string{"car", "car (2)", "car (3)", "car (4)"}},
	} {
		tb := &Table{Name: "car", Columns: []Column{{Name: "Event"}, {Name: "t", Kind: Stat}}, Note: "The note."}
		for i := range c.rows {
			tb.Rows = append(tb.Rows, []Cell{txt(fmt.Sprintf("E%d", i)), num(float64(i) + 0.5)})
		}
		small := &Table{Name: "aar", Columns: []Column{{Name: "Day", Kind: Int}}, Rows: [][]Cell{{intCell(0)}}}
		var b bytes.Buffer
		if err := WriteXLSX(&b, []*Table{tb, small}); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(&b)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := strings.Join(f.GetSheetList(), "|"), strings.Join(append(c.sheets, "aar"), "|"); got != want {
			t.Errorf("%d rows: sheets %s, want %s", c.rows, got, want)
		}
		next := 0
		for k, name := range c.sheets {
			rows, err := f.GetRows(name, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) > maxSheetRows || len(rows) == 0 || strings.Join(rows[0], "|") != "Event|t" {
				t.Fatalf("%d rows, sheet %s: %q, want the header and at most %d rows", c.rows, name, rows, maxSheetRows)
			}
			body := rows[1:]
			if last := k == len(c.sheets)-1; last {
				if n := len(body); n < 3 || len(body[n-2]) != 0 || body[n-1][0] != "The note." {
					t.Errorf("%d rows, last sheet %s: %q, want the note two rows under the table", c.rows, name, rows)
					continue
				}
				body = body[:len(body)-2]
			}
			for _, r := range body {
				x := -1.0
				if len(r) == 2 {
					x, _ = strconv.ParseFloat(r[1], 64)
				}
				if len(r) != 2 || r[0] != fmt.Sprintf("E%d", next) || x != float64(next)+0.5 {
					t.Errorf("%d rows, sheet %s: row %q, want E%d", c.rows, name, r, next)
				}
				next++
			}
		}
		if next != c.rows {
			t.Errorf("%d rows: %d read back", c.rows, next)
		}
		f.Close()
	}
	tb := &Table{Name: strings.Repeat("x", 28), Rows: make([][]Cell, 20)}
	if err := WriteXLSX(&bytes.Buffer{}, []*Table{tb}); err == nil || !strings.Contains(err.Error(), "(2)") {
		t.Errorf("a part's name over 31 characters: err %v, want one naming it", err)
	}
}
