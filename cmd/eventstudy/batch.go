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
	"time"

	"github.com/spf13/pflag"

	"github.com/eventstudy/eventstudy/data/tidy"
	"github.com/eventstudy/eventstudy/internal/engine"
	"github.com/eventstudy/eventstudy/internal/journal"
	"github.com/eventstudy/eventstudy/study"
)

// batchFlags are the run flags of large batches (issue 6).
type batchFlags struct {
	format string
	resume bool
	tests  string
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
}

// renderLimit is the largest batch whose full results are kept in memory for
// the charts, tables and report; above it they are skipped and only the
// compact panel of the tests is kept, so that memory stays bounded.
const renderLimit = 50_000

// slowEmitEnv, when set to a duration, sleeps that long after each finished
// event: the kill -9 test uses it to interrupt a run in the middle.
const slowEmitEnv = "EVENTSTUDY_TEST_SLOW_EMIT"

// runBatch computes events into o.out: it streams each result, in input
// order, to the per-event tables and to the journal, accumulates the compact
// panel of the tests across events, then writes the summary tables, calls
// render (with every result, up to renderLimit events) and the manifest, and
// commits the files. With --resume it first replays the journal.
func (o *runOptions) runBatch(ctx context.Context, e *env, m *tidy.Manifest, extra []string, events []engine.Event,
	eopt engine.Options, render func([]study.Result, study.Summary) error) (study.Summary, error) {
	var sum study.Summary
	format, err := tidy.ParseFormat(o.batch.format)
	if err != nil {
		return sum, &usageError{err}
	}
	jobs := o.jobs
	if jobs <= 0 {
		jobs = runtime.NumCPU()
	}
	base := study.DefaultTests()
	if o.batch.tests == "basic" {
		base = study.BasicTests()
	}
	tests := study.ParallelTests(base, jobs)
	keepEst := needsEstAR(tests)
	fp, err := fingerprint(m, format, tests, len(events))
	if err != nil {
		return sum, err
	}
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return sum, fmt.Errorf("create output folder: %w", err)
	}
	jpath := filepath.Join(o.out, journal.Name)
	if o.batch.resume {
		removeStaleTemps(o.out)
	}

	w, err := tidy.CreateFormat(o.out, o.params, extra, format)
	if err != nil {
		return sum, err
	}
	defer w.Abort()
	acc := study.NewAccumulator(o.params, keepEst)
	qc := newQualityChecker(eopt.Source, eopt.Returns, o.params, events)
	keepAll := len(events) <= renderLimit
	var results []study.Result
	// prepare formats an event's rows and journal record; it runs on the
	// engine's workers. add writes them, in input order.
	type prepared struct {
		rows tidy.Rows
		rec  []byte
	}
	prepare := func(i int, r *study.Result) prepared {
		jr := r
		if !keepEst && r.EstAR != nil {
			c := *r
			c.EstAR = nil
			jr = &c
		}
		return prepared{w.Rows(r, qc.check(ctx, r), events[i].Extra), journal.AppendRecord(nil, i, jr)}
	}
	add := func(i int, r *study.Result, p prepared) error {
		m.Statuses[string(r.Status)]++
		acc.Add(r)
		if keepAll {
			results = append(results, *r)
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
			return add(i, r, prepared{rows: w.Rows(r, qc.check(ctx, r), events[i].Extra)})
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
	eopt.Progress = func(done int) { pr.set(start + done) }
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
	if err := jw.Close(); err != nil {
		return sum, err
	}

	sum = acc.Summary(tests)
	m.Parameters.Tests = sum.Tests
	m.Events = len(events)
	if o.digests != nil {
		o.digests()
	}
	m.Outputs = nil
	for _, f := range []string{tidy.EventsFile, tidy.ARFile, tidy.CARFile, tidy.AARFile, tidy.SummaryFile} {
		m.Outputs = append(m.Outputs, format.Name(f))
	}
	m.Outputs = append(m.Outputs, tidy.ManifestFile)
	if err := w.WriteSummary(sum); err != nil {
		return sum, err
	}
	if keepAll {
		if err := render(results, sum); err != nil {
			return sum, err
		}
	} else {
		m.Notes = append(m.Notes, fmt.Sprintf("charts, tables and report skipped: more than %d events", renderLimit))
		if !o.quiet {
			fmt.Fprintf(e.err, "eventstudy: charts, tables and report.html are made for batches of up to %d events; skipped\n", renderLimit)
		}
	}
	if err := w.WriteManifest(m); err != nil {
		return sum, err
	}
	if err := w.Commit(); err != nil {
		return sum, err
	}
	if err := os.Remove(jpath); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return sum, err
	}
	return sum, nil
}

// needsEstAR reports whether a test may read the estimation residuals
// (Result.EstAR): every test but the three that read only the event window.
func needsEstAR(tests []study.Test) bool {
	for _, t := range tests {
		switch t.Name {
		case "cs_t", "j1", "j2":
		default:
			return true
		}
	}
	return false
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

// removeStaleTemps deletes the temporary files (.NAME.tmp-*, see data/tidy)
// that an interrupted run left in the output folder and its subfolders.
func removeStaleTemps(dir string) {
	for _, pat := range []string{".*.tmp-*", "*/.*.tmp-*"} {
		ms, _ := filepath.Glob(filepath.Join(dir, pat))
		for _, m := range ms {
			os.Remove(m)
		}
	}
}
