package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/eventstudy/eventstudy/charts"
	"github.com/eventstudy/eventstudy/quick"
	"github.com/eventstudy/eventstudy/study"
	"github.com/eventstudy/eventstudy/web"
)

type serveOptions struct {
	*studyFlags
	source    sourceFlags
	addr      string
	credit    string
	marketSet bool
	web       web.Config // limits; the rest is filled by runServe
	// forward are the data and convention flags given to serve, passed on
	// to every batch study (`run` has the same flags).
	forward []string
	// ready, when set, is told the address listened on (tests).
	ready func(addr string)
}

func newServeCmd(e *env, runF func(context.Context, *env, *serveOptions) error) *cobra.Command {
	opts := &serveOptions{studyFlags: newStudyFlags()}
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "The newsroom page: one event or a batch study in a web browser",
		Long: `Serve a web page for a desk: a form for one event (ticker, date, time of the
news, benchmark, headline) whose answer is the chart of 'quick --chart', the days
-1..+1, the CAR and a sentence to publish, with PNG, SVG, CSV and JSON downloads;
and a batch form (upload or paste an events CSV) whose studies run in the
background and end in the report of 'run' and a zip of every output.

It listens on 127.0.0.1 (this machine only) unless --addr says otherwise. The
page loads nothing from other sites. Prices come as for quick: Yahoo Finance
through the local cache by default (concurrent requests for a symbol share one
fetch), --prices files, or --source sample.`,
		Example: `  $ eventstudy serve                                   # http://127.0.0.1:8080, Yahoo through the cache
  $ eventstudy serve --addr 127.0.0.1:9000 --offline    # only what the cache holds
  $ eventstudy serve --prices ../shared/data/yahoo_bluefin_2020 --prices ../shared/data/yahoo_kriti_2020
  $ eventstudy serve --addr 0.0.0.0:8080 --max-events 20000 --expire 24h   # a desk's internal server`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.marketSet = cmd.Flags().Changed("market")
			if err := opts.source.resolve(len(opts.prices)+len(opts.returns) > 0, "yahoo"); err != nil {
				return err
			}
			if err := opts.resolve(); err != nil {
				return err
			}
			if !opts.params.Event.Contains(quick.CARWindow) {
				return usagef("the event window %s must contain -1..+1 for the one-event page", opts.params.Event)
			}
			if _, _, err := net.SplitHostPort(opts.addr); err != nil {
				return usagef("--addr %q: want host:port, e.g. 127.0.0.1:8080", opts.addr)
			}
			run := newRunCmd(e, nil).Flags()
			cmd.Flags().Visit(func(f *pflag.Flag) {
				if run.Lookup(f.Name) != nil {
					opts.forward = append(opts.forward, flagArgs(f)...)
				}
			})
			if runF != nil {
				return runF(cmd.Context(), e, opts)
			}
			return runServe(cmd.Context(), e, opts)
		},
	}
	fs := cmd.Flags()
	fs.SortFlags = false
	fs.StringVar(&opts.addr, "addr", "127.0.0.1:8080", "address to listen on, host:port; 0.0.0.0:8080 opens it to other machines (no login: only on a trusted network)")
	opts.studyFlags.register(fs, false)
	opts.source.register(fs)
	fs.StringVar(&opts.credit, "credit", "", `who makes the charts, on their source line, e.g. --credit "The Daily Ledger"`)
	fs.Int64Var(&opts.web.MaxUpload, "max-upload", web.DefaultMaxUpload, "largest events CSV a batch may upload or paste, in bytes")
	fs.IntVar(&opts.web.MaxEvents, "max-events", web.DefaultMaxEvents, "most events in one batch")
	fs.IntVar(&opts.web.Queue, "queue", web.DefaultQueue, "batch studies that may wait for a worker; more are refused with 503 until one finishes")
	fs.IntVar(&opts.web.Workers, "workers", web.DefaultWorkers, "batch studies computed at once")
	fs.DurationVar(&opts.web.Expire, "expire", web.DefaultExpire, "a finished study's results are deleted this long after it ends, e.g. 30m, 24h")
	fs.DurationVar(&opts.web.Timeout, "timeout", web.DefaultTimeout, "longest time for one request, a price fetch included")
	return cmd
}

