package study

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// alt is the alternative hypothesis the tests of s use: the panel's
// Conventions.Alternative, or two-sided for a sample without a panel.
func (s Sample) alt() Alternative {
	if s.Panel == nil {
		return TwoSided
	}
	return s.Panel.Params.Conventions.Alternative
}

// conv is the panel's conventions (zero value without a panel).
func (s Sample) conv() Conventions {
	if s.Panel == nil {
		return Conventions{}
	}
	return s.Panel.Params.Conventions
}

// pFromUpper turns the upper tail P(S ≥ s) and the lower tail P(S ≤ s) of a
// statistic into the p-value of alternative a: greater → upper, less → lower,
// two-sided → 2·min(upper, lower), at most 1.
func pFromTails(upper, lower float64, a Alternative) float64 {
	switch a {
	case Greater:
		return upper
	case Less:
		return lower
	}
	if math.IsNaN(upper) || math.IsNaN(lower) {
		return nan
	}
	return min(1, 2*min(upper, lower))
}

// pNormalAlt is the p-value of z under the standard normal for alternative a:
// 1 − Φ(z) (greater), Φ(z) (less), 2·(1 − Φ(|z|)) (two-sided). NaN if z is NaN.
func pNormalAlt(z float64, a Alternative) float64 {
	switch a {
	case Greater:
		return 0.5 * math.Erfc(z/math.Sqrt2)
	case Less:
		return 0.5 * math.Erfc(-z/math.Sqrt2)
	}
	return pNormal(z)
}

// pStudentAlt is the p-value of t under Student's t with df degrees of
// freedom for alternative a (as [pNormalAlt]). NaN if t is NaN or df < 1.
func pStudentAlt(t float64, df int, a Alternative) float64 {
	if df < 1 || math.IsNaN(t) {
		return nan
	}
	d := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(df)}
	switch a {
	case Greater:
		return d.Survival(t)
	case Less:
		return d.CDF(t)
	}
	return pStudent(t, df)
}

// normQuantile is Φ⁻¹(p).
func normQuantile(p float64) float64 { return distuv.UnitNormal.Quantile(p) }

// normCDF is Φ(z).
func normCDF(z float64) float64 { return 0.5 * math.Erfc(-z/math.Sqrt2) }
