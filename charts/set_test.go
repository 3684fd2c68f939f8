package charts_test

import (
	"math"
	"regexp"
	"sort"
	"strings"
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
