package main

import (
	"context"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// cpuTime is the user + system CPU time of this process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkRenderBudget is the render budget of issue 11: 10,000 events of
// the S&P 500 panel (panelBatch), market model estimated over days
// −120..−11 (at least 100 returns), event window −10..+10, run by default
// (charts, tables, report.html) and with --charts none --tables none
// --no-report, one after the other in each iteration. It reports each run's
// wall time and CPU time (user + system; the figure to read when other
// work loads the machine) and their ratios, default/bare: the target is at
// most 1.5. docs/scale.md holds the figures (23:03 UTC 2026-12-04, on a
// machine loaded by other work: cpu-ratio 1.73–1.78, wall-ratio 1.45–1.72).
func BenchmarkRenderBudget(b *testing.B) {
	dir := b.TempDir()
	ev, panel, gspc := panelBatch(b, dir, 10000)
	args := []string{"run", "--events", ev, "--prices", panel, "--prices", gspc, "--market", "^GSPC",
		"--estimation", "-120,-11", "--min-est", "100", "--window", "-10,10", "-q"}
	one := func(extra ...string) (wall, cpu time.Duration) {
		var stdout, stderr strings.Builder
		c0, t0 := cpuTime(), time.Now()
		code := run(context.Background(), append(append([]string(nil), args...), extra...), strings.NewReader(""), &stdout, &stderr)
		wall, cpu = time.Since(t0), cpuTime()-c0
		if code != exitOK {
			b.Fatal(stderr.String())
		}
		return wall, cpu
	}
	var bw, bc, dw, dc time.Duration
	for b.Loop() {
		w, c := one("--out", filepath.Join(dir, "bare"), "--charts", "none", "--tables", "none", "--no-report")
		bw, bc = bw+w, bc+c
		w, c = one("--out", filepath.Join(dir, "default"))
		dw, dc = dw+w, dc+c
	}
	n := float64(b.N)
	b.ReportMetric(bw.Seconds()/n, "bare-s")
	b.ReportMetric(dw.Seconds()/n, "default-s")
	b.ReportMetric(bc.Seconds()/n, "bare-cpu-s")
	b.ReportMetric(dc.Seconds()/n, "default-cpu-s")
	b.ReportMetric(float64(dw)/float64(bw), "wall-ratio")
	b.ReportMetric(float64(dc)/float64(bc), "cpu-ratio")
	b.ReportMetric(10000*n/dw.Seconds(), "default-events/s")
}
