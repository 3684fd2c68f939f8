// Package pipeline is the event study of `eventstudy run` as an Apache Beam
// pipeline (Beam Go SDK), for batches that outgrow one machine. It holds no
// statistics of its own: every number comes from package study (Returns,
// Estimate, Accumulator), every cell is formatted by data/tidy, and the files
// are parsed by package data; this package only moves data between them.
//
// The graph:
//
//	events files ──ParDo(ReadEvents)──► KV<firm, event> ─┐
//	price files ──ParDo(ReadSeries)──► KV<symbol, series> ┼─ CoGroupByKey(firm) ─► KV<benchmark, firm bundle> ─┐
//	                                          └──────────────┴───────────── CoGroupByKey(benchmark) ◄────────────┘
//	  ─► Reshuffle ─► ParDo(Returns, Estimate, quality, tidy rows) ─┬─► GroupByKey(shard) ─► events|abnormal_returns|car-SSSSS-of-NNNNN.csv
//	                                                                └─► Combine(study.Accumulator) ─► aar.csv, summary.csv
//
// A firm's prices cross the first shuffle once, and its benchmark's returns
// the second once per firm (not per event). Every event sees its firm's and
// benchmark's whole series, as in `eventstudy run`, so the results are the
// same, cell for cell.
package pipeline

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path"
	"reflect"
	"slices"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local" // local paths; the command adds gs:// (beamx)

	"github.com/eventstudy/eventstudy/data"
	"github.com/eventstudy/eventstudy/data/quality"
	"github.com/eventstudy/eventstudy/data/tidy"
	"github.com/eventstudy/eventstudy/internal/engine"
	"github.com/eventstudy/eventstudy/internal/factors"
	"github.com/eventstudy/eventstudy/study"
)

// Config is a study: the inputs, the design and the output folder.
type Config struct {
	// Events are events CSV files (or globs). Rows are ordered by file, as
	// given then by path, then by line; with several files give an event_id
	// column, since the default id is the row number inside its file.
	Events []string
	// Prices are price files, folders (every *.csv inside) or globs; a symbol
	// found in several takes the first argument (then the first path, then
	// the first occurrence in the file).
	Prices     []string
	Returns    bool   // Prices hold simple returns (the CLI's --returns)
	PriceField string // --price-field
	DateFormat data.DateFormat
	Market     string // benchmark of events without a market column
	Params     study.Params
	Tests      string // "battery" (default) or "basic"
	Out        string // output folder (local path or a Beam filesystem URL such as gs://bucket/dir)
	Shards     int    // files per per-event table; ≤ 0 means 4
	// Factors are the factor returns of the factor models (Params.Model ff3,
	// ff5 or carhart; see ReadFactors), sent to the workers with the DoFn.
	Factors *study.FactorSeries
}

// ReadFactors reads factor files (Kenneth French daily CSVs or tidy CSVs,
// percent; local paths or Beam filesystem URLs) and merges them by date as
// eventstudy run's --factors does.
func ReadFactors(ctx context.Context, paths []string) (*study.FactorSeries, error) {
	return factors.Read(paths, func(p string) (io.ReadCloser, error) { return open(ctx, p) })
}

// File names of the sharded per-event tables: base-SSSSS-of-NNNNN.csv, each
// with the header of data/tidy.
var shardBases = []string{"events", "abnormal_returns", "car"}

// ShardName is the name of shard i of n of a per-event table (base is
// events, abnormal_returns or car).
func ShardName(base string, i, n int) string {
	return fmt.Sprintf("%s-%05d-of-%05d.csv", base, i, n)
}

// fileRef is one input file.
type fileRef struct {
	Index int // events: order of the file; prices: index of the argument
	Path  string
}

func init() {
	for _, fn := range []any{readEventsFn{}, readPricesFn{}, firmFn{}, marketFn{}, estimateFn{}, writeShardFn{},
		summaryFn{}, writeSummaryFn{}, emptyShardFn{}} {
		beam.RegisterType(reflect.TypeOf(fn))
	}
}

