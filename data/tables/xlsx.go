package tables

import (
	"archive/zip"
	"compress/flate"
	"io"

	"github.com/xuri/excelize/v2"

	"github.com/eventstudy/eventstudy/data/tidy"
)

// XLSXColumns are the header cells of t in a worksheet: a column whose
// parenthesised value is shown inline elsewhere gets a column after it named
// "<name> <under>", and a column with intervals two more, "<name> low" and
// "<name> high".
func XLSXColumns(t *Table) []string {
	var h []string
	for _, c := range t.Columns {
		h = append(h, c.Name)
		if c.Under != "" && c.UnderInline {
			h = append(h, c.Name+" "+c.Under)
		}
		if c.Interval {
			h = append(h, c.Name+" low", c.Name+" high")
		}
	}
	return h
}

// xlsxFormats are the number formats of the kinds; a p-value below 0.001
// shows "< 0.001", as in the other formats, while the cell keeps its value.
var xlsxFormats = map[Kind]string{
	Int:     "0",
	Percent: "0.00%",
	Stat:    "0.00",
	PValue:  `[<0.001]"< 0.001";0.000`,
	Rank:    "General",
}

// WriteXLSX writes the tables as one workbook, a sheet per table named by
// Table.Name, with a bold header row. Numbers are stored as the exact
// float64 values (percent columns as fractions with a 0.00% format) with a
// display format by kind; missing numbers are empty cells; text goes through
// [tidy.Text] so that a spreadsheet never runs it as a formula. Notes go two
// rows under the table. Rows are streamed (excelize's StreamWriter): a cell
// costs a few allocations, not a lookup in a sheet held in memory; and the
// workbook is deflated at the fastest level (see [fastZip]).
func WriteXLSX(w io.Writer, ts []*Table) (err error) {
	f := excelize.NewFile()
	f.SetZipWriter(fastZip)
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	style := map[Kind]int{}
	for k, nf := range xlsxFormats {
		if style[k], err = f.NewStyle(&excelize.Style{CustomNumFmt: &nf}); err != nil {
			return err
		}
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
		sw, err := f.NewStreamWriter(sheet)
		if err != nil {
			return err
		}
		head := XLSXColumns(t)
		row := make([]any, len(head))
		for j, h := range head {
			row[j] = excelize.Cell{StyleID: bold, Value: tidy.Text(h)}
		}
		if err := sw.SetRow("A1", row); err != nil {
			return err
		}
		for r, cells := range t.Rows {
			row = row[:0]
			put := func(k Kind, x float64, s string) {
				switch {
				case k == Text:
					row = append(row, tidy.Text(s))
				case !finite(x):
					row = append(row, nil)
				default:
					row = append(row, excelize.Cell{StyleID: style[k], Value: x})
				}
			}
			for j, c := range t.Columns {
				v := cells[j]
				k := kind(c, v)
				put(k, v.Value, v.Text)
				if c.Under != "" && c.UnderInline {
					put(underKind(c), v.Under, "")
				}
				if c.Interval {
					put(k, v.Lo, "")
					put(k, v.Hi, "")
				}
			}
			cell, _ := excelize.CoordinatesToCellName(1, r+2)
			if err := sw.SetRow(cell, row); err != nil {
				return err
			}
		}
		if t.Note != "" {
			cell, _ := excelize.CoordinatesToCellName(1, len(t.Rows)+3)
			if err := sw.SetRow(cell, []any{tidy.Text(t.Note)}); err != nil {
				return err
			}
		}
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	_, err = f.WriteTo(w)
	return err
}

// fastZip is the workbook's zip writer: Deflate at flate.BestSpeed, not
// archive/zip's default level, which spent most of the time of a large
// workbook (10,000 events) on compression for a file about a third smaller.
// Every reader of XLSX reads any Deflate level.
func fastZip(w io.Writer) excelize.ZipWriter {
	z := zip.NewWriter(w)
	z.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.BestSpeed)
	})
	return z
}
