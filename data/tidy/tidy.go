// Package tidy writes the results of a study as tidy CSV files (one row per
// observation, one column per variable) and a manifest.json, in a form that
// pandas, R, Excel and Stata load without edits:
//
//   - UTF-8, comma separated, a header row, LF line ends, RFC 4180 quoting;
//   - numbers in Go's shortest round-trip form (strconv 'g', −1): no precision is
//     lost (a 1.2e-07 abnormal return is not rounded to 0.000000);
//   - a missing value is an empty cell (read as NA/NaN/missing by all four);
//   - dates are ISO 8601 (yyyy-mm-dd);
//   - text cells that a spreadsheet would execute as a formula (starting with
//     = + - @, tab or carriage return) are prefixed with a single quote (OWASP,
//     "CSV Injection").
//
// Every file is written under a temporary name and renamed into place by
// Commit, so a failed run leaves complete files or none.
package tidy

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/eventstudy/eventstudy/study"
)

// File names inside the output folder.
const (
	EventsFile   = "events.csv"
	ARFile       = "abnormal_returns.csv"
	CARFile      = "car.csv"
	AARFile      = "aar.csv"
	SummaryFile  = "summary.csv"
	GroupsFile   = "groups.csv" // with --by only
	ManifestFile = "manifest.json"
	// VolatilityFile holds the abnormal-volatility tests of --measure
	// volatility ([Writer.WriteVolatility]).
	VolatilityFile = "volatility.csv"
)

// Fixed leading columns of each file; carried-through event columns follow in
// the per-event files.
var (
	EventsColumns = []string{"event_id", "symbol", "vendor_symbol", "name", "market", "event_date", "day0", "status", "message",
		"model", "est_start", "est_end", "n_est", "alpha", "beta", "sigma", "r2", "garch_omega", "garch_a", "garch_b",
		"missing_days", "stale_days", "split_jumps", "zero_volume_days", "confounding", "quality_note"} // the last six: QualityColumns
	ARColumns = []string{"event_id", "symbol", "rel_day", "date", "ret", "market_ret", "expected_ret",
		"ar", "ar_se", "ar_t", "ar_p", "car"}
	CARColumns     = []string{"event_id", "symbol", "car_start", "car_end", "n_days", "car", "car_se", "car_t", "car_p", "bhar"}
	AARColumns     = []string{"rel_day", "n", "aar", "caar"}
	SummaryColumns = []string{"car_start", "car_end", "n", "caar", "mean_bhar", "test", "statistic", "p_value", "ci_low", "ci_high"}
	// GroupColumn leads aar.csv and summary.csv of a study by group.
	GroupColumn   = "group"
	GroupsColumns = []string{"car_start", "car_end", "group_a", "group_b", "n_a", "n_b", "caar_a", "caar_b", "diff",
		"test", "statistic", "p_value"}
)

// VolatilityColumns are the columns of volatility.csv: kind (day or car),
// start and end (relative days; start = end = the day for kind day), n
// (events with a variance ratio), mean_u (mean variance ratio U), test
// (u_cs_t, u_rank), statistic and p_value.
var VolatilityColumns = []string{"kind", "start", "end", "n", "mean_u", "test", "statistic", "p_value"}

// CheckExtraColumns reports an error when a carried-through event column would
// collide with a column of the per-event outputs.
func CheckExtraColumns(extra []string) error {
	used := map[string]bool{}
	for _, cols := range [][]string{EventsColumns, ARColumns, CARColumns} {
		for _, c := range cols {
			used[c] = true
		}
	}
	seen := map[string]bool{}
	for _, c := range extra {
		l := strings.ToLower(c)
		if used[l] {
			return fmt.Errorf("events column %q clashes with an output column of the same name; rename it", c)
		}
		if seen[l] {
			return fmt.Errorf("events column %q appears twice", c)
		}
		seen[l] = true
	}
	return nil
}