// Build adds the study to scope s. It lists the input files (through Beam's
// filesystems, so gs:// and the like work) and reads the header of the first
// events file for the carried-through columns.
func Build(ctx context.Context, s beam.Scope, cfg Config) error {
	if err := cfg.Params.Validate(); err != nil {
		return err
	}
	if cfg.Params.Model.IsFactor() && cfg.Factors == nil {
		return fmt.Errorf("model %s needs factor returns (Config.Factors; --factors FILE)", cfg.Params.Model)
	}
	if cfg.Tests == "" {
		cfg.Tests = "battery"
	}
	if cfg.Tests != "battery" && cfg.Tests != "basic" {
		return fmt.Errorf("tests %q: want battery or basic", cfg.Tests)
	}
	if cfg.Shards <= 0 {
		cfg.Shards = 4
	}
	if len(cfg.Events) == 0 || len(cfg.Prices) == 0 || cfg.Out == "" {
		return fmt.Errorf("events, prices and an output folder are required")
	}
	var evFiles []fileRef
	for _, g := range cfg.Events {
		ms, err := list(ctx, g)
		if err != nil {
			return fmt.Errorf("events %s: %w", g, err)
		}
		for _, m := range ms {
			evFiles = append(evFiles, fileRef{Index: len(evFiles), Path: m})
		}
	}
	extra, err := readExtra(ctx, evFiles[0].Path, cfg.DateFormat)
	if err != nil {
		return err
	}
	if err := tidy.CheckExtraColumns(extra); err != nil {
		return err
	}
	var prFiles []fileRef
	for i, g := range cfg.Prices {
		if st, err := os.Stat(g); err == nil && st.IsDir() {
			g = path.Join(strings.TrimSuffix(g, "/"), "*.csv")
		}
		ms, err := list(ctx, g)
		if err != nil {
			return fmt.Errorf("prices %s: %w", cfg.Prices[i], err)
		}
		for _, m := range ms {
			prFiles = append(prFiles, fileRef{Index: i, Path: m})
		}
	}
	pb, err := gobEncode(cfg.Params)
	if err != nil {
		return err
	}

	events := beam.ParDo(s.Scope("ReadEvents"), &readEventsFn{DateFormat: string(cfg.DateFormat), Market: cfg.Market, Extra: extra},
		beam.Reshuffle(s, beam.CreateList(s, evFiles)))
	prices := beam.ParDo(s.Scope("ReadPrices"), &readPricesFn{Field: cfg.PriceField, Returns: cfg.Returns, Volume: cfg.Params.Measure == study.MeasureVolume},
		beam.Reshuffle(s, beam.CreateList(s, prFiles)))

	byFirm := beam.CoGroupByKey(s.Scope("JoinFirm"), events, prices)
	bundles := beam.ParDo(s.Scope("FirmBundles"), &firmFn{}, byFirm)
	byMarket := beam.CoGroupByKey(s.Scope("JoinMarket"), bundles, prices)
	works := beam.ParDo(s.Scope("MarketReturns"), &marketFn{Returns: cfg.Returns, P: pb}, byMarket)

	var fb []byte
	if cfg.Factors != nil {
		if fb, err = gobEncode(cfg.Factors); err != nil {
			return err
		}
	}
	lines, results := beam.ParDo2(s.Scope("Estimate"), &estimateFn{P: pb, F: fb, Returns: cfg.Returns, Extra: extra,
		Shards: cfg.Shards, Inputs: cfg.Prices, Tests: cfg.Tests}, beam.Reshuffle(s, works))

	var names []string
	for _, b := range shardBases {
		for i := range cfg.Shards {
			names = append(names, ShardName(b, i, cfg.Shards))
		}
	}
	empty := beam.ParDo(s, &emptyShardFn{}, beam.CreateList(s, names))
	shards := beam.GroupByKey(s.Scope("Shard"), beam.Flatten(s, lines, empty))
	beam.ParDo0(s.Scope("WriteShards"), &writeShardFn{Out: cfg.Out, Headers: headers(extra)}, shards)

	// One empty result (status "", ignored by the combiner) makes the summary
	// exist when no event is ok, as eventstudy run writes it.
	seed := beam.CreateList(s, []study.Result{{}})
	sum := beam.Combine(s.Scope("Summary"), &summaryFn{P: pb, Tests: cfg.Tests}, beam.Flatten(s, results, seed))
	beam.ParDo0(s.Scope("WriteSummary"), &writeSummaryFn{Out: cfg.Out}, sum)
	return nil
}

