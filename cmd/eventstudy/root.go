package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"

	"github.com/eventstudy/eventstudy/data"
)

// Exit codes, mapped in one place.
const (
	exitOK    = 0
	exitError = 1 // the run failed: malformed input, unwritable output
	exitUsage = 2 // bad flags or arguments
	// exitInterrupted is the shell's code for a command stopped by SIGINT
	// (128 + 2): Ctrl-C or SIGTERM stopped the command.
	exitInterrupted = 130
)

// env is what a command may touch of the outside world, so that tests can
// run commands with buffers.
type env struct {
	in         io.Reader
	out, err   io.Writer
	isTerminal bool // stderr is a terminal: progress bars instead of plain lines
}

// usageError marks errors in flags or arguments (exit code 2).
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func usagef(format string, a ...any) error { return &usageError{fmt.Errorf(format, a...)} }

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{in: stdin, out: stdout, err: stderr}
	if f, ok := stderr.(*os.File); ok {
		e.isTerminal = isatty.IsTerminal(f.Fd())
	}
	root := newRootCmd(e)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	fmt.Fprintf(stderr, "eventstudy: %v\n", err)
	var ue *usageError
	var pe *data.ParseError
	switch {
	case errors.As(err, &ue):
		fmt.Fprintln(stderr, "Run 'eventstudy --help' for usage.")
		return exitUsage
	case errors.As(err, &pe):
		return exitError
	case ctx.Err() != nil && errors.Is(err, context.Canceled):
		return exitInterrupted
	}
	return exitError
}

func newRootCmd(e *env) *cobra.Command {
	root := &cobra.Command{
		Use:   "eventstudy",
		Short: "Measure how the stock market reacted to news (event studies)",
		Long: `eventstudy measures how the stock market reacted to news. For each event (a ticker
and a date) it fits a benchmark model on an estimation window before the event,
computes abnormal returns (AR) and cumulative abnormal returns (CAR, BHAR) around
it, and tests them across events (AAR, CAAR), following MacKinlay (1997) and
Campbell, Lo & MacKinlay (1997, ch. 4).

With no input files, 'eventstudy run' studies a built-in synthetic sample (clearly
labelled, with known true parameters), so you can see every output offline.`,
		Example: `  $ eventstudy run --out out/demo
  $ eventstudy run --events events.csv --prices prices/ --market ^GSPC --out out/study
  $ eventstudy run study.yaml
  $ eventstudy run --events events.csv --prices prices/ --by sector --out out/study
  $ eventstudy regress out/study --y car:-1,1 --x log_mktcap --factor sector
  $ eventstudy quick FB 2018-08-06 --prices ../shared/data/yahoo_bluefin_2020 --prices ../shared/data/yahoo_kriti_2020`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &usageError{err} })
	root.AddCommand(newRunCmd(e, nil), newQuickCmd(e, nil), newFetchCmd(e, nil), newCacheCmd(e))
	root.AddCommand(newSimulateCmd(e), newRegressCmd(e, nil), newServeCmd(e, nil))
	return root
}
