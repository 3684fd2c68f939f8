package main

import (
	"strings"
	"testing"
)

// The summary passes the package lines and the output of failing tests on,
// drops passing tests' output, and counts the tests skipped for lack of
// shared data (not other skips).
func TestSummarize(t *testing.T) {
	in := strings.Join([]string{
		`{"Action":"start","Package":"p"}`,
		`{"Action":"run","Package":"p","Test":"TestA"}`,
		`{"Action":"output","Package":"p","Test":"TestA","Output":"=== RUN   TestA\n"}`,
		`{"Action":"output","Package":"p","Test":"TestA","Output":"    a_test.go:9: shared market data not found at ../shared/data (set EVENTSTUDY_SHARED_DATA to run this test)\n"}`,
		`{"Action":"output","Package":"p","Test":"TestA","Output":"--- SKIP: TestA (0.00s)\n"}`,
		`{"Action":"skip","Package":"p","Test":"TestA"}`,
		`{"Action":"output","Package":"p","Test":"TestB","Output":"    b_test.go:3: shared data file missing: stat x: no such file\n"}`,
		`{"Action":"skip","Package":"p","Test":"TestB"}`,
		`{"Action":"output","Package":"p","Test":"TestC","Output":"    c_test.go:3: kills a subprocess\n"}`,
		`{"Action":"skip","Package":"p","Test":"TestC"}`,
		`{"Action":"output","Package":"p","Test":"TestD","Output":"    chatty but passing\n"}`,
		`{"Action":"pass","Package":"p","Test":"TestD"}`,
		`{"Action":"output","Package":"p","Test":"TestE","Output":"--- FAIL: TestE (0.00s)\n"}`,
		`{"Action":"output","Package":"p","Test":"TestE","Output":"    e_test.go:7: got 1, want 2\n"}`,
		`{"Action":"fail","Package":"p","Test":"TestE"}`,
		`{"Action":"output","Package":"p","Output":"PASS\n"}`,
		`{"Action":"output","Package":"p","Output":"FAIL\tp\t0.01s\n"}`,
		`{"Action":"fail","Package":"p"}`,
		`{"Action":"output","Package":"q","Output":"ok  \tq\t0.02s\n"}`,
	}, "\n")
	var out strings.Builder
	n, failed, err := summarize(strings.NewReader(in), &out)
	if err != nil || n != 2 || !failed {
		t.Errorf("skipped %d, failed %v, err %v; want 2 skipped for lack of data, failed", n, failed, err)
	}
	got := out.String()
	for _, want := range []string{"--- FAIL: TestE", "got 1, want 2", "FAIL\tp\t0.01s", "ok  \tq\t0.02s"} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	for _, not := range []string{"chatty", "=== RUN", "PASS\n", "shared market data"} {
		if strings.Contains(got, not) {
			t.Errorf("output has %q:\n%s", not, got)
		}
	}
}