// list expands a file name or glob through Beam's filesystems, sorted.
func list(ctx context.Context, glob string) ([]string, error) {
	fsys, err := filesystem.New(ctx, glob)
	if err != nil {
		return nil, err
	}
	defer fsys.Close()
	ms, err := fsys.List(ctx, glob)
	if err != nil {
		return nil, err
	}
	if len(ms) == 0 {
		return nil, fmt.Errorf("no file matches")
	}
	slices.Sort(ms)
	return ms, nil
}

func open(ctx context.Context, p string) (io.ReadCloser, error) {
	fsys, err := filesystem.New(ctx, p)
	if err != nil {
		return nil, err
	}
	defer fsys.Close()
	return fsys.OpenRead(ctx, p)
}

func writeFile(ctx context.Context, p string, b []byte) error {
	fsys, err := filesystem.New(ctx, p)
	if err != nil {
		return err
	}
	defer fsys.Close()
	w, err := fsys.OpenWrite(ctx, p)
	if err != nil {
		return err
	}
	if _, err := w.Write(b); err != nil {
		w.Close()
		return fmt.Errorf("write %s: %w", p, err)
	}
	return w.Close()
}

func readExtra(ctx context.Context, p string, df data.DateFormat) ([]string, error) {
	r, err := open(ctx, p)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	ef, err := data.ReadEvents(r, p, data.EventOptions{DateFormat: df})
	if err != nil {
		return nil, err
	}
	return ef.Extra, nil
}

// headers are the header lines of the per-event tables.
func headers(extra []string) map[string]string {
	h := map[string]string{}
	for i, cols := range [][]string{tidy.EventsColumns, tidy.ARColumns, tidy.CARColumns} {
		h[shardBases[i]] = csvLine(append(slices.Clone(cols), extra...))
	}
	return h
}

// csvLine encodes one row as data/tidy writes it (encoding/csv, LF).
func csvLine(row []string) string {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(row)
	w.Flush()
	return b.String()
}

// readEventsFn parses one events file (data.ReadEvents) and keys its events
// by firm.
type readEventsFn struct {
	DateFormat string
	Market     string
	Extra      []string
}

func (f *readEventsFn) ProcessElement(ctx context.Context, ref fileRef, emit func(string, evRec)) error {
	r, err := open(ctx, ref.Path)
	if err != nil {
		return err
	}
	defer r.Close()
	ef, err := data.ReadEvents(r, ref.Path, data.EventOptions{DateFormat: data.DateFormat(f.DateFormat)})
	if err != nil {
		return err
	}
	if !slices.Equal(ef.Extra, f.Extra) {
		return fmt.Errorf("%s: carried-through columns %q differ from the first events file's %q", ref.Path, ef.Extra, f.Extra)
	}
	// The events as eventstudy run makes them (the default benchmark
	// filled); files are named by the user's symbols, so there is no symbol
	// history to apply.
	for i, e := range engine.FromRows(ef.Rows, f.Market) {
		row := &ef.Rows[i]
		emit(symKey(e.Event.Symbol), evRec{Event: e.Event, Extra: e.Extra, File: ref.Index, Line: row.Line})
	}
	return nil
}

