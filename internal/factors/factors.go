// Package factors reads factor files for the factor models (Fama–French three
// and five factors, Carhart momentum) into the form study reads, for both
// eventstudy run and eventstudy-beam.
package factors

import (
	"fmt"
	"io"

	"github.com/eventstudy/eventstudy/data/french"
	"github.com/eventstudy/eventstudy/study"
)

// Read reads the factor files paths (Kenneth French daily CSVs or tidy CSVs,
// percent; see data/french), each opened by open, and merges them by date:
// the columns of earlier files win, later files add the columns they lack
// (5 factors + momentum for carhart). Nil without paths.
func Read(paths []string, open func(path string) (io.ReadCloser, error)) (*study.FactorSeries, error) {
	var all *french.Factors
	for _, p := range paths {
		ff, err := ReadFile(p, open)
		if err != nil {
			return nil, err
		}
		all = Merge(all, ff)
	}
	if all == nil {
		return nil, nil
	}
	return Series(all), nil
}

// ReadFile reads one factor file opened by open.
func ReadFile(path string, open func(path string) (io.ReadCloser, error)) (*french.Factors, error) {
	f, err := open(path)
	if err != nil {
		return nil, fmt.Errorf("read factors: %w", err)
	}
	defer f.Close()
	return french.Read(f, path)
}

// Merge is french.Merge(all, ff), or ff when all is nil.
func Merge(all, ff *french.Factors) *french.Factors {
	if all == nil {
		return ff
	}
	return french.Merge(all, ff)
}

// Series is f in the form of study's factor models: every column but RF
// by name, and RF apart.
func Series(f *french.Factors) *study.FactorSeries {
	out := &study.FactorSeries{Dates: f.Dates, RF: f.RF}
	for _, n := range f.Names() {
		if n == "RF" {
			continue
		}
		out.Names = append(out.Names, n)
		out.Cols = append(out.Cols, f.Column(n))
	}
	return out
}
