package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/eventstudy/eventstudy/charts"
	"github.com/eventstudy/eventstudy/data"
	"github.com/eventstudy/eventstudy/data/calendar"
	"github.com/eventstudy/eventstudy/data/provider"
	"github.com/eventstudy/eventstudy/quick"
	"github.com/eventstudy/eventstudy/study"
)

// symbolPattern is what a ticker may look like: letters, digits and the
// marks vendors use (^GSPC, BRK-B, BF.B, EURUSD=X), at most 20 characters.
var symbolPattern = regexp.MustCompile(`^[A-Z0-9^][A-Z0-9.^=\-]{0,19}$`)

const maxHeadline = 200 // characters

// quickQuery is the one-event form, as typed and as parsed.
type quickQuery struct {
	Symbol, Date, Time, Market, Headline string

	date       time.Time
	afterClose bool
}

// parseQuick validates the query of /quick and its downloads. Problems are
// listed in words a reporter can act on.
func parseQuick(v url.Values, defMarket string) (*quickQuery, []string) {
	q := &quickQuery{
		Symbol:   strings.ToUpper(strings.TrimSpace(v.Get("symbol"))),
		Date:     strings.TrimSpace(v.Get("date")),
		Time:     strings.TrimSpace(v.Get("time")),
		Market:   strings.ToUpper(strings.TrimSpace(v.Get("market"))),
		Headline: strings.TrimSpace(v.Get("headline")),
	}
	if q.Market == "" {
		q.Market = defMarket
	}
	var bad []string
	switch {
	case q.Symbol == "":
		bad = append(bad, "Type a ticker symbol, for example FB or AAPL.")
	case !symbolPattern.MatchString(q.Symbol):
		bad = append(bad, fmt.Sprintf("%q is not a ticker symbol: use letters, digits and . - ^ = (at most 20), for example FB or BRK-B.", clip(q.Symbol)))
	}
	if !symbolPattern.MatchString(q.Market) {
		bad = append(bad, fmt.Sprintf("%q is not a benchmark symbol: for the S&P 500 type ^GSPC.", clip(q.Market)))
	}
	d, err := time.Parse(time.DateOnly, q.Date)
	switch {
	case q.Date == "":
		bad = append(bad, "Give the date of the news, as yyyy-mm-dd (for example 2018-08-06).")
	case err != nil:
		bad = append(bad, fmt.Sprintf("%q is not a date: write it as yyyy-mm-dd, for example 2018-08-06.", clip(q.Date)))
	case d.Year() < 1970:
		bad = append(bad, "The date must be in 1970 or later.")
	}
	q.date = d
	if q.Time != "" {
		t, err := time.Parse("15:04", q.Time)
		if err != nil {
			bad = append(bad, fmt.Sprintf("%q is not a time: write it as HH:MM on the 24-hour clock, New York time (16:05 is after the close).", clip(q.Time)))
		}
		q.afterClose = t.Hour() >= 16
	}
	if utf8.RuneCountInString(q.Headline) > maxHeadline {
		bad = append(bad, fmt.Sprintf("The headline is longer than %d characters.", maxHeadline))
	}
	return q, bad
}

// clip shortens what a reader typed before it is quoted back.
func clip(s string) string {
	if utf8.RuneCountInString(s) <= 40 {
		return s
	}
	return string([]rune(s)[:40]) + "…"
}

// Query is the canonical query string of the answer, for its links.
func (q *quickQuery) Query() string {
	v := url.Values{"symbol": {q.Symbol}, "date": {q.Date}}
	if q.Time != "" {
		v.Set("time", q.Time)
	}
	if q.Market != "" {
		v.Set("market", q.Market)
	}
	if q.Headline != "" {
		v.Set("headline", q.Headline)
	}
	return v.Encode()
}

// fileStem names downloads: FB-2018-08-06 (only letters, digits, '-').
func (q *quickQuery) fileStem() string {
	b := []byte(q.Symbol)
	for i, c := range b {
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			b[i] = '-'
		}
	}
	return strings.Trim(string(b), "-") + "-" + q.Date
}

