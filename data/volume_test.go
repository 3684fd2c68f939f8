package data

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"time"
)

// With Volume, the Volume column is read (Yahoo file and long panel), a
// zero volume is accepted, a null is missing, and a negative volume or a
// file without the column is an error naming the file, line and column.
func TestReadSeriesVolume(t *testing.T) {
	opt := PriceOptions{Volume: true}
	yahoo := "Date,Open,High,Low,Close,Adj Close,Volume\n" +
		"2018-08-03,177.69,178.85,176.15,177.78,177.78,24763400\n" +
		"2018-08-06,178.97,185.79,178.38,185.69,185.69,0\n" +
		"2018-08-07,null,null,null,null,null,null\n"
	got, err := ReadSeries(strings.NewReader(yahoo), "FB.csv", "FB", opt)
	if err != nil {
		t.Fatal(err)
	}
	want := ser("FB", "2018-08-03=24763400", "2018-08-06=0", "2018-08-07=NaN")
	if len(got) != 1 || !sameSeries(got[0], want) {
		t.Errorf("Yahoo volume = %v, want %v", got, want)
	}
	panel := "Date,Ticker,Open,High,Low,Close,Adj Close,Volume\n" +
		"2017-06-01,A,60.0,60.7,59.8,60.73,58.89,2100400\n" +
		"2017-06-01,B,10,11,9,10,10,5\n"
	got, err = ReadSeries(strings.NewReader(panel), "panel.csv", "", opt)
	if err != nil || len(got) != 2 || got[0].Values[0] != 2100400 || got[1].Values[0] != 5 {
		t.Errorf("panel volume = %v, %v; want A 2100400, B 5", got, err)
	}
	neg := "Date,Close,Volume\n2018-08-03,1,-3\n"
	_, err = ReadSeries(strings.NewReader(neg), "neg.csv", "X", opt)
	var pe *ParseError
	if !errors.As(err, &pe) || !errors.Is(err, ErrNegativeVolume) || pe.Line != 2 || pe.Column != "Volume" {
		t.Errorf("negative volume: %v; want neg.csv:2 column Volume: volume is negative", err)
	}
	// Prices keep rejecting zero: the branch is the option's.
	if _, err := ReadSeries(strings.NewReader("Date,Close\n2018-08-03,0\n"), "p.csv", "X", PriceOptions{}); !errors.Is(err, ErrNonPositive) {
		t.Errorf("zero price: %v, want ErrNonPositive", err)
	}
	_, err = ReadSeries(strings.NewReader("Date,Close\n2018-08-03,1\n"), "close.csv", "X", opt)
	if !errors.As(err, &pe) || !errors.Is(err, ErrMissingColumn) || pe.Column != "volume" {
		t.Errorf("no volume column: %v; want close.csv:1 column volume: missing required column", err)
	}
}

type barsOnly []Bar

func (b barsOnly) Bars(ctx context.Context, symbol string, from, to time.Time) ([]Bar, error) {
	return b, nil
}

// Volumes and VolumeSource: an unknown volume (-1, a cache NULL) is NaN.
func TestVolumeSource(t *testing.T) {
	bars := barsOnly{{Date: day("2018-08-03"), Volume: 24763400}, {Date: day("2018-08-06"), Volume: -1}, {Date: day("2018-08-07"), Volume: 0}}
	s, err := VolumeSource{Bars: bars}.Series(context.Background(), "FB", day("2018-08-01"), day("2018-08-10"))
	if err != nil {
		t.Fatal(err)
	}
	if s.Symbol != "FB" || len(s.Values) != 3 || s.Values[0] != 24763400 || !math.IsNaN(s.Values[1]) || s.Values[2] != 0 {
		t.Errorf("VolumeSource = %v, want [24763400 NaN 0]", s)
	}
}
