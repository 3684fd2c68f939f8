package main

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/eventstudy/eventstudy/data"
	"github.com/eventstudy/eventstudy/data/cache"
	"github.com/eventstudy/eventstudy/data/calendar"
	"github.com/eventstudy/eventstudy/internal/testdate"
)

// writeCache writes a price cache at path with two years of synthetic Yahoo
// bars of JPM and ^GSPC.
func writeCache(t *testing.T, path string) {
	t.Helper()
	c, err := cache.Open(path, cache.Options{})
	if err != nil {
		t.Fatal(err)
	}
	from, to := testdate.Day("2017-01-03"), testdate.Day("2018-12-31")
	for k, sym := range []string{"JPM", "^GSPC"} {
		var bars []data.Bar
		for i, d := range calendar.NYSE().Days(from, to) {
			p := 100 * (1 + 0.0003*float64(i) + 0.01*float64((i*(7+k))%5-2)/float64(3+k))
			bars = append(bars, data.Bar{Date: d, Open: p, High: p, Low: p, Close: p, AdjClose: p, Volume: 1000})
		}
		if err := c.Put(context.Background(), "yahoo", sym, cache.Range{From: from, To: to}, bars); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
}

// A shared, read-only team cache works: `quick --offline` and `cache ls`
// read it, and nothing is written beside it (no -wal or -shm file, the
// file unchanged), whether its folder is writable or not. Issue 13 saw
// "unable to open database file (14)" and "attempt to write a readonly
// database (8)". As root the commands run as the user nobody (root may write
// any file); otherwise in-process on a file and folder without write
// permission.
func TestReadOnlyCache(t *testing.T) {
	root := t.TempDir()
	os.Chmod(filepath.Dir(root), 0o755) // the test's temporary folders, for nobody
	os.Chmod(root, 0o755)
	for _, folder := range []struct {
		name string
		mode os.FileMode
	}{{"read-only folder", 0o555}, {"writable folder", 0o777}} {
		t.Run(folder.name, func(t *testing.T) {
			dir := filepath.Join(root, strings.ReplaceAll(folder.name, " ", "-"))
			os.Mkdir(dir, 0o755)
			path := filepath.Join(dir, "cache.db")
			writeCache(t, path)
			os.Chmod(path, 0o444)
			os.Chmod(dir, folder.mode)
			t.Cleanup(func() { os.Chmod(dir, 0o755) })
			before := dirStateCmd(t, dir)

			for _, args := range [][]string{
				{"quick", "JPM", "2018-08-06", "--offline", "--cache", path},
				{"cache", "ls", "--cache", path},
				{"quick", "JPM", "2018-08-06", "--cache", path}, // online: served from the cache, nothing fetched
			} {
				code, stdout, stderr := runAsOther(t, root, args...)
				if code != exitOK || !strings.Contains(stdout, "JPM") {
					t.Errorf("%v: exit %d\n%s\n%s", args, code, stdout, stderr)
				}
			}
			// Missing prices: a clear error naming the read-only cache.
			code, _, stderr := runAsOther(t, root, "quick", "WFC", "2018-08-06", "--cache", path)
			if code == exitOK || !strings.Contains(stderr, "read-only") {
				t.Errorf("WFC, not cached: exit %d, stderr %q; want an error saying the cache is read-only", code, stderr)
			}
			if after := dirStateCmd(t, dir); len(after) != len(before) || after["cache.db"] != before["cache.db"] {
				t.Errorf("the cache's folder changed: %v, was %v", after, before)
			}
		})
	}
}

func dirStateCmd(t *testing.T, dir string) map[string]int64 {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int64{}
	for _, e := range ents {
		if fi, err := e.Info(); err == nil {
			out[e.Name()] = fi.Size()
		}
	}
	return out
}

// runAsOther runs the command as the user nobody when this test runs as
// root (a copy of this test binary in tmp, which nobody may execute), else
// in-process.
func runAsOther(t *testing.T, tmp string, args ...string) (int, string, string) {
	t.Helper()
	if os.Geteuid() != 0 {
		return runCLI(t, args...)
	}
	bin := filepath.Join(tmp, "eventstudy.test")
	if _, err := os.Stat(bin); err != nil {
		src, err := os.Open(os.Args[0])
		if err != nil {
			t.Fatal(err)
		}
		dst, err := os.OpenFile(bin, os.O_CREATE|os.O_WRONLY, 0o755)
		if err != nil {
			t.Fatal(err)
		}
		_, err = io.Copy(dst, src)
		src.Close()
		if cerr := dst.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(bin, args...)
	cmd.Dir = tmp
	cmd.Env = []string{"EVENTSTUDY_TEST_MAIN=1", "HOME=" + tmp, "PATH=/usr/bin:/bin",
		"EVENTSTUDY_YAHOO_URL=http://127.0.0.1:9"} // never the network
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if err != nil && cmd.ProcessState == nil {
		t.Fatalf("run as nobody: %v", err)
	}
	return cmd.ProcessState.ExitCode(), stdout.String(), stderr.String()
}
