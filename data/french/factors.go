package french

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/eventstudy/eventstudy/data"
)

// Factors is a table of daily factor returns, as fractions. A column the
// source does not have is nil; present columns have len(Dates) values.
type Factors struct {
	Dates []time.Time // ascending, unique, 00:00 UTC
	MktRF []float64   // market minus risk-free ("Mkt-RF")
	SMB   []float64   // small minus big (3- and 5-factor SMB differ by construction)
	HML   []float64   // high minus low book-to-market
	RMW   []float64   // robust minus weak profitability (5-factor)
	CMA   []float64   // conservative minus aggressive investment (5-factor)
	Mom   []float64   // momentum, "Mom" (also UMD, WML)
	RF    []float64   // risk-free rate per day
	// Vintage is the CRSP vintage named in the file's notes ("202403"), or "".
	Vintage string
}

// Names lists the present columns in the order Mkt-RF, SMB, HML, RMW, CMA,
// Mom, RF.
func (f *Factors) Names() []string {
	var out []string
	for _, c := range f.cols() {
		if *c.p != nil {
			out = append(out, c.name)
		}
	}
	return out
}

// Column returns the column named as in the library's header ("Mkt-RF",
// "SMB", "HML", "RMW", "CMA", "Mom", "RF"), or nil.
func (f *Factors) Column(name string) []float64 {
	if p := f.col(name); p != nil {
		return *p
	}
	return nil
}

type column struct {
	name string
	p    *[]float64
}

func (f *Factors) cols() []column {
	return []column{{"Mkt-RF", &f.MktRF}, {"SMB", &f.SMB}, {"HML", &f.HML}, {"RMW", &f.RMW},
		{"CMA", &f.CMA}, {"Mom", &f.Mom}, {"RF", &f.RF}}
}

func (f *Factors) col(name string) *[]float64 {
	n := strings.ToUpper(strings.TrimSpace(name))
	switch n {
	case "MKT-RF", "MKTRF", "MKT_RF":
		n = "MKT-RF"
	case "UMD", "WML", "MOM":
		n = "MOM"
	}
	for _, c := range f.cols() {
		if strings.ToUpper(c.name) == n {
			return c.p
		}
	}
	return nil
}

// Range returns the rows dated from..to inclusive (sharing storage).
func (f *Factors) Range(from, to time.Time) *Factors {
	i := 0
	for i < len(f.Dates) && f.Dates[i].Before(from) {
		i++
	}
	j := i
	for j < len(f.Dates) && !f.Dates[j].After(to) {
		j++
	}
	out := &Factors{Dates: f.Dates[i:j], Vintage: f.Vintage}
	src, dst := f.cols(), out.cols()
	for k := range src {
		if *src[k].p != nil {
			*dst[k].p = (*src[k].p)[i:j]
		}
	}
	return out
}

// Merge joins a and b on their common dates. Columns of a win; b adds the
// columns a lacks (the 5-factor file plus momentum). Vintage joins both.
func Merge(a, b *Factors) *Factors {
	ib := map[time.Time]int{}
	for i, d := range b.Dates {
		ib[d] = i
	}
	out := &Factors{Vintage: strings.Trim(a.Vintage+"+"+b.Vintage, "+")}
	ac, bc, oc := a.cols(), b.cols(), out.cols()
	for ia, d := range a.Dates {
		jb, ok := ib[d]
		if !ok {
			continue
		}
		out.Dates = append(out.Dates, d)
		for k := range oc {
			switch {
			case *ac[k].p != nil:
				*oc[k].p = append(*oc[k].p, (*ac[k].p)[ia])
			case *bc[k].p != nil:
				*oc[k].p = append(*oc[k].p, (*bc[k].p)[jb])
			}
		}
	}
	return out
}

var (
	// ErrNoHeader: no ",Mkt-RF,..." (or "Date,...") header row was found.
	ErrNoHeader = errors.New("no factor header row")
	// ErrUnknownColumn: a header names a column this package does not know.
	ErrUnknownColumn = errors.New("unknown factor column")
	// ErrDuplicateColumn: a header names a factor twice.
	ErrDuplicateColumn = errors.New("duplicate factor column")

	vintageRE = regexp.MustCompile(`using the (\d{6}) CRSP`)
)

