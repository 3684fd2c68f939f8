// Command testsummary is the output of `make test`: it reads `go test -json`
// on stdin and prints what plain `go test` prints (a line per package, the
// output of failing tests, build errors), then how many tests skipped
// because the real market data of ../shared/data is absent (issue 13: every
// package said "ok" while 45 tests skipped). The exit status stays go
// test's (see the Makefile).
//
//	go test -json ./... | go run ./internal/testsummary
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
)

// event is one line of `go test -json` (cmd/test2json).
type event struct {
	Action     string
	Package    string
	ImportPath string // build-output, build-fail
	Test       string
	Output     string
}

// skipMarkers start the skip messages of internal/shareddata.
var skipMarkers = []string{"shared market data not found", "shared data file missing"}

func main() {
	n, _, err := summarize(os.Stdin, os.Stdout) // the exit status is go test's (Makefile)
	if err != nil {
		fmt.Fprintln(os.Stderr, "testsummary:", err)
		os.Exit(1)
	}
	if n > 0 {
		fmt.Printf("\nNOTE: %d tests skipped: they need the real market data of ../shared/data, which was not found\n"+
			"(set EVENTSTUDY_SHARED_DATA to its folder to run them; under CI=true they fail instead).\n", n)
	}
}

// summarize copies the plain output of the events in r to w and returns the
// number of tests skipped for lack of shared data and whether anything failed.
func summarize(r io.Reader, w io.Writer) (skipped int, failed bool, err error) {
	type key struct{ pkg, test string }
	buf := map[key][]string{} // a test's output, printed if it fails
	noData := map[key]bool{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		line := sc.Bytes()
		var e event
		if json.Unmarshal(line, &e) != nil || e.Action == "" {
			fmt.Fprintf(w, "%s\n", line) // not an event: pass it on
			continue
		}
		k := key{e.Package, e.Test}
		switch e.Action {
		case "build-output":
			io.WriteString(w, e.Output)
		case "build-fail":
			failed = true
		case "output":
			if e.Test == "" {
				// The package's own lines: "ok  pkg 0.1s", "FAIL pkg", panics;
				// the verbose mode's bare PASS/FAIL lines are dropped.
				if s := strings.TrimSpace(e.Output); s != "PASS" && s != "FAIL" && !strings.HasPrefix(s, "=== ") {
					io.WriteString(w, e.Output)
				}
				continue
			}
			for _, m := range skipMarkers {
				if strings.Contains(e.Output, m) {
					noData[k] = true
				}
			}
			if t := strings.TrimSpace(e.Output); !strings.HasPrefix(t, "=== RUN") && !strings.HasPrefix(t, "=== PAUSE") &&
				!strings.HasPrefix(t, "=== CONT") && !strings.HasPrefix(t, "=== NAME") {
				buf[k] = append(buf[k], e.Output)
			}
		case "fail":
			failed = true
			for _, o := range buf[k] {
				io.WriteString(w, o)
			}
			delete(buf, k)
		case "skip":
			if noData[k] {
				skipped++
			}
			delete(buf, k)
		case "pass":
			delete(buf, k)
		}
	}
	return skipped, failed, sc.Err()
}