// readPricesFn parses one price file (data.ReadSeries) and keys its series
// by symbol.
type readPricesFn struct {
	Field   string
	Returns bool
	Volume  bool // a volume study reads the Volume column (data.PriceOptions.Volume)
}

func (f *readPricesFn) ProcessElement(ctx context.Context, ref fileRef, emit func(string, priceRec)) error {
	r, err := open(ctx, ref.Path)
	if err != nil {
		return err
	}
	defer r.Close()
	ss, err := data.ReadSeries(r, ref.Path, data.SymbolFromFilename(ref.Path), data.PriceOptions{Field: f.Field, Returns: f.Returns, Volume: f.Volume})
	if err != nil {
		return err
	}
	for i, s := range ss {
		emit(symKey(s.Symbol), priceRec{Input: ref.Index, Path: ref.Path, Pos: i, Series: s})
	}
	return nil
}

// first returns the winning series of a symbol, or nil.
func first(iter func(*priceRec) bool) *data.Series {
	var best *priceRec
	var pr priceRec
	for iter(&pr) {
		if best == nil || pr.before(best) {
			c := pr
			best = &c
		}
	}
	if best == nil {
		return nil
	}
	return &best.Series
}

// firmFn joins a firm's events with its series and emits one bundle per
// benchmark.
type firmFn struct{}

func (f *firmFn) ProcessElement(_ string, evIter func(*evRec) bool, prIter func(*priceRec) bool, emit func(string, bundle)) {
	var evs []evRec
	var ev evRec
	for evIter(&ev) {
		evs = append(evs, ev)
	}
	if len(evs) == 0 {
		return
	}
	firm := first(prIter)
	slices.SortFunc(evs, func(a, b evRec) int {
		if a.File != b.File {
			return a.File - b.File
		}
		return a.Line - b.Line
	})
	// The confounding check lists the firm's other events by date, ties in
	// input order, as cmd/eventstudy does.
	all := make([]quality.Dated, len(evs))
	for i, e := range evs {
		all[i] = quality.Dated{ID: e.Event.ID, Date: e.Event.Date}
	}
	slices.SortStableFunc(all, func(a, b quality.Dated) int { return a.Date.Compare(b.Date) })
	byMarket := map[string][]evRec{}
	var keys []string
	for _, e := range evs {
		k := symKey(e.Event.Market)
		if _, ok := byMarket[k]; !ok {
			keys = append(keys, k)
		}
		byMarket[k] = append(byMarket[k], e)
	}
	for _, k := range keys {
		emit(k, bundle{Firm: firm, Events: byMarket[k], AllDates: all})
	}
}

// marketFn joins the firm bundles of a benchmark with its returns.
type marketFn struct {
	Returns bool
	P       []byte // gob of study.Params

	p study.Params
}

func (f *marketFn) Setup() (err error) {
	f.p, err = gobDecode[study.Params](f.P)
	return err
}

func (f *marketFn) ProcessElement(_ string, bIter func(*bundle) bool, prIter func(*priceRec) bool, emit func(work)) {
	var market *study.Series
	var b bundle
	for bIter(&b) {
		if market == nil {
			if m := first(prIter); m != nil {
				r := engine.Measured(*m, f.p, f.Returns)
				market = &r
			}
		}
		emit(work{Bundle: b, Market: market})
		b = bundle{}
	}
}

// estimateFn computes each event of a bundle (study.Estimate), formats its
// rows (data/tidy) and emits them to their shard, and the compact result to
// the combiner.
type estimateFn struct {
	P       []byte // gob of study.Params
	F       []byte // gob of the factor returns (*study.FactorSeries), nil without
	Returns bool
	Extra   []string
	Shards  int
	Inputs  []string // the price arguments, for the unknown-symbol message
	Tests   string

	opt     engine.Options // the design, for engine.Estimate
	keepEst bool           // the results keep EstAR for the tests (engine.KeepEstAR)
	fmt     *tidy.Writer   // formats rows only: its files are removed at once
	qc      *qualityChecker
}

