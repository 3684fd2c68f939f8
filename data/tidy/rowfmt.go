package tidy

import (
	"math"
	"slices"
	"strconv"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/parquet-go/parquet-go"

	"github.com/eventstudy/eventstudy/study"
)

// rowFmt formats the numbers and dates of one event's rows into one byte
// buffer (strconv.AppendFloat 'g' −1 is the text of [Float], the date
// digits that of [Date]). In cell mode it makes one string of the buffer at
// the end, whose substrings become the cells: one allocation per event instead
// of one per cell. In CSV mode (lines) the buffer is the CSV lines themselves,
// encoded as encoding/csv encodes them: numbers and dates never need quotes,
// text is quoted by [appendCSVField]. In Parquet mode (values) nothing is
// formatted: each cell becomes the typed parquet.Value of its column (see
// [colKind]), with the cell's column index and definition level. Buffers are
// reused across events (rowFmts).
type rowFmt struct {
	buf   []byte
	refs  []cellRef
	cells []string
	mode  rowMode
	first bool // CSV mode: the next cell starts a line
	vals  []parquet.Value
	col   int   // Parquet mode: the next cell's column
	ends  []int // Parquet mode: where each row of vals ends
}

type cellRef struct{ cell, a, b int32 }

var rowFmts = sync.Pool{New: func() any { return new(rowFmt) }}

// sep starts a cell in CSV mode.
func (f *rowFmt) sep() {
	if !f.first {
		f.buf = append(f.buf, ',')
	}
	f.first = false
}

// endRow ends a line in CSV mode, a row in Parquet mode.
func (f *rowFmt) endRow() {
	if f.mode == lineMode {
		f.buf = append(f.buf, '\n')
		f.first = true
	}
	if f.mode == valueMode {
		f.ends = append(f.ends, len(f.vals))
		f.col = 0
	}
}

// value adds a cell in Parquet mode: v, null when !present.
func (f *rowFmt) value(v parquet.Value, present bool) {
	def := 0
	if present {
		def = 1
	}
	f.vals = append(f.vals, v.Level(0, def, f.col))
	f.col++
}

func (f *rowFmt) float(x float64) {
	finite := !math.IsNaN(x) && !math.IsInf(x, 0)
	if f.mode == valueMode {
		if finite {
			f.value(parquet.DoubleValue(x), true)
		} else {
			f.value(parquet.Value{}, false)
		}
		return
	}
	if f.mode == lineMode {
		f.sep()
		if finite {
			f.buf = strconv.AppendFloat(f.buf, x, 'g', -1, 64)
		}
		return
	}
	if !finite {
		f.cells = append(f.cells, "")
		return
	}
	a := len(f.buf)
	f.buf = strconv.AppendFloat(f.buf, x, 'g', -1, 64)
	f.ref(a)
}

func (f *rowFmt) int(n int) {
	if f.mode == valueMode {
		f.vals = append(f.vals, parquet.Int64Value(int64(n)).Level(0, 0, f.col))
		f.col++
		return
	}
	if f.mode == lineMode {
		f.sep()
		f.buf = strconv.AppendInt(f.buf, int64(n), 10)
		return
	}
	if 0 <= n && n < 100 {
		f.cells = append(f.cells, strconv.Itoa(n)) // small numbers: no allocation
		return
	}
	a := len(f.buf)
	f.buf = strconv.AppendInt(f.buf, int64(n), 10)
	f.ref(a)
}

// optInt adds a count that may be missing: an empty cell (null) unless ok.
func (f *rowFmt) optInt(n int, ok bool) {
	if ok {
		if f.mode == valueMode {
			f.value(parquet.Int64Value(int64(n)), true)
			return
		}
		f.int(n)
		return
	}
	switch f.mode {
	case valueMode:
		f.value(parquet.Value{}, false)
	case lineMode:
		f.sep()
	default:
		f.cells = append(f.cells, "")
	}
}

func (f *rowFmt) date(t time.Time) {
	if f.mode == valueMode {
		if t.IsZero() {
			f.value(parquet.Value{}, false)
		} else {
			f.value(parquet.Int32Value(daysSinceEpoch(t)), true)
		}
		return
	}
	if f.mode == lineMode {
		f.sep()
	} else if t.IsZero() {
		f.cells = append(f.cells, "")
		return
	}
	if t.IsZero() {
		return
	}
	a := len(f.buf)
	if y, m, d := t.Date(); 0 <= y && y <= 9999 {
		f.buf = append(f.buf, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
			byte('0'+int(m)/10), byte('0'+int(m)%10), '-', byte('0'+d/10), byte('0'+d%10))
	} else {
		f.buf = t.AppendFormat(f.buf, time.DateOnly)
	}
	if f.mode != lineMode {
		f.ref(a)
	}
}

func (f *rowFmt) ref(a int) {
	f.refs = append(f.refs, cellRef{int32(len(f.cells)), int32(a), int32(len(f.buf))})
	f.cells = append(f.cells, "")
}

// text adds cells of text, made safe for spreadsheets by [Text].
func (f *rowFmt) text(vals ...string) {
	for _, v := range vals {
		f.raw(Text(v))
	}
}

// raw adds a cell of text as is.
func (f *rowFmt) raw(v string) {
	if f.mode == valueMode {
		f.vals = append(f.vals, parquet.ByteArrayValue([]byte(v)).Level(0, 0, f.col))
		f.col++
		return
	}
	if f.mode == lineMode {
		f.sep()
		f.buf = appendCSVField(f.buf, v)
		return
	}
	f.cells = append(f.cells, v)
}