// Writer streams the tidy outputs of one study into a folder.
type Writer struct {
	dir    string
	model  string
	files  []*atomicFile
	events table
	ars    table
	cars   table
	err    error
	format Format
	closed chan error // set by CloseTables: the per-event tables' sync
	waited bool       // Commit has received from closed
}

// Create opens the per-event outputs in dir (created if needed). extra are
// the carried-through event columns, in order.
func Create(dir string, p study.Params, extra []string) (*Writer, error) {
	return CreateFormat(dir, p, extra, CSV)
}

// CreateFormat is [Create] with tables in format f; the Parquet files have
// the CSV files' names with .parquet for .csv ([Format.Name]).
func CreateFormat(dir string, p study.Params, extra []string, format Format) (*Writer, error) {
	if err := CheckExtraColumns(extra); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create output folder: %w", err)
	}
	w := &Writer{dir: dir, model: p.ModelName(), format: format}
	open := func(name string, cols []string) table {
		if w.err != nil {
			return nil
		}
		t, err := w.open(name, append(append([]string(nil), cols...), extra...), len(cols))
		if err != nil {
			w.err = err
			return nil
		}
		return t
	}
	w.events = open(EventsFile, EventsColumns)
	w.ars = open(ARFile, ARColumns)
	w.cars = open(CARFile, CARColumns)
	if w.err != nil {
		w.Abort()
		return nil, w.err
	}
	return w, nil
}

// WriteResult appends one event's rows to events.csv, abnormal_returns.csv
// and car.csv. extra holds the event's carried-through values.
func (w *Writer) WriteResult(r *study.Result, q Quality, extra []string) error {
	return w.WriteRows(w.Encode(r, q, extra))
}

// Rows are one event's rows of events.csv, abnormal_returns.csv and car.csv,
// as the text of their cells ([Writer.Rows]), or, from [Writer.Encode], as
// encoded CSV lines or typed Parquet rows only (the cell fields are then nil).
type Rows struct {
	Event  []string
	ARs    [][]string
	CARs   [][]string
	lines  *[3][]byte        // CSV lines of the three tables, in order
	values *[3][]parquet.Row // or their Parquet rows
}

// Rows formats one event's rows without writing them. It only reads w, so
// workers can format events concurrently while one goroutine writes them in
// order with [Writer.WriteRows]; WriteResult does both.
func (w *Writer) Rows(r *study.Result, q Quality, extra []string) Rows {
	return w.rows(r, q, extra, cellMode) // rowfmt.go
}

// Encode is [Writer.Rows] in the form [Writer.WriteRows] writes fastest,
// made on the caller's goroutine (so that workers, not the one writing
// goroutine, pay for it): for CSV tables the bytes of the lines, for Parquet
// the typed rows (no number is formatted). Only WriteRows reads the result.
func (w *Writer) Encode(r *study.Result, q Quality, extra []string) Rows {
	if w.format == Parquet {
		return w.rows(r, q, extra, valueMode)
	}
	return w.rows(r, q, extra, lineMode)
}

// WriteRows appends rows made by [Writer.Rows] or [Writer.Encode] to the
// per-event files.
func (w *Writer) WriteRows(rs Rows) error {
	if w.err != nil {
		return w.err
	}
	if w.closed != nil {
		return errors.New("tidy: WriteRows after CloseTables")
	}
	if rs.lines != nil {
		for i, t := range []table{w.events, w.ars, w.cars} {
			if w.err == nil {
				w.err = t.(*csvTable).writeLines(rs.lines[i])
			}
		}
		return w.err
	}
	if rs.values != nil {
		for i, t := range []table{w.events, w.ars, w.cars} {
			if w.err == nil {
				w.err = t.(*parquetTable).writeValues(rs.values[i])
			}
		}
		return w.err
	}
	w.write(w.events, rs.Event)
	for _, row := range rs.ARs {
		w.write(w.ars, row)
	}
	for _, row := range rs.CARs {
		w.write(w.cars, row)
	}
	return w.err
}

