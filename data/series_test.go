package data

import (
	"math"
	"strings"
	"testing"
	"time"
)

// ser is a compact expected series: "2018-08-06=185.69" pairs, "NaN" allowed.
func ser(sym string, pairs ...string) Series {
	s := Series{Symbol: sym}
	for _, p := range pairs {
		d, v, _ := strings.Cut(p, "=")
		s.Dates = append(s.Dates, day(d))
		f := math.NaN()
		if v != "NaN" {
			var err error
			if f, err = parseValue(v); err != nil {
				panic(err)
			}
		}
		s.Values = append(s.Values, f)
	}
	return s
}

func sameSeries(a, b Series) bool {
	if a.Symbol != b.Symbol || len(a.Dates) != len(b.Dates) || len(a.Values) != len(b.Values) {
		return false
	}
	for i := range a.Dates {
		if !a.Dates[i].Equal(b.Dates[i]) || a.Dates[i].Location() != time.UTC {
			return false
		}
		x, y := a.Values[i], b.Values[i]
		if x != y && !(math.IsNaN(x) && math.IsNaN(y)) {
			return false
		}
	}
	return true
}

func TestReadSeries(t *testing.T) {
	const yahoo = "Date,Open,High,Low,Close,Adj Close,Volume\n"
	tests := []struct {
		name  string
		in    string
		opt   PriceOptions
		want  []Series
		err   error
		line  int
		col   string
		inMsg string
	}{{
		name: "YahooAdjCloseAndNull",
		in:   yahoo + "2018-08-02,1,1,1,10,9,1\n2018-08-03,null,null,null,null,null,null\n2018-08-06,1,1,1,12,11,1",
		want: []Series{ser("FB", "2018-08-02=9", "2018-08-03=NaN", "2018-08-06=11")},
	}, {
		name: "FieldOverride",
		in:   yahoo + "2018-08-02,1,1,1,10,9,1\n2018-08-03,1,1,1,12,11,1\n",
		opt:  PriceOptions{Field: "close"},
		want: []Series{ser("FB", "2018-08-02=10", "2018-08-03=12")},
	}, {
		name: "FieldOverrideNormalised",
		in:   "date,close,adj_close\n2018-08-02,10,9\n",
		opt:  PriceOptions{Field: "Adj Close"},
		want: []Series{ser("FB", "2018-08-02=9")},
	}, {
		name: "FieldMissing",
		in:   "date,close\n2018-08-02,10\n",
		opt:  PriceOptions{Field: "open"},
		err:  ErrMissingColumn, line: 1, col: "open",
	}, {
		name: "GenericCRLFBOMBlank",
		in:   "\uFEFF date , CLOSE \r\n2018-08-02,10\r\n\r\n2018-08-03,NA\r\n2018-08-06,  12.5 \r\n",
		want: []Series{ser("FB", "2018-08-02=10", "2018-08-03=NaN", "2018-08-06=12.5")},
	}, {
		name: "AlphaVantageNewestFirstMDY",
		in:   "timestamp,open,high,low,close,adjusted_close,volume\n8/6/2018,1,1,1,185.69,185.69,1\n8/3/2018,1,1,1,177.78,177.7,1\n",
		want: []Series{ser("FB", "2018-08-03=177.7", "2018-08-06=185.69")},
	}, {
		name: "DayFirstOption",
		in:   "date,close\n03/08/2018,1\n06/08/2018,2\n",
		opt:  PriceOptions{DateFormat: DateDMY},
		want: []Series{ser("FB", "2018-08-03=1", "2018-08-06=2")},
	}, {
		name: "DateWithTime",
		in:   "date,close\n2018-08-03 00:00:00,1\n2018-08-06 00:00:00,2\n",
		want: []Series{ser("FB", "2018-08-03=1", "2018-08-06=2")},
	}, {
		name: "Panel",
		in:   "Date,Ticker,Close,Adj Close\n2018-08-02,FB,1,1.5\n2018-08-03,FB,2,2.5\n2018-08-02,SPY,3,3.5\n2018-08-01,FB,0.5,0.7\n",
		err:  ErrOutOfOrder, line: 5, col: "Date",
		inMsg: "2018-08-01 of FB follows 2018-08-03 on line 3",
	}, {
		name: "PanelInterleaved",
		in:   "date,open,high,low,close,volume,Name\n2018-08-02,1,1,,10,1,AAL\n2018-08-02,1,1,1,20,1,FB\n2018-08-03,1,1,1,11,1,AAL\n2018-08-03,1,1,1,21,1,FB\n",
		want: []Series{ser("AAL", "2018-08-02=10", "2018-08-03=11"), ser("FB", "2018-08-02=20", "2018-08-03=21")},
	}, {
		name: "PanelOneValueColumn",
		in:   "symbol,date,ret\nFB,2018-08-03,-0.01\nFB,2018-08-06,0.0445\n",
		opt:  PriceOptions{Returns: true},
		want: []Series{ser("FB", "2018-08-03=-0.01", "2018-08-06=0.0445")},
	}, {
		name: "PanelEmptyTicker",
		in:   "date,ticker,close\n2018-08-03,FB,1\n2018-08-03,,1\n",
		err:  ErrEmptyField, line: 3, col: "ticker",
	}, {
		name: "WideReturns",
		in:   "date,AAPL,FB,ZM\n2018-08-02,0.029,,\n2018-08-03,-0.0036,0.008,\n2018-08-06,0.0054,0.0445,\n",
		opt:  PriceOptions{Returns: true},
		want: []Series{
			ser("AAPL", "2018-08-02=0.029", "2018-08-03=-0.0036", "2018-08-06=0.0054"),
			ser("FB", "2018-08-03=0.008", "2018-08-06=0.0445"),
		},
	}, {
		name: "WideNewestFirstInnerGap",
		in:   "Date,^GSPC,FB\n2018-08-06,2850.4,185.69\n2018-08-03,2840.35,\n2018-08-02,2827.22,176.37\n2018-08-01,2813.36,\n",
		want: []Series{
			ser("^GSPC", "2018-08-01=2813.36", "2018-08-02=2827.22", "2018-08-03=2840.35", "2018-08-06=2850.4"),
			ser("FB", "2018-08-02=176.37", "2018-08-03=NaN", "2018-08-06=185.69"),
		},
	}, {
		name: "FREDOneColumnIsWide",
		in:   "observation_date,SP500\n2018-08-03,2840.35\n2018-08-06,.\n2018-08-07,2858.45\n",
		want: []Series{ser("SP500", "2018-08-03=2840.35", "2018-08-06=NaN", "2018-08-07=2858.45")},
	}, {
		name: "NoDateColumn",
		in:   "Data,Otwarcie,Zamkniecie\n2018-08-03,1,2\n",
		err:  ErrMissingColumn, line: 1, col: "date",
	}, {
		name: "BarsWithoutClose",
		in:   "date,open,high\n2018-08-03,1,2\n",
		err:  ErrMissingColumn, line: 1, col: "close",
	}, {
		name: "PanelAmbiguousValue",
		in:   "date,ticker,a,b\n2018-08-03,FB,1,2\n",
		err:  ErrMissingColumn, line: 1, col: "close",
	}, {
		name: "WideUnnamedColumn",
		in:   "date,AAPL,\n2018-08-03,1,2\n",
		err:  ErrUnknownLayout, line: 1,
	}, {
		name: "BadNumber",
		in:   yahoo + "2018-08-02,1,1,1,10,9,1\n2018-08-03,1,1,1,10,9.x,1\n",
		err:  ErrBadNumber, line: 3, col: "Adj Close",
		inMsg: `column "Adj Close": unparseable number: "9.x"`,
	}, {
		name: "InfinityIsBad",
		in:   "date,close\n2018-08-03,+Inf\n",
		err:  ErrBadNumber, line: 2, col: "close",
	}, {
		name: "Overflow",
		in:   "date,close\n2018-08-03,1e999\n",
		err:  ErrBadNumber, line: 2, col: "close",
	}, {
		name: "NonPositive",
		in:   "date,close\n2018-08-03,1\n2018-08-06,0\n",
		err:  ErrNonPositive, line: 3, col: "close",
	}, {
		name: "NegativeWide",
		in:   "date,A,B\n2018-08-03,1,1\n2018-08-06,2,-1\n",
		err:  ErrNonPositive, line: 3, col: "B",
	}, {
		name: "ReturnsMayBeNegative",
		in:   "date,close\n2018-08-03,-0.5\n2018-08-06,0\n",
		opt:  PriceOptions{Returns: true},
		want: []Series{ser("FB", "2018-08-03=-0.5", "2018-08-06=0")},
	}, {
		name: "DuplicateDate",
		in:   "date,close\n2018-08-03,1\n\n2018-08-03,2\n",
		err:  ErrDuplicateDate, line: 4, col: "date",
		inMsg: "duplicate date 2018-08-03 (also on line 2)",
	}, {
		name: "OutOfOrder",
		in:   "date,close\n2018-08-03,1\n2018-08-06,2\n2018-08-01,3\n",
		err:  ErrOutOfOrder, line: 4, col: "date",
	}, {
		name: "OutOfOrderDescending",
		in:   "date,close\n2018-08-06,1\n2018-08-03,2\n2018-08-07,3\n",
		err:  ErrOutOfOrder, line: 4, col: "date",
	}, {
		name: "BadDate",
		in:   "date,close\n2018-08-03,1\n31/08/2018,3\n",
		err:  ErrBadDate, line: 3, col: "date",
		inMsg: `unparseable date "31/08/2018" (want yyyy-mm-dd or m/d/yyyy; see --date-format)`,
	}, {
		name: "EmptyDate",
		in:   "date,close\n ,1\n",
		err:  ErrEmptyField, line: 2, col: "date",
	}, {
		name: "FieldCount",
		in:   "date,close\n2018-08-03,1\n2018-08-06\n",
		err:  ErrFieldCount, line: 3,
	}, {
		name: "BareQuote",
		in:   "date,close\n2018-08-03,1\"\n",
		err:  nil, line: 2, // an encoding/csv error, wrapped
	}, {
		name: "HeaderOnly",
		in:   yahoo,
		err:  ErrEmpty, line: 1,
	}, {
		name: "AllEmptyWide",
		in:   "date,A\n2018-08-03,\n",
		err:  ErrEmpty, line: 1,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadSeries(strings.NewReader(tt.in), "prices.csv", "FB", tt.opt)
			if tt.err != nil || tt.line != 0 {
				sentinel := tt.err
				if sentinel == nil {
					sentinel = err // only position and type checked
				}
				checkParseError(t, err, sentinel, tt.line, tt.col, tt.inMsg)
				return
			}
			if err != nil {
				t.Fatalf("ReadSeries: %v", err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("ReadSeries = %d series %v, want %d", len(got), got, len(tt.want))
			}
			for i := range got {
				if !sameSeries(got[i], tt.want[i]) {
					t.Errorf("series %d = %+v, want %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
}
