package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/eventstudy/eventstudy/data/cache"
	"github.com/eventstudy/eventstudy/data/french"
	"github.com/eventstudy/eventstudy/data/french/library"
	"github.com/eventstudy/eventstudy/data/tidy"
	"github.com/eventstudy/eventstudy/internal/factors"
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
	for _, p := range paths {
		if p == frenchLibrary {
			fs, err := fetchFrench(ctx, model, sf, m)
			if err != nil {
				return nil, err
			}
			for _, ff := range fs {
				all = factors.Merge(all, ff)
			}
			continue
		}
		ff, err := factors.ReadFile(p, func(p string) (io.ReadCloser, error) { return os.Open(p) })
		if err != nil {
			return nil, err
		}
		all = factors.Merge(all, ff)
		if m != nil {
			if sum, n, err := tidy.HashFile(p); err == nil {
				m.Inputs = append(m.Inputs, tidy.Input{Role: "factors", Path: p, SHA256: sum, Bytes: n})
			}
		}
	}
	if all == nil {
		return nil, nil
	}
	return factors.Series(all), nil
}

// frenchLibrary is the --factors value that downloads from the Kenneth French
// data library.
const frenchLibrary = "french"

// fetchFrench downloads (or reads from the cache) the library datasets the
// model needs, and records them in the manifest.
func fetchFrench(ctx context.Context, model study.Model, sf *sourceFlags, m *tidy.Manifest) ([]*french.Factors, error) {
	sets := []library.Dataset{library.ThreeFactors}
	switch model {
	case study.FF5:
		sets = []library.Dataset{library.FiveFactors}
	case study.Carhart:
		sets = append(sets, library.Momentum)
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
	cl := library.New(library.Config{Cache: c, Offline: offline, Refresh: refresh})
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
