package study

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// pStudent is the two-sided p-value of t under Student's t with df degrees of
// freedom, 2·P(T_df > |t|); NaN when t is NaN or df < 1. Sigma must be 1: gonum's
// StudentsT with a zero Sigma returns CDF = 1 everywhere (TOOLING.md).
// Survival(|t|) is 0.5·I_{ν/(ν+t²)}(ν/2, 1/2), accurate far in the tail.
func pStudent(t float64, df int) float64 {
	if df < 1 || math.IsNaN(t) {
		return math.NaN()
	}
	return 2 * distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(df)}.Survival(math.Abs(t))
}

// pNormal is the two-sided p-value of z under the standard normal,
// 2·(1 − Φ(|z|)) = erfc(|z|/√2); NaN when z is NaN.
func pNormal(z float64) float64 {
	return math.Erfc(math.Abs(z) / math.Sqrt2)
}

// studentQuantile is the p quantile of Student's t with nu degrees of
// freedom (Sigma set to 1, see pStudent).
func studentQuantile(p, nu float64) float64 {
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: nu}.Quantile(p)
}
