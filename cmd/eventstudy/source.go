package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/eventstudy/eventstudy/data"
	"github.com/eventstudy/eventstudy/data/cache"
	"github.com/eventstudy/eventstudy/data/provider"
	"github.com/eventstudy/eventstudy/data/sample"
	"github.com/eventstudy/eventstudy/data/stooq"
	"github.com/eventstudy/eventstudy/data/symbols"
	"github.com/eventstudy/eventstudy/data/tidy"
	"github.com/eventstudy/eventstudy/data/yahoo"
)

// sourceFlags choose where prices come from: files (csv), the built-in sample,
// or a web source (yahoo, stooq) behind the local cache.
type sourceFlags struct {
	source  string // "" = auto
	cache   string
	offline bool
	refresh bool
	// interactive: someone waits for the answer (quick): web requests give
	// up after seconds (yahoo.InteractiveRetry), not minutes.
	interactive bool
	symbols     string // --symbols FILE: renames and delistings on top of the built-in table
}

func (f *sourceFlags) register(fs *pflag.FlagSet) {
	fs.Var(enumValue{&f.source, []string{"", "yahoo", "stooq", "csv", "sample"}}, "source",
		"price source: yahoo or stooq (through the local cache), csv (--prices/--returns files), sample (built-in);\n"+
			"default: csv when --prices or --returns is given, else yahoo (run without --events: sample)")
	fs.StringVar(&f.cache, "cache", "",
		"price cache database (SQLite) for web sources (default: the user cache folder, e.g. ~/.cache/eventstudy/cache.db)")
	fs.BoolVar(&f.offline, "offline", false, "never use the network: read web-source prices only from the cache, and say what is missing")
	fs.BoolVar(&f.refresh, "refresh", false, "fetch again the requested ranges of web-source prices even when they are cached")
	fs.StringVar(&f.symbols, "symbols", "",
		"ticker changes for web sources, on top of the built-in table (FB→META 2022-06-09, …): a CSV `FILE` with columns\n"+
			"old,new,date (first session under new; empty new = delisted) and optional note, e.g. \"FB,META,2022-06-09\";\n"+
			"optional old_name (the company's name under old) and name_until (first day of the next name; default date)\n"+
			"name events before the change, e.g. old,new,date,old_name,name_until / FB,META,2022-06-09,Facebook,2021-10-28;\n"+
			"the symbol as of each event date is fetched under its current ticker, outputs keep yours")
}

// resolve fills in the default source and rejects contradictory flags.
// files says whether --prices or --returns were given; fallback is the source
// used when nothing else is said.
func (f *sourceFlags) resolve(files bool, fallback string) error {
	if f.offline && f.refresh {
		return usagef("--offline and --refresh cannot be combined")
	}
	switch {
	case f.source == "" && files:
		f.source = "csv"
	case f.source == "":
		f.source = fallback
	case f.source == "csv" && !files:
		return usagef("--source csv needs --prices PATH or --returns PATH")
	case f.source != "csv" && files:
		return usagef("--prices/--returns are files: they cannot be combined with --source %s", f.source)
	}
	if f.symbols != "" && !f.web() {
		return usagef("--symbols maps tickers of web sources (yahoo, stooq); price files are named by your symbols")
	}
	return nil
}

// web reports whether the source goes through the cache.
func (f *sourceFlags) web() bool { return f.source == "yahoo" || f.source == "stooq" }

// openedSource is a data.Source and what the manifest says of it.
type openedSource struct {
	data.Source
	describe string
	csv      *data.CSVSource // set for csv and sample sources
	cached   *provider.Cached
	close    func() error
	name     string           // "csv", "sample", "yahoo", "stooq"
	symbols  *symbols.History // web sources: the ticker history the cache resolves with
	symFile  *tidy.Input      // the --symbols file, for the manifest
}

// forQuality is the source the quality checks read: the run's own, except
// that under --refresh it reads the cache the engine has just filled rather
// than fetching every firm a second time (the checks run after the event's
// estimate, so its firm is cached; a firm that failed has no checks).
func (s *openedSource) forQuality() data.Source {
	if s.cached == nil || !s.cached.Refresh {
		return s
	}
	c := &provider.Cached{Cache: s.cached.Cache, Name: s.cached.Name, Offline: true, Symbols: s.cached.Symbols}
	if _, ok := s.Source.(data.VolumeSource); ok {
		return data.VolumeSource{Bars: c}
	}
	return c
}

