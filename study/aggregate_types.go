package study

// Stat is one test statistic and its p-value.
type Stat struct {
	Test string  // short name: cs_t, j1, j2, … (column prefix in aar.csv)
	Stat float64 // NaN when the test cannot be computed (e.g. N < 2)
	P    float64
	// CILow and CIHigh are the confidence interval of a test that gives one
	// (bootstrap, bootstrap_bca), NaN for the others.
	CILow, CIHigh float64
}

// DayStats aggregates one event-window day across events.
type DayStats struct {
	RelDay int
	N      int     // events with an AR on this day
	AAR    float64 // mean AR
	CAAR   float64 // Σ AAR from the event-window start to this day
	Tests  []Stat  // in Summary.Tests order
}

// WindowStats aggregates one CAR window across events.
type WindowStats struct {
	Window Window
	N      int     // events with a CAR for this window
	CAAR   float64 // mean CAR
	BHAR   float64 // mean BHAR over the events with a BHAR (CAR.BHAR); NaN if none
	Tests  []Stat  // in Summary.Tests order
}

// Summary is the cross-event result of a study.
type Summary struct {
	Tests   []string // test names, in column order
	Days    []DayStats
	Windows []WindowStats
}
