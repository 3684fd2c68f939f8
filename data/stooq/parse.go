package stooq

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/eventstudy/eventstudy/data"
)

var columns = map[string]string{
	"date": "date", "data": "date",
	"open": "open", "otwarcie": "open",
	"high": "high", "najwyzszy": "high",
	"low": "low", "najnizszy": "low",
	"close": "close", "zamkniecie": "close",
	"volume": "volume", "wolumen": "volume",
}

// ParseCSV reads a Stooq daily CSV. name is used in errors, which are
// *data.ParseError. Dates must be ISO and strictly ascending; prices
// positive. Close is copied to AdjClose; a missing Volume column gives -1.
func ParseCSV(r io.Reader, name string) ([]data.Bar, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err == io.EOF {
		return nil, &data.ParseError{File: name, Line: 1, Err: data.ErrEmpty}
	}
	if err != nil {
		return nil, csvErr(name, err)
	}
	head = append([]string(nil), head...) // ReuseRecord: keep the header
	idx := map[string]int{}
	for i, h := range head {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if c, ok := columns[h]; ok {
			if _, dup := idx[c]; !dup {
				idx[c] = i
			}
		}
	}
	for _, c := range []string{"date", "open", "high", "low", "close"} {
		if _, ok := idx[c]; !ok {
			if len(head) == 1 && strings.EqualFold(strings.TrimSpace(head[0]), "No data") {
				return nil, fmt.Errorf("%s: %w (Stooq answered \"No data\")", name, data.ErrNoData)
			}
			return nil, &data.ParseError{File: name, Line: 1, Column: c, Err: data.ErrMissingColumn}
		}
	}
	vol, hasVol := idx["volume"]
	var out []data.Bar
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvErr(name, err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		get := func(c string) (string, error) {
			i := idx[c]
			if i >= len(rec) {
				return "", &data.ParseError{File: name, Line: line, Column: head[i], Err: data.ErrMissingColumn}
			}
			return strings.TrimSpace(rec[i]), nil
		}
		ds, err := get("date")
		if err != nil {
			return nil, err
		}
		d, err := time.Parse(time.DateOnly, ds)
		if err != nil {
			return nil, &data.ParseError{File: name, Line: line, Column: head[idx["date"]], Err: data.ErrBadDate}
		}
		if n := len(out); n > 0 && !d.After(out[n-1].Date) {
			e := data.ErrOutOfOrder
			if d.Equal(out[n-1].Date) {
				e = data.ErrDuplicateDate
			}
			return nil, &data.ParseError{File: name, Line: line, Err: e}
		}
		b := data.Bar{Date: d, Volume: -1}
		for _, f := range []struct {
			col string
			dst *float64
		}{{"open", &b.Open}, {"high", &b.High}, {"low", &b.Low}, {"close", &b.Close}} {
			s, err := get(f.col)
			if err != nil {
				return nil, err
			}
			x, err := strconv.ParseFloat(s, 64)
			if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
				return nil, &data.ParseError{File: name, Line: line, Column: head[idx[f.col]], Err: data.ErrBadNumber}
			}
			if x <= 0 {
				return nil, &data.ParseError{File: name, Line: line, Column: head[idx[f.col]], Err: data.ErrNonPositive}
			}
			*f.dst = x
		}
		b.AdjClose = b.Close
		if hasVol && vol < len(rec) && strings.TrimSpace(rec[vol]) != "" {
			v, err := strconv.ParseFloat(strings.TrimSpace(rec[vol]), 64)
			if err != nil || v < 0 || v > math.MaxInt64/2 {
				return nil, &data.ParseError{File: name, Line: line, Column: head[vol], Err: data.ErrBadNumber}
			}
			b.Volume = int64(v)
		}
		out = append(out, b)
	}
	if len(out) == 0 {
		return nil, &data.ParseError{File: name, Line: 1, Err: data.ErrEmpty}
	}
	return out, nil
}

func csvErr(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &data.ParseError{File: name, Line: max(pe.Line, 1), Err: pe.Err}
	}
	return &data.ParseError{File: name, Line: 1, Err: err}
}

// WriteCSV writes bars in Stooq's layout (Date,Open,High,Low,Close,Volume;
// LF line ends; shortest round-trip numbers). A negative volume is written
// empty.
func WriteCSV(w io.Writer, bars []data.Bar) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"Date", "Open", "High", "Low", "Close", "Volume"})
	f := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	for _, b := range bars {
		v := ""
		if b.Volume >= 0 {
			v = strconv.FormatInt(b.Volume, 10)
		}
		cw.Write([]string{b.Date.Format(time.DateOnly), f(b.Open), f(b.High), f(b.Low), f(b.Close), v})
	}
	cw.Flush()
	return cw.Error()
}
