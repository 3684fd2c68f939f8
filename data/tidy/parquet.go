package tidy

import (
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/zstd"
)

// Format is the file format of the tables: CSV (the default) or Apache Parquet.
type Format string

const (
	CSV     Format = "csv"
	Parquet Format = "parquet"
)

// ParseFormat reads csv or parquet.
func ParseFormat(s string) (Format, error) {
	switch Format(s) {
	case CSV, "":
		return CSV, nil
	case Parquet:
		return Parquet, nil
	}
	return "", fmt.Errorf("unknown output format %q (want csv or parquet)", s)
}

// Name is the file name of a table (given by its CSV name, e.g. [EventsFile])
// in format f: events.csv or events.parquet.
func (f Format) Name(csvName string) string {
	if f == Parquet {
		return strings.TrimSuffix(csvName, ".csv") + ".parquet"
	}
	return csvName
}

// table is where the rows of one output file go: a csv.Writer, or a
// parquetTable that types the same cells.
type table interface {
	Write(row []string) error
	Flush()
	Error() error
}

// Column types of the Parquet files. Every column has the name of its CSV
// column and holds the same value: numbers as DOUBLE (a missing, empty CSV
// cell is null), counts and relative days as INT64, dates as DATE (null when
// empty), text (also carried-through event columns, and test names) as a
// UTF-8 string with the same contents as the CSV cell.
type colKind uint8

const (
	kText colKind = iota
	kInt
	kFloat
	kDate
	kOptInt // an integer that may be missing (n_b of a test across all groups, zero_volume_days): null when empty
)

var columnKinds = map[string]colKind{
	"event_date": kDate, "day0": kDate, "est_start": kDate, "est_end": kDate, "date": kDate,
	"n_est": kInt, "missing_days": kInt, "stale_days": kInt, "split_jumps": kInt, "zero_volume_days": kOptInt, "rel_day": kInt, "car_start": kInt, "car_end": kInt, "n_days": kInt, "n": kInt,
	"alpha": kFloat, "beta": kFloat, "sigma": kFloat, "r2": kFloat, "garch_omega": kFloat, "garch_a": kFloat, "garch_b": kFloat, "ret": kFloat, "market_ret": kFloat,
	"expected_ret": kFloat, "ar": kFloat, "ar_se": kFloat, "ar_t": kFloat, "ar_p": kFloat, "car": kFloat,
	"car_se": kFloat, "car_t": kFloat, "car_p": kFloat, "bhar": kFloat, "aar": kFloat, "caar": kFloat,
	"statistic": kFloat, "p_value": kFloat, "n_a": kInt, "n_b": kOptInt, "caar_a": kFloat, "caar_b": kFloat, "diff": kFloat, "mean_bhar": kFloat, "start": kInt, "end": kInt, "mean_u": kFloat, "ci_low": kFloat, "ci_high": kFloat,
}

// kindOf is the type of a fixed column; nfixed columns are fixed, the rest
// carried through (text). Test columns of aar.csv (<test>_stat, <test>_p) are
// numbers.
func kindOf(col string, fixed bool) colKind {
	if !fixed {
		return kText
	}
	if k, ok := columnKinds[col]; ok {
		return k
	}
	if strings.HasSuffix(col, "_stat") || strings.HasSuffix(col, "_p") {
		return kFloat
	}
	return kText
}

// orderedGroup is a parquet group whose columns keep the CSV order
// (parquet.Group sorts them by name).
type orderedGroup struct {
	parquet.Group
	fields []parquet.Field
}

func (g orderedGroup) Fields() []parquet.Field { return g.fields }

type namedField struct {
	parquet.Node
	name string
}

func (f namedField) Name() string                          { return f.name }
func (f namedField) Value(reflect.Value) (v reflect.Value) { return v }

// parquetTable writes rows of CSV cells as typed Parquet rows, or rows
// typed beforehand ([Writer.Encode]).
type parquetTable struct {
	w       *parquet.GenericWriter[any]
	kinds   []colKind
	rows    []parquet.Row
	n       int
	pending int // approximate bytes of the row group being built
	err     error
}

// parquetBatch is the most rows queued before a WriteRows: typed rows keep
// their event's whole value array alive until written.
const parquetBatch = 512

// parquetRowGroup is the most rows of a Parquet row group: about 60 MB of
// compressed abnormal returns (a variable for the tests).
var parquetRowGroup int64 = 1 << 20

// parquetGroupBytes ends a row group once its values reach about this many
// bytes (8 a number, plus the length of a text): events.parquet's rows carry
// long quality notes, and a row group's pages stay in memory until written.
var parquetGroupBytes = 64 << 20

