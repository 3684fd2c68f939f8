package study

import (
	"fmt"
	"strconv"
)

// Conventions are the basic choices on which the established event-study
// tools differ (issue 3, "Conventions, made explicit"). The zero value is
// the canonical design of MacKinlay (1997) and Campbell, Lo & MacKinlay
// (1997); named presets (canonical, estudy2, lemaire, est) set several fields
// at once. Every field is recorded in manifest.json.
//
// Per-event fields are read by Estimate; test-side fields by the tests across
// events.
type Conventions struct {
	Name string // preset name; "" or "canonical" for the default

	// Per-event.
	SigmaDF         SigmaDF      // denominator of σ̂²: L−k (canonical), L−1, or L
	NoPredError     bool         // drop the prediction-error term from Var(AR) (lemaire, est)
	CARVar          CARVarMethod // exact (canonical) or L2·σ̂²
	TDFLminus1      bool         // t-tests of AR/CAR with L−1 degrees of freedom (lemaire)
	NonTradingLimit int          // lemaire: an event date that is not a trading day moves forward at most this many calendar days; 0 = no limit

	// Test-side.
	Alternative Alternative // two-sided (default), greater, less
	// Estudy2 switches on the R package estudy2's (0.10) definitions inside
	// the tests: Patell/BMP prediction-error term with the market mean and
	// S_xx over all market days of the estimation window, Patell's
	// variances pooled over all events; Lamb's portfolio test; the rank,
	// modified-rank and Corrado–Zivney sign day sums as (mean over events
	// present) × (all events) with S² over the mean number of ranked days;
	// the generalized sign test's p̂ pooled over all firm-days of the
	// estimation window. See [Patell], [Lamb], [CorradoRank], [CZRank],
	// [CZSign], [GeneralizedSign]; tested against a second implementation
	// in estudy2_hand_test.go and, on estudy2's own example data, in
	// cmd/eventstudy (TestEstudy2Covid).
	Estudy2 bool
	// Bootstrap settings for the bootstrap CAAR confidence interval.
	BootstrapReps int    // 0 = default (e.g. 2000)
	Seed          uint64 // seed of every random draw (bootstrap, simulation)
}

// SigmaDF is the denominator of the residual variance σ̂².
type SigmaDF int

const (
	SigmaLminusK SigmaDF = iota // L − k, k the number of estimated parameters (canonical: L−2 for the market model)
	SigmaLminus1                // L − 1 (estudy2: sample s.d. of the estimation-window ARs)
	SigmaL                      // L (lemaire)
)

// CARVarMethod is how Var(CAR) is computed.
type CARVarMethod int

const (
	CARVarExact    CARVarMethod = iota // exact finite-sample (Campbell, Lo & MacKinlay 1997, sec. 4.4)
	CARVarAdditive                     // L2·σ̂² (no estimation error)
)

// Alternative is the alternative hypothesis of every test.
type Alternative int

const (
	TwoSided Alternative = iota
	Greater              // abnormal returns are positive
	Less                 // abnormal returns are negative
)

var alternativeNames = [...]string{"two-sided", "greater", "less"}

func (a Alternative) String() string {
	if a >= 0 && int(a) < len(alternativeNames) {
		return alternativeNames[a]
	}
	return "Alternative(" + strconv.Itoa(int(a)) + ")"
}

// ParseAlternative reads two-sided, greater or less (--alternative).
func ParseAlternative(s string) (Alternative, error) {
	for i, n := range alternativeNames {
		if s == n {
			return Alternative(i), nil
		}
	}
	return 0, fmt.Errorf("unknown alternative %q (want two-sided, greater or less)", s)
}
