package main

import (
	"context"
	"fmt"
	"os"

	"github.com/eventstudy/eventstudy/data/cache"
	"github.com/eventstudy/eventstudy/data/french"
	"github.com/eventstudy/eventstudy/data/tidy"
	"github.com/eventstudy/eventstudy/study"
)

// loadFactors reads the --factors files (Kenneth French daily CSVs or tidy
// CSVs, percent) and merges them by date: the columns of earlier files win,
// later files add the columns they lack (5 factors + momentum for carhart).
// The inputs are added to the manifest.
//
// The path "french" downloads the daily datasets the model needs from the
// Kenneth French data library instead (3 factors; + momentum for carhart; 5
// factors for ff5), through the price cache of sf (--cache, --offline,
// --refresh), so that a second run works offline.
func loadFactors(ctx context.Context, paths []string, model study.Model, sf *sourceFlags, m *tidy.Manifest) (*study.FactorSeries, error) {
	var all *french.Factors
	merge := func(ff *french.Factors) {
		if all == nil {
			all = ff
		} else {
			all = french.Merge(all, ff)
		}
	}
	for _, p := range paths {
		if p == frenchLibrary {
			fs, err := fetchFrench(ctx, model, sf, m)
			if err != nil {
				return nil, err
			}
			for _, ff := range fs {
				merge(ff)
			}
			continue
		}
		f, err := os.Open(p)
		if err != nil {
			return nil, fmt.Errorf("read factors: %w", err)
		}
		ff, err := french.Read(f, p)
		f.Close()
		if err != nil {
			return nil, err
		}
		merge(ff)
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

// frenchLibrary is the --factors value that downloads from the Kenneth French
// data library.
const frenchLibrary = "french"

// fetchFrench downloads (or reads from the cache) the library datasets the
// model needs, and records them in the manifest.
func fetchFrench(ctx context.Context, model study.Model, sf *sourceFlags, m *tidy.Manifest) ([]*french.Factors, error) {
	sets := []french.Dataset{french.ThreeFactors}
	switch model {
	case study.FF5:
		sets = []french.Dataset{french.FiveFactors}
	case study.Carhart:
		sets = append(sets, french.Momentum)
	}
	var cpath string
	var offline, refresh bool
	if sf != nil {
		cpath, offline, refresh = sf.cache, sf.offline, sf.refresh
	}
	c, err := cache.Open(cpath, cache.Options{})
	if err != nil {
		return nil, fmt.Errorf("open cache for the factor files: %w", err)
	}
	defer c.Close()
	cl := french.New(french.Config{Cache: c, Offline: offline, Refresh: refresh})
	var out []*french.Factors
	for _, ds := range sets {
		f, err := cl.Fetch(ctx, ds)
		if err != nil {
			return nil, fmt.Errorf("factors from the Kenneth French library: %w", err)
		}
		out = append(out, f)
		if m != nil {
			m.Inputs = append(m.Inputs, tidy.Input{Role: "factors", Path: "french:" + string(ds) + " (vintage " + f.Vintage + ")"})
		}
	}
	return out, nil
}
