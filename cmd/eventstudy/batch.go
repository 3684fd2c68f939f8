package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/eventstudy/eventstudy/data"
	"github.com/eventstudy/eventstudy/data/tidy"
	"github.com/eventstudy/eventstudy/internal/engine"
	"github.com/eventstudy/eventstudy/internal/journal"
	"github.com/eventstudy/eventstudy/study"
)

// batchFlags are the run flags of large batches (issue 6).
type batchFlags struct {
	format     string
	resume     bool
	tests      string
	cpuProfile string
	memProfile string
}

func (f *batchFlags) register(fs *pflag.FlagSet) {
	f.format = string(tidy.CSV)
	fs.Var(enumValue{&f.format, []string{string(tidy.CSV), string(tidy.Parquet)}}, "format",
		"format of the tables: csv, or parquet (same columns, typed; for outputs too big for CSV)")
	fs.BoolVar(&f.resume, "resume", false,
		"finish an interrupted run: keep the events of the output folder's journal and compute the rest (same outputs as one uninterrupted run)")
	f.tests = "battery"
	fs.Var(enumValue{&f.tests, []string{"battery", "basic"}}, "tests",
		"tests across events: battery (all, see summary.csv) or basic (cs_t, j1, j2: no estimation residuals kept; for batches of millions)")
	fs.StringVar(&f.cpuProfile, "cpuprofile", "", "write a CPU profile of the run to `FILE`, for go tool pprof (performance work)")
	fs.StringVar(&f.memProfile, "memprofile", "", "write a heap profile at the end of the events (before the tests across events) to `FILE`, for go tool pprof")
}

