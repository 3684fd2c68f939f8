package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/eventstudy/eventstudy/data/sample"
	"github.com/eventstudy/eventstudy/data/tidy"
	"github.com/eventstudy/eventstudy/internal/journal"
	"github.com/eventstudy/eventstudy/render"
)

// splitSample writes the sample's prices as one file per symbol (SYM.csv,
// date,close) into dir/prices, so that the manifest lists the benchmark's
// file apart from the firms' (data.CSVSource opens a folder's files lazily).
func splitSample(t *testing.T, dir string) string {
	t.Helper()
	b, err := sample.FS.ReadFile(sample.PricesFile)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]*strings.Builder{}
	for i, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if i == 0 {
			continue
		}
		f := strings.Split(line, ",") // date,symbol,close
		w := files[f[1]]
		if w == nil {
			w = &strings.Builder{}
			w.WriteString("date,close\n")
			files[f[1]] = w
		}
		w.WriteString(f[0] + "," + f[2] + "\n")
	}
	pdir := filepath.Join(dir, "prices")
	if err := os.MkdirAll(pdir, 0o755); err != nil {
		t.Fatal(err)
	}
	for sym, w := range files {
		if err := os.WriteFile(filepath.Join(pdir, sym+".csv"), []byte(w.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return pdir
}

// readManifest reads out/manifest.json.
func readManifest(t *testing.T, out string) tidy.Manifest {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(out, tidy.ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	var m tidy.Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// checkManifestOutputs verifies out as a reader would: manifest.json lists
// every file of the folder (but itself and the names in others), each with
// its SHA-256 and size.
func checkManifestOutputs(t *testing.T, out string, others ...string) {
	t.Helper()
	m := readManifest(t, out)
	listed := map[string]bool{}
	for _, o := range m.Outputs {
		listed[o.Path] = true
		sum, n, err := tidy.HashFile(filepath.Join(out, filepath.FromSlash(o.Path)))
		if err != nil {
			t.Errorf("manifest lists %s: %v", o.Path, err)
			continue
		}
		if sum != o.SHA256 || n != o.Bytes {
			t.Errorf("%s: sha256 %s, %d bytes; manifest says %s, %d bytes", o.Path, sum, n, o.SHA256, o.Bytes)
		}
	}
	skip := map[string]bool{tidy.ManifestFile: true}
	for _, o := range others {
		skip[o] = true
	}
	for name := range readTree(t, out) {
		if name = filepath.ToSlash(name); !listed[name] && !skip[name] {
			t.Errorf("%s is in the folder but not in manifest.json", name)
		}
	}
}

// A rerun into a folder that holds another run replaces that run whole:
// charts and table formats the new run does not write are removed, a
// manifest of an earlier version (folders listed as "charts/") is handled,
// what a killed run left (the staging folder, .*.tmp-* files) is gone, and a
// file that is not the tool's stays.
func TestRerunReplacesWholeRun(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	runIn(t, dir, "run", "--out", "out", "--charts", "png,svg", "--tables", "md,html,xlsx", "-q")
	checkManifestOutputs(t, out)
	before := readTree(t, out)
	if _, ok := before[filepath.Join(render.ChartsDir, "caar.svg")]; !ok {
		t.Fatalf("first run wrote no charts/caar.svg: %v", keys(before))
	}
	// What a user keeps in the folder, and what a killed run leaves.
	plant := map[string]string{
		"notes.txt": "mine",
		filepath.Join(tidy.StageDir, "events.csv"):           "half a run",
		".events.csv.tmp-123":                                "torn",
		filepath.Join(render.ChartsDir, ".caar.png.tmp-456"): "torn",
	}
	for name, body := range plant {
		os.MkdirAll(filepath.Dir(filepath.Join(out, name)), 0o755)
		if err := os.WriteFile(filepath.Join(out, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	runIn(t, dir, "run", "--out", "out", "--charts", "png", "--tables", "md", "--max-event-charts", "1", "-q")
	after := readTree(t, out)
	for name := range after {
		switch {
		case strings.HasSuffix(name, ".svg"), strings.HasSuffix(name, ".html") && name != render.ReportFile, strings.HasSuffix(name, ".xlsx"):
			t.Errorf("%s of the previous run is still there", name)
		case strings.Contains(name, ".tmp-"), strings.HasPrefix(name, tidy.StageDir):
			t.Errorf("%s of a killed run is still there", name)
		}
	}
	if string(after["notes.txt"]) != "mine" {
		t.Errorf("notes.txt, not the tool's, was touched: %q", after["notes.txt"])
	}
	if n := len(readManifest(t, out).Outputs); n >= len(before)-1 {
		t.Errorf("the smaller rerun lists %d outputs, the first run had %d files", n, len(before))
	}
	checkManifestOutputs(t, out, "notes.txt")

	// A manifest of an earlier version listed folders: their files are the
	// previous run's.
	legacy := []byte(`{"tool": "eventstudy", "outputs": ["events.csv", "charts/", "tables/", "manifest.json"]}`)
	os.WriteFile(filepath.Join(out, tidy.ManifestFile), legacy, 0o644)
	os.WriteFile(filepath.Join(out, render.ChartsDir, "old-event.price.png"), []byte("old"), 0o644)
	os.MkdirAll(filepath.Join(out, "mine"), 0o755)
	os.WriteFile(filepath.Join(out, "mine", "keep.png"), []byte("mine"), 0o644)
	runIn(t, dir, "run", "--out", "out", "--charts", "png", "--tables", "md", "--max-event-charts", "1", "-q")
	if _, err := os.Stat(filepath.Join(out, render.ChartsDir, "old-event.price.png")); !os.IsNotExist(err) {
		t.Errorf("a chart listed by an earlier version's manifest survived: %v", err)
	}
	checkManifestOutputs(t, out, "notes.txt", "mine/keep.png")
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Ctrl-C in any phase of a run (the events; the tests across events; the
// charts, tables and report, which do not watch for it) stops the process
// within seconds with exit code 130, leaves the previous complete run in the
// output folder byte for byte, and says how to resume; --resume then
// finishes with the outputs of an uninterrupted run, and with its provenance:
// the benchmark's price file is in manifest.json even when every event came
// from the journal (issue 13).
func TestInterruptKeepsPreviousRun(t *testing.T) {
	if testing.Short() {
		t.Skip("signals subprocesses")
	}
	root := t.TempDir()
	events, _ := bigSample(t, root, 120)
	pdir := splitSample(t, root)
	args := []string{"run", "--events", events, "--prices", pdir, "--market", sample.Market,
		"--charts", "png", "--tables", "md", "--max-event-charts", "2", "--out", "out", "--jobs=2"}
	ref := filepath.Join(root, "ref")
	runIn(t, ref, append(args, "-q")...)
	if m := readManifest(t, filepath.Join(ref, "out")); !hasInput(m, sample.Market+".csv") {
		t.Fatalf("reference manifest lacks %s.csv: %+v", sample.Market, m.Inputs)
	}

	for _, phase := range []string{"events", "tests", "render"} {
		t.Run(phase, func(t *testing.T) {
			dir := filepath.Join(root, phase)
			// The previous complete run: another study (one CAR window).
			runIn(t, dir, "run", "--events", events, "--prices", pdir, "--market", sample.Market,
				"--car", "0,0", "--charts", "none", "--tables", "none", "--out", "out", "-q")
			out := filepath.Join(dir, "out")
			before := readTree(t, out)

			cmd := exec.Command(os.Args[0], args...)
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "EVENTSTUDY_TEST_MAIN=1")
			if phase == "events" {
				cmd.Env = append(cmd.Env, slowEmitEnv+"=25ms")
			} else {
				cmd.Env = append(cmd.Env, pauseEnv+"="+phase+"=120s")
			}
			stderr, err := cmd.StderrPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			paused := make(chan struct{})
			var errText bytes.Buffer
			lines := make(chan struct{})
			go func() {
				defer close(lines)
				sc := bufio.NewScanner(stderr)
				for sc.Scan() {
					errText.WriteString(sc.Text() + "\n")
					if strings.Contains(sc.Text(), "test pause in "+phase) {
						close(paused)
					}
				}
			}()
			deadline := time.After(60 * time.Second)
			if phase == "events" {
				jpath := filepath.Join(out, journal.Name)
				for {
					if fi, err := os.Stat(jpath); err == nil && fi.Size() > 20_000 {
						break
					}
					select {
					case <-deadline:
						cmd.Process.Kill()
						t.Fatal("the journal did not grow")
					case <-time.After(5 * time.Millisecond):
					}
				}
			} else {
				select {
				case <-paused:
				case <-deadline:
					cmd.Process.Kill()
					t.Fatal("the run did not reach the phase")
				}
			}
			sent := time.Now()
			if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
				t.Fatal(err)
			}
			exited := make(chan error, 1)
			go func() { <-lines; exited <- cmd.Wait() }()
			select {
			case <-exited:
			case <-time.After(30 * time.Second): // the pause is 120 s
				cmd.Process.Kill()
				t.Fatalf("Ctrl-C during %s did not stop the run", phase)
			}
			t.Logf("Ctrl-C during %s: stopped after %v: %s", phase, time.Since(sent).Round(time.Millisecond), strings.TrimSpace(errText.String()))
			if code := cmd.ProcessState.ExitCode(); code != exitInterrupted {
				t.Errorf("exit code %d, want %d", code, exitInterrupted)
			}
			if !strings.Contains(errText.String(), "--resume") {
				t.Errorf("stderr does not say how to resume: %s", errText.String())
			}
			after := readTree(t, out)
			delete(after, journal.Name)
			if len(after) != len(before) {
				t.Errorf("the interrupted run changed the folder: %v, was %v", keys(after), keys(before))
			}
			for name, b := range before {
				if !bytes.Equal(after[name], b) {
					t.Errorf("%s of the previous run changed", name)
				}
			}

			runIn(t, dir, append(args, "--resume", "-q")...)
			sameTree(t, filepath.Join(ref, "out"), out, " --resume", "")
			if m := readManifest(t, out); !hasInput(m, sample.Market+".csv") {
				t.Errorf("resumed manifest lacks the benchmark's file %s.csv: %+v", sample.Market, m.Inputs)
			}
		})
	}
}

func hasInput(m tidy.Manifest, base string) bool {
	for _, in := range m.Inputs {
		if filepath.Base(in.Path) == base {
			return true
		}
	}
	return false
}
