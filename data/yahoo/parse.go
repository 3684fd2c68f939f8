package yahoo

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/eventstudy/eventstudy/data"
)

// Chart is a decoded chart response for one symbol.
type Chart struct {
	Symbol    string
	Listing   data.Listing // meta.longName and meta.shortName: the company's name
	Currency  string
	Timezone  string     // IANA name the bars are dated in
	Bars      []data.Bar // ascending, unique dates
	Splits    []Split    // ascending
	Dividends []Dividend // ascending
}

// Split is a stock split effective on Date: Numerator new shares for every
// Denominator old ones (4:1 → 4, 1). Ratio is Numerator/Denominator.
type Split struct {
	Date                   time.Time
	Numerator, Denominator float64
}

// Ratio returns Numerator/Denominator, or NaN when Denominator is 0.
func (s Split) Ratio() float64 {
	if s.Denominator == 0 {
		return math.NaN()
	}
	return s.Numerator / s.Denominator
}

// Dividend is a cash dividend per share with ex-date Date, in the currency of
// the chart.
type Dividend struct {
	Date   time.Time
	Amount float64
}

// ErrorBody is the error object of a chart response, e.g. {"code":"Not
// Found","description":"No data found, symbol may be delisted"}.
type ErrorBody struct {
	Code        string `json:"code"`
	Description string `json:"description"`
}

// wire mirrors the v8 chart JSON with pointers so that null, absent and
// present can be told apart.
type wire struct {
	Chart *struct {
		Result []*struct {
			Meta *struct {
				Currency             string `json:"currency"`
				Symbol               string `json:"symbol"`
				LongName             string `json:"longName"`
				ShortName            string `json:"shortName"`
				ExchangeTimezoneName string `json:"exchangeTimezoneName"`
			} `json:"meta"`
			Timestamp []*int64 `json:"timestamp"`
			Events    *struct {
				Dividends map[string]*struct {
					Amount *float64 `json:"amount"`
					Date   *int64   `json:"date"`
				} `json:"dividends"`
				Splits map[string]*struct {
					Date        *int64   `json:"date"`
					Numerator   *float64 `json:"numerator"`
					Denominator *float64 `json:"denominator"`
				} `json:"splits"`
			} `json:"events"`
			Indicators *struct {
				Quote []*struct {
					Open   []*float64 `json:"open"`
					High   []*float64 `json:"high"`
					Low    []*float64 `json:"low"`
					Close  []*float64 `json:"close"`
					Volume []*int64   `json:"volume"`
				} `json:"quote"`
				Adjclose []*struct {
					Adjclose []*float64 `json:"adjclose"`
				} `json:"adjclose"`
			} `json:"indicators"`
		} `json:"result"`
		Error *ErrorBody `json:"error"`
	} `json:"chart"`
}

// malformed wraps data.ErrMalformed with a detail.
func malformed(format string, args ...any) error {
	return fmt.Errorf("%w: %s", data.ErrMalformed, fmt.Sprintf(format, args...))
}

// ParseError decodes the error object of a non-200 chart body, or returns nil.
func parseErrorBody(body []byte) *ErrorBody {
	var w wire
	if json.Unmarshal(body, &w) != nil || w.Chart == nil {
		return nil
	}
	return w.Chart.Error
}

