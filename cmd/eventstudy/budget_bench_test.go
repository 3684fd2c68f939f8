package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkRenderBudget is the render budget of issue 11, measured as a
// user meets it: each run is a fresh process (this test binary acting as
// the command, EVENTSTUDY_TEST_MAIN=1), on 10,000 events of the S&P 500
// panel (panelBatch), market model estimated over days −120..−11 (at least
// 100 returns), event window −10..+10, once by default (charts, tables,
// report.html) and once with --charts none --tables none --no-report, and
// then scripts/car_numpy.py (a plain numpy loop computing only CAR −1..+1
// of the same events, one core) when Debian's python3-numpy is installed.
// The three alternate within each iteration, so that a change in the
// machine's load reaches them alike.
//
// Reported per run: wall seconds and CPU seconds (user + system of the
// child; the figure to read when other work loads the machine) of each,
// cpu-ratio and wall-ratio (default/bare; the target is at most 1.5) and
// numpy-ratio (default/numpy wall time; the target is below 1).
// docs/scale.md holds the figures.
func BenchmarkRenderBudget(b *testing.B) {
	dir := b.TempDir()
	ev, panel, gspc := panelBatch(b, dir, 10000)
	args := []string{"run", "--events", ev, "--prices", panel, "--prices", gspc, "--market", "^GSPC",
		"--estimation", "-120,-11", "--min-est", "100", "--window", "-10,10", "-q"}
	one := func(name string, c *exec.Cmd) (wall, cpu time.Duration) {
		var stderr bytes.Buffer
		c.Stderr = &stderr
		t0 := time.Now()
		if err := c.Run(); err != nil {
			b.Fatalf("%s: %v\n%s", name, err, stderr.Bytes())
		}
		return time.Since(t0), c.ProcessState.UserTime() + c.ProcessState.SystemTime()
	}
	cli := func(extra ...string) *exec.Cmd {
		c := exec.Command(os.Args[0], append(append([]string(nil), args...), extra...)...)
		c.Env = append(os.Environ(), "EVENTSTUDY_TEST_MAIN=1")
		return c
	}
	numpy := exec.Command("/usr/bin/python3", "-c", "import numpy").Run() == nil
	if !numpy {
		b.Log("no numpy for /usr/bin/python3 (Debian: apt-get install python3-numpy): numpy-s and numpy-ratio not reported")
	}
	script, err := filepath.Abs(filepath.Join("..", "..", "scripts", "car_numpy.py"))
	if err != nil {
		b.Fatal(err)
	}
	var bw, bc, dw, dc, nw time.Duration
	for b.Loop() {
		w, c := one("bare", cli("--out", filepath.Join(dir, "bare"), "--charts", "none", "--tables", "none", "--no-report"))
		bw, bc = bw+w, bc+c
		w, c = one("default", cli("--out", filepath.Join(dir, "default")))
		dw, dc = dw+w, dc+c
		if numpy {
			w, _ = one("numpy", exec.Command("/usr/bin/python3", script, ev, panel, gspc))
			nw += w
		}
	}
	n := float64(b.N)
	b.ReportMetric(bw.Seconds()/n, "bare-s")
	b.ReportMetric(dw.Seconds()/n, "default-s")
	b.ReportMetric(bc.Seconds()/n, "bare-cpu-s")
	b.ReportMetric(dc.Seconds()/n, "default-cpu-s")
	b.ReportMetric(float64(dw)/float64(bw), "wall-ratio")
	b.ReportMetric(float64(dc)/float64(bc), "cpu-ratio")
	if numpy {
		b.ReportMetric(nw.Seconds()/n, "numpy-s")
		b.ReportMetric(float64(dw)/float64(nw), "numpy-ratio")
	}
	b.ReportMetric(10000*n/dw.Seconds(), "default-events/s")
}
