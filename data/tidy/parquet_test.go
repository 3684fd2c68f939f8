package tidy

import (
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/eventstudy/eventstudy/study"
)

// testResults are two events with every kind of cell: text that needs the
// formula guard, NaN (empty / null), dates and zero dates, ints, floats at
// full precision, and carried-through columns.
func testResults() ([]study.Result, [][]string) {
	d := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	nan := math.NaN()
	p := study.DefaultParams()
	ok := study.Result{Event: study.Event{ID: "e1", Symbol: "AAPL", Market: "^GSPC", Date: d("2018-07-25")},
		Status: study.StatusOK, Day0: d("2018-07-26"),
		Fit: study.Fit{Alpha: 1.2e-7, Beta: 1.0000000000000002, Sigma: 0.0123, R2: 0.5, N: 240, DF: 238,
			EstStart: d("2017-07-01"), EstEnd: d("2018-07-10")}}
	for k := range p.Event.Len() {
		ar := 0.001 * float64(k-3)
		if k == 4 {
			ar = nan
		}
		ok.Days = append(ok.Days, study.Day{RelDay: p.Event.Start + k, Date: d("2018-07-26").AddDate(0, 0, k),
			Ret: ar + 0.1, MarketRet: -1e-300, Expected: 0.1, AR: ar, SE: 0.01, T: ar / 0.01, P: 0.5, CAR: ar})
	}
	for _, w := range p.CARs {
		ok.CARs = append(ok.CARs, study.CAR{Window: w, NDays: w.Len(), CAR: 0.1 / 3, SE: 0.02, T: 1.5, P: 0.13, BHAR: nan})
	}
	bad := study.Result{Event: study.Event{ID: "=cmd()", Symbol: "-X", Market: "^GSPC", Date: d("2019-01-02")},
		Status: study.StatusUnknownSymbol, Message: "firm -X: unknown, \"quoted\"", Fit: study.Fit{Alpha: nan, Beta: nan, Sigma: nan, R2: nan}}
	return []study.Result{ok, bad}, [][]string{{"tech", "a,b"}, {"", "-5"}}
}

func writeBoth(t *testing.T, f Format) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), string(f))
	p := study.DefaultParams()
	rs, extra := testResults()
	w, err := CreateFormat(dir, p, []string{"sector", "note"}, f)
	if err != nil {
		t.Fatal(err)
	}
	for i := range rs {
		if err := w.WriteResult(&rs[i], Quality{}, extra[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.WriteSummary(study.Aggregate(p, rs)); err != nil {
		t.Fatal(err)
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	return dir
}

// cell formats a Parquet value the way the CSV writer formats the same cell.
func cell(t *testing.T, v parquet.Value, col parquet.Field) string {
	if v.IsNull() {
		return ""
	}
	switch v.Kind() {
	case parquet.Double:
		return Float(v.Double())
	case parquet.Int64:
		return strconv.FormatInt(v.Int64(), 10)
	case parquet.Int32: // DATE
		if lt := col.Type().LogicalType(); lt == nil || lt.String() != "DATE" {
			t.Fatalf("int32 column %s is not a date", col.Name())
		}
		return Date(time.Unix(int64(v.Int32())*86400, 0).UTC())
	case parquet.ByteArray:
		return string(v.ByteArray())
	}
	t.Fatalf("unexpected kind %v", v.Kind())
	return ""
}

// TestParquetMatchesCSV reads every Parquet table back and checks it has the
// CSV table's columns, in order, and the same value in every cell, with
// one row group per table, with row groups of 5 rows and with row groups
// ended at about 1,000 bytes (rows typed by Writer.Encode, through
// WriteResult).
func TestParquetMatchesCSV(t *testing.T) {
	t.Run("one-group", func(t *testing.T) { checkParquetMatchesCSV(t, 1) })
	savedRows, savedBytes := parquetRowGroup, parquetGroupBytes
	defer func() { parquetRowGroup, parquetGroupBytes = savedRows, savedBytes }()
	parquetRowGroup = 5
	t.Run("groups-of-5-rows", func(t *testing.T) { checkParquetMatchesCSV(t, 2) })
	parquetRowGroup, parquetGroupBytes = savedRows, 1000
	t.Run("groups-of-1000-bytes", func(t *testing.T) { checkParquetMatchesCSV(t, 2) })
}

// checkParquetMatchesCSV is TestParquetMatchesCSV; the abnormal returns'
// table must have at least minGroups row groups.
func checkParquetMatchesCSV(t *testing.T, minGroups int) {
	cdir, pdir := writeBoth(t, CSV), writeBoth(t, Parquet)
	for _, name := range []string{EventsFile, ARFile, CARFile, AARFile, SummaryFile} {
		cf, err := os.Open(filepath.Join(cdir, name))
		if err != nil {
			t.Fatal(err)
		}
		want, err := csv.NewReader(cf).ReadAll()
		cf.Close()
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(pdir, Parquet.Name(name)))
		if err != nil {
			t.Fatal(err)
		}
		pf, err := parquet.OpenFile(bytesReaderAt(b), int64(len(b)))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		fields := pf.Schema().Fields()
		var header []string
		for _, f := range fields {
			header = append(header, f.Name())
		}
		if got, w := header, want[0]; len(got) != len(w) {
			t.Fatalf("%s: columns %v, want %v", name, got, w)
		}
		for i := range header {
			if header[i] != want[0][i] {
				t.Fatalf("%s: column %d is %q, want %q", name, i, header[i], want[0][i])
			}
		}
		if g := len(pf.RowGroups()); name == ARFile && g < minGroups {
			t.Fatalf("%s: %d row groups, want at least %d", name, g, minGroups)
		}
		r := parquet.NewReader(pf)
		rows := make([]parquet.Row, len(want))
		n := 0
		for n < len(rows) {
			k, err := r.ReadRows(rows[n:])
			n += k
			if err != nil || k == 0 {
				break
			}
		}
		if n != len(want)-1 {
			t.Fatalf("%s: %d rows, want %d", name, n, len(want)-1)
		}
		for i, row := range rows[:n] {
			for j, v := range row {
				if got := cell(t, v, fields[j]); got != want[i+1][j] {
					t.Errorf("%s row %d column %s: %q, want %q", name, i, header[j], got, want[i+1][j])
				}
			}
		}
	}
}

type bytesReaderAt []byte

func (b bytesReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if off >= int64(len(b)) {
		return 0, os.ErrClosed
	}
	return copy(p, b[off:]), nil
}

func TestParseFormat(t *testing.T) {
	for s, want := range map[string]Format{"": CSV, "csv": CSV, "parquet": Parquet} {
		if got, err := ParseFormat(s); err != nil || got != want {
			t.Errorf("ParseFormat(%q) = %q, %v", s, got, err)
		}
	}
	if _, err := ParseFormat("xlsx"); err == nil {
		t.Error("xlsx accepted")
	}
}
