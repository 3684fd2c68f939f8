package data

import (
	"context"
	"math"
	"time"
)

// Bar is one daily bar from a price provider. Date is the trading day at
// 00:00 UTC (the exchange-local date of the bar). Prices are in the quote
// currency; NaN marks a missing value (a Yahoo null). Volume is -1 when
// unknown.
type Bar struct {
	Date                   time.Time
	Open, High, Low, Close float64
	// AdjClose is the close adjusted for splits and dividends as of the
	// provider's vintage (the day it was fetched). Sources with a single
	// adjusted close (Stooq) set Close and AdjClose alike.
	AdjClose float64
	Volume   int64
}

// BarSource gives daily bars of a symbol for the dates from..to, inclusive.
// Bars are ascending by date, unique. An unknown symbol is an error wrapping
// ErrUnknownSymbol; a range without data, ErrNoData.
type BarSource interface {
	Bars(ctx context.Context, symbol string, from, to time.Time) ([]Bar, error)
}

// AdjCloses is the adjusted-close series of bars, named symbol: what every
// bar source serves as its data.Source.
func AdjCloses(symbol string, bars []Bar) Series {
	s := Series{Symbol: symbol, Dates: make([]time.Time, len(bars)), Values: make([]float64, len(bars))}
	for i, b := range bars {
		s.Dates[i], s.Values[i] = b.Date, b.AdjClose
	}
	return s
}

// Volumes is the share-volume series of bars, named symbol: a volume of -1
// (unknown) is NaN, a missing observation.
func Volumes(symbol string, bars []Bar) Series {
	s := Series{Symbol: symbol, Dates: make([]time.Time, len(bars)), Values: make([]float64, len(bars))}
	for i, b := range bars {
		s.Dates[i], s.Values[i] = b.Date, float64(b.Volume)
		if b.Volume < 0 {
			s.Values[i] = math.NaN()
		}
	}
	return s
}

// VolumeSource serves the volumes of a bar source (a web source behind the
// cache) as a [Source], for --measure volume.
type VolumeSource struct{ Bars BarSource }

// Series implements [Source] with [Volumes].
func (v VolumeSource) Series(ctx context.Context, symbol string, from, to time.Time) (Series, error) {
	bars, err := v.Bars.Bars(ctx, symbol, from, to)
	if err != nil {
		return Series{}, err
	}
	return Volumes(symbol, bars), nil
}
