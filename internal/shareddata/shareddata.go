// Package shareddata finds the real market data that tests and benchmarks read
// from ../shared/data (relative to the module root), in the shape of Go's
// internal/testenv MustHaveX helpers: outside CI a missing folder skips the test
// with the reason; under CI=true it fails, because CI must have the data.
package shareddata

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// EnvVar overrides the location of the shared data folder.
const EnvVar = "EVENTSTUDY_SHARED_DATA"

// Root returns the shared data folder and whether it exists.
func Root() (string, bool) {
	if d := os.Getenv(EnvVar); d != "" {
		return d, isDir(d)
	}
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return "", false
	}
	// file is <module>/internal/shareddata/shareddata.go; the data sits beside the module.
	module := filepath.Dir(filepath.Dir(filepath.Dir(file)))
	d := filepath.Join(module, "..", "shared", "data")
	return d, isDir(d)
}

// Dir returns the shared data folder, or ends the test: Skip outside CI, Fatal
// when CI=true.
func Dir(tb testing.TB) string {
	tb.Helper()
	d, ok := Root()
	if ok {
		return d
	}
	if os.Getenv("CI") == "true" {
		tb.Fatalf("shared market data not found at %s (set %s); CI must provide ../shared/data", d, EnvVar)
	}
	tb.Skipf("shared market data not found at %s (set %s to run this test)", d, EnvVar)
	return ""
}

// Path returns a file under the shared data folder, ending the test as Dir does
// when the folder or the file is missing.
func Path(tb testing.TB, elem ...string) string {
	tb.Helper()
	p := filepath.Join(append([]string{Dir(tb)}, elem...)...)
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("shared data file missing: %v", err)
		}
		tb.Skipf("shared data file missing: %v", err)
	}
	return p
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}