func (f *estimateFn) Setup() error {
	var err error
	if f.opt.Params, err = gobDecode[study.Params](f.P); err != nil {
		return err
	}
	if len(f.F) > 0 {
		if f.opt.Factors, err = gobDecode[*study.FactorSeries](f.F); err != nil {
			return err
		}
	}
	dir, err := os.MkdirTemp("", "eventstudy-beam-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if f.fmt, err = tidy.Create(dir, f.opt.Params, f.Extra); err != nil {
		return err
	}
	f.fmt.Abort()
	f.qc = newQualityChecker(f.opt.Params)
	f.keepEst = engine.KeepEstAR(f.opt.Params.Measure, engine.Tests(f.opt.Params.Measure, f.Tests))
	return nil
}

func (f *estimateFn) ProcessElement(ctx context.Context, w work, emitLine func(string, string), emitResult func(study.Result)) error {
	b := &w.Bundle
	var firm study.Series
	if b.Firm != nil {
		firm = engine.Measured(*b.Firm, f.opt.Params, f.Returns)
	}
	for _, ev := range b.Events {
		// The engine's own step, with the bundle's two series for a source.
		lookup := func(_ context.Context, symbol string) (study.Series, string, error) {
			switch k := symKey(symbol); {
			case k == symKey(ev.Event.Market) && w.Market != nil:
				return *w.Market, "", nil
			case k == symKey(ev.Event.Symbol) && b.Firm != nil:
				return firm, "", nil // files carry no company name
			}
			return study.Series{}, "", data.UnknownInFiles(symbol, f.Inputs)
		}
		r, err := engine.Estimate(ctx, &f.opt, ev.Event, lookup)
		if err != nil {
			return err
		}
		var read data.Series // what the quality checks read: not returns
		if b.Firm != nil && (!f.Returns || f.qc.volume) {
			read = *b.Firm
		}
		q := f.qc.check(r, read, b.AllDates)
		rows := f.fmt.Rows(r, q, ev.Extra)
		h := fnv.New32a()
		fmt.Fprintf(h, "%d/%d", ev.File, ev.Line)
		shard := int(h.Sum32() % uint32(f.Shards))
		emitLine(ShardName("events", shard, f.Shards), ordered(ev.File, ev.Line, 0, rows.Event))
		for i, row := range rows.ARs {
			emitLine(ShardName("abnormal_returns", shard, f.Shards), ordered(ev.File, ev.Line, i, row))
		}
		for i, row := range rows.CARs {
			emitLine(ShardName("car", shard, f.Shards), ordered(ev.File, ev.Line, i, row))
		}
		if r.Status == study.StatusOK {
			emitResult(compact(*r, f.keepEst))
		}
	}
	return nil
}

// compact keeps what study.Accumulator reads: the result without its
// event-day details but AR, SE and the market return, and the estimation
// residuals only when a test reads them.
func compact(r study.Result, keepEst bool) study.Result {
	days := make([]study.Day, len(r.Days))
	for i, d := range r.Days {
		days[i] = study.Day{AR: d.AR, SE: d.SE, MarketRet: d.MarketRet}
	}
	r.Days = days
	if !keepEst {
		r.EstAR = nil
	}
	return r
}

// orderLen is the length of the order key of ordered.
const orderLen = 20

// ordered is a CSV row prefixed by a key that sorts in input order (events
// file, line, row inside the event): shards are written in that order. A
// plain string crosses the shuffle with Beam's own coder.
func ordered(file, line, row int, cells []string) string {
	return fmt.Sprintf("%08x%08x%04x", file, line, row) + csvLine(cells)
}

// emptyShardFn makes every shard exist, with its header, even without rows.
type emptyShardFn struct{}

