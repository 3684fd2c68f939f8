package main

import (
	"fmt"
	"os"

	"github.com/eventstudy/eventstudy/data/french"
	"github.com/eventstudy/eventstudy/data/tidy"
	"github.com/eventstudy/eventstudy/study"
)

// loadFactors reads the --factors files (Kenneth French daily CSVs or tidy
// CSVs, percent) and merges them by date: the columns of earlier files win,
// later files add the columns they lack (5 factors + momentum for carhart).
// The inputs are added to the manifest.
func loadFactors(paths []string, m *tidy.Manifest) (*study.FactorSeries, error) {
	var all *french.Factors
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return nil, fmt.Errorf("read factors: %w", err)
		}
		ff, err := french.Read(f, p)
		f.Close()
		if err != nil {
			return nil, err
		}
		if all == nil {
			all = ff
		} else {
			all = french.Merge(all, ff)
		}
		if m != nil {
			if sum, n, err := tidy.HashFile(p); err == nil {
				m.Inputs = append(m.Inputs, tidy.Input{Role: "factors", Path: p, SHA256: sum, Bytes: n})
			}
		}
	}
	if all == nil {
		return nil, nil
	}
	return toFactorSeries(all), nil
}

func toFactorSeries(f *french.Factors) *study.FactorSeries {
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