// open creates the table of CSV name name (in w's format) with its header,
// of which the first nfixed columns are the tool's.
func (w *Writer) open(name string, cols []string, nfixed int) (table, error) {
	name = w.format.Name(name)
	f, err := createAtomic(filepath.Join(w.dir, name))
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", name, err)
	}
	w.files = append(w.files, f)
	if w.format == Parquet {
		return newParquetTable(f, cols, nfixed), nil
	}
	t := newCSVTable(f)
	return t, t.Write(cols)
}

// csvTable is a CSV table that also takes lines encoded beforehand
// ([Writer.Encode]): its csv.Writer writes straight into the same
// bufio.Writer (bufio.NewWriter returns a large enough *bufio.Writer as is),
// so both kinds of writes keep their order.
type csvTable struct {
	*csv.Writer
	bw *bufio.Writer
}

func newCSVTable(w io.Writer) *csvTable {
	bw := bufio.NewWriterSize(w, 64<<10)
	return &csvTable{csv.NewWriter(bw), bw}
}

func (t *csvTable) writeLines(b []byte) error {
	_, err := t.bw.Write(b)
	return err
}

func (w *Writer) write(cw table, row []string) {
	if w.err == nil {
		w.err = cw.Write(row)
	}
}

// WriteSummary writes aar.csv and summary.csv.
func (w *Writer) WriteSummary(s study.Summary) error {
	return w.writeSummaries([]study.GroupSummary{{Summary: s}}, false)
}

// WriteGroups writes the outputs of a study by group (`--by`): aar.csv and
// summary.csv with a first column group, one block of rows per group of gs
// (the whole sample first, as [study.GroupSummaries] orders them), and
// groups.csv, the tests of differences between groups (cmp, from
// [study.CompareGroups]); see [GroupsColumns].
func (w *Writer) WriteGroups(gs []study.GroupSummary, cmp []study.GroupComparison) error {
	if err := w.writeSummaries(gs, true); err != nil {
		return err
	}
	rows := [][]string{GroupsColumns}
	for _, c := range cmp {
		nb := strconv.Itoa(c.NB)
		if c.GroupB == "" { // a test across all groups
			nb = ""
		}
		rows = append(rows, []string{strconv.Itoa(c.Window.Start), strconv.Itoa(c.Window.End), Text(c.GroupA), Text(c.GroupB),
			strconv.Itoa(c.NA), nb, Float(c.CAARA), Float(c.CAARB), Float(c.Diff), string(c.Test), Float(c.Stat), Float(c.P)})
	}
	return w.writeAll(GroupsFile, rows)
}

// writeSummaries writes aar.csv and summary.csv, with a first column group
// when grouped.
func (w *Writer) writeSummaries(gs []study.GroupSummary, grouped bool) error {
	if w.err != nil {
		return w.err
	}
	lead := func(g string) []string {
		if grouped {
			return []string{Text(g)}
		}
		return nil
	}
	aar := append(lead(GroupColumn), AARColumns...)
	for _, t := range gs[0].Tests {
		aar = append(aar, t+"_stat", t+"_p")
	}
	rows := [][]string{aar}
	for _, s := range gs {
		for _, d := range s.Days {
			row := append(lead(s.Group), strconv.Itoa(d.RelDay), strconv.Itoa(d.N), Float(d.AAR), Float(d.CAAR))
			for _, st := range d.Tests {
				row = append(row, Float(st.Stat), Float(st.P))
			}
			rows = append(rows, row)
		}
	}
	if err := w.writeAll(AARFile, rows); err != nil {
		return err
	}
	rows = [][]string{append(lead(GroupColumn), SummaryColumns...)}
	for _, s := range gs {
		for _, win := range s.Windows {
			for _, st := range win.Tests {
				rows = append(rows, append(lead(s.Group), strconv.Itoa(win.Window.Start), strconv.Itoa(win.Window.End),
					strconv.Itoa(win.N), Float(win.CAAR), Float(win.BHAR), st.Test, Float(st.Stat), Float(st.P),
					Float(st.CILow), Float(st.CIHigh)))
			}
		}
	}
	return w.writeAll(SummaryFile, rows)
}

