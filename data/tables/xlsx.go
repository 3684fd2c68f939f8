package tables

import (
	"archive/zip"
	"bufio"
	"fmt"
	"io"
	"math"
	"runtime"
	"strconv"
	"strings"
	"unicode/utf8"

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

// xlsxFormats are the number formats of the kinds, in the order of their
// cell styles (style 2 + index; 0 is the default, 1 the bold header). A
// p-value below 0.001 shows "< 0.001", as in the other formats, while the
// cell keeps its value.
var xlsxFormats = []struct {
	kind Kind
	code string
}{
	{Int, "0"},
	{Percent, "0.00%"},
	{Stat, "0.00"},
	{PValue, `[<0.001]"< 0.001";0.000`},
	{Rank, "General"},
	{LogVolume, "0.000"},
}

// xlsxStyle is the cell style (index into cellXfs) of a kind.
func xlsxStyle(k Kind) int {
	for i, f := range xlsxFormats {
		if f.kind == k {
			return 2 + i
		}
	}
	return 0
}

// WriteXLSX writes the tables as one workbook (Office Open XML,
// ECMA-376 SpreadsheetML), a sheet per table named by Table.Name, with a
// bold header row. Numbers are stored as the exact float64 values (shortest
// decimal that reads back to the same bits; percent columns as fractions
// with a 0.00% format) with a display format by kind; missing numbers are
// empty cells; text goes through [tidy.Text] so that a spreadsheet never
// runs it as a formula. Notes go two rows under the table. A table of more
// rows than a sheet holds in Excel goes on several sheets (see [sheets]).
//
// The workbook is written directly, part by part, into the zip stream:
// rows are appended to a buffer with strconv (no cell objects, no sheet
// held in memory, no temporary files), text is shared (written once per
// distinct string; see [writeSheetRows]), one Deflate compressor serves
// every part, at the fastest level of klauspost/compress
// (already in the build through Parquet's zstd; about 1.8 times as fast as
// compress/flate's on the 17 MB sheet of 10,000 events, 7% smaller), and
// the parts come in a fixed order with no timestamps, so that the same
// tables give the same bytes. On 10,000 events this is about a tenth of
// the time of a general XLSX library (BenchmarkXLSX).
func WriteXLSX(w io.Writer, ts []*Table) error {
	for _, t := range ts {
		if !validSheetName(t.Name) {
			return fmt.Errorf("tables: %q cannot name a worksheet", t.Name)
		}
	}
	ts, err := sheets(ts, maxSheetRows)
	if err != nil {
		return err
	}
	z := zip.NewWriter(w)
	d := newDeflater(z, runtime.GOMAXPROCS(0))
	var b *bufio.Writer
	part := func(name string, write func(b *bufio.Writer)) error {
		f, err := d.create(name)
		if err != nil {
			return err
		}
		if b == nil {
			b = bufio.NewWriterSize(f, sheetChunk)
		} else {
			b.Reset(f)
		}
		write(b)
		err = b.Flush()
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		return err
	}
	const head = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	const mainNS = `http://schemas.openxmlformats.org/spreadsheetml/2006/main`
	const relNS = `http://schemas.openxmlformats.org/officeDocument/2006/relationships`
	const pkgRelNS = `http://schemas.openxmlformats.org/package/2006/relationships`
	const ctPrefix = `application/vnd.openxmlformats-officedocument.spreadsheetml.`
	err = part("[Content_Types].xml", func(b *bufio.Writer) {
		b.WriteString(head + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="` + ctPrefix + `sheet.main+xml"/>` +
			`<Override PartName="/xl/styles.xml" ContentType="` + ctPrefix + `styles+xml"/>` +
			`<Override PartName="/xl/sharedStrings.xml" ContentType="` + ctPrefix + `sharedStrings+xml"/>`)
		for i := range ts {
			fmt.Fprintf(b, `<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="`+ctPrefix+`worksheet+xml"/>`, i+1)
		}
		b.WriteString(`</Types>`)
	})
	if err == nil {
		err = part("_rels/.rels", func(b *bufio.Writer) {
			b.WriteString(head + `<Relationships xmlns="` + pkgRelNS + `"><Relationship Id="rId1" Type="` + relNS +
				`/officeDocument" Target="xl/workbook.xml"/></Relationships>`)
		})
	}
	if err == nil {
		err = part("xl/workbook.xml", func(b *bufio.Writer) {
			b.WriteString(head + `<workbook xmlns="` + mainNS + `" xmlns:r="` + relNS + `"><sheets>`)
			for i, t := range ts {
				fmt.Fprintf(b, `<sheet name="%s" sheetId="%d" r:id="rId%d"/>`, xmlText(t.Name), i+1, i+1)
			}
			b.WriteString(`</sheets></workbook>`)
		})
	}
	if err == nil {
		err = part("xl/_rels/workbook.xml.rels", func(b *bufio.Writer) {
			b.WriteString(head + `<Relationships xmlns="` + pkgRelNS + `">`)
			for i := range ts {
				fmt.Fprintf(b, `<Relationship Id="rId%d" Type="`+relNS+`/worksheet" Target="worksheets/sheet%d.xml"/>`, i+1, i+1)
			}
			fmt.Fprintf(b, `<Relationship Id="rId%d" Type="`+relNS+`/styles" Target="styles.xml"/>`+
				`<Relationship Id="rId%d" Type="`+relNS+`/sharedStrings" Target="sharedStrings.xml"/></Relationships>`, len(ts)+1, len(ts)+2)
		})
	}
	if err == nil {
		err = part("xl/styles.xml", func(b *bufio.Writer) {
			fmt.Fprintf(b, head+`<styleSheet xmlns="`+mainNS+`"><numFmts count="%d">`, len(xlsxFormats))
			for i, f := range xlsxFormats {
				fmt.Fprintf(b, `<numFmt numFmtId="%d" formatCode="%s"/>`, 164+i, xmlText(f.code))
			}
			b.WriteString(`</numFmts><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>` +
				`<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>` +
				`<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
				`<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
				`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>`)
			fmt.Fprintf(b, `<cellXfs count="%d"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>`+
				`<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>`, 2+len(xlsxFormats))
			for i := range xlsxFormats {
				fmt.Fprintf(b, `<xf numFmtId="%d" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`, 164+i)
			}
			b.WriteString(`</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`)
		})
	}
	sst := &sharedStrings{index: map[string]int{}}
	for i, t := range ts {
		if err != nil {
			break
		}
		err = part(fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1), func(b *bufio.Writer) {
			b.WriteString(head + `<worksheet xmlns="` + mainNS + `"><sheetData>`)
			if err := writeSheetRows(b, t, sst); err == nil {
				b.WriteString(`</sheetData></worksheet>`)
			}
		})
	}
	if err == nil {
		err = part("xl/sharedStrings.xml", func(b *bufio.Writer) {
			fmt.Fprintf(b, head+`<sst xmlns="`+mainNS+`" count="%d" uniqueCount="%d">`, sst.count, len(sst.list))
			var buf []byte
			for _, s := range sst.list {
				buf = append(buf[:0], `<si><t`...)
				if strings.TrimSpace(s) != s {
					buf = append(buf, ` xml:space="preserve"`...)
				}
				buf = append(buf, '>')
				buf = appendXMLText(buf, s)
				buf = append(buf, `</t></si>`...)
				b.Write(buf)
			}
			b.WriteString(`</sst>`)
		})
	}
	if cerr := z.Close(); err == nil {
		err = cerr
	}
	return err
}

