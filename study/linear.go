package study

import (
	"fmt"
	"math"
	"time"

	"gonum.org/v1/gonum/mat"
)

// FactorSeries is a table of daily factor returns, as fractions (not percent):
// Cols[j][t] is factor Names[j] on Dates[t]; RF, if not nil, is the risk-free
// return of each date. Dates are ascending, unique, at 00:00 UTC. A NaN is a
// missing observation.
type FactorSeries struct {
	Dates []time.Time
	Names []string
	Cols  [][]float64
	RF    []float64
}

// Column returns the column named name, or nil.
func (f *FactorSeries) Column(name string) []float64 {
	for j, n := range f.Names {
		if n == name {
			return f.Cols[j]
		}
	}
	return nil
}

// Factors lists the factor columns a factor model regresses excess returns on,
// in coefficient order after the intercept; nil for the other models:
//
//	FF3      Mkt-RF, SMB, HML             (Fama & French 1993, eq. 1)
//	FF5      Mkt-RF, SMB, HML, RMW, CMA   (Fama & French 2015, eq. 1)
//	Carhart  Mkt-RF, SMB, HML, Mom        (Carhart 1997, eq. 2)
func (m Model) Factors() []string {
	switch m {
	case FF3:
		return []string{"Mkt-RF", "SMB", "HML"}
	case FF5:
		return []string{"Mkt-RF", "SMB", "HML", "RMW", "CMA"}
	case Carhart:
		return []string{"Mkt-RF", "SMB", "HML", "Mom"}
	}
	return nil
}

// IsFactor reports whether m is a factor model (FF3, FF5, Carhart).
func (m Model) IsFactor() bool { return m.Factors() != nil }

// OLS is a least-squares fit y = Xb + e computed from the QR decomposition
// X = QR (Golub & Van Loan 2013, sec. 5.3.3): b solves Rb = Q′y, and
// (X′X)⁻¹ = R⁻¹R⁻ᵀ, without forming X′X, so it stays accurate when the
// regressors are nearly collinear.
type OLS struct {
	Coef   []float64 // b̂, one per column of X
	XtXInv []float64 // (X′X)⁻¹, k×k row-major
	SSR    float64   // Σ ê²
	SST    float64   // Σ (y − ȳ)²
	N, K   int
}

// FitOLS regresses y on the columns of x (x[t] is the row of observation t;
// the caller includes a column of ones for an intercept). Rows with a NaN in y
// or x are skipped. The error says why the fit is impossible: fewer rows than
// columns or (numerically) collinear columns (a *[CollinearError]).
func FitOLS(y []float64, x [][]float64) (OLS, error) {
	if len(x) != len(y) {
		panic(fmt.Sprintf("study: FitOLS: %d observations but %d rows", len(y), len(x)))
	}
	k := 0
	if len(x) > 0 {
		k = len(x[0])
	}
	var rows []int
	for t := range y {
		if math.IsNaN(y[t]) {
			continue
		}
		ok := true
		for _, v := range x[t] {
			if math.IsNaN(v) {
				ok = false
				break
			}
		}
		if ok {
			rows = append(rows, t)
		}
	}
	n := len(rows)
	out := OLS{N: n, K: k}
	if n <= k || k == 0 {
		return out, fmt.Errorf("%d observations for %d coefficients", n, k)
	}
	X := mat.NewDense(n, k, nil)
	Y := mat.NewDense(n, 1, nil)
	var my float64
	for i, t := range rows {
		X.SetRow(i, x[t])
		Y.Set(i, 0, y[t])
		my += y[t]
	}
	my /= float64(n)
	var qr mat.QR
	qr.Factorize(X)
	var rd mat.Dense
	qr.RTo(&rd)
	r := mat.NewTriDense(k, mat.Upper, nil)
	for i := range k {
		for j := i; j < k; j++ {
			r.SetTri(i, j, rd.At(i, j))
		}
	}
	// |R_jj| is the distance of column j from the span of the columns before
	// it: relative to the column's own norm, it does not depend on the
	// columns' units (a market value in dollars beside an intercept).
	for j := range k {
		if math.Abs(r.At(j, j)) <= 1e-10*mat.Norm(X.ColView(j), 2) || r.At(j, j) == 0 {
			return out, &CollinearError{Column: j}
		}
	}
	var b mat.Dense
	if err := qr.SolveTo(&b, false, Y); err != nil {
		return out, fmt.Errorf("least squares: %v", err)
	}
	var ri mat.TriDense
	if err := ri.InverseTri(r); err != nil {
		return out, fmt.Errorf("collinear regressors: %v", err)
	}
	var a mat.Dense
	a.Mul(&ri, ri.T())
	out.Coef = make([]float64, k)
	for j := range k {
		out.Coef[j] = b.At(j, 0)
	}
	out.XtXInv = make([]float64, k*k)
	for i := range k {
		for j := range k {
			out.XtXInv[i*k+j] = a.At(i, j)
		}
	}
	for _, t := range rows {
		e := y[t] - dot(out.Coef, x[t])
		out.SSR += e * e
		d := y[t] - my
		out.SST += d * d
	}
	return out, nil
}

// A CollinearError reports a regressor that is (numerically) a linear
// combination of the columns before it, or zero.
type CollinearError struct{ Column int }

func (e *CollinearError) Error() string {
	return fmt.Sprintf("collinear regressors (column %d)", e.Column)
}

// Quad returns v′(X′X)⁻¹v.
func (o OLS) Quad(v []float64) float64 {
	return quad(o.XtXInv, o.K, v)
}

func quad(a []float64, k int, v []float64) float64 {
	var s float64
	for i := range k {
		var r float64
		for j := range k {
			r += a[i*k+j] * v[j]
		}
		s += v[i] * r
	}
	return s
}

func dot(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}