// Read parses a French library daily CSV or a tidy CSV (header
// "Date,Mkt-RF,..." with ISO or YYYYMMDD dates, values in percent). name is
// used in errors, which are *data.ParseError.
func Read(r io.Reader, name string) (*Factors, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	f := &Factors{}
	line := 0
	var cols []*[]float64
	var header []string
	inData := false
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r")
		if line == 1 {
			text = strings.TrimPrefix(text, "\ufeff")
		}
		if header == nil {
			if m := vintageRE.FindStringSubmatch(text); m != nil && f.Vintage == "" {
				f.Vintage = m[1]
			}
			fields := strings.Split(text, ",")
			first := strings.ToLower(strings.TrimSpace(fields[0]))
			if len(fields) < 2 || (first != "" && first != "date") {
				continue // notes before the header
			}
			header = fields
			for _, h := range fields[1:] {
				p := f.col(h)
				if p == nil {
					return nil, &data.ParseError{File: name, Line: line, Column: strings.TrimSpace(h), Err: ErrUnknownColumn}
				}
				if *p != nil {
					return nil, &data.ParseError{File: name, Line: line, Column: strings.TrimSpace(h), Err: ErrDuplicateColumn}
				}
				*p = []float64{}
				cols = append(cols, p)
			}
			continue
		}
		if strings.TrimSpace(text) == "" {
			if inData {
				break // end of the daily section
			}
			continue
		}
		fields := strings.Split(text, ",")
		d, ok := parseDate(strings.TrimSpace(fields[0]))
		if !ok {
			if inData {
				break // footer or annual section
			}
			return nil, &data.ParseError{File: name, Line: line, Column: strings.TrimSpace(header[0]), Err: data.ErrBadDate}
		}
		if len(fields) != len(header) {
			return nil, &data.ParseError{File: name, Line: line, Err: fmt.Errorf("%w: %d fields, header has %d", data.ErrMissingColumn, len(fields), len(header))}
		}
		if n := len(f.Dates); n > 0 && !d.After(f.Dates[n-1]) {
			e := data.ErrOutOfOrder
			if d.Equal(f.Dates[n-1]) {
				e = data.ErrDuplicateDate
			}
			return nil, &data.ParseError{File: name, Line: line, Err: e}
		}
		for k, p := range cols {
			s := strings.TrimSpace(fields[k+1])
			x, err := strconv.ParseFloat(s, 64)
			if err != nil || math.IsInf(x, 0) || math.IsNaN(x) {
				return nil, &data.ParseError{File: name, Line: line, Column: strings.TrimSpace(header[k+1]), Err: data.ErrBadNumber}
			}
			if x == -99.99 || x == -999 {
				x = math.NaN() // the library's missing-value codes
			} else {
				x /= 100
			}
			*p = append(*p, x)
		}
		f.Dates = append(f.Dates, d)
		inData = true
	}
	if err := sc.Err(); err != nil {
		return nil, &data.ParseError{File: name, Line: max(line, 1), Err: err}
	}
	if header == nil {
		return nil, &data.ParseError{File: name, Line: max(line, 1), Err: ErrNoHeader}
	}
	if len(f.Dates) == 0 {
		return nil, &data.ParseError{File: name, Line: max(line, 1), Err: data.ErrEmpty}
	}
	return f, nil
}

// parseDate accepts YYYYMMDD and YYYY-MM-DD.
func parseDate(s string) (time.Time, bool) {
	layout := "20060102"
	if len(s) == 10 {
		layout = time.DateOnly
	} else if len(s) != 8 {
		return time.Time{}, false
	}
	t, err := time.Parse(layout, s)
	return t, err == nil
}

// Write writes f as a tidy CSV: "Date,<Names()...>" with ISO dates and
// values in percent (shortest round-trip form), NaN as -99.99. Read reads it
// back unchanged up to the ×100/÷100 rounding.
func Write(w io.Writer, f *Factors) error {
	names := f.Names()
	bw := bufio.NewWriter(w)
	bw.WriteString("Date," + strings.Join(names, ",") + "\n")
	for i, d := range f.Dates {
		bw.WriteString(d.Format(time.DateOnly))
		for _, n := range names {
			x := f.Column(n)[i]
			bw.WriteByte(',')
			if math.IsNaN(x) {
				bw.WriteString("-99.99")
			} else {
				bw.WriteString(strconv.FormatFloat(x*100, 'g', -1, 64))
			}
		}
		bw.WriteByte('\n')
	}
	return bw.Flush()
}