// XLSXSize is about the size in bytes of the workbook of ts ([WriteXLSX]),
// a little more rather than less, to size the buffer it is written to up
// front: the compressed sheets take about 9 to 11 bytes a cell (10.6 on the
// 10,000 S&P 500 events of docs/scale.md, 4.2 MB), the other parts a few
// kilobytes.
func XLSXSize(ts []*Table) int {
	n := 8 << 10
	for _, t := range ts {
		n += 12 * (t.Len() + 3) * len(XLSXColumns(t))
	}
	return n
}

// maxSheetRows is the most rows of a worksheet that Excel and LibreOffice
// open: 1,048,576 (Excel's specifications and limits; ECMA-376 sets none).
var maxSheetRows = 1 << 20

// sheets are the worksheets of ts: each table, and a table too long for
// one sheet of at most maxRows rows (the per-event table of more than about
// 262,000 events) in parts named "car", "car (2)", "car (3)" …, each with
// the header, the note under the last.
func sheets(ts []*Table, maxRows int) ([]*Table, error) {
	per := maxRows - 3 // the header, and the note two rows under the last row
	var out []*Table
	for _, t := range ts {
		rows := t.Len()
		if rows <= per {
			out = append(out, t)
			continue
		}
		for i, n := 0, 1; i < rows; i, n = i+per, n+1 {
			p := t.Slice(i, min(i+per, rows))
			if n > 1 {
				p.Name = fmt.Sprintf("%s (%d)", t.Name, n)
			}
			if i+per < rows {
				p.Note = "" // under the last part
			}
			if !validSheetName(p.Name) {
				return nil, fmt.Errorf("tables: %q cannot name a worksheet (table %s in parts of %d rows)", p.Name, t.Name, per)
			}
			out = append(out, p)
		}
	}
	return out, nil
}