// startProfile starts the CPU profile of --cpuprofile, if asked for; the
// returned function stops it.
func (f *batchFlags) startProfile() (stop func() error, err error) {
	if f.cpuProfile == "" {
		return func() error { return nil }, nil
	}
	pf, err := os.Create(f.cpuProfile)
	if err != nil {
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	if err := pprof.StartCPUProfile(pf); err != nil {
		pf.Close()
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	return func() error {
		pprof.StopCPUProfile()
		return pf.Close()
	}, nil
}

// writeHeapProfile writes the heap profile of --memprofile, if asked for,
// after a garbage collection (live memory).
func (f *batchFlags) writeHeapProfile() error {
	if f.memProfile == "" {
		return nil
	}
	pf, err := os.Create(f.memProfile)
	if err != nil {
		return fmt.Errorf("heap profile: %w", err)
	}
	runtime.GC()
	if err := pprof.WriteHeapProfile(pf); err != nil {
		pf.Close()
		return fmt.Errorf("heap profile: %w", err)
	}
	return pf.Close()
}

// renderLimit is the largest batch whose full results are kept in memory for
// the charts, tables and report; above it they are skipped and only the
// compact panel of the tests is kept, so that memory stays bounded.
const renderLimit = 50_000

// afterEvents, when set (by a benchmark), is called once every event is
// done, before the tests across events: what is live then is what the rest
// of the run holds.
var afterEvents func()

// slowEmitEnv, when set to a duration, sleeps that long after each finished
// event: the kill -9 test uses it to interrupt a run in the middle.
const slowEmitEnv = "EVENTSTUDY_TEST_SLOW_EMIT"

// runBatch computes events into o.out: it streams each result, in input
// order, to the per-event tables and to the journal, accumulates the compact
// panel of the tests across events, then writes the summary tables, calls
// render (with every result, up to renderLimit events) and the manifest, and
// commits the files. With --resume it first replays the journal.
func (o *runOptions) runBatch(ctx context.Context, e *env, m *tidy.Manifest, extra []string, events []engine.Event,
	eopt engine.Options, render func([]study.Result, []tidy.Quality, study.Summary, *study.Grouped) error) (sum study.Summary, err error) {
	format, err := tidy.ParseFormat(o.batch.format)
	if err != nil {
		return sum, &usageError{err}
	}
	jobs := o.jobs
	if jobs <= 0 {
		jobs = runtime.NumCPU()
	}
	tests := study.ParallelTests(engine.Tests(o.params.Measure, o.batch.tests), jobs)
	keepEst := engine.KeepEstAR(o.params.Measure, tests)
	fp, err := fingerprint(m, format, tests, len(events))
	if err != nil {
		return sum, err
	}
	// Every file goes to a staging folder first and into o.out only once
	// the run is complete (tidy.Publish): a failed, killed or interrupted run
	// leaves the previous run's outputs as they were.
	if o.stage, err = tidy.Stage(o.out); err != nil {
		return sum, err
	}
	defer os.RemoveAll(o.stage) // gone after Publish; what a failure left
	saved := 0                  // events in the journal
	defer func() {
		if err != nil && ctx.Err() != nil {
			err = &interruptedError{out: o.out, saved: saved, total: len(events)}
		}
	}()
	jpath := filepath.Join(o.out, journal.Name)

	w, err := tidy.CreateFormat(o.stage, o.params, extra, format)
	if err != nil {
		return sum, err
	}
	defer w.Abort()
	acc := study.NewAccumulator(o.params, keepEst)
	qopt := eopt
	if s, ok := eopt.Source.(*openedSource); ok {
		qopt.Source = s.forQuality()
	}
	qc := newQualityChecker(&qopt, events)
	small := len(events) <= renderLimit
	if !small {
		defer tuneGC()()
	}
	// The results are kept only for something to render: a run with
	// --charts none --tables none --no-report kept 10,000 results and
	// formatted every table cell for nothing.
	keepAll := small && !o.render.writesNothing()
	// render never reads the estimation residuals (the tests across events
	// have their own copy in acc) but for the volatility tables, which
	// rebuild a panel from the results.
	keepEstForRender := o.params.Measure == study.MeasureVolatility
	var results []study.Result
	var qualities []tidy.Quality // parallel to results: the report shows each event's data note
	if keepAll {
		// Sized once: grown by appending, the 520-byte results were copied
		// about twice over, garbage the render's collections paid for.
		results, qualities = make([]study.Result, 0, len(events)), make([]tidy.Quality, 0, len(events))
	}
	// prepare formats an event's rows and journal record; it runs on the
	// engine's workers. add writes them, in input order.
	type prepared struct {
		rows tidy.Rows
		rec  []byte
		q    tidy.Quality
	}
	prepare := func(i int, r *study.Result) prepared {
		jr := r
		if !keepEst && r.EstAR != nil {
			c := *r
			c.EstAR = nil
			jr = &c
		}
		q := qc.check(ctx, r)
		return prepared{w.Encode(r, q, events[i].Extra), journal.AppendRecord(nil, i, jr), q}
	}
	add := func(i int, r *study.Result, p prepared) error {
		m.Statuses[string(r.Status)]++
		if o.groups != nil {
			acc.AddGroup(r, o.groups.idx[i])
		} else {
			acc.Add(r)
		}
		if keepAll {
			kept := *r
			if !keepEstForRender {
				// The residuals share one array with the firm's returns
				// over the whole span: 2 KB an event held to the end.
				kept.EstAR, kept.EstVar = nil, nil
			}
			results = append(results, kept)
			qualities = append(qualities, p.q)
		}
		return w.WriteRows(p.rows)
	}

	start := 0
	var jw *journal.Writer
	if o.batch.resume {
		n, size, err := journal.Read(jpath, fp, func(i int, r *study.Result) error {
			if i >= len(events) || !sameEvent(r.Event, events[i].Event) {
				return journal.ErrMismatch
			}
			q := qc.check(ctx, r)
			return add(i, r, prepared{rows: w.Encode(r, q, events[i].Extra), q: q})
		})
		switch {
		case errors.Is(err, fs.ErrNotExist):
			if !o.quiet {
				fmt.Fprintf(e.err, "eventstudy: no journal in %s: computing every event\n", o.out)
			}
		case err != nil:
			return sum, err
		default:
			start = n
			if o.digests != nil {
				readReplayedPrices(ctx, &eopt, events[:n])
			}
			if jw, err = journal.Append(jpath, size); err != nil {
				return sum, err
			}
			if !o.quiet {
				fmt.Fprintf(e.err, "eventstudy: resuming: %d of %d events already done\n", n, len(events))
			}
		}
	}
	if jw == nil {
		if jw, err = journal.Create(jpath, fp); err != nil {
			return sum, err
		}
	}
	defer jw.Close()

	var slow time.Duration
	if s := os.Getenv(slowEmitEnv); s != "" {
		slow, _ = time.ParseDuration(s)
	}
	pr := newProgress(e, len(events), o.quiet, "events")
	pr.set(start)
	saved = start
	eopt.Progress = func(done int) {
		saved = start + done
		pr.set(start + done)
		if o.progress != nil {
			o.progress(start+done, len(events))
		}
	}
	err = engine.RunPrepared(ctx, eopt, events[start:],
		func(i int, r *study.Result) prepared { return prepare(start+i, r) },
		func(i int, r *study.Result, p prepared) error {
			if err := add(start+i, r, p); err != nil {
				return err
			}
			if slow > 0 {
				time.Sleep(slow)
			}
			return jw.AddRecord(p.rec)
		})
	pr.finish()
	if err != nil {
		return sum, err
	}
	if err := o.batch.writeHeapProfile(); err != nil {
		return sum, err
	}
	if afterEvents != nil {
		afterEvents()
	}
	// The per-event tables and the journal are complete: they reach stable
	// storage in the background while the tests across events run.
	w.CloseTables()
	jclosed := make(chan error, 1)
	go func() { jclosed <- jw.Close() }()
	// The tests across events and the charts do not watch ctx: they run
	// aside, so that Ctrl-C stops the run at once (interruptible).
	var s study.Summary
	if err = interruptible(ctx, func() error {
		testPause(e, "tests")
		s = acc.Summary(tests)
		return nil
	}); err != nil {
		return sum, err
	}
	sum = s
	if err := <-jclosed; err != nil {
		return sum, err
	}
	m.Parameters.Tests = sum.Tests
	m.Events = len(events)
	if o.digests != nil {
		o.digests()
	}
	// The tests by group and the sync of the tables (Commit) may take
	// seconds on large batches: they run aside too.
	var groups *study.Grouped
	if err = interruptible(ctx, func() error {
		var err error
		if o.groups != nil {
			groups = &study.Grouped{By: o.by, Summaries: study.GroupSummaries(acc.Panel(), o.groups.names, tests, sum),
				Tests: study.CompareGroups(acc.Panel(), o.groups.names)}
			err = w.WriteGroups(groups.Summaries, groups.Tests)
		} else {
			err = w.WriteSummary(sum)
		}
		if err == nil && o.params.Measure == study.MeasureVolatility {
			err = w.WriteVolatility(study.VolatilityStats(acc.Panel()))
		}
		if err != nil {
			return err
		}
		return w.Commit()
	}); err != nil {
		return sum, err
	}
	if keepAll {
		if err = interruptible(ctx, func() error {
			err := render(results, qualities, sum, groups)
			testPause(e, "render") // at its end: every file is staged
			return err
		}); err != nil {
			return sum, err
		}
	} else if !small {
		m.Notes = append(m.Notes, fmt.Sprintf("charts, tables and report skipped: more than %d events", renderLimit))
		if !o.quiet {
			fmt.Fprintf(e.err, "eventstudy: charts, tables and report.html are made for batches of up to %d events; skipped\n", renderLimit)
		}
	}
	// Past this point the run completes: publishing takes milliseconds and
	// an interrupted one would leave the folder without a manifest.
	if err := tidy.Publish(o.out, m); err != nil {
		return sum, err
	}
	if err := os.Remove(jpath); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return sum, err
	}
	return sum, nil
}

// tuneGC makes the garbage collector of a batch too large to render collect
// at 1.5 times the live heap instead of 2 (GOGC=50 instead of 100), unless
// the user set GOGC or GOMEMLIMIT; the returned function restores the
// setting. Most of such a batch's live heap is the panel of the tests, which
// is never garbage, so the default lets the process grow to twice it: a
// million events peaked at 2.2 GB, and at 1.77 GB with GOGC=50, for about 5%
// more CPU (docs/scale.md).
func tuneGC() (restore func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	old := debug.SetGCPercent(50)
	return func() { debug.SetGCPercent(old) }
}

// fingerprint identifies a study for its journal: the parameters and inputs
// of the manifest (not the command line), the output format, the tests and
// the number of events. A journal of another study is refused by --resume.
func fingerprint(m *tidy.Manifest, f tidy.Format, tests []study.Test, n int) (string, error) {
	names := make([]string, len(tests))
	for i, t := range tests {
		names[i] = t.Name
	}
	b, err := json.Marshal(struct {
		Version    string
		Parameters tidy.Parameters
		Inputs     []tidy.Input
		Format     tidy.Format
		Tests      []string
		Events     int
	}{m.Version, m.Parameters, m.Inputs, f, names, n})
	if err != nil {
		return "", err
	}
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:]), nil
}

