package tidy

import (
	"encoding/csv"
	"fmt"
	"path/filepath"
	"strconv"

	"github.com/eventstudy/eventstudy/study"
)

// RegressionFile is what 'eventstudy regress' writes into a run's folder.
const RegressionFile = "regression.csv"

// RegressionColumns are the columns of regression.csv: one row per term of
// each regression; the fit's n, k, R², adjusted R² and standard errors repeat
// on each row of a regression. n_excluded counts the events left out (status
// not ok, or a missing value), estimator is ols or wls.
var RegressionColumns = []string{"y", "term", "estimate", "std_error", "statistic", "p_value", "n", "k", "r2", "adj_r2",
	"se_type", "n_excluded", "estimator"}

// A NamedRegression is one regression of regression.csv: its outcome (as
// given, e.g. car:-1,1), standard errors (e.g. cluster:symbol), estimator
// (ols, wls) and fit.
type NamedRegression struct {
	Y, SEType, Estimator string
	Fit                  study.Regression
}

// WriteRegressions writes dir/regression.csv atomically (complete or absent).
func WriteRegressions(dir string, rs []NamedRegression) error {
	path := filepath.Join(dir, RegressionFile)
	f, err := createAtomic(path)
	if err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	w := csv.NewWriter(f)
	w.Write(RegressionColumns)
	for _, r := range rs {
		for _, t := range r.Fit.Terms {
			w.Write([]string{Text(r.Y), Text(t.Name), Float(t.Estimate), Float(t.SE), Float(t.Stat), Float(t.P),
				strconv.Itoa(r.Fit.N), strconv.Itoa(r.Fit.K), Float(r.Fit.R2), Float(r.Fit.AdjR2), Text(r.SEType),
				strconv.Itoa(r.Fit.NExcluded()), r.Estimator})
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.abort()
		return fmt.Errorf("write %s: %w", path, err)
	}
	return f.commit()
}