// ParseChart decodes and validates a 200 chart body. It accepts exactly the
// bodies finance-go can decode without panicking or inventing zeros: a
// non-empty result whose quote and adjclose arrays are as long as its
// timestamps. A body with an error object returns an error wrapping
// data.ErrUnknownSymbol ("Not Found") or data.ErrNoData (other codes); a
// result with no timestamps and empty quotes returns data.ErrNoData; anything
// else wrong wraps data.ErrMalformed.
//
// Null prices become NaN, a null volume -1, and bars whose close is null or
// not positive are kept with NaN prices (they are missing days, not zero
// prices). Bars are dated in the exchange time zone of meta (America/New_York
// when absent or unknown), filtered to nothing: the caller trims the range.
// Bars of the same date keep the last one.
func ParseChart(body []byte) (*Chart, error) {
	var w wire
	if err := json.Unmarshal(body, &w); err != nil {
		return nil, malformed("%v", err)
	}
	if w.Chart == nil {
		return nil, malformed("no chart object")
	}
	if e := w.Chart.Error; e != nil {
		return nil, remoteError(0, e)
	}
	if len(w.Chart.Result) == 0 || w.Chart.Result[0] == nil {
		return nil, malformed("empty result")
	}
	r := w.Chart.Result[0]
	c := &Chart{Timezone: defaultZone}
	if r.Meta != nil {
		c.Symbol, c.Currency = r.Meta.Symbol, r.Meta.Currency
		// finance-go's chart meta has no names (TOOLING.md): ours does.
		c.Listing = data.Listing{LongName: strings.TrimSpace(r.Meta.LongName), ShortName: strings.TrimSpace(r.Meta.ShortName)}
		if r.Meta.ExchangeTimezoneName != "" {
			c.Timezone = r.Meta.ExchangeTimezoneName
		}
	}
	loc, err := time.LoadLocation(c.Timezone)
	if err != nil || c.Timezone == "Local" {
		c.Timezone, loc = defaultZone, newYork
	}
	if r.Indicators == nil || len(r.Indicators.Quote) == 0 || r.Indicators.Quote[0] == nil {
		return nil, malformed("no indicators.quote")
	}
	q := r.Indicators.Quote[0]
	n := len(r.Timestamp)
	if n == 0 {
		if len(q.Open)+len(q.High)+len(q.Low)+len(q.Close)+len(q.Volume) > 0 {
			return nil, malformed("quote arrays have values but there are no timestamps")
		}
		return nil, fmt.Errorf("%w: chart has no bars", data.ErrNoData)
	}
	for name, l := range map[string]int{"open": len(q.Open), "high": len(q.High), "low": len(q.Low),
		"close": len(q.Close), "volume": len(q.Volume)} {
		if l != n {
			return nil, malformed("%d timestamps but %d %s values", n, l, name)
		}
	}
	var adj []*float64
	if a := r.Indicators.Adjclose; len(a) > 0 && a[0] != nil {
		adj = a[0].Adjclose
		if len(adj) != n {
			return nil, malformed("%d timestamps but %d adjclose values", n, len(adj))
		}
	}
	for i, ts := range r.Timestamp {
		if ts == nil {
			return nil, malformed("timestamp %d is null", i)
		}
		b := data.Bar{
			Date:     dateIn(*ts, loc),
			Open:     price(q.Open[i]),
			High:     price(q.High[i]),
			Low:      price(q.Low[i]),
			Close:    price(q.Close[i]),
			AdjClose: math.NaN(), Volume: -1,
		}
		if adj != nil {
			b.AdjClose = price(adj[i])
		}
		if v := q.Volume[i]; v != nil {
			b.Volume = *v
		}
		if k := len(c.Bars); k > 0 && !b.Date.After(c.Bars[k-1].Date) {
			if b.Date.Equal(c.Bars[k-1].Date) {
				c.Bars[k-1] = b
				continue
			}
			return nil, malformed("timestamps out of order at %d", i)
		}
		c.Bars = append(c.Bars, b)
	}
	if e := r.Events; e != nil {
		for _, s := range e.Splits {
			if s == nil || s.Date == nil || s.Numerator == nil || s.Denominator == nil {
				return nil, malformed("incomplete split event")
			}
			c.Splits = append(c.Splits, Split{Date: dateIn(*s.Date, loc), Numerator: *s.Numerator, Denominator: *s.Denominator})
		}
		for _, d := range e.Dividends {
			if d == nil || d.Date == nil || d.Amount == nil {
				return nil, malformed("incomplete dividend event")
			}
			c.Dividends = append(c.Dividends, Dividend{Date: dateIn(*d.Date, loc), Amount: *d.Amount})
		}
		slices.SortFunc(c.Splits, func(a, b Split) int { return a.Date.Compare(b.Date) })
		slices.SortFunc(c.Dividends, func(a, b Dividend) int { return a.Date.Compare(b.Date) })
	}
	return c, nil
}

// price turns a JSON number into a price: null, NaN, ±Inf and values ≤ 0
// become NaN (finance-go would give 0).
func price(p *float64) float64 {
	if p == nil || !(*p > 0) || math.IsInf(*p, 0) {
		return math.NaN()
	}
	return *p
}

// dateIn returns the civil date of Unix time ts in loc, at 00:00 UTC.
func dateIn(ts int64, loc *time.Location) time.Time {
	y, m, d := time.Unix(ts, 0).In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// remoteError maps a chart error object (status 0 when it came with 200).
func remoteError(status int, e *ErrorBody) error {
	detail := e.Code
	if e.Description != "" {
		detail += ": " + e.Description
	}
	switch {
	case status == 404 || e.Code == "Not Found":
		return fmt.Errorf("%w (%s)", data.ErrUnknownSymbol, detail)
	case status == 400 || e.Code == "Bad Request":
		return fmt.Errorf("%w (%s)", data.ErrNoData, detail)
	}
	return fmt.Errorf("%w (HTTP %d: %s)", data.ErrUnavailable, status, detail)
}
