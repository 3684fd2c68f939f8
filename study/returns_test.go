package study

import (
	"math"
	"testing"
	"time"
)

func TestReturns(t *testing.T) {
	d := weekdays(date("2024-01-01"), 6)
	nan := math.NaN()
	tests := []struct {
		name   string
		prices []float64
		typ    ReturnType
		dates  []time.Time // dates of the returns
		want   []float64
	}{
		// 100 → 110 → 99: +10%, −10%.
		{"simple", []float64{100, 110, 99}, Simple, d[1:3], []float64{0.10, -0.10}},
		// ln(110/100), ln(99/110).
		{"log", []float64{100, 110, 99}, Log, d[1:3], []float64{math.Log(1.1), math.Log(0.9)}},
		// The gap on d[1] is skipped: the return on d[2] spans d[0]..d[2], 99/100 − 1.
		{"gap spans", []float64{100, nan, 99, 99}, Simple, []time.Time{d[2], d[3]}, []float64{-0.01, 0}},
		// Non-positive and infinite prices are not prices: skipped like NaN.
		{"invalid", []float64{0, 100, -5, math.Inf(1), 125}, Simple, []time.Time{d[4]}, []float64{0.25}},
		{"leading NaN", []float64{nan, nan, 50, 40}, Simple, []time.Time{d[3]}, []float64{-0.2}},
		{"one price", []float64{100}, Simple, nil, nil},
		{"empty", nil, Simple, nil, nil},
	}
	for _, tt := range tests {
		got := Returns(Series{Dates: d[:len(tt.prices)], Values: tt.prices}, tt.typ)
		if got.Len() != len(tt.want) || len(got.Values) != len(tt.want) {
			t.Errorf("%s: Returns(%v) has %d returns, want %d", tt.name, tt.prices, got.Len(), len(tt.want))
			continue
		}
		for i := range tt.want {
			if !got.Dates[i].Equal(tt.dates[i]) || !near(got.Values[i], tt.want[i], 1e-15) {
				t.Errorf("%s: Returns(%v)[%d] = %s %g, want %s %g", tt.name, tt.prices, i,
					got.Dates[i].Format(isoDate), got.Values[i], tt.dates[i].Format(isoDate), tt.want[i])
			}
		}
	}
}

func TestConvertReturns(t *testing.T) {
	d := weekdays(date("2024-01-01"), 5)
	in := Series{Dates: d, Values: []float64{0.1, math.NaN(), -1, -0.5, math.Inf(1)}}
	check := func(typ ReturnType, want []float64) {
		t.Helper()
		got := ConvertReturns(in, typ)
		if len(got.Values) != len(want) {
			t.Fatalf("ConvertReturns(%v) = %v, want %v", typ, got.Values, want)
		}
		wantDates := []time.Time{d[0], d[3]}
		for i := range want {
			if !got.Dates[i].Equal(wantDates[i]) || !near(got.Values[i], want[i], 1e-15) {
				t.Errorf("ConvertReturns(%v)[%d] = %v %g, want %v %g", typ, i, got.Dates[i], got.Values[i], wantDates[i], want[i])
			}
		}
	}
	check(Simple, []float64{0.1, -0.5})
	check(Log, []float64{math.Log(1.1), math.Log(0.5)}) // ln(1+R)
}

func TestReturnsLengthMismatchPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Returns with 2 dates and 1 value did not panic")
		}
	}()
	Returns(Series{Dates: weekdays(date("2024-01-01"), 2), Values: []float64{1}}, Simple)
}