func (f *emptyShardFn) ProcessElement(name string, emit func(string, string)) {
	emit(name, "")
}

// writeShardFn writes one shard: the header, then the rows in input order.
type writeShardFn struct {
	Out     string
	Headers map[string]string
}

func (f *writeShardFn) ProcessElement(ctx context.Context, name string, iter func(*string) bool) error {
	var ls []string
	var l string
	for iter(&l) {
		if l != "" {
			ls = append(ls, l)
		}
	}
	slices.Sort(ls) // input order: the keys of ordered
	base := name[:strings.LastIndex(name[:strings.LastIndex(name, "-of-")], "-")]
	var buf bytes.Buffer
	buf.WriteString(f.Headers[base])
	for _, l := range ls {
		buf.WriteString(l[orderLen:])
	}
	return writeFile(ctx, joinOut(f.Out, name), buf.Bytes())
}

func joinOut(dir, name string) string {
	if strings.Contains(dir, "://") {
		return strings.TrimSuffix(dir, "/") + "/" + name
	}
	return path.Join(dir, name)
}

// summaryFn is the combiner of the tests across events: its accumulator
// holds the compact results; merging concatenates them, and the output is
// study.Accumulator's summary (which sorts the rows canonically, so the
// order in which workers merge does not matter), formatted by data/tidy.
type summaryFn struct {
	P     []byte
	Tests string
}

func (f *summaryFn) CreateAccumulator() accum { return accum{} }

func (f *summaryFn) AddInput(a accum, r study.Result) accum {
	if r.Status != study.StatusOK {
		return a
	}
	a.Rows = append(a.Rows, r)
	return a
}

func (f *summaryFn) MergeAccumulators(a, b accum) accum {
	a.Rows = append(a.Rows, b.Rows...)
	return a
}

func (f *summaryFn) ExtractOutput(a accum) (summaryFiles, error) {
	p, err := gobDecode[study.Params](f.P)
	if err != nil {
		return summaryFiles{}, err
	}
	tests := engine.Tests(p.Measure, f.Tests)
	acc := study.NewAccumulator(p, engine.KeepEstAR(p.Measure, tests))
	for i := range a.Rows {
		acc.Add(&a.Rows[i])
	}
	sum := acc.Summary(tests)
	dir, err := os.MkdirTemp("", "eventstudy-beam-")
	if err != nil {
		return summaryFiles{}, err
	}
	defer os.RemoveAll(dir)
	w, err := tidy.Create(dir, p, nil)
	if err != nil {
		return summaryFiles{}, err
	}
	err = w.WriteSummary(sum)
	if err == nil && p.Measure == study.MeasureVolatility {
		err = w.WriteVolatility(study.VolatilityStats(acc.Panel()))
	}
	if err != nil {
		w.Abort()
		return summaryFiles{}, err
	}
	if err := w.Commit(); err != nil {
		return summaryFiles{}, err
	}
	var out summaryFiles
	for _, name := range summaryNames(p) {
		b, err := os.ReadFile(path.Join(dir, name))
		if err != nil {
			return out, err
		}
		out.Files = append(out.Files, namedFile{name, b})
	}
	return out, nil
}

// summaryNames are the files written once, after every event: aar.csv,
// summary.csv and, in a volatility study, volatility.csv.
func summaryNames(p study.Params) []string {
	names := []string{tidy.AARFile, tidy.SummaryFile}
	if p.Measure == study.MeasureVolatility {
		names = append(names, tidy.VolatilityFile)
	}
	return names
}

// writeSummaryFn writes the files of the tests across events (aar.csv,
// summary.csv, volatility.csv), once.
type writeSummaryFn struct{ Out string }

func (f *writeSummaryFn) ProcessElement(ctx context.Context, s summaryFiles) error {
	for _, nf := range s.Files {
		if err := writeFile(ctx, joinOut(f.Out, nf.Name), nf.Data); err != nil {
			return err
		}
	}
	return nil
}
