package charts_test

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/eventstudy/eventstudy/charts"
	"github.com/eventstudy/eventstudy/study"
)

// grouped builds a study by group from the summary of the fixtures: (all),
// and two groups whose AARs are the fixture's scaled by 1 and by −3.
func grouped() *study.Grouped {
	s, _ := summary()
	scale := func(k float64) study.Summary {
		c := s
		c.Days = append([]study.DayStats(nil), s.Days...)
		caar := 0.0
		for i := range c.Days {
			c.Days[i].AAR *= k
			caar += c.Days[i].AAR
			c.Days[i].CAAR = caar
		}
		return c
	}
	return &study.Grouped{By: "sector", Summaries: []study.GroupSummary{
		{Group: study.GroupAll, Summary: s}, {Group: "bank", Summary: scale(1)}, {Group: "tech", Summary: scale(-3)}}}
}

// TestCAARGroupsChart reads what a person checks: a panel per group (not
// the whole sample), headed by the group's name and events, all on one
// scale that holds the largest group, the column named in the title, and
// each group's CAAR in the subtitle.
func TestCAARGroupsChart(t *testing.T) {
	g := grouped()
	ch, err := charts.CAARGroupsChart(spec, g)
	if err != nil {
		t.Fatal(err)
	}
	if len(ch.Panels) != 2 {
		t.Fatalf("%d panels, want 2 (bank, tech)", len(ch.Panels))
	}
	if !strings.Contains(ch.Title, "by sector") {
		t.Errorf("title %q does not name the column", ch.Title)
	}
	a, b := ch.Panels[0], ch.Panels[1]
	if a.Y.Min != b.Y.Min || a.Y.Max != b.Y.Max {
		t.Errorf("panels on different scales: %g..%g and %g..%g", a.Y.Min, a.Y.Max, b.Y.Min, b.Y.Max)
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, s := range g.Summaries[1:] {
		for _, d := range s.Days {
			for _, v := range []float64{d.AAR, d.CAAR} {
				if !math.IsNaN(v) {
					lo, hi = math.Min(lo, v), math.Max(hi, v)
				}
			}
		}
	}
	if a.Y.Min > lo || a.Y.Max < hi {
		t.Errorf("scale %g..%g does not hold the groups' values %g..%g", a.Y.Min, a.Y.Max, lo, hi)
	}
	var svg bytes.Buffer
	if err := charts.Render(ch, "svg-inline", &svg); err != nil {
		t.Fatal(err)
	}
	n := g.Summaries[1].Days[0].N
	for _, want := range []string{"bank · " + plural(n), "tech · " + plural(n)} {
		if !strings.Contains(svg.String(), want) {
			t.Errorf("SVG has no panel heading %q", want)
		}
	}
	if !strings.Contains(ch.Subtitle, "bank ") || !strings.Contains(ch.Subtitle, "tech −") {
		t.Errorf("subtitle %q does not give each group's CAAR (tech's negative)", ch.Subtitle)
	}

	if _, err := charts.CAARGroupsChart(spec, nil); !errors.Is(err, charts.ErrNoData) {
		t.Errorf("nil groups: %v, want ErrNoData", err)
	}
	few := spec
	few.MaxPanels = 1
	if _, err := charts.CAARGroupsChart(few, g); !errors.Is(err, charts.ErrTooManyPanels) {
		t.Errorf("2 groups, 1 panel allowed: %v, want ErrTooManyPanels", err)
	}
}

func plural(n int) string {
	if n == 1 {
		return "1 event"
	}
	return fmt.Sprintf("%d events", n)
}