// SeriesShared passes data.SharedSeries through the wrapper, so that a batch
// reads the CSV source's own slices instead of a copy per symbol (the
// embedded interface alone would hide the method: a 5,000-firm panel was
// held twice by the quality checks).
func (s *openedSource) SeriesShared(ctx context.Context, symbol string, from, to time.Time) (data.Series, error) {
	return data.SharedSeries(ctx, s.Source, symbol, from, to)
}

// SymbolHistory implements symbols.Mapped: the ticker history a web source
// resolves with (nil for files and the sample, which are not mapped).
func (s *openedSource) SymbolHistory() *symbols.History { return s.symbols }

// SourceName implements symbols.Mapped: "yahoo", "stooq", "csv", "sample".
func (s *openedSource) SourceName() string { return s.name }

// CompanyName implements data.Namer for web sources: the name cached with
// the prices (Yahoo's meta.longName), "" for files and the sample.
func (s *openedSource) CompanyName(ctx context.Context, symbol string) string {
	if s.cached == nil {
		return ""
	}
	return s.cached.CompanyName(ctx, symbol)
}

// Files lists the price files read so far (csv and sample sources), for the
// manifest; web sources read none.
func (s *openedSource) Files() []data.FileDigest {
	if s.csv == nil {
		return nil
	}
	return s.csv.Files()
}

// open opens the chosen source. paths are the --prices or --returns files.
func (f *sourceFlags) open(paths []string, popt data.PriceOptions) (*openedSource, error) {
	switch f.source {
	case "csv":
		src, err := data.OpenCSV(paths, popt)
		if err != nil {
			return nil, err
		}
		return &openedSource{Source: src, csv: src, name: f.source, describe: "csv: " + strings.Join(paths, ", "), close: func() error { return nil }}, nil
	case "sample":
		src, err := data.OpenCSVFS(sample.FS, []string{sample.PricesFile}, popt)
		if err != nil {
			return nil, err
		}
		return &openedSource{Source: src, csv: src, name: f.source, describe: "built-in synthetic sample", close: func() error { return nil }}, nil
	}
	hist := symbols.Builtin()
	var symFile *tidy.Input
	if f.symbols != "" {
		user, err := symbols.ReadFile(f.symbols)
		if err != nil {
			return nil, err
		}
		hist = hist.With(user)
		sum, n, err := tidy.HashFile(f.symbols)
		if err != nil {
			return nil, err
		}
		symFile = &tidy.Input{Role: "symbols", Path: f.symbols, SHA256: sum, Bytes: n}
	}
	c, err := cache.Open(f.cache, cache.Options{})
	if err != nil {
		return nil, fmt.Errorf("open price cache: %w", err)
	}
	if c.ReadOnly() && f.refresh {
		c.Close()
		return nil, usagef("--refresh stores prices again, but the cache %s is read-only (give --cache a writable file)", c.Path())
	}
	cs := &provider.Cached{Cache: c, Name: f.source, Offline: f.offline, Refresh: f.refresh, Symbols: hist}
	if !f.offline {
		switch f.source {
		case "yahoo":
			cfg := yahoo.Config{}
			if f.interactive {
				cfg.HTTP.Retry = yahoo.InteractiveRetry
			}
			cs.Source = yahoo.New(cfg)
		case "stooq":
			cfg := stooq.Config{}
			if f.interactive {
				cfg.HTTP.Retry = stooq.InteractiveRetry
			}
			cs.Source = stooq.New(cfg)
		}
	}
	mode := ""
	switch {
	case f.offline:
		mode = ", offline"
	case f.refresh:
		mode = ", refresh"
	}
	if c.ReadOnly() {
		mode += ", read-only"
	}
	var served data.Source = cs
	if popt.Volume {
		served = data.VolumeSource{Bars: cs}
		mode += ", volume"
	}
	return &openedSource{Source: served, cached: cs, name: f.source, symbols: hist, symFile: symFile,
		describe: fmt.Sprintf("%s (cache %s%s)", f.source, c.Path(), mode), close: c.Close}, nil
}