// flagArgs writes a set flag back as arguments, one --name=value per value.
func flagArgs(f *pflag.Flag) []string {
	if sv, ok := f.Value.(pflag.SliceValue); ok {
		var out []string
		for _, v := range sv.GetSlice() {
			out = append(out, "--"+f.Name+"="+v)
		}
		return out
	}
	return []string{"--" + f.Name + "=" + f.Value.String()}
}

func runServe(ctx context.Context, e *env, o *serveOptions) error {
	src, popt, err := o.openPrices(&o.source, o.marketSet)
	if err != nil {
		return err
	}
	o.forward = append(o.forward, "--market="+o.market)
	defer src.close()
	factors, err := loadFactors(ctx, o.conv.factors, o.params.Model, &o.source, nil)
	if err != nil {
		return err
	}
	cfg := o.web
	cfg.Source, cfg.Market, cfg.Symbols, cfg.SourceName = src, o.market, src.symbols, src.name
	cfg.ChartSpec = func(p study.Params, headline string) charts.Spec {
		return quickSpec(src.Source, p, src.describe, o.credit, headline)
	}
	cfg.Params, cfg.Returns, cfg.Factors = o.params, popt.Returns, factors
	cfg.Study = studyRunner{e: e, forward: o.forward}
	cfg.Log = log.New(e.err, "", log.LstdFlags)
	s, err := web.New(cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", o.addr, err)
	}
	addr := ln.Addr().String()
	fmt.Fprintf(e.err, "eventstudy: serving on http://%s/ (prices: %s); Ctrl-C stops\n", addr, src.describe)
	if ip := ln.Addr().(*net.TCPAddr).IP; !ip.IsLoopback() {
		fmt.Fprintln(e.err, "eventstudy: other machines can reach this address; the page has no login: keep it on a trusted network")
	}
	if o.ready != nil {
		o.ready(addr)
	}
	hs := s.HTTPServer(addr)
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return err
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// studyRunner runs the batch studies of the page as `eventstudy run` with
// the form's choices and serve's own data flags.
type studyRunner struct {
	e       *env
	forward []string
}

func (sr studyRunner) args(req web.StudyRequest) []string {
	args := append([]string{"run", "--quiet"}, sr.forward...)
	for _, kv := range [][2]string{{"events", req.Events}, {"out", req.Out}, {"model", req.Model},
		{"estimation", req.Estimation}, {"window", req.Window}, {"market", req.Market}} {
		if kv[1] != "" {
			args = append(args, "--"+kv[0]+"="+kv[1])
		}
	}
	for _, c := range req.CARs {
		args = append(args, "--car="+c)
	}
	return args
}

// exec parses the run command line of req and calls do with its options,
// on an env that prints nothing (the page shows progress and errors).
func (sr studyRunner) exec(ctx context.Context, req web.StudyRequest, do func(context.Context, *env, *runOptions) error) error {
	quiet := &env{in: sr.e.in, out: io.Discard, err: io.Discard}
	run := newRunCmd(quiet, do)
	run.SetArgs(sr.args(req)[1:])
	run.SetOut(io.Discard)
	run.SetErr(io.Discard)
	run.SilenceErrors, run.SilenceUsage = true, true
	return run.ExecuteContext(ctx)
}

// Check parses the flags of the study without running it.
func (sr studyRunner) Check(req web.StudyRequest) error {
	req.Events, req.Out = "events.csv", ""
	return sr.exec(context.Background(), req, func(context.Context, *env, *runOptions) error { return nil })
}

// Run runs the study like `eventstudy run`, reporting progress.
func (sr studyRunner) Run(ctx context.Context, req web.StudyRequest) error {
	return sr.exec(ctx, req, func(ctx context.Context, e *env, o *runOptions) error {
		o.progress = req.Progress
		o.args = append([]string{"eventstudy"}, sr.args(web.StudyRequest{Model: req.Model, Estimation: req.Estimation,
			Window: req.Window, CARs: req.CARs, Market: req.Market})...)
		return runRun(ctx, e, o)
	})
}
