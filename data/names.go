package data

import (
	"context"
	"time"
)

// Listing is what a vendor's price response says of the symbol beside its
// bars: Yahoo's chart meta carries longName ("Meta Platforms, Inc.") and
// shortName ("Meta Platforms, Inc."). Empty fields are unknown.
type Listing struct {
	LongName, ShortName string
}

// Name is LongName, else ShortName.
func (l Listing) Name() string {
	if l.LongName != "" {
		return l.LongName
	}
	return l.ShortName
}

// A ListingSource is a BarSource whose responses also carry the symbol's
// [Listing], so that the cache can keep the company's name with the prices
// at no extra request.
type ListingSource interface {
	BarSource
	BarsListing(ctx context.Context, symbol string, from, to time.Time) ([]Bar, Listing, error)
}

// A Namer knows the company name of a symbol, "" when it knows none. Web
// sources behind the cache read it from the cache (no request).
type Namer interface {
	CompanyName(ctx context.Context, symbol string) string
}

// NameOf returns src's name for symbol when src is a [Namer], else "".
func NameOf(ctx context.Context, src Source, symbol string) string {
	if n, ok := src.(Namer); ok {
		return n.CompanyName(ctx, symbol)
	}
	return ""
}
