// Command eventstudy measures how the stock market reacted to news: it fits a
// benchmark model on an estimation window before each event, computes abnormal
// returns and their cumulative sums over event windows, and tests them across
// events. Run `eventstudy --help` for the commands.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// The first Ctrl-C cancels ctx and the command stops cleanly; a second
	// one gets the default action and ends the process at once.
	go func() { <-ctx.Done(); stop() }()
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
