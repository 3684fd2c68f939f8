package cache

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// dirState lists a folder's names and sizes, to show that nothing was
// written there (no -wal or -shm file, the database unchanged).
func dirState(t *testing.T, dir string) map[string]int64 {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int64{}
	for _, e := range ents {
		fi, err := e.Info()
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = fi.Size()
	}
	return out
}

// A cache opened read-only reads everything, refuses every write with
// ErrReadOnly, and leaves its folder as it was: no -wal or -shm file, the
// file unchanged. Without root, a file and folder without write permission
// are detected and opened so without the option.
func TestOpenReadOnly(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "cache.db")
	w, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	bars := synth(day("2018-01-02"), day("2018-03-30"), 100)
	if err := w.Put(ctx, "yahoo", "JPM", Range{day("2018-01-02"), day("2018-03-30")}, bars); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	before := dirState(t, dir)
	if _, ok := before["cache.db-wal"]; ok {
		t.Fatalf("the writer left a -wal file: %v", before)
	}

	check := func(t *testing.T, opt Options) {
		c, err := Open(path, opt)
		if err != nil {
			t.Fatal(err)
		}
		if !c.ReadOnly() {
			t.Fatal("opened read-write")
		}
		got, err := c.Bars(ctx, "yahoo", "JPM", day("2018-01-01"), day("2018-12-31"))
		if err != nil || len(got) != len(bars) {
			t.Fatalf("read %d bars, %v; want %d", len(got), err, len(bars))
		}
		if es, err := c.List(ctx, ""); err != nil || len(es) != 1 {
			t.Fatalf("list = %v, %v", es, err)
		}
		if err := c.Put(ctx, "yahoo", "WFC", Range{day("2018-01-02"), day("2018-01-05")}, bars[:4]); !errors.Is(err, ErrReadOnly) {
			t.Errorf("Put on a read-only cache: %v, want ErrReadOnly", err)
		}
		if _, err := c.Remove(ctx, "", "JPM"); !errors.Is(err, ErrReadOnly) {
			t.Errorf("Remove on a read-only cache: %v, want ErrReadOnly", err)
		}
		if err := c.PutFile(ctx, "k", []byte("v")); !errors.Is(err, ErrReadOnly) {
			t.Errorf("PutFile on a read-only cache: %v, want ErrReadOnly", err)
		}
		if err := c.Close(); err != nil {
			t.Fatal(err)
		}
		after := dirState(t, dir)
		if len(after) != len(before) || after["cache.db"] != before["cache.db"] {
			t.Errorf("the folder changed: %v, was %v", after, before)
		}
	}
	t.Run("option", func(t *testing.T) { check(t, Options{ReadOnly: true}) })
	t.Run("permissions", func(t *testing.T) {
		if os.Geteuid() == 0 {
			t.Skip("root may write any file: cmd/eventstudy's TestReadOnlyCache runs the command as another user")
		}
		os.Chmod(path, 0o444)
		os.Chmod(dir, 0o555)
		t.Cleanup(func() { os.Chmod(dir, 0o755) })
		check(t, Options{})
	})
	// A read-only folder without the file: a clear error, nothing created.
	if _, err := Open(filepath.Join(dir, "none.db"), Options{ReadOnly: true}); err == nil {
		t.Error("a missing read-only cache opened")
	}
}