func newParquetTable(out io.Writer, cols []string, nfixed int) *parquetTable {
	t := &parquetTable{kinds: make([]colKind, len(cols))}
	g := orderedGroup{Group: parquet.Group{}}
	for i, c := range cols {
		t.kinds[i] = kindOf(c, i < nfixed)
		var n parquet.Node
		switch t.kinds[i] {
		case kText:
			n = parquet.String()
		case kInt:
			n = parquet.Int(64)
		case kOptInt:
			n = parquet.Optional(parquet.Int(64))
		case kFloat:
			n = parquet.Optional(parquet.Leaf(parquet.DoubleType))
		case kDate:
			n = parquet.Optional(parquet.Date())
		}
		g.Group[c] = n
		g.fields = append(g.fields, namedField{n, c})
	}
	// A row group's pages stay in memory until it is written: bounding its
	// rows bounds the memory of a million-event table (unbounded by default).
	t.w = parquet.NewGenericWriter[any](out, parquet.NewSchema("eventstudy", g), parquet.Compression(&zstd.Codec{}),
		parquet.MaxRowsPerRowGroup(parquetRowGroup))
	t.rows = make([]parquet.Row, parquetBatch)
	return t
}

var epoch = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)

// daysSinceEpoch is the Parquet DATE of t's civil date (in t's location, as
// [Date] prints it).
func daysSinceEpoch(t time.Time) int32 {
	y, m, d := t.Date()
	return int32(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Sub(epoch).Hours() / 24)
}

func (t *parquetTable) Write(row []string) error {
	if t.err != nil {
		return t.err
	}
	if len(row) != len(t.kinds) {
		t.err = fmt.Errorf("parquet: row of %d cells, want %d", len(row), len(t.kinds))
		return t.err
	}
	r := make(parquet.Row, 0, len(row))
	for i, s := range row {
		var v parquet.Value
		def := 0
		switch t.kinds[i] {
		case kText:
			v = parquet.ByteArrayValue([]byte(s))
		case kInt:
			x, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				t.err = fmt.Errorf("parquet: integer cell %q: %w", s, err)
				return t.err
			}
			v = parquet.Int64Value(x)
		case kOptInt:
			if s != "" {
				x, err := strconv.ParseInt(s, 10, 64)
				if err != nil {
					t.err = fmt.Errorf("parquet: integer cell %q: %w", s, err)
					return t.err
				}
				v, def = parquet.Int64Value(x), 1
			}
		case kFloat:
			if s != "" {
				x, err := strconv.ParseFloat(s, 64)
				if err != nil {
					t.err = fmt.Errorf("parquet: number cell %q: %w", s, err)
					return t.err
				}
				v, def = parquet.DoubleValue(x), 1
			}
		case kDate:
			if s != "" {
				d, err := time.Parse(time.DateOnly, s)
				if err != nil {
					t.err = fmt.Errorf("parquet: date cell %q: %w", s, err)
					return t.err
				}
				v, def = parquet.Int32Value(daysSinceEpoch(d)), 1
			}
		}
		r = append(r, v.Level(0, def, i))
	}
	t.add(r)
	return t.err
}

func (t *parquetTable) flushRows() {
	if t.err == nil && t.n > 0 {
		_, t.err = t.w.WriteRows(t.rows[:t.n])
	}
	t.n = 0
}

// add queues row r, writes the queue when full, and ends the row group when
// its values reach parquetGroupBytes.
func (t *parquetTable) add(r parquet.Row) {
	t.rows[t.n] = r
	t.n++
	for _, v := range r {
		t.pending += 8
		if v.Kind() == parquet.ByteArray {
			t.pending += len(v.ByteArray())
		}
	}
	if t.n == parquetBatch || t.pending >= parquetGroupBytes {
		t.flushRows()
	}
	if t.err == nil && t.pending >= parquetGroupBytes {
		t.err = t.w.Flush() // end the row group
		t.pending = 0
	}
}

// writeValues adds rows typed by [Writer.Encode] (they are not copied).
func (t *parquetTable) writeValues(rows []parquet.Row) error {
	for _, r := range rows {
		if t.err != nil {
			break
		}
		if len(r) != len(t.kinds) {
			t.err = fmt.Errorf("parquet: row of %d values, want %d", len(r), len(t.kinds))
			break
		}
		t.add(r)
	}
	return t.err
}

// Flush writes the buffered rows and the file footer: the table is complete.
func (t *parquetTable) Flush() {
	t.flushRows()
	if t.err == nil {
		t.err = t.w.Close()
	}
}

func (t *parquetTable) Error() error { return t.err }
