package tables

import (
	"github.com/eventstudy/eventstudy/internal/numfmt"
	"github.com/eventstudy/eventstudy/study"
)

// groupTestNames are the names of the tests of groups.csv (study.GroupTest).
var groupTestNames = map[study.GroupTest]string{
	study.GroupWelchT:        "Welch t",
	study.GroupMannWhitney:   "Mann–Whitney z",
	study.GroupANOVAF:        "ANOVA F",
	study.GroupKruskalWallis: "Kruskal–Wallis H",
}

// Groups are the tables of a study by group (--by): the CAAR of each group
// side by side by CAR window, with the p-value of the first test across
// events, and the tests of the differences between groups (groups.csv).
func Groups(g *study.Grouped) []*Table {
	if g == nil || len(g.Summaries) == 0 {
		return nil
	}
	code := firstCode(g.Summaries[0].Summary)
	first := TestName(code)
	side := &Table{Name: "groups_caar", Title: "CAAR by " + g.By + ", side by side",
		Columns:   []Column{{Name: "Window"}},
		Note:      "CAAR of each group's events, in percent, with the number of events N and the p-value of the " + first + " in parentheses; (all) is the whole sample, (missing) the events without a value of " + g.By + ".",
		StarsNote: acrossStarsNote,
		ParenNote: "p-value of the " + first + " in parentheses."}
	for _, s := range g.Summaries {
		side.Columns = append(side.Columns, Column{Name: s.Group + " N", Kind: Int},
			Column{Name: s.Group + " CAAR, %", Kind: Percent, Under: "p", UnderInline: true, Stars: true})
	}
	var ns []int
	for j, w := range g.Summaries[0].Windows {
		row := []Cell{txt(windowLabel(w.Window))}
		for _, s := range g.Summaries {
			ws := s.Windows[j]
			_, p := firstTest(ws.Tests)
			row = append(row, intCell(ws.N), coef(ws.CAAR, p, starsP(p, ws.N)))
			ns = append(ns, ws.N)
		}
		side.Rows = append(side.Rows, row)
	}
	side.Note = join(side.Note, smallNote(ns))

	tests := &Table{Name: "groups_tests", Title: "Do the groups differ? Tests of the difference in mean CAR",
		Columns: []Column{{Name: "Window"}, {Name: "Groups"}, {Name: "Test"}, {Name: "N"}, {Name: "Difference, %", Kind: Percent},
			{Name: "Statistic", Kind: Stat}, {Name: "p", Kind: PValue}},
		Note: "Difference is the first group's CAAR minus the second's; Welch's t allows unequal variances, Mann–Whitney's z " +
			"compares ranks; with three groups or more, ANOVA F and Kruskal–Wallis H test all groups at once. p-values are two-sided."}
	for _, c := range g.Tests {
		groups, n := "all groups", numfmt.Thousands(c.NA) // grouped as the Int columns are
		if c.GroupB != "" {
			groups, n = c.GroupA+" vs "+c.GroupB, numfmt.Thousands(c.NA)+" vs "+numfmt.Thousands(c.NB)
		}
		tests.Rows = append(tests.Rows, []Cell{txt(windowLabel(c.Window)), txt(groups), txt(groupTestNames[c.Test]), txt(n),
			num(c.Diff), num(c.Stat), num(c.P)})
	}
	return []*Table{side, tests}
}
