package tables

import (
	"github.com/eventstudy/eventstudy/internal/numfmt"
	"github.com/eventstudy/eventstudy/study"
)

// Volatility is the table of the abnormal-volatility tests of a volatility
// study (study.VolatilityStats, volatility.csv): one row per CAR window, then
// per event day from −1 to +1, with N, the mean variance ratio U and both
// tests. Nil when vs is empty.
func Volatility(vs []study.VolStat) []*Table {
	if len(vs) == 0 {
		return nil
	}
	t := &Table{Name: "volatility", Title: "Abnormal volatility: mean variance ratio U and its tests",
		Columns: []Column{{Name: "Window"}, {Name: "N", Kind: Int}, {Name: "Mean U", Kind: Stat},
			{Name: "t of mean U = 1", Kind: Stat}, {Name: "p (t)", Kind: PValue},
			{Name: "Rank z", Kind: Stat}, {Name: "p (rank)", Kind: PValue}},
		Note: "U = (AR/SE)² is an event's abnormal return squared over its variance under the model (Beaver 1968), " +
			"averaged over a window's days; it is 1 on average when the news leaves volatility unchanged. The cross-sectional t " +
			"tests mean U = 1; the rank test ranks each event's squared standardized residuals over the estimation and event " +
			"days together (Corrado 1989), z its statistic. Every row of volatility.csv has the exact numbers."}
	var ns []int
	add := func(day bool, keep func(w study.Window) bool) {
		for i := 0; i+1 < len(vs); i += 2 {
			a, b := vs[i], vs[i+1] // u_cs_t, u_rank of the same window
			if a.Day != day || !keep(a.Window) {
				continue
			}
			label := windowLabel(a.Window)
			if day {
				label = "day " + numfmt.Signed(a.Window.Start)
			}
			t.Rows = append(t.Rows, []Cell{txt(label), intCell(a.N), num(a.MeanU), num(a.Stat), num(a.P), num(b.Stat), num(b.P)})
			ns = append(ns, a.N)
		}
	}
	add(false, func(study.Window) bool { return true })
	add(true, func(w study.Window) bool { return w.Start >= -1 && w.Start <= 1 })
	t.Note = join(t.Note, smallNote(ns))
	return []*Table{t}
}
