package data

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/eventstudy/eventstudy/internal/testdate"
)

var day = testdate.Day

func TestReadEvents(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		opt   EventOptions
		want  *EventFile // Name is filled in
		err   error      // sentinel
		line  int
		col   string
		inMsg string // substring of the error message
	}{{
		name: "Minimal",
		in:   "symbol,date\nFB,2018-08-06\n",
		want: &EventFile{Rows: []EventRow{{Line: 2, ID: "1", Symbol: "FB", Date: day("2018-08-06")}}},
	}, {
		name: "AllColumns",
		in:   "Event_ID, Symbol ,DATE,Time,Market,Category,Note\na,FB,2018-07-25,16:05,^GSPC,earnings,x\nb,AAPL,2018-07-31,9:30,,earnings,\n",
		want: &EventFile{Extra: []string{"Category", "Note"}, Rows: []EventRow{
			{Line: 2, ID: "a", Symbol: "FB", Date: day("2018-07-25"), Time: "16:05", AfterClose: true, Market: "^GSPC", Extra: []string{"earnings", "x"}},
			{Line: 3, ID: "b", Symbol: "AAPL", Date: day("2018-07-31"), Time: "09:30", Extra: []string{"earnings", ""}},
		}},
	}, {
		name: "CloseIsAfterClose",
		in:   "symbol,date,time\nFB,2018-07-25,16:00\nFB,2018-07-26,15:59:59\n",
		want: &EventFile{Rows: []EventRow{
			{Line: 2, ID: "1", Symbol: "FB", Date: day("2018-07-25"), Time: "16:00", AfterClose: true},
			{Line: 3, ID: "2", Symbol: "FB", Date: day("2018-07-26"), Time: "15:59"},
		}},
	}, {
		name: "BOMCRLFBlankLinesAliases",
		in:   "\uFEFFsecurity_ticker,market_ticker,event_date\r\n\r\nAAPL,SPY,31/10/2019\r\n,,\r\nFB,SPY,06/08/2018\r\n",
		opt:  EventOptions{DateFormat: DateDMY},
		want: &EventFile{Rows: []EventRow{
			{Line: 3, ID: "1", Symbol: "AAPL", Date: day("2019-10-31"), Market: "SPY"},
			{Line: 5, ID: "2", Symbol: "FB", Date: day("2018-08-06"), Market: "SPY"},
		}},
	}, {
		name: "TickerAliasSymbolWins",
		in:   "ticker,symbol,date\nX,FB,2018-08-06\n",
		want: &EventFile{Extra: []string{"ticker"}, Rows: []EventRow{
			{Line: 2, ID: "1", Symbol: "FB", Date: day("2018-08-06"), Extra: []string{"X"}},
		}},
	}, {
		name: "MonthFirst",
		in:   "symbol,date\nFB,8/6/2018\n",
		opt:  EventOptions{DateFormat: DateMDY},
		want: &EventFile{Rows: []EventRow{{Line: 2, ID: "1", Symbol: "FB", Date: day("2018-08-06")}}},
	}, {
		name: "MissingSymbol",
		in:   "ticker_name,date\nFB,2018-08-06\n",
		err:  ErrMissingColumn, line: 1, col: "symbol",
	}, {
		name: "MissingDate",
		in:   "symbol,day0\nFB,2018-08-06\n",
		err:  ErrMissingColumn, line: 1, col: "date",
	}, {
		name: "DayFirstWithoutFlag",
		in:   "symbol,date\nFB,06/08/2018\n",
		err:  ErrBadDate, line: 2, col: "date",
		inMsg: `unparseable date "06/08/2018" (want yyyy-mm-dd; see --date-format)`,
	}, {
		name: "NoSuchDay",
		in:   "symbol,date\nFB,2018-02-29\n",
		err:  ErrBadDate, line: 2, col: "date",
	}, {
		name: "BadTime",
		in:   "symbol,date,time\nFB,2018-08-06,\nFB,2018-08-07,24:00\n",
		err:  ErrBadTime, line: 3, col: "time",
	}, {
		name: "EmptySymbol",
		in:   "symbol,date\nFB,2018-08-06\n  ,2018-08-07\n",
		err:  ErrEmptyField, line: 3, col: "symbol",
	}, {
		name: "DuplicateID",
		in:   "event_id,symbol,date\na,FB,2018-08-06\n\nb,FB,2018-08-07\na,FB,2018-08-08\n",
		err:  ErrDuplicateEvent, line: 5, col: "event_id",
		inMsg: `duplicate event id "a" (first on line 2)`,
	}, {
		name: "DefaultIDCollides",
		in:   "event_id,symbol,date\n2,FB,2018-08-06\n,FB,2018-08-07\n",
		err:  ErrDuplicateEvent, line: 3, col: "event_id",
	}, {
		name: "FieldCount",
		in:   "symbol,date\nFB,2018-08-06,x\n",
		err:  ErrFieldCount, line: 2,
	}, {
		name: "DuplicateColumn",
		in:   "symbol,Date,date\nFB,2018-08-06,2018-08-07\n",
		err:  ErrDuplicateColumn, line: 1, col: "date",
	}, {
		name: "HeaderOnly",
		in:   "symbol,date\n",
		err:  ErrEmpty, line: 1,
	}, {
		name: "Empty",
		in:   "",
		err:  ErrEmpty, line: 1,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadEvents(strings.NewReader(tt.in), "events.csv", tt.opt)
			if tt.err != nil {
				checkParseError(t, err, tt.err, tt.line, tt.col, tt.inMsg)
				return
			}
			if err != nil {
				t.Fatalf("ReadEvents: %v", err)
			}
			tt.want.Name = "events.csv"
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ReadEvents =\n%+v\nwant\n%+v", got, tt.want)
			}
		})
	}
}

