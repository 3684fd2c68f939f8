package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/eventstudy/eventstudy/data"
	"github.com/eventstudy/eventstudy/data/provider"
)

type fetchOptions struct {
	source   sourceFlags
	symbols  []string
	from, to time.Time
	fromS    string
	toS      string
	workers  int
	quiet    bool
}

func newFetchCmd(e *env, runF func(context.Context, *env, *fetchOptions) error) *cobra.Command {
	opts := &fetchOptions{}
	cmd := &cobra.Command{
		Use:   "fetch SYMBOL...",
		Short: "Download daily prices into the local cache, for offline studies",
		Long: `Fetch daily bars (with adjusted closes) of each SYMBOL from --source into the
local price cache. Only trading days not yet cached are requested; a vendor's
re-adjusted history (after a split or dividend) replaces the whole cached series.
A renamed ticker is fetched under its current symbol as of --from (FB from 2018
is Meta's history, filed as META; see --symbols), and stored under it.
A progress bar shows on a terminal, plain lines otherwise. The exit code is 1
when any symbol could not be fetched; the others are kept.`,
		Example: `  $ eventstudy fetch FB ^GSPC JPM WFC C USB --from 2017-01-01 --to 2018-12-31
  $ eventstudy fetch FB --from 2018-01-01 --to 2018-12-31 --source stooq
  $ eventstudy fetch FB --from 2018-01-01 --to 2018-12-31 --refresh`,
		Args: usageArgs(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.symbols = args
			var err error
			if opts.from, err = time.Parse(time.DateOnly, opts.fromS); err != nil {
				return usagef("--from %q: want yyyy-mm-dd", opts.fromS)
			}
			if opts.toS == "" {
				opts.to = time.Now().UTC().Truncate(24 * time.Hour)
			} else if opts.to, err = time.Parse(time.DateOnly, opts.toS); err != nil {
				return usagef("--to %q: want yyyy-mm-dd", opts.toS)
			}
			if opts.to.Before(opts.from) {
				return usagef("--to %s is before --from %s", opts.toS, opts.fromS)
			}
			if opts.source.offline {
				return usagef("fetch cannot be --offline")
			}
			if err := opts.source.resolve(false, "yahoo"); err != nil {
				return err
			}
			if !opts.source.web() {
				return usagef("fetch needs a web source (--source yahoo or stooq), not %s", opts.source.source)
			}
			if runF != nil {
				return runF(cmd.Context(), e, opts)
			}
			return runFetch(cmd.Context(), e, opts)
		},
	}
	fs := cmd.Flags()
	fs.SortFlags = false
	fs.StringVar(&opts.fromS, "from", "", "first date, yyyy-mm-dd (required)")
	fs.StringVar(&opts.toS, "to", "", "last date, yyyy-mm-dd (default: today)")
	fs.IntVarP(&opts.workers, "jobs", "j", 4, "symbols fetched at once (the provider also bounds its requests)")
	fs.BoolVarP(&opts.quiet, "quiet", "q", false, "no progress lines")
	opts.source.register(fs)
	cmd.MarkFlagRequired("from")
	return cmd
}

func runFetch(ctx context.Context, e *env, o *fetchOptions) error {
	src, err := o.source.open(nil, data.PriceOptions{})
	if err != nil {
		return err
	}
	defer src.close()
	var done func(provider.Status)
	var pr *provider.Progress
	if !o.quiet {
		pr = provider.NewProgress(e.err, len(o.symbols), e.isTerminal)
		done = pr.Done
	}
	// A symbol means the company that traded under it on --from: FB from
	// 2018 to today is Facebook's history, filed as META.
	asked := make([]string, len(o.symbols))
	for i, s := range o.symbols {
		asked[i] = s
		if r := src.symbols.Resolve(s, o.from); r.Renamed() {
			asked[i] = r.Vendor
		}
	}
	sts := src.cached.FetchAll(ctx, asked, o.from, o.to, o.workers, done)
	if pr != nil {
		pr.Wait()
	}
	for i := range sts {
		sts[i].Symbol = o.symbols[i]
	}
	var failed []string
	for _, st := range sts {
		fmt.Fprintf(e.out, "%-8s %-14s %s\n", st.Symbol, st.State, st.Note())
		if st.Err != nil {
			failed = append(failed, st.Symbol)
		}
	}
	if len(failed) > 0 {
		return fmt.Errorf("%d of %d symbols not fetched: %s", len(failed), len(sts), strings.Join(failed, ", "))
	}
	return nil
}
