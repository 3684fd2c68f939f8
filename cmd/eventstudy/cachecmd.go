package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/eventstudy/eventstudy/data/cache"
	"github.com/eventstudy/eventstudy/data/symbols"
)

type cacheOptions struct {
	path     string
	source   string
	vintages bool
}

func newCacheCmd(e *env) *cobra.Command {
	opts := &cacheOptions{}
	root := &cobra.Command{
		Use:   "cache",
		Short: "List, remove or export the prices in the local cache",
		Long: `The price cache is an SQLite database holding the daily bars fetched from web
sources, per (source, symbol, date), with the fetch time and a vintage number
that changes when a vendor re-adjusts history.`,
		Example: `  $ eventstudy cache ls
  $ eventstudy cache ls --vintages
  $ eventstudy cache rm FB --source yahoo
  $ eventstudy cache export FB ^GSPC > bars.csv`,
	}
	root.PersistentFlags().StringVar(&opts.path, "cache", "", "price cache database (default: the user cache folder)")
	root.PersistentFlags().StringVar(&opts.source, "source", "", "only this source (yahoo, stooq); default: all")

	withCache := func(ctx context.Context, f func(*cache.Cache) error) error {
		c, err := cache.Open(opts.path, cache.Options{})
		if err != nil {
			return fmt.Errorf("open price cache: %w", err)
		}
		defer c.Close()
		return f(c)
	}
	ls := &cobra.Command{
		Use:   "ls",
		Short: "List the cached series: first and last day, bars, missing values, vintage, last fetch",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return withCache(cmd.Context(), func(c *cache.Cache) error {
				if opts.vintages {
					ch, err := c.VintageChanges(cmd.Context(), opts.source, "")
					if err != nil {
						return err
					}
					tw := tabwriter.NewWriter(e.out, 0, 0, 2, ' ', 0)
					fmt.Fprintln(tw, "source\tsymbol\tat\tvintage\tfirst_diff\tmax_rel\tnote")
					for _, v := range ch {
						fmt.Fprintf(tw, "%s\t%s\t%s\t%d→%d\t%s\t%s\t%s\n", v.Source, v.Symbol, v.At.UTC().Format(time.RFC3339),
							v.Old, v.New, day(v.FirstDiff), num(v.MaxRel, 6), v.Note)
					}
					return tw.Flush()
				}
				es, err := c.List(cmd.Context(), opts.source)
				if err != nil {
					return err
				}
				tw := tabwriter.NewWriter(e.out, 0, 0, 2, ' ', 0)
				fmt.Fprintln(tw, "source\tsymbol\tfirst\tlast\tbars\tmissing\tvintage\tfetched\tname")
				for _, x := range es {
					name := x.Listing.Name()
					// Bars an earlier version stored under an old ticker are not
					// read any more: the history is fetched under the new one.
					if r := symbols.Builtin().Resolve(x.Symbol, time.Time{}); r.Renamed() {
						name = strings.TrimSpace(name + " (not read: " + x.Symbol + " is fetched as " + r.Vendor + "; cache rm " + x.Symbol + " frees it)")
					}
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%d\t%d\t%s\t%s\n", x.Source, x.Symbol, day(x.First), day(x.Last),
						x.Bars, x.Missing, x.Vintage, x.Fetched.UTC().Format(time.RFC3339), name)
				}
				if c.ReadOnly() {
					fmt.Fprintf(tw, "(%s, read-only)\n", c.Path())
				} else {
					fmt.Fprintf(tw, "(%s)\n", c.Path())
				}
				return tw.Flush()
			})
		},
	}
	ls.Flags().BoolVar(&opts.vintages, "vintages", false, "list the recorded re-adjustments of history instead")
	rm := &cobra.Command{
		Use:   "rm SYMBOL...",
		Short: "Remove symbols from the cache (all of their bars and coverage)",
		Long: `Remove symbols from the cache. A renamed ticker of the built-in table is
one history with its current ticker: rm FB removes META too (and any bars an
older version cached under FB).`,
		Args: usageArgs(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withCache(cmd.Context(), func(c *cache.Cache) error {
				var keys []string
				for _, a := range args {
					keys = append(keys, a)
					if r := symbols.Builtin().Resolve(a, time.Time{}); r.Renamed() {
						keys = append(keys, r.Vendor)
					}
				}
				n, err := c.Remove(cmd.Context(), opts.source, keys...)
				if err != nil {
					return err
				}
				fmt.Fprintf(e.out, "removed %d rows\n", n)
				return nil
			})
		},
	}
	export := &cobra.Command{
		Use:   "export [SYMBOL...]",
		Short: "Write cached bars as CSV to stdout (all symbols when none is named)",
		Long: `Write cached bars as CSV to stdout. A renamed ticker of the built-in table
is exported from the history of its current ticker (FB from META's), under the
current ticker's name.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return withCache(cmd.Context(), func(c *cache.Cache) error {
				keys := slices.Clone(args)
				for i, a := range keys {
					if r := symbols.Builtin().Resolve(a, time.Time{}); r.Renamed() {
						keys[i] = r.Vendor
						fmt.Fprintf(e.err, "eventstudy: %s is cached as %s (%s)\n", a, r.Vendor, r.Note())
					}
				}
				return c.Export(cmd.Context(), e.out, opts.source, keys...)
			})
		},
	}
	root.AddCommand(ls, rm, export)
	return root
}

func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}
