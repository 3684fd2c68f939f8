package tables

import (
	"testing"

	"github.com/eventstudy/eventstudy/study"
)

// TestRelabelMadeRows: Relabel shows a volume study's cells as log volumes
// in a table whose rows are made on demand as in one that holds its rows,
// also through a slice of it.
func TestRelabelMadeRows(t *testing.T) {
	row := func() []Cell { c := num(0.5); c.As = Percent; return []Cell{txt("CAAR, % [boot]"), c} }
	cols := []Column{{Name: "Test"}, {Name: "x", Kind: Stat}}
	held := &Table{Name: "held", Columns: cols, Rows: [][]Cell{row(), row()}}
	made := &Table{Name: "made", Columns: cols, gen: &rowSource{n: 2, fill: func(i int, r []Cell) { copy(r, row()) }}}
	Relabel([]*Table{held, made}, study.MeasureVolume)
	for _, tb := range []*Table{held, made, made.Slice(1, 2)} {
		for i := range tb.Len() {
			r := tb.Row(i, nil)
			if r[0].Text != "CAAR, log volume [boot]" || r[1].As != LogVolume {
				t.Errorf("%s row %d after Relabel: %q, kind %d; want \"CAAR, log volume [boot]\", LogVolume", tb.Name, i, r[0].Text, r[1].As)
			}
		}
	}
}
