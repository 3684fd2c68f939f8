package data

import (
	"context"
	"time"
)

// SharedSeries returns src's series of symbol without copying it when src
// can ([CSVSource.SeriesShared]), else src.Series. The caller must not modify
// the slices: they may be the source's own.
func SharedSeries(ctx context.Context, src Source, symbol string, from, to time.Time) (Series, error) {
	if sh, ok := src.(interface {
		SeriesShared(ctx context.Context, symbol string, from, to time.Time) (Series, error)
	}); ok {
		return sh.SeriesShared(ctx, symbol, from, to)
	}
	return src.Series(ctx, symbol, from, to)
}
