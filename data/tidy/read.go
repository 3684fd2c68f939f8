package tidy

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/parquet-go/parquet-go"

	"github.com/eventstudy/eventstudy/data"
	"github.com/eventstudy/eventstudy/study"
)

// A Run is a finished run's output folder read back: events.csv and car.csv,
// for the analyses that follow a study ('eventstudy regress'). Rows of
// events.csv are the events, in input order.
type Run struct {
	Dir    string
	Events *data.Table // events.csv
	CARs   *data.Table // car.csv
}

// ErrNotRun marks a folder that is not the output folder of a finished run.
var ErrNotRun = errors.New("not the output folder of a finished run")

// ReadRun reads the tables of the output folder dir, in CSV or, from a run
// with --format parquet, Parquet (whose cells become the CSV's text). A
// folder without events and car tables is ErrNotRun; a malformed file is a
// *data.ParseError.
func ReadRun(dir string) (*Run, error) {
	r := &Run{Dir: dir}
	for _, t := range []struct {
		name string
		dst  **data.Table
		cols []string
	}{{EventsFile, &r.Events, []string{"event_id", "status"}}, {CARFile, &r.CARs, []string{"event_id", "car_start", "car_end", "car", "car_se", "bhar"}}} {
		path := filepath.Join(dir, t.name)
		f, err := os.Open(path)
		if errors.Is(err, fs.ErrNotExist) {
			path = filepath.Join(dir, Parquet.Name(t.name))
			if f, err = os.Open(path); errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("%s: %w: no %s", dir, ErrNotRun, t.name)
			}
		}
		if err != nil {
			return nil, err
		}
		var tab *data.Table
		if strings.HasSuffix(path, ".parquet") {
			tab, err = readParquet(f, path)
		} else {
			tab, err = data.ReadTable(f, path)
		}
		f.Close()
		if err != nil {
			return nil, err
		}
		for _, c := range t.cols {
			if tab.Col(c) < 0 {
				return nil, &data.ParseError{File: path, Line: 1, Column: c, Err: data.ErrMissingColumn}
			}
		}
		*t.dst = tab
	}
	return r, nil
}

// OK reports, for each event, whether its status is ok.
func (r *Run) OK() []bool {
	st := r.Events.Strings(r.Events.Col("status"))
	out := make([]bool, len(st))
	for i, s := range st {
		out[i] = s == string(study.StatusOK)
	}
	return out
}

// Outcome kinds of [Run.Outcome].
const (
	OutcomeCAR  = "car"  // CAR_i(a,b)
	OutcomeSCAR = "scar" // CAR_i(a,b) / σ(CAR_i), σ from car_se: the standardized CAR of Campbell, Lo & MacKinlay (1997), sec. 4.4.3
	OutcomeBHAR = "bhar" // BHAR_i(a,b)
)

// Outcome returns each event's outcome kind (OutcomeCAR, OutcomeSCAR or
// OutcomeBHAR) over window w, and the variance of its CAR (car_se²), NaN
// where car.csv has no row or value. A window that car.csv does not have is
// an error listing the windows it has.
func (r *Run) Outcome(kind string, w study.Window) (y, variance []float64, err error) {
	switch kind {
	case OutcomeCAR, OutcomeSCAR, OutcomeBHAR:
	default:
		return nil, nil, fmt.Errorf("unknown outcome %q (want car, scar or bhar)", kind)
	}
	c := r.CARs
	ids := c.Strings(c.Col("event_id"))
	starts, ends := c.Strings(c.Col("car_start")), c.Strings(c.Col("car_end"))
	cars, err := c.Floats(c.Col("car"))
	if err != nil {
		return nil, nil, err
	}
	ses, err := c.Floats(c.Col("car_se"))
	if err != nil {
		return nil, nil, err
	}
	bhars, err := c.Floats(c.Col("bhar"))
	if err != nil {
		return nil, nil, err
	}
	row := map[string]int{}
	var have []string
	seen := map[string]bool{}
	a, b := strconv.Itoa(w.Start), strconv.Itoa(w.End)
	for i := range ids {
		if s := starts[i] + "," + ends[i]; !seen[s] {
			seen[s] = true
			have = append(have, s)
		}
		if starts[i] == a && ends[i] == b {
			row[ids[i]] = i
		}
	}
	if !seen[a+","+b] {
		return nil, nil, fmt.Errorf("%s has no CAR window %d,%d (it has %s); add it with --car to the run", c.Name, w.Start, w.End, strings.Join(have, " "))
	}
	evIDs := r.Events.Strings(r.Events.Col("event_id"))
	y, variance = make([]float64, len(evIDs)), make([]float64, len(evIDs))
	for i, id := range evIDs {
		y[i], variance[i] = math.NaN(), math.NaN()
		j, ok := row[id]
		if !ok {
			continue
		}
		variance[i] = ses[j] * ses[j]
		switch kind {
		case OutcomeCAR:
			y[i] = cars[j]
		case OutcomeSCAR:
			y[i] = cars[j] / ses[j]
		case OutcomeBHAR:
			y[i] = bhars[j]
		}
	}
	return y, variance, nil
}

// Column returns the events.csv column named name (ignoring case), or an
// error listing the columns there are.
func (r *Run) Column(name string) (int, error) {
	if j := r.Events.Col(name); j >= 0 {
		return j, nil
	}
	return -1, fmt.Errorf("%s has no column %q (it has %s)", r.Events.Name, name, strings.Join(r.Events.Header, ", "))
}

// readParquet reads a table of ours written by [parquetTable] as the text of
// the CSV cells it mirrors: numbers in [Float]'s form, dates as [Date], null
// as an empty cell.
func readParquet(f *os.File, name string) (*data.Table, error) {
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	pf, err := parquet.OpenFile(f, st.Size())
	if err != nil {
		return nil, &data.ParseError{File: name, Line: 1, Err: err}
	}
	fields := pf.Schema().Fields()
	header := make([]string, len(fields))
	for i, fl := range fields {
		header[i] = fl.Name()
	}
	r := parquet.NewReader(pf)
	defer r.Close()
	var rows [][]string
	buf := make([]parquet.Row, 256)
	for {
		n, err := r.ReadRows(buf)
		for _, row := range buf[:n] {
			cells := make([]string, len(fields))
			for _, v := range row {
				c := v.Column()
				if c < 0 || c >= len(cells) || v.IsNull() {
					continue
				}
				switch v.Kind() {
				case parquet.Double:
					cells[c] = Float(v.Double())
				case parquet.Int64:
					cells[c] = strconv.FormatInt(v.Int64(), 10)
				case parquet.Int32: // DATE, days since 1970-01-01
					cells[c] = Date(epoch.AddDate(0, 0, int(v.Int32())))
				default:
					cells[c] = string(v.ByteArray())
				}
			}
			rows = append(rows, cells)
		}
		if err == io.EOF || (err == nil && n == 0) {
			break
		}
		if err != nil {
			return nil, &data.ParseError{File: name, Line: len(rows) + 2, Err: err}
		}
	}
	return data.NewTable(name, header, rows), nil
}