// answer computes the event of q, or says why not. Concurrent identical
// questions share one computation (and so one fetch).
func (s *Server) answer(ctx context.Context, q *quickQuery) (*quick.Answer, *pageError) {
	cal := calendar.NYSE()
	day0 := q.date
	if q.afterClose {
		day0 = cal.Next(day0)
	} else if !cal.IsOpen(day0) {
		day0 = cal.Next(day0)
	}
	last := provider.LastSession(s.cfg.Now(), cal)
	if plus1 := cal.Next(day0); plus1.After(last) {
		when := "Its closing prices come after 4 p.m. New York time."
		if day0.After(last) {
			when = fmt.Sprintf("Day 0 would be %s; come back after that day's close.", long(day0))
		} else {
			when = fmt.Sprintf("The answer covers days −1 to +1: day +1 is %s, so come back after that day's close.", long(plus1))
		}
		return nil, &pageError{Status: http.StatusUnprocessableEntity, Form: q,
			Title:  "No data yet: the market has not closed",
			Detail: fmt.Sprintf("There are no closing prices for %s yet. %s", long(q.date), when)}
	}
	key := strings.Join([]string{q.Symbol, q.Market, q.Date, strconv.FormatBool(q.afterClose)}, "|")
	v, err := s.flight.do(key, func() (any, error) {
		// Not the first caller's context: its cancellation must not fail the others.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.cfg.Timeout)
		defer cancel()
		return quick.Run(ctx, s.cfg.Source, quick.Request{Symbol: q.Symbol, Market: q.Market, Date: q.date,
			AfterClose: q.afterClose, Params: s.cfg.Params, Returns: s.cfg.Returns, Factors: s.cfg.Factors, Now: s.cfg.Now(),
			Symbols: s.cfg.Symbols, SourceName: s.cfg.SourceName})
	})
	a, _ := v.(*quick.Answer)
	if err == nil && a == nil {
		err = errors.New("no answer")
	}
	if err != nil {
		s.cfg.Log.Printf("serve: quick %s: %v", key, err)
		var pe *data.ParseError
		if errors.As(err, &pe) {
			return nil, &pageError{Status: http.StatusInternalServerError, Form: q, Title: "The server's price files are malformed",
				Detail: pe.Error() + ". Tell whoever runs this server."}
		}
		return nil, &pageError{Status: http.StatusInternalServerError, Form: q, Title: "The answer could not be computed",
			Detail: "The server could not study this event; it is logged."}
	}
	switch study.Status(a.Result.Status) {
	case study.StatusOK:
		return a, nil
	case study.StatusUnknownSymbol:
		sym := q.Symbol
		if strings.HasPrefix(a.Result.Message, "market ") {
			sym = q.Market
		}
		return nil, &pageError{Status: http.StatusNotFound, Form: q, Title: "Unknown ticker " + sym,
			Detail: fmt.Sprintf("The price source does not know %s. Check the symbol as the exchange lists it "+
				"(for example AAPL for Apple, ^GSPC for the S&P 500). A company that changed its name may trade under a "+
				"new symbol (Facebook is META since June 2022).", sym)}
	case study.StatusInsufficientEstimation, study.StatusOutOfRange, study.StatusMissingEventData:
		return nil, &pageError{Status: http.StatusUnprocessableEntity, Form: q, Title: "Not enough prices for this date",
			Detail: fmt.Sprintf("%s on %s cannot be measured: %s. The method needs about a year of trading before the "+
				"news and the days around it.", q.Symbol, long(q.date), a.Result.Message)}
	}
	return nil, &pageError{Status: http.StatusBadGateway, Form: q, Title: "The price source failed",
		Detail: fmt.Sprintf("%s (%s). Try again in a minute.", a.Result.Message, a.Result.Status)}
}

// long writes a date as a reader does: Monday, Aug 6, 2018.
func long(d time.Time) string { return d.Format("Monday, Jan 2, 2006") }

func (s *Server) index(w http.ResponseWriter, r *http.Request) {
	s.render(w, http.StatusOK, "index", map[string]any{"Title": "How much of that move was news?",
		"Form": &quickQuery{Market: s.cfg.Market}})
}

// parsed validates the query of r or writes the 400 page.
func (s *Server) parsed(w http.ResponseWriter, r *http.Request) (*quickQuery, bool) {
	q, bad := parseQuick(r.URL.Query(), s.cfg.Market)
	if len(bad) > 0 {
		s.fail(w, r, &pageError{Status: http.StatusBadRequest, Form: q, Title: "Check the form",
			Detail: strings.Join(bad, " ")})
		return nil, false
	}
	return q, true
}

// links are the answer's addresses. The query is url.Values.Encode output,
// so it is safe as a URL as it is (the template would escape its = and &).
func links(query string) map[string]template.URL {
	m := map[string]template.URL{}
	for name, path := range map[string]string{"Page": "/quick", "PNG": "/quick.png", "SVG": "/quick.svg", "CSV": "/quick.csv", "JSON": "/quick.json"} {
		m[name] = template.URL(path + "?" + query)
	}
	return m
}

// answered validates the query of r and computes its answer, or writes the
// error page and returns a nil answer.
func (s *Server) answered(w http.ResponseWriter, r *http.Request) (*quickQuery, *quick.Answer) {
	q, ok := s.parsed(w, r)
	if !ok {
		return nil, nil
	}
	a, perr := s.answer(r.Context(), q)
	if perr != nil {
		s.fail(w, r, perr)
		return nil, nil
	}
	return q, a
}

