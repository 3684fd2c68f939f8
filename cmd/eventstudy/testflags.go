package main

import (
	"fmt"

	"github.com/spf13/pflag"

	"github.com/eventstudy/eventstudy/study"
)

// testFlags are the choices of the tests across events: the alternative
// hypothesis and the bootstrap's resamples and seed (Params.Conventions).
type testFlags struct {
	alternative string
	reps        *int
}

// register adds --alternative, --bootstrap-reps and --seed, each unless the
// command already has a flag of that name (simulate has its own --seed and
// --bootstrap-reps).
func (t *testFlags) register(fs *pflag.FlagSet, c *study.Conventions) {
	t.alternative = "two-sided"
	if fs.Lookup("alternative") == nil {
		fs.Var(enumValue{&t.alternative, []string{"two-sided", "greater", "less"}}, "alternative",
			"alternative hypothesis of every test across events: two-sided, greater (positive abnormal returns) or less")
	}
	if fs.Lookup("bootstrap-reps") == nil {
		t.reps = &c.BootstrapReps
		fs.IntVar(&c.BootstrapReps, "bootstrap-reps", study.DefaultBootstrapReps,
			"resamples of the events for the bootstrap confidence interval of the CAAR (percentile and BCa)")
	}
	if fs.Lookup("seed") == nil {
		fs.Uint64Var(&c.Seed, "seed", 1, "seed of the bootstrap's resampling (same seed, same intervals)")
	}
}

// apply checks the flags and sets the alternative.
func (t *testFlags) apply(c *study.Conventions) error {
	if t.alternative == "" {
		t.alternative = "two-sided"
	}
	a, err := study.ParseAlternative(t.alternative)
	if err != nil {
		return err
	}
	c.Alternative = a
	if t.reps != nil && *t.reps < 1 {
		return fmt.Errorf("--bootstrap-reps must be at least 1")
	}
	return nil
}

// headlineTest says which tests the console summary of run shows: one
// parametric test robust to event-induced variance, its cross-correlation
// adjusted form, a rank test and the cross-sectional t. summary.csv has all.
func headlineTest(name string) bool {
	switch name {
	case "cs_t", "bmp_kp", "grank", "gen_sign":
		return true
	}
	return false
}
