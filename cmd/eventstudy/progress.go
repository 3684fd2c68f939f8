package main

import (
	"fmt"
	"io"
	"time"

	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"
)

// progress shows how a batch advances: a bar with rate and ETA on a
// terminal, plain periodic lines otherwise (logs, CI), nothing with --quiet.
type progress struct {
	total int
	w     io.Writer
	p     *mpb.Progress
	bar   *mpb.Bar
	last  time.Time
	start time.Time
	every time.Duration
}

func newProgress(e *env, total int, quiet bool, label string) *progress {
	pr := &progress{total: total, w: e.err, start: time.Now(), every: 2 * time.Second}
	switch {
	case quiet:
		pr.w = nil
	case e.isTerminal:
		pr.p = mpb.New(mpb.WithOutput(e.err), mpb.WithWidth(40))
		pr.bar = pr.p.AddBar(int64(total),
			mpb.PrependDecorators(decor.Name(label+" "), decor.CountersNoUnit("%d/%d")),
			mpb.AppendDecorators(decor.AverageSpeed(0, " %.0f/s"), decor.Name(" ETA "), decor.AverageETA(decor.ET_STYLE_GO)),
		)
	}
	pr.last = pr.start
	return pr
}

// set records that done items are finished.
func (pr *progress) set(done int) {
	switch {
	case pr.bar != nil:
		pr.bar.SetCurrent(int64(done))
	case pr.w != nil:
		if now := time.Now(); now.Sub(pr.last) >= pr.every && done < pr.total {
			pr.last = now
			rate := float64(done) / now.Sub(pr.start).Seconds()
			fmt.Fprintf(pr.w, "eventstudy: %d/%d events (%.0f%%), %.0f events/s\n", done, pr.total, 100*float64(done)/float64(pr.total), rate)
		}
	}
}

// finish ends the bar.
func (pr *progress) finish() {
	if pr.bar != nil {
		pr.bar.SetTotal(-1, true)
		pr.p.Wait()
	}
}