func sameEvent(a, b study.Event) bool {
	return a.ID == b.ID && a.Symbol == b.Symbol && a.Market == b.Market && a.Date.Equal(b.Date) && a.AfterClose == b.AfterClose
}

// An interruptedError is a run stopped by Ctrl-C (or SIGTERM): it says what
// is left and how to finish.
type interruptedError struct {
	out          string
	saved, total int
}

func (e *interruptedError) Error() string {
	return fmt.Sprintf("interrupted: %s still holds the previous complete run, if any (nothing of this run was written there); "+
		"%d of %d events are saved: run the same command with --resume to finish", e.out, e.saved, e.total)
}

// Unwrap makes the error a context.Canceled (exit code 130).
func (e *interruptedError) Unwrap() error { return context.Canceled }

// interruptible runs f and returns its error, or the context's error as soon
// as the context is cancelled. f then goes on in the background until the
// process exits; it writes only into the staging folder, which is removed
// (and, after a kill, removed by the next run).
func interruptible(ctx context.Context, f func() error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	done := make(chan error, 1)
	go func() { done <- f() }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// pauseEnv, set to PHASE=DURATION, makes a run sleep that long at the start
// of the tests across events (tests) or at the end of the charts, tables and
// report (render), without watching for Ctrl-C, as a slow phase would: the
// interrupt test sends SIGINT then.
const pauseEnv = "EVENTSTUDY_TEST_PAUSE"

func testPause(e *env, phase string) {
	if v, ok := strings.CutPrefix(os.Getenv(pauseEnv), phase+"="); ok {
		d, _ := time.ParseDuration(v)
		fmt.Fprintf(e.err, "eventstudy: test pause in %s\n", phase)
		time.Sleep(d)
	}
}

// readReplayedPrices reads the prices of events replayed from the journal as
// the engine would have read them (the benchmark, then the firm if the
// benchmark loaded, under the source's symbols as of the event date), so
// that the manifest and the report list the same price files as an
// uninterrupted run: a resumed run that had every event in its journal left
// the market's file out (issue 13).
func readReplayedPrices(ctx context.Context, opt *engine.Options, events []engine.Event) {
	spans := engine.SymbolSpans(opt.Params, events, time.Now(), opt)
	loaded := map[string]bool{} // per upper-case symbol: read without error
	read := func(sym string, date time.Time) bool {
		v := opt.Vendor(sym, date).Vendor
		k := strings.ToUpper(v)
		ok, seen := loaded[k]
		if sp, known := spans[k]; !seen && known {
			_, err := data.SharedSeries(ctx, opt.Source, v, sp.From, sp.To)
			ok = err == nil
			loaded[k] = ok
		}
		return ok
	}
	for _, e := range events {
		if e.Event.Market != "" && read(e.Event.Market, e.Event.Date) {
			read(e.Event.Symbol, e.Event.Date)
		}
	}
}
