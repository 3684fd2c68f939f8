package tables

import (
	"math"
	"strings"
	"testing"

	"github.com/eventstudy/eventstudy/study"
)

// TestGroupsTables: the groups side by side (a column pair per group, the
// whole sample first) and the tests named as readers know them.
func TestGroupsTables(t *testing.T) {
	win := study.Window{Start: -1, End: 1}
	sum := func(n int, caar, p float64) study.Summary {
		return study.Summary{Tests: []string{"cs_t"}, Windows: []study.WindowStats{{Window: win, N: n, CAAR: caar,
			Tests: []study.Stat{{Test: "cs_t", Stat: 1, P: p}}}}}
	}
	g := &study.Grouped{By: "sector",
		Summaries: []study.GroupSummary{{Group: study.GroupAll, Summary: sum(5, 0.01, 0.2)},
			{Group: "bank", Summary: sum(4, -0.005, 0.5)}, {Group: "tech", Summary: sum(1, 0.07, math.NaN())}},
		Tests: []study.GroupComparison{{Window: win, GroupA: "bank", GroupB: "tech", NA: 4, NB: 1, CAARA: -0.005, CAARB: 0.07,
			Diff: -0.075, Test: study.GroupMannWhitney, Stat: -1.41, P: 0.157}}}
	ts := Groups(g)
	if len(ts) != 2 {
		t.Fatalf("%d tables, want 2", len(ts))
	}
	var names []string
	for _, c := range ts[0].Columns {
		names = append(names, c.Name)
	}
	if got := strings.Join(names, "|"); got != "Window|(all) N|(all) CAAR, %|bank N|bank CAAR, %|tech N|tech CAAR, %" {
		t.Errorf("columns %s", got)
	}
	row := ts[0].Rows[0]
	if row[3].Value != 4 || row[4].Value != -0.005 || row[4].Under != 0.5 {
		t.Errorf("bank cells %+v %+v: want N 4, CAAR −0.005 (p 0.5)", row[3], row[4])
	}
	r := ts[1].Rows[0]
	if r[1].Text != "bank vs tech" || r[2].Text != "Mann–Whitney z" || r[3].Text != "4 vs 1" || r[4].Value != -0.075 {
		t.Errorf("test row %v %v %v %v", r[1].Text, r[2].Text, r[3].Text, r[4].Value)
	}
	if Groups(nil) != nil {
		t.Error("tables without groups")
	}
}

// TestGroupsTestsCounts: the counts of the tests of groups, text cells,
// are grouped by thousands as the N columns of every table are.
func TestGroupsTestsCounts(t *testing.T) {
	win := study.Window{Start: -1, End: 1}
	g := &study.Grouped{By: "sector", Summaries: []study.GroupSummary{{Group: study.GroupAll,
		Summary: study.Summary{Windows: []study.WindowStats{{Window: win, N: 16200}}}}},
		Tests: []study.GroupComparison{
			{Window: win, GroupA: "bank", GroupB: "tech", NA: 1200, NB: 15000, Test: study.GroupWelchT},
			{Window: win, NA: 16200, Test: study.GroupKruskalWallis}}}
	rows := Groups(g)[1].Rows
	if rows[0][3].Text != "1,200 vs 15,000" || rows[1][3].Text != "16,200" || rows[1][1].Text != "all groups" {
		t.Errorf("N of the tests: %q, %q (%q)", rows[0][3].Text, rows[1][3].Text, rows[1][1].Text)
	}
}
