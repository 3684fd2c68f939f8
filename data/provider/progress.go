package provider

import (
	"fmt"
	"io"
	"sync"

	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"
)

// Progress reports [Cached.FetchAll] as it goes, for `eventstudy fetch`: on a
// terminal a progress bar (mpb) with failures printed above it; elsewhere
// one plain line per symbol ("fetch 3/10 FB: fetched 2018-07-02..2018-08-06
// from yahoo (25 bars in range)"), since mpb prints nothing off a terminal.
// Its Done method is safe for concurrent use; pass it as FetchAll's done.
type Progress struct {
	mu    sync.Mutex
	w     io.Writer
	total int
	n     int
	p     *mpb.Progress
	bar   *mpb.Bar
}

// NewProgress starts a report of total symbols on w; terminal says whether w
// is one (the CLI knows: cli/cli iostreams). Call Wait when done.
func NewProgress(w io.Writer, total int, terminal bool) *Progress {
	pr := &Progress{w: w, total: total}
	if terminal {
		pr.p = mpb.New(mpb.WithOutput(w), mpb.WithWidth(40))
		pr.bar = pr.p.AddBar(int64(total),
			mpb.PrependDecorators(decor.Name("fetch "), decor.CountersNoUnit("%d/%d")),
			mpb.AppendDecorators(decor.Percentage()))
	}
	return pr
}

// Done records one finished symbol.
func (pr *Progress) Done(s Status) {
	pr.mu.Lock()
	defer pr.mu.Unlock()
	pr.n++
	if pr.bar == nil {
		fmt.Fprintf(pr.w, "fetch %d/%d %s\n", pr.n, pr.total, s.Note())
		return
	}
	if s.Err != nil {
		fmt.Fprintln(pr.p, s.Note()) // printed above the bar
	}
	pr.bar.Increment()
}

// Wait finishes the report (the bar's last frame).
func (pr *Progress) Wait() {
	if pr.p != nil {
		if pr.n < pr.total {
			pr.bar.Abort(false)
		}
		pr.p.Wait()
	}
}
