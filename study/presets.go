package study

import "fmt"

// Presets are the names accepted by [ApplyPreset], canonical first.
var Presets = []string{"canonical", "estudy2", "lemaire", "est"}

// ApplyPreset sets in p the choices of a peer tool (issue 3, "Conventions,
// made explicit"); the caller then applies the user's explicit options on top.
//
//	canonical  MacKinlay (1997), Campbell, Lo & MacKinlay (1997): simple returns,
//	           σ̂² over L−k, prediction-error term, exact Var(CAR), next trading day
//	estudy2    R package estudy2: log returns, σ̂ the sample s.d. of the
//	           estimation-window ARs (denominator L−1), estudy2's test details
//	           (Conventions.Estudy2)
//	lemaire    Python package eventstudy: simple returns, σ̂² over L, no
//	           prediction-error term, Var(CAR over t days) = t·σ̂², t-tests with
//	           L−1 df, estimation window of 300 trading days ending 31 days before
//	           the event window starts (−332..−33 for a window starting at −2),
//	           a non-trading event date moves forward at most 4 calendar days
//	est        EventStudyTools: log returns, t(AR) = AR/σ̂, t(CAR) = CAR/(√L2·σ̂),
//	           next trading day
//
// The Name of the conventions is set to the preset; fields the preset does
// not name keep their values (Alternative, BootstrapReps, Seed).
func ApplyPreset(p *Params, name string) error {
	c := &p.Conventions
	keep := *c
	*c = Conventions{Alternative: keep.Alternative, BootstrapReps: keep.BootstrapReps, Seed: keep.Seed, Name: name}
	switch name {
	case "", "canonical":
		c.Name = "canonical"
		p.ReturnType, p.NonTrading = Simple, Next
	case "estudy2":
		p.ReturnType, p.NonTrading = Log, Next
		c.SigmaDF = SigmaLminus1
		c.Estudy2 = true
	case "lemaire":
		p.ReturnType, p.NonTrading = Simple, Next
		c.SigmaDF = SigmaL
		c.NoPredError = true
		c.CARVar = CARVarAdditive
		c.TDFLminus1 = true
		c.NonTradingLimit = 4
		p.Estimation = LemaireEstimation(p.Event)
		p.MinEst = min(p.MinEst, p.Estimation.Len())
	case "est":
		p.ReturnType, p.NonTrading = Log, Next
		c.NoPredError = true
		c.CARVar = CARVarAdditive
	default:
		*c = keep
		return fmt.Errorf("unknown conventions %q (want canonical, estudy2, lemaire or est)", name)
	}
	return nil
}

// LemaireEstimation is the estimation window of the Python package
// eventstudy for an event window ev: 300 trading days followed by a gap of 30
// trading days before ev starts: ev.Start−330 .. ev.Start−31, which for
// ev.Start = −2 is −332..−33 (issue 3).
func LemaireEstimation(ev Window) Window {
	return Window{Start: ev.Start - 330, End: ev.Start - 31}
}

// String names the σ̂² denominator as on the command line: l-k, l-1 or l.
func (s SigmaDF) String() string {
	switch s {
	case SigmaLminus1:
		return "l-1"
	case SigmaL:
		return "l"
	}
	return "l-k"
}

// ParseSigmaDF reads l-k, l-1 or l.
func ParseSigmaDF(s string) (SigmaDF, error) {
	for _, v := range []SigmaDF{SigmaLminusK, SigmaLminus1, SigmaL} {
		if v.String() == s {
			return v, nil
		}
	}
	return 0, fmt.Errorf("unknown sigma denominator %q (want l-k, l-1 or l)", s)
}

// String names the CAR variance as on the command line: exact or additive.
func (m CARVarMethod) String() string {
	if m == CARVarAdditive {
		return "additive"
	}
	return "exact"
}
