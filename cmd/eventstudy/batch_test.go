package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/eventstudy/eventstudy/data/sample"
	"github.com/eventstudy/eventstudy/internal/journal"
	"github.com/eventstudy/eventstudy/internal/shareddata"
	"github.com/eventstudy/eventstudy/render"
)

// TestMain lets a test re-execute this test binary as the eventstudy command
// (EVENTSTUDY_TEST_MAIN=1), so that it can kill -9 a real process.
func TestMain(m *testing.M) {
	if os.Getenv("EVENTSTUDY_TEST_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// readTree returns every file under dir by relative path.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[rel] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// sameTree compares two output folders byte for byte. The only exclusions:
// manifest.json's command (and created time, and the report's hash), and, in other files, the
// command-line tokens in swap (old → new), which differ by design.
func sameTree(t *testing.T, a, b string, swap ...string) {
	t.Helper()
	ta, tb := readTree(t, a), readTree(t, b)
	if len(ta) == 0 {
		t.Fatalf("%s is empty", a)
	}
	for name, x := range ta {
		y, ok := tb[name]
		if !ok {
			t.Errorf("%s: missing in %s", name, b)
			continue
		}
		if name == "manifest.json" {
			x, y = dropCommand(t, x), dropCommand(t, y)
		} else {
			x, y = stamp.ReplaceAll(x, []byte("TIME")), stamp.ReplaceAll(y, []byte("TIME"))
			for i := 0; i+1 < len(swap); i += 2 {
				x = bytes.ReplaceAll(x, []byte(swap[i]), []byte(swap[i+1]))
				y = bytes.ReplaceAll(y, []byte(swap[i]), []byte(swap[i+1]))
			}
		}
		if !bytes.Equal(x, y) {
			i := 0
			for i < len(x) && i < len(y) && x[i] == y[i] {
				i++
			}
			lo := max(i-80, 0)
			t.Errorf("%s differs between %s and %s at byte %d:\n%q\n%q", name, a, b, i,
				x[lo:min(i+80, len(x))], y[lo:min(i+80, len(y))])
		}
	}
	for name := range tb {
		if _, ok := ta[name]; !ok {
			t.Errorf("%s: only in %s", name, b)
		}
	}
}

// stamp is a time of writing (the report's "Report written …"), excluded.
var stamp = regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z`)

func dropCommand(t *testing.T, b []byte) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	delete(m, "command")
	delete(m, "created")
	// The report holds its time of writing, so its hash differs too.
	outs, _ := m["outputs"].([]any)
	for _, o := range outs {
		if e, ok := o.(map[string]any); ok && e["path"] == render.ReportFile {
			delete(e, "sha256")
		}
	}
	out, _ := json.Marshal(m)
	return out
}

// runIn runs the command in-process with dir as the working directory, so
// that --out out is the same argument in every run.
func runIn(t *testing.T, dir string, args ...string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	if code, stdout, stderr := runCLI(t, args...); code != exitOK {
		t.Fatalf("%v: exit %d\n%s\n%s", args, code, stdout, stderr)
	}
}

// TestJobsByteIdentical: every output file is the same, byte for byte, with
// one worker and with four (the sample, the Facebook example, both formats).
func TestJobsByteIdentical(t *testing.T) {
	fbSpec, _ := filepath.Abs("../../examples/fb.yaml")
	cases := []struct {
		name string
		args []string
		real bool
	}{
		{"sample", []string{"run"}, false},
		{"sample-parquet", []string{"run", "--format", "parquet"}, false},
		{"fb", []string{"run", fbSpec}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.real {
				shareddata.Path(t, "yahoo_bluefin_2020", "FB.csv")
				shareddata.Path(t, "yahoo_kriti_2020", "GSPC.csv")
			}
			root := t.TempDir()
			for _, j := range []string{"1", "4"} {
				runIn(t, filepath.Join(root, "j"+j), append(c.args, "--out", "out", "--jobs="+j, "-q")...)
			}
			sameTree(t, filepath.Join(root, "j1", "out"), filepath.Join(root, "j4", "out"), "--jobs=4", "--jobs=1")
			if _, err := os.Stat(filepath.Join(root, "j1", "out", journal.Name)); !os.IsNotExist(err) {
				t.Errorf("journal left behind after a finished run: %v", err)
			}
		})
	}
}

// bigSample writes the sample's prices and an events file of n events (the
// sample's events repeated under new IDs) into dir.
func bigSample(t *testing.T, dir string, n int) (events, prices string) {
	t.Helper()
	pb, err := sample.FS.ReadFile(sample.PricesFile)
	if err != nil {
		t.Fatal(err)
	}
	eb, err := sample.FS.ReadFile(sample.EventsFile)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(eb)), "\n")
	var b strings.Builder
	b.WriteString(lines[0] + "\n")
	hdr := strings.Split(lines[0], ",")
	if hdr[0] != "event_id" {
		t.Fatalf("sample events start with %q, want event_id", hdr[0])
	}
	for i := 0; i < n; i++ {
		row := lines[1+i%(len(lines)-1)]
		_, rest, _ := strings.Cut(row, ",")
		fmt.Fprintf(&b, "X%04d,%s\n", i, rest)
	}
	events, prices = filepath.Join(dir, "events.csv"), filepath.Join(dir, "prices.csv")
	if err := os.WriteFile(events, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(prices, pb, 0o644); err != nil {
		t.Fatal(err)
	}
	return events, prices
}

// TestResumeAfterKill9 kills a real eventstudy process (this test binary
// re-executed) with SIGKILL in the middle of a run, tears the journal's last
// record, resumes with --resume, and checks that the outputs equal those of
// an uninterrupted run, byte for byte, in both formats.
func TestResumeAfterKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("kills a subprocess")
	}
	for _, format := range []string{"csv", "parquet"} {
		t.Run(format, func(t *testing.T) {
			root := t.TempDir()
			events, prices := bigSample(t, root, 120)
			// Charts, tables and the report are left out to keep the test short
			// (TestJobsByteIdentical covers them); -q must stay last.
			args := []string{"run", "--events", events, "--prices", prices, "--market", sample.Market,
				"--format", format, "--charts", "none", "--tables", "none", "--no-report",
				"--out", "out", "--jobs=2", "-q"}

			// The reference: one uninterrupted run.
			ref := exec.Command(os.Args[0], args...)
			ref.Dir = filepath.Join(root, "ref")
			os.MkdirAll(ref.Dir, 0o755)
			ref.Env = append(os.Environ(), "EVENTSTUDY_TEST_MAIN=1")
			if b, err := ref.CombinedOutput(); err != nil {
				t.Fatalf("reference run: %v\n%s", err, b)
			}

			// The killed run: 25 ms per event, killed once the journal holds events.
			dir := filepath.Join(root, "killed")
			os.MkdirAll(dir, 0o755)
			cmd := exec.Command(os.Args[0], args...)
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "EVENTSTUDY_TEST_MAIN=1", slowEmitEnv+"=25ms")
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			jpath := filepath.Join(dir, "out", journal.Name)
			deadline := time.Now().Add(20 * time.Second)
			for {
				if fi, err := os.Stat(jpath); err == nil && fi.Size() > 20_000 {
					break
				}
				if time.Now().After(deadline) {
					cmd.Process.Kill()
					t.Fatalf("journal did not grow; stderr: %s", stderr.String())
				}
				time.Sleep(5 * time.Millisecond)
			}
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			err := cmd.Wait()
			if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
				t.Fatalf("process was not killed by SIGKILL (finished first?): %v", err)
			}
			if _, err := os.Stat(filepath.Join(dir, "out", "events."+format)); !os.IsNotExist(err) {
				t.Fatalf("a killed run left events.%s in place: %v", format, err)
			}
			// A torn last record, as if the kill had come in the middle of a write.
			f, err := os.OpenFile(jpath, os.O_APPEND|os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			f.Write([]byte{0x90, 0x01, 0, 0, 0xde, 0xad, 0xbe, 0xef, 1, 2, 3})
			f.Close()

			// Resume in a fresh process of the real binary path.
			res := exec.Command(os.Args[0], append(args[:len(args)-1], "--resume")...)
			res.Dir = dir
			res.Env = append(os.Environ(), "EVENTSTUDY_TEST_MAIN=1")
			var rerr bytes.Buffer
			res.Stderr = &rerr
			if err := res.Run(); err != nil {
				t.Fatalf("resume: %v\n%s", err, rerr.String())
			}
			if !strings.Contains(rerr.String(), "resuming:") || strings.Contains(rerr.String(), "resuming: 0 of") {
				t.Fatalf("resume did not reuse the journal: %s", rerr.String())
			}
			t.Log(strings.TrimSpace(rerr.String()))
			sameTree(t, filepath.Join(root, "ref", "out"), filepath.Join(dir, "out"), " --resume", "")
			if _, err := os.Stat(jpath); !os.IsNotExist(err) {
				t.Errorf("journal left behind after the resumed run finished: %v", err)
			}
		})
	}
}

// TestResumeRefusesOtherStudy: a journal of another study is not replayed.
func TestResumeRefusesOtherStudy(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "out")
	os.MkdirAll(out, 0o755)
	w, err := journal.Create(filepath.Join(out, journal.Name), "another study")
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	code, _, stderr := runCLI(t, "run", "--out", out, "--resume", "-q")
	if code == exitOK || !strings.Contains(stderr, "different study") {
		t.Fatalf("exit %d, stderr %q: want a refusal", code, stderr)
	}
}

// TestBareRunRendersNothing: with --charts none --tables none --no-report the
// batch keeps no results and never enters the render (which formatted every
// table cell of a 10,000-event batch for nothing, and kept its results
// alive through the tests across events); with any output asked for, it
// does.
func TestBareRunRendersNothing(t *testing.T) {
	t.Setenv(pauseEnv, "render=1ms") // testPause prints when the render ends
	dir := t.TempDir()
	for _, c := range []struct {
		extra  []string
		render bool
	}{
		{[]string{"--charts", "none", "--tables", "none", "--no-report"}, false},
		{[]string{"--charts", "none", "--tables", "md", "--no-report"}, true},
		{[]string{"--charts", "none", "--tables", "none"}, true},
		{[]string{"--charts", "svg", "--tables", "none", "--no-report"}, true},
	} {
		code, _, stderr := runCLI(t, append([]string{"run", "--out", filepath.Join(dir, "out"), "-q"}, c.extra...)...)
		if code != exitOK {
			t.Fatalf("%v: exit %d: %s", c.extra, code, stderr)
		}
		if got := strings.Contains(stderr, "test pause in render"); got != c.render {
			t.Errorf("%v: rendered %v, want %v", c.extra, got, c.render)
		}
	}
}