func (w *Writer) writeAll(name string, rows [][]string) error {
	t, err := w.open(name, rows[0], len(rows[0]))
	if err != nil {
		w.err = err
		return w.err
	}
	for _, r := range rows[1:] {
		if err := t.Write(r); err != nil {
			break
		}
	}
	t.Flush()
	if err := t.Error(); err != nil {
		w.err = fmt.Errorf("write %s: %w", w.format.Name(name), err)
	}
	return w.err
}

// WriteManifest writes manifest.json.
func (w *Writer) WriteManifest(m *Manifest) error {
	if w.err != nil {
		return w.err
	}
	b, err := m.JSON()
	if err != nil {
		w.err = err
		return err
	}
	f, err := createAtomic(filepath.Join(w.dir, ManifestFile))
	if err != nil {
		w.err = err
		return err
	}
	w.files = append(w.files, f)
	_, w.err = f.Write(b)
	return w.err
}

// CloseTables ends the per-event tables (events, abnormal returns, CARs):
// it flushes them and starts writing them to stable storage in the
// background, so that a batch's largest files are synced while its tests
// across events run. No row may be written afterwards; [Writer.Commit] waits
// for the sync. Calling it is optional.
func (w *Writer) CloseTables() {
	if w.closed != nil {
		return
	}
	w.closed = make(chan error, 1)
	for _, cw := range []table{w.events, w.ars, w.cars} {
		if w.err == nil {
			cw.Flush()
			w.err = cw.Error()
		}
	}
	if w.err != nil {
		w.closed <- nil
		return
	}
	tables := w.files[:3] // opened first, by CreateFormat
	go func() {
		var err error
		for _, f := range tables {
			if err == nil {
				err = f.sync()
				f.synced = err == nil
			}
		}
		w.closed <- err
	}()
}

// Commit flushes every file and renames it into place. After an error no
// file of this writer is left in the folder under its final name, except those
// renamed before the failure.
func (w *Writer) Commit() error {
	w.CloseTables()
	if !w.waited {
		w.waited = true
		if err := <-w.closed; err != nil && w.err == nil {
			w.err = err
		}
	}
	if w.err != nil {
		w.Abort()
		return w.err
	}
	for i, f := range w.files {
		if err := f.commit(); err != nil {
			for _, g := range w.files[i+1:] {
				g.abort()
			}
			w.files = nil
			return err
		}
	}
	w.files = nil
	return nil
}

// Abort removes every temporary file.
func (w *Writer) Abort() {
	for _, f := range w.files {
		f.abort()
	}
	w.files = nil
}

// Float formats x in the shortest form that reads back to the same float64;
// NaN and ±Inf are written as an empty cell (missing).
func Float(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return ""
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}

// Date formats t as yyyy-mm-dd; the zero time is an empty cell.
func Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// Text neutralises a text cell that a spreadsheet would execute as a formula,
// by prefixing a single quote (OWASP "CSV Injection"). A cell that is a plain
// number (say "-5") is left alone.
func Text(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		if _, err := strconv.ParseFloat(s, 64); err == nil && s[0] != '=' && s[0] != '@' {
			return s
		}
		return "'" + s
	}
	return s
}

func appendText(row, vals []string) []string {
	for _, v := range vals {
		row = append(row, Text(v))
	}
	return row
}

// WriteVolatility writes volatility.csv: one row per event day, then per CAR
// window, and test of vs ([study.VolatilityStats]), as [VolatilityColumns].
func (w *Writer) WriteVolatility(vs []study.VolStat) error {
	rows := [][]string{VolatilityColumns}
	for _, v := range vs {
		kind := "car"
		if v.Day {
			kind = "day"
		}
		rows = append(rows, []string{kind, strconv.Itoa(v.Window.Start), strconv.Itoa(v.Window.End), strconv.Itoa(v.N),
			Float(v.MeanU), v.Test, Float(v.Stat), Float(v.P)})
	}
	return w.writeAll(VolatilityFile, rows)
}