// checkParseError checks err is a *ParseError at line and column wrapping
// sentinel, with msg in its text.
func checkParseError(t *testing.T, err, sentinel error, line int, col, msg string) {
	t.Helper()
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("err = %v (%T), want *ParseError", err, err)
	}
	if !errors.Is(err, sentinel) {
		t.Errorf("err = %v, want errors.Is %v", err, sentinel)
	}
	if pe.Line != line || pe.Column != col {
		t.Errorf("err at line %d column %q, want line %d column %q (%v)", pe.Line, pe.Column, line, col, err)
	}
	if !strings.Contains(err.Error(), msg) {
		t.Errorf("err = %q, want it to contain %q", err, msg)
	}
	if !strings.HasPrefix(err.Error(), pe.File+":") {
		t.Errorf("err = %q, want it to start with the file name", err)
	}
}

func TestReadEventsTestdata(t *testing.T) {
	f, err := os.Open("testdata/events.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ev, err := ReadEvents(f, "testdata/events.csv", EventOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ev.Rows) != 3 || ev.Rows[1].ID != "fb-2" || !ev.Rows[1].AfterClose || ev.Rows[2].Symbol != "fb" {
		t.Errorf("rows = %+v", ev.Rows)
	}
}

func TestParseDateFormat(t *testing.T) {
	for in, want := range map[string]DateFormat{
		"": DateAuto, "auto": DateAuto, "ISO": DateISO, "yyyy-mm-dd": DateISO,
		" dd/mm/yyyy": DateDMY, "MM/DD/YYYY": DateMDY,
	} {
		if got, err := ParseDateFormat(in); got != want || err != nil {
			t.Errorf("ParseDateFormat(%q) = %q, %v, want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"dd-mm-yyyy", "yyyymmdd", "x"} {
		if _, err := ParseDateFormat(in); !errors.Is(err, ErrBadDateFormat) {
			t.Errorf("ParseDateFormat(%q) err = %v, want ErrBadDateFormat", in, err)
		}
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		f    DateFormat
		want string // "" = error
	}{
		{"2018-08-06", DateISO, "2018-08-06"},
		{"2018-08-06 00:00:00", DateISO, "2018-08-06"},
		{"2018-08-06T16:00:00Z", DateAuto, "2018-08-06"},
		{"2018-8-6", DateISO, ""},
		{"2018-08-06x", DateISO, ""},
		{"2018-13-01", DateISO, ""},
		{"2016-02-29", DateISO, "2016-02-29"},
		{"1900-02-29", DateISO, ""}, // not a leap year (century)
		{"2000-02-29", DateISO, "2000-02-29"},
		{"0001-01-01", DateISO, "0001-01-01"},
		{"8/6/2018", DateAuto, "2018-08-06"},
		{"8/6/2018", DateMDY, "2018-08-06"},
		{"08/06/2018", DateDMY, "2018-06-08"},
		{"31/10/2019", DateDMY, "2019-10-31"},
		{"31/10/2019", DateAuto, ""},
		{"2018-08-06", DateDMY, ""},
		{"8/6/18", DateMDY, ""},
		{"/6/2018", DateMDY, ""},
		{"20180806", DateAuto, ""},
		{"", DateAuto, ""},
	}
	for _, tt := range tests {
		got, ok := parseDate(tt.in, tt.f)
		if tt.want == "" {
			if ok {
				t.Errorf("parseDate(%q, %q) = %v, want error", tt.in, tt.f, got)
			}
			continue
		}
		if !ok || !got.Equal(day(tt.want)) || got.Location() != time.UTC {
			t.Errorf("parseDate(%q, %q) = %v, %v, want %s UTC", tt.in, tt.f, got, ok, tt.want)
		}
	}
	// Every day of four centuries against the time package.
	for d := day("1900-01-01"); d.Year() < 2300; d = d.AddDate(0, 0, 1) {
		s := d.Format(time.DateOnly)
		if got, ok := parseDate(s, DateISO); !ok || !got.Equal(d) {
			t.Fatalf("parseDate(%q) = %v, %v", s, got, ok)
		}
	}
}