// dayRow is a row of the answer's table.
type dayRow struct {
	quick.Day
	Label string
}

func (s *Server) quickPage(w http.ResponseWriter, r *http.Request) {
	q, a := s.answered(w, r)
	if a == nil {
		return
	}
	var moved string
	if d0 := a.Study.Day0; !d0.Equal(q.date) {
		if q.afterClose {
			moved = fmt.Sprintf("The news came at %s, after the 4 p.m. close, so day 0 is the next trading day, %s.", q.Time, long(d0))
		} else {
			why, _ := calendar.NYSE().Closed(q.date)
			if why == "Saturday" || why == "Sunday" {
				why = "the market is closed at weekends"
			}
			moved = fmt.Sprintf("%s was not a trading day (%s), so day 0 is the next trading day, %s.", long(q.date), why, long(d0))
		}
	}
	var rows []dayRow
	for _, d := range a.Result.Days {
		label := fmt.Sprintf("Day %+d", d.RelDay)
		if d.RelDay == 0 {
			label = "Day 0 (news)"
		}
		rows = append(rows, dayRow{d, strings.Replace(label, "-", "−", 1)})
	}
	who := a.Result.Symbol
	if n := a.Result.Name; n != "" {
		who = n + " (" + who + ")"
	}
	title := who + " on " + a.Study.Day0.Format("Jan 2, 2006")
	s.render(w, http.StatusOK, "answer", map[string]any{
		"Title": title, "Form": q, "Link": links(q.Query()), "A": &a.Result, "Rows": rows, "Moved": moved,
		"Chart": !s.cfg.Returns, "Benchmark": charts.DefaultSpec().Name(q.Market),
	})
}

func (s *Server) quickJSON(w http.ResponseWriter, r *http.Request) {
	q, ok := s.parsed(w, r)
	if !ok {
		return
	}
	a, perr := s.answer(r.Context(), q)
	if perr != nil {
		writeJSONError(w, perr)
		return
	}
	b, _ := json.MarshalIndent(a.Result, "", "  ")
	w.Header().Set("Content-Type", "application/json")
	w.Write(append(b, '\n'))
}

// writeJSONError answers a failed /quick.json with the same status as the
// page and the reason as JSON.
func writeJSONError(w http.ResponseWriter, e *pageError) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(e.Status)
	json.NewEncoder(w).Encode(map[string]string{"error": e.Title, "detail": e.Detail})
}

func (s *Server) quickChart(format string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.cfg.Returns {
			s.fail(w, r, &pageError{Status: http.StatusNotFound, Title: "No chart",
				Detail: "This server reads returns, not prices: there is no price chart to draw."})
			return
		}
		q, a := s.answered(w, r)
		if a == nil {
			return
		}
		ch, err := quick.Chart(r.Context(), s.cfg.Source, a, s.cfg.ChartSpec(a.Params, q.Headline))
		var b bytes.Buffer
		if err == nil {
			err = charts.Render(ch, format, &b)
		}
		if err != nil {
			s.cfg.Log.Printf("serve: chart %s: %v", q.Query(), err)
			s.fail(w, r, &pageError{Status: http.StatusUnprocessableEntity, Form: q, Title: "No chart for this event",
				Detail: "The prices around day 0 are incomplete, so the chart cannot be drawn: " + err.Error()})
			return
		}
		ct := "image/png"
		if format == "svg" {
			ct = "image/svg+xml"
			w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; font-src data:")
		}
		w.Header().Set("Content-Type", ct)
		if r.URL.Query().Get("download") != "" {
			w.Header().Set("Content-Disposition", `attachment; filename="`+q.fileStem()+"."+format+`"`)
		}
		w.Write(b.Bytes())
	}
}

// quickCSV writes the days −1..+1 as a tidy CSV: one row per day, returns as
// fractions, missing values empty (pandas, R, Excel and Stata read it as is).
func (s *Server) quickCSV(w http.ResponseWriter, r *http.Request) {
	q, a := s.answered(w, r)
	if a == nil {
		return
	}
	f := func(x quick.Float) string {
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return ""
		}
		return strconv.FormatFloat(float64(x), 'g', -1, 64)
	}
	var b bytes.Buffer
	cw := csv.NewWriter(&b)
	cw.Write([]string{"symbol", "market", "event_date", "day0", "rel_day", "date", "price", "ret", "market_ret", "ar", "ar_t", "ar_p"})
	res := a.Result
	for _, d := range res.Days {
		cw.Write([]string{res.Symbol, res.Market, res.EventDate, res.Day0, strconv.Itoa(d.RelDay), d.Date,
			f(d.Price), f(d.Ret), f(d.MarketRet), f(d.AR), f(d.T), f(d.P)})
	}
	cw.Flush()
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+q.fileStem()+`.csv"`)
	w.Write(b.Bytes())
}