// sharedStrings is the workbook's table of text (xl/sharedStrings.xml):
// cells refer to a string by its index, so that a symbol, a date or a
// window repeated on thousands of rows is written once.
type sharedStrings struct {
	index map[string]int
	list  []string
	count int // references
}

func (s *sharedStrings) add(x string) int {
	s.count++
	i, ok := s.index[x]
	if !ok {
		i = len(s.list)
		s.index[x] = i
		s.list = append(s.list, x)
	}
	return i
}

// writeSheetRows writes the rows of t as <row> elements to w: the header
// (bold), the cells, and the note two rows under the table; text goes to
// sst. The XML is appended to one buffer handed to w in pieces of about
// [sheetChunk] bytes (a bufio.Writer passes a piece that size straight
// through, without copying it).
//
// A cell is a few appends of pieces made once per sheet: the reference's
// column letters (`<c r="F`), the row number (once per row), the style and
// type (`" s="3"><v>`). A text among the last few of its column (the
// event, symbol and day 0 of the per-event table, repeated on each of an
// event's windows; the windows) reuses its shared-string index without a
// lookup in the table of all texts.
func writeSheetRows(w io.Writer, t *Table, sst *sharedStrings) error {
	s := sheetRows{w: w, sst: sst, buf: make([]byte, 0, sheetChunk+4<<10)}
	s.row()
	for _, h := range XLSXColumns(t) {
		s.text(h, headerStyle)
	}
	s.end()
	buf := t.rowBuf()
	for i := range t.Len() {
		cells := t.Row(i, buf)
		s.row()
		for j, c := range t.Columns {
			v := cells[j]
			k := kind(c, v)
			if k == Text {
				s.text(v.Text, "")
			} else {
				s.number(k, v.Value)
			}
			if c.Under != "" && c.UnderInline {
				s.number(underKind(c), v.Under)
			}
			if c.Interval {
				s.number(k, v.Lo)
				s.number(k, v.Hi)
			}
		}
		s.end()
	}
	if t.Note != "" {
		s.r++
		s.row()
		s.text(t.Note, "")
		s.end()
	}
	s.flush()
	return s.err
}

// sheetChunk is about how many bytes of a sheet's XML are handed to the
// zip entry at a time.
const sheetChunk = 64 << 10

// headerStyle is the bold header's style attribute (cell style 1).
const headerStyle = ` s="1"`

// sheetRows appends the rows of one sheet (see [writeSheetRows]).
type sheetRows struct {
	w   io.Writer
	err error
	buf []byte
	sst *sharedStrings
	r   int    // the row number
	rn  []byte // r in decimal
	col int    // the cells of the row so far
	// refs[i] is `<c r="` and the letters of column i+1.
	refs []string
	// recent[i] are the last distinct texts of column i+1 with their
	// indices.
	recent []recentTexts
}

// recentTexts are the last few distinct texts of a column, newest first
// (an event's id, symbol and day 0 on each of its windows; the windows of
// a run, which repeat from event to event).
type recentTexts struct {
	n int
	s [8]string
	i [8]int
}

// index is the shared-string index of x, remembered in r.
func (r *recentTexts) index(x string, sst *sharedStrings) int {
	for k := range r.n {
		if r.s[k] == x {
			sst.count++
			return r.i[k]
		}
	}
	i := sst.add(tidy.Text(x))
	r.n = min(r.n+1, len(r.s))
	copy(r.s[1:r.n], r.s[:r.n-1])
	copy(r.i[1:r.n], r.i[:r.n-1])
	r.s[0], r.i[0] = x, i
	return i
}

