package charts_test

import (
	"bytes"
	"errors"
	"math"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/eventstudy/eventstudy/charts"
	"github.com/eventstudy/eventstudy/study"
)

func TestSafeName(t *testing.T) {
	used := map[string]bool{}
	for _, c := range []struct{ id, want string }{
		{"fb-2018-08-06", "fb-2018-08-06"},
		{"../../etc/passwd", "etc-passwd"},
		{"..", "event"},
		{"a/b\\c d", "a-b-c-d"},
		{"FB-2018-08-06", "FB-2018-08-06-2"}, // same name on a case-insensitive disk
		{"événement", "v-nement"},
		{"", "event-2"},
	} {
		if got := charts.SafeName(c.id, used); got != c.want {
			t.Errorf("charts.SafeName(%q) = %q, want %q", c.id, got, c.want)
		}
	}
}

// FuzzSafeName: whatever the id, the name is a plain file name in the
// output folder: allowed bytes only, no leading dot, no "..", bounded, unique.
func FuzzSafeName(f *testing.F) {
	for _, s := range []string{"fb-2018-08-06", "../../x", "..", "a/b", "", "ÿ\x00", "CON", strings.Repeat("a", 200)} {
		f.Add(s)
	}
	ok := regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9._-]*$`)
	f.Fuzz(func(t *testing.T, id string) {
		used := map[string]bool{}
		a, b := charts.SafeName(id, used), charts.SafeName(id, used)
		for _, s := range []string{a, b} {
			if !ok.MatchString(s) || strings.Contains(s, "..") || len(s) > 90 {
				t.Fatalf("charts.SafeName(%q) = %q", id, s)
			}
		}
		if a == b {
			t.Fatalf("charts.SafeName(%q) twice gave %q both times", id, a)
		}
	})
}

// TestStudyChartsSelection: a batch within Max draws every event; a larger
// one draws the largest movers and the named events only, and says so.
func TestStudyChartsSelection(t *testing.T) {
	rs := batch(12)
	w := study.Window{Start: -1, End: 1}
	names := func(sel charts.Selection) (map[string]bool, []string) {
		t.Helper()
		sum, se := summary()
		built, notes := charts.StudyCharts(spec, charts.StudyInput{Params: study.DefaultParams(), Results: rs,
			Summary: sum, BandSE: se, Hist: w, Select: sel})
		got := map[string]bool{}
		for _, c := range built {
			got[c.Name] = true
		}
		return got, notes
	}
	got, _ := names(charts.Selection{})
	if len(got) != 12+3 || !got["FB.ar"] || !got["IBM.ar"] || !got["caar"] || !got["histogram"] || !got["multiples"] {
		t.Errorf("12 events within the default: %v", got)
	}
	// The two largest |CAR(−1..+1)|, found independently.
	type mv struct {
		id  string
		abs float64
	}
	var ms []mv
	for _, r := range rs {
		ms = append(ms, mv{r.Event.ID, math.Abs(r.CARs[0].CAR)})
	}
	sort.Slice(ms, func(a, b int) bool { return ms[a].abs > ms[b].abs })
	got, notes := names(charts.Selection{Max: 5, Movers: 2, IDs: []string{"TSLA"}})
	want := map[string]bool{ms[0].id + ".ar": true, ms[1].id + ".ar": true, "TSLA.ar": true, "caar": true, "histogram": true, "multiples": true}
	if len(got) != len(want) {
		t.Errorf("Max 5, Movers 2, IDs TSLA: %v, want %v", got, want)
	}
	for n := range want {
		if !got[n] {
			t.Errorf("Max 5, Movers 2, IDs TSLA: no %s in %v", n, got)
		}
	}
	if len(notes) == 0 || !strings.Contains(strings.Join(notes, "\n"), "per-event charts for 3 of 12 OK events") {
		t.Errorf("notes do not say which events were drawn: %q", notes)
	}
	got, _ = names(charts.Selection{Max: -1, IDs: []string{"NVDA"}})
	if !got["NVDA.ar"] || got["FB.ar"] {
		t.Errorf("Max −1, IDs NVDA: %v", got)
	}
}

// TestRenderAll: rendering on several goroutines writes every chart in
// every format, each file the same bytes as a one-by-one Render; a failing
// write stops the work and is returned.
func TestRenderAll(t *testing.T) {
	sum, se := summary()
	built, _ := charts.StudyCharts(spec, charts.StudyInput{Params: study.DefaultParams(), Results: batch(5), Summary: sum,
		BandSE: se, Hist: study.Window{Start: -1, End: 1}})
	var mu sync.Mutex
	got := map[string][]byte{}
	err := charts.RenderAll(built, []string{"png", "svg"}, 3, func(name string, b []byte) error {
		mu.Lock()
		defer mu.Unlock()
		got[name] = b
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2*len(built) {
		t.Errorf("%d files for %d charts in 2 formats", len(got), len(built))
	}
	for _, c := range built {
		for _, f := range []string{"png", "svg"} {
			var b bytes.Buffer
			if err := charts.Render(c.Chart, f, &b); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got[c.Name+"."+f], b.Bytes()) {
				t.Errorf("%s.%s differs from a one-by-one render", c.Name, f)
			}
		}
	}
	boom := errors.New("disk full")
	calls := 0
	err = charts.RenderAll(built, []string{"png", "svg"}, 2, func(string, []byte) error {
		mu.Lock()
		defer mu.Unlock()
		calls++
		return boom
	})
	if !errors.Is(err, boom) {
		t.Errorf("RenderAll with failing writes: %v, want %v", err, boom)
	}
	if calls > 2 {
		t.Errorf("%d writes after the first failure on 2 workers, want at most 2", calls)
	}
	if err := charts.RenderAll(built, []string{"gif"}, 2, func(string, []byte) error { return nil }); err == nil || !strings.Contains(err.Error(), "chart ") {
		t.Errorf("RenderAll(gif): %v, want an error naming the chart", err)
	}
}