// appendCSVField appends field as encoding/csv's Writer writes it with
// Comma ',' and UseCRLF false: in double quotes (inner quotes doubled) if it
// contains a comma, a quote, CR or LF, starts with a space character
// (unicode.IsSpace), or is \. ; as is otherwise.
func appendCSVField(buf []byte, field string) []byte {
	if !csvNeedsQuotes(field) {
		return append(buf, field...)
	}
	buf = append(buf, '"')
	for i := 0; i < len(field); i++ {
		if field[i] == '"' {
			buf = append(buf, '"', '"')
		} else {
			buf = append(buf, field[i])
		}
	}
	return append(buf, '"')
}

func csvNeedsQuotes(field string) bool {
	if field == "" {
		return false
	}
	if field == `\.` {
		return true
	}
	for i := 0; i < len(field); i++ {
		switch field[i] {
		case '\n', '\r', '"', ',':
			return true
		}
	}
	r, _ := utf8.DecodeRuneInString(field)
	return unicode.IsSpace(r)
}

// How rows formats: the text of the cells ([Writer.Rows]), CSV lines or
// Parquet values ([Writer.Encode]).
type rowMode uint8

const (
	cellMode rowMode = iota
	lineMode
	valueMode
)

// rows formats one event's rows in mode m.
func (w *Writer) rows(r *study.Result, q Quality, extra []string, m rowMode) Rows {
	f := rowFmts.Get().(*rowFmt)
	f.buf, f.refs, f.cells, f.vals, f.ends = f.buf[:0], f.refs[:0], f.cells[:0], f.vals[:0], f.ends[:0]
	f.mode, f.first, f.col = m, true, 0
	e, fit := r.Event, r.Fit
	f.text(e.ID, e.Symbol, e.VendorSymbol, e.Name, e.Market)
	f.date(e.Date)
	f.date(r.Day0)
	f.raw(string(r.Status))
	f.raw(Text(r.Message))
	f.raw(w.model)
	f.date(fit.EstStart)
	f.date(fit.EstEnd)
	f.int(fit.N)
	if fit.N == 0 {
		// No fit (unknown_symbol, out_of_range, data_error, …): blank, as
		// for insufficient_estimation, never zeros that read as estimates.
		nan := math.NaN()
		fit.Alpha, fit.Beta, fit.Sigma, fit.R2 = nan, nan, nan, nan
	}
	f.float(fit.Alpha)
	f.float(fit.Beta)
	f.float(fit.Sigma)
	f.float(fit.R2)
	if fit.Model == study.MarketGARCH {
		f.float(fit.Omega)
		f.float(fit.ARCH)
		f.float(fit.GARCH)
	} else {
		nan := math.NaN()
		f.float(nan)
		f.float(nan)
		f.float(nan)
	}
	f.int(q.MissingDays)
	f.int(q.StaleDays)
	f.int(q.SplitJumps)
	f.optInt(q.ZeroVolumeDays, q.Volume)
	f.text(q.Confounding, q.Note)
	f.text(extra...)
	f.endRow()
	nEvent, eEvent := len(f.cells), len(f.buf)
	for i := range r.Days {
		d := &r.Days[i]
		f.text(e.ID, e.Symbol)
		f.int(d.RelDay)
		f.date(d.Date)
		f.float(d.Ret)
		f.float(d.MarketRet)
		f.float(d.Expected)
		f.float(d.AR)
		f.float(d.SE)
		f.float(d.T)
		f.float(d.P)
		f.float(d.CAR)
		f.text(extra...)
		f.endRow()
	}
	nDays, eDays := len(f.cells), len(f.buf)
	for i := range r.CARs {
		c := &r.CARs[i]
		f.text(e.ID, e.Symbol)
		f.int(c.Window.Start)
		f.int(c.Window.End)
		f.int(c.NDays)
		f.float(c.CAR)
		f.float(c.SE)
		f.float(c.T)
		f.float(c.P)
		f.float(c.BHAR)
		f.text(extra...)
		f.endRow()
	}
	if m == lineMode {
		b := slices.Clone(f.buf)
		rowFmts.Put(f)
		return Rows{lines: &[3][]byte{b[:eEvent:eEvent], b[eEvent:eDays:eDays], b[eDays:]}}
	}
	if f.mode == valueMode {
		// One array for the event's values; rows are slices of it.
		vals := slices.Clone(f.vals)
		rows := make([]parquet.Row, len(f.ends))
		start := 0
		for i, end := range f.ends {
			rows[i] = parquet.Row(vals[start:end:end])
			start = end
		}
		nd := len(r.Days)
		rowFmts.Put(f)
		return Rows{values: &[3][]parquet.Row{rows[:1:1], rows[1 : 1+nd : 1+nd], rows[1+nd:]}}
	}
	cells := make([]string, len(f.cells))
	copy(cells, f.cells)
	s := string(f.buf)
	for _, ref := range f.refs {
		cells[ref.cell] = s[ref.a:ref.b]
	}
	rowFmts.Put(f)

	out := Rows{Event: cells[:nEvent:nEvent]}
	if len(r.Days) > 0 {
		ar := (nDays - nEvent) / len(r.Days)
		out.ARs = make([][]string, len(r.Days))
		for i := range out.ARs {
			a := nEvent + i*ar
			out.ARs[i] = cells[a : a+ar : a+ar]
		}
	}
	if len(r.CARs) > 0 {
		cr := (len(cells) - nDays) / len(r.CARs)
		out.CARs = make([][]string, len(r.CARs))
		for i := range out.CARs {
			a := nDays + i*cr
			out.CARs[i] = cells[a : a+cr : a+cr]
		}
	}
	return out
}