func (s *sheetRows) row() {
	s.r++
	s.col = 0
	s.rn = strconv.AppendInt(s.rn[:0], int64(s.r), 10)
	s.buf = append(s.buf, `<row r="`...)
	s.buf = append(s.buf, s.rn...)
	s.buf = append(s.buf, `">`...)
}

// ref starts the next cell: `<c r="F2"`.
func (s *sheetRows) ref() {
	if s.col == len(s.refs) {
		s.refs = append(s.refs, string(appendColumn([]byte(`<c r="`), s.col+1)))
		s.recent = append(s.recent, recentTexts{})
	}
	s.buf = append(s.buf, s.refs[s.col]...)
	s.buf = append(s.buf, s.rn...)
	s.buf = append(s.buf, '"')
	s.col++
}

func (s *sheetRows) text(x, style string) {
	if x == "" {
		s.col++ // an empty cell: nothing written
		return
	}
	s.ref()
	i := s.recent[s.col-1].index(x, s.sst)
	s.buf = append(s.buf, style...)
	s.buf = append(s.buf, ` t="s"><v>`...)
	s.buf = strconv.AppendInt(s.buf, int64(i), 10)
	s.buf = append(s.buf, `</v></c>`...)
}

func (s *sheetRows) number(k Kind, x float64) {
	if !finite(x) {
		s.col++ // an empty cell: nothing written
		return
	}
	s.ref()
	s.buf = append(s.buf, xlsxNumberStyles[k]...)
	s.buf = appendNumber(s.buf, x)
	s.buf = append(s.buf, `</v></c>`...)
}

func (s *sheetRows) end() {
	s.buf = append(s.buf, `</row>`...)
	if len(s.buf) >= sheetChunk {
		s.flush()
	}
}

func (s *sheetRows) flush() {
	if s.err == nil && len(s.buf) > 0 {
		_, s.err = s.w.Write(s.buf)
	}
	s.buf = s.buf[:0]
}

// xlsxNumberStyles are, by kind, the style attribute of a number cell up
// to its value: ` s="3"><v>`.
var xlsxNumberStyles = func() []string {
	st := make([]string, LogVolume+1)
	for k := range st {
		st[k] = ` s="` + strconv.Itoa(xlsxStyle(Kind(k))) + `"><v>`
	}
	return st
}()

// appendNumber appends x as the shortest decimal that reads back to the
// same float64 (strconv's 'g', -1); a whole number under a million, which
// that writes without an exponent, through the faster integer path.
func appendNumber(b []byte, x float64) []byte {
	if x == math.Trunc(x) && x > -1e6 && x < 1e6 && !(x == 0 && math.Signbit(x)) {
		return strconv.AppendInt(b, int64(x), 10)
	}
	return strconv.AppendFloat(b, x, 'g', -1, 64)
}

// appendColumn appends the letters of 1-based column n: A … Z, AA ….
func appendColumn(b []byte, n int) []byte {
	var tmp [4]byte
	i := len(tmp)
	for n > 0 {
		n--
		i--
		tmp[i] = byte('A' + n%26)
		n /= 26
	}
	return append(b, tmp[i:]...)
}

// appendXMLText appends s escaped as XML character data; characters that
// XML 1.0 cannot hold (control characters, invalid UTF-8) become U+FFFD.
func appendXMLText(b []byte, s string) []byte {
	for _, r := range s {
		switch {
		case r == '&':
			b = append(b, "&amp;"...)
		case r == '<':
			b = append(b, "&lt;"...)
		case r == '>':
			b = append(b, "&gt;"...)
		case r == '"':
			b = append(b, "&quot;"...)
		case r == '\t' || r == '\n' || r == '\r' || r >= 0x20 && r < 0xD800 || r >= 0xE000 && r < 0xFFFE || r >= 0x10000 && r <= utf8.MaxRune:
			b = utf8.AppendRune(b, r)
		default:
			b = utf8.AppendRune(b, utf8.RuneError)
		}
	}
	return b
}

func xmlText(s string) string { return string(appendXMLText(nil, s)) }

// validSheetName: 1 to 31 characters, none of : \ / ? * [ ] (ECMA-376
// and Excel's rule).
func validSheetName(s string) bool {
	if s == "" || utf8.RuneCountInString(s) > 31 {
		return false
	}
	for _, r := range s {
		switch r {
		case ':', '\\', '/', '?', '*', '[', ']':
			return false
		}
	}
	return true
}
