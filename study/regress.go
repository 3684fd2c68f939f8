package study

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"
)

// Cross-sectional regressions of a per-event outcome (CAR, SCAR, BHAR) on
// event characteristics (issue 14, `eventstudy regress`):
//
//	y_i = x_i′β + e_i,   i = 1..n events,  k terms (intercept first)
//
// solved by QR ([FitOLS]). References:
//
//	[HC]  MacKinnon, J. G., White, H. (1985). Some heteroskedasticity-consistent
//	      covariance matrix estimators with improved finite sample properties.
//	      Journal of Econometrics 29(3), 305–325. HC1 is their HC1 (White's
//	      HC0 times n/(n−k), after Hinkley 1977); HC3 is the form with
//	      ê_i/(1−h_i), the approximation of their jackknife estimator that
//	      Davidson & MacKinnon (1993, Estimation and Inference in Econometrics,
//	      p. 554) name HC3 and that R's sandwich::vcovHC(type = "HC3") and
//	      Stata's vce(hc3) compute.
//	[CL]  Cameron, A. C., Miller, D. L. (2015). A practitioner's guide to
//	      cluster-robust inference. Journal of Human Resources 50(2), 317–372,
//	      eq. (11) and sec. II.C/VI: the factor c = G/(G−1)·(n−1)/(n−k)
//	      (Stata's regress, vce(cluster)) and t with G−1 degrees of freedom.
//	[WLS] Greene, W. H. (2018). Econometric Analysis, 8th ed., sec. 9.4.1:
//	      weighted least squares as OLS of √w_i·y_i on √w_i·x_i.

// SEType is the covariance estimator of a [Regression]'s standard errors.
type SEType string

const (
	SEClassic SEType = "classic" // σ̂²(X′X)⁻¹, homoskedastic errors
	SEHC1     SEType = "hc1"     // White with n/(n−k) [HC]
	SEHC3     SEType = "hc3"     // White with ê_i/(1−h_i) [HC]
	SECluster SEType = "cluster" // clustered by a column [CL]
)

// A Regressor is a numeric explanatory column: Values[i] for event i, NaN
// when missing.
type Regressor struct {
	Name   string
	Values []float64
}

// A Factor is a categorical explanatory column: Levels[i] for event i, ""
// when missing. It enters by treatment coding: one indicator per level but
// the base, the first level in sorted order, named NAME[level].
type Factor struct {
	Name   string
	Levels []string
}

// RegressionSpec is a cross-sectional regression to fit. Every slice is
// indexed by event and has len(Y) entries (or is nil where allowed).
type RegressionSpec struct {
	Y       []float64 // the outcome, NaN when missing
	YName   string    // its name in messages, e.g. car:-1,1
	Numeric []Regressor
	Factors []Factor
	SE      SEType    // "" is SEHC1
	Cluster *Factor   // the cluster of each event, required by SECluster ("" missing)
	Weights []float64 // WLS weights (e.g. 1/Var(CAR_i)); nil: OLS. NaN, 0 or < 0: missing
	// Use marks the events that may enter (nil: all); the others are left
	// out and counted as "status not ok".
	Use []bool
}

// Term is one estimated coefficient.
type Term struct {
	Name     string  // (Intercept), NAME or NAME[level]
	Estimate float64 // β̂_j
	SE       float64 // √V_jj of the spec's SEType
	Stat     float64 // t = β̂_j / SE
	P        float64 // two-sided, Student's t with Regression.DF degrees of freedom
}

// An Exclusion counts the events left out of a regression for one reason.
type Exclusion struct {
	Reason string // "status not ok", or "no value of NAME"
	N      int
}

// Regression is a fitted cross-sectional regression.
type Regression struct {
	Terms    []Term
	N, K     int     // events used, terms
	R2       float64 // 1 − Σ w ê² / Σ w (y − ȳ_w)² (w = 1 for OLS)
	AdjR2    float64 // 1 − (1 − R²)(n − 1)/(n − k)
	DF       int     // degrees of freedom of the t: n − k, or G − 1 clustered
	SE       SEType
	Clusters int         // G, with SECluster
	Excluded []Exclusion // events left out, by first reason, in the order checked
}

// NExcluded is the number of events left out.
func (r *Regression) NExcluded() int {
	n := 0
	for _, e := range r.Excluded {
		n += e.N
	}
	return n
}

// ErrRegression marks a regression that cannot be fitted as specified
// (rank deficiency, too few events or clusters); the message says which
// column, level or count.
var ErrRegression = errors.New("cannot fit")

func regressionErr(format string, a ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrRegression}, a...)...)
}

// Regress fits the regression of s by least squares (weighted when s.Weights
// is set) and computes the standard errors of s.SE:
//
//	B = (X′X)⁻¹ (of the weighted X̃ = √w·X with WLS), ê the residuals of X̃, ỹ
//	classic  V = σ̂² B,  σ̂² = Σ ê²/(n−k)
//	hc1      V = n/(n−k) · B (Σ ê_i² x_i x_i′) B                  [HC]
//	hc3      V = B (Σ ê_i²/(1−h_i)² x_i x_i′) B,  h_i = x_i′B x_i   [HC]
//	cluster  V = G/(G−1)·(n−1)/(n−k) · B (Σ_g u_g u_g′) B,
//	         u_g = Σ_{i∈g} ê_i x_i                                 [CL]
//
// with t = β̂_j/√V_jj and two-sided p from Student's t with n−k degrees of
// freedom (G−1 clustered). Events left out (s.Use false, or a missing y,
// regressor, factor level, cluster or weight) are counted in
// Regression.Excluded.
//
// The error wraps [ErrRegression] and names the cause: fewer events than
// terms, a term that is a linear combination of earlier ones (a constant
// column, collinear columns), a factor with one level or a level with a
// single event (its indicator would fit that event exactly, leverage 1),
// fewer than 2 clusters, or a leverage of 1 under hc3.
func Regress(s RegressionSpec) (Regression, error) {
	se := s.SE
	if se == "" {
		se = SEHC1
	}
	n0 := len(s.Y)
	check := func(what string, l int) {
		if l != n0 {
			panic(fmt.Sprintf("study: Regress: %s has %d values for %d events", what, l, n0))
		}
	}
	for _, r := range s.Numeric {
		check(r.Name, len(r.Values))
	}
	for _, f := range s.Factors {
		check(f.Name, len(f.Levels))
	}
	if s.Use != nil {
		check("Use", len(s.Use))
	}
	if s.Weights != nil {
		check("Weights", len(s.Weights))
	}
	if se == SECluster {
		if s.Cluster == nil {
			panic("study: Regress: cluster standard errors without a cluster column")
		}
		check(s.Cluster.Name, len(s.Cluster.Levels))
	}
	out := Regression{SE: se}

	// Which events enter, and why the others do not.
	counts := map[string]int{}
	var reasons []string
	leave := func(reason string) {
		if counts[reason] == 0 {
			reasons = append(reasons, reason)
		}
		counts[reason]++
	}
	var rows []int
	for i := range n0 {
		switch {
		case s.Use != nil && !s.Use[i]:
			leave("status not ok")
		case !finiteF(s.Y[i]):
			leave("no value of " + s.YName)
		default:
			why := ""
			for _, r := range s.Numeric {
				if !finiteF(r.Values[i]) {
					why = r.Name
					break
				}
			}
			for _, f := range s.Factors {
				if why == "" && strings.TrimSpace(f.Levels[i]) == "" {
					why = f.Name
				}
			}
			if why == "" && se == SECluster && strings.TrimSpace(s.Cluster.Levels[i]) == "" {
				why = s.Cluster.Name
			}
			if why == "" && s.Weights != nil && !(s.Weights[i] > 0 && !math.IsInf(s.Weights[i], 0)) {
				why = "the weight"
			}
			if why != "" {
				leave("no value of " + why)
				continue
			}
			rows = append(rows, i)
		}
	}
	for _, r := range reasons {
		out.Excluded = append(out.Excluded, Exclusion{Reason: r, N: counts[r]})
	}

	// The design: intercept, numeric columns, factor indicators.
	names := []string{"(Intercept)"}
	for _, r := range s.Numeric {
		names = append(names, r.Name)
	}
	type dummy struct {
		f     int
		level string
	}
	var dummies []dummy
	for fi, f := range s.Factors {
		count := map[string]int{}
		for _, i := range rows {
			count[strings.TrimSpace(f.Levels[i])]++
		}
		levels := make([]string, 0, len(count))
		for l := range count {
			levels = append(levels, l)
		}
		slices.Sort(levels)
		if len(levels) < 2 {
			return out, regressionErr("factor %s has one level (%s) among the %d events used: it explains nothing; drop it",
				f.Name, strings.Join(levels, ""), len(rows))
		}
		for _, l := range levels {
			if count[l] == 1 {
				return out, regressionErr("factor %s: level %q has 1 event, whose indicator would fit it exactly; merge the level or drop the event", f.Name, l)
			}
		}
		for _, l := range levels[1:] {
			dummies = append(dummies, dummy{fi, l})
			names = append(names, f.Name+"["+l+"]")
		}
	}
	k, n := len(names), len(rows)
	out.N, out.K = n, k
	if n <= k {
		return out, regressionErr("%d events for %d terms (%s): need more events than terms", n, k, strings.Join(names, ", "))
	}
	x := make([][]float64, n)
	y := make([]float64, n)
	sw := make([]float64, n) // √w_i
	cells := make([]float64, n*k)
	for r, i := range rows {
		row := cells[r*k : (r+1)*k : (r+1)*k]
		w := 1.0
		if s.Weights != nil {
			w = math.Sqrt(s.Weights[i])
		}
		sw[r] = w
		row[0] = w
		for j, c := range s.Numeric {
			row[1+j] = w * c.Values[i]
		}
		for j, d := range dummies {
			if strings.TrimSpace(s.Factors[d.f].Levels[i]) == d.level {
				row[1+len(s.Numeric)+j] = w
			}
		}
		x[r], y[r] = row, w*s.Y[i]
	}
	fit, err := FitOLS(y, x)
	var ce *CollinearError
	if errors.As(err, &ce) {
		return out, regressionErr("term %s is a linear combination of the terms before it (%s) among the %d events used: drop it",
			names[ce.Column], strings.Join(names[:ce.Column], ", "), n)
	}
	if err != nil {
		return out, regressionErr("%v", err)
	}

	// Residuals of the (weighted) fit, and R² around the weighted mean.
	e := make([]float64, n)
	var sumW, sumWY float64
	for r := range n {
		e[r] = y[r] - dot(fit.Coef, x[r])
		w := sw[r] * sw[r]
		sumW += w
		sumWY += w * s.Y[rows[r]]
	}
	ybar := sumWY / sumW
	var sst float64
	for r := range n {
		d := s.Y[rows[r]] - ybar
		sst += sw[r] * sw[r] * d * d
	}
	out.R2 = 1 - fit.SSR/sst
	out.AdjR2 = 1 - (1-out.R2)*float64(n-1)/float64(n-k)
	out.DF = n - k

	b := fit.XtXInv
	var v []float64 // k×k covariance
	switch se {
	case SEClassic:
		v = scaled(b, fit.SSR/float64(n-k))
	case SEHC1, SEHC3:
		meat := make([]float64, k*k)
		for r := range n {
			w := e[r] * e[r]
			if se == SEHC3 {
				h := quad(b, k, x[r])
				if h > 1-1e-10 {
					return out, regressionErr("event %d has leverage 1 (it alone determines a coefficient): hc3 is undefined; use hc1", rows[r]+1)
				}
				w /= (1 - h) * (1 - h)
			}
			addOuter(meat, x[r], w)
		}
		v = sandwich(b, meat, k)
		if se == SEHC1 {
			v = scaled(v, float64(n)/float64(n-k))
		}
	case SECluster:
		idx := map[string]int{}
		var u [][]float64
		for r := range n {
			c := strings.TrimSpace(s.Cluster.Levels[rows[r]])
			g, ok := idx[c]
			if !ok {
				g = len(u)
				idx[c] = g
				u = append(u, make([]float64, k))
			}
			for j := range k {
				u[g][j] += e[r] * x[r][j]
			}
		}
		G := len(u)
		out.Clusters = G
		if G < 2 {
			return out, regressionErr("cluster standard errors need 2 clusters or more; %s has %d among the %d events used", s.Cluster.Name, G, n)
		}
		meat := make([]float64, k*k)
		for _, ug := range u {
			addOuter(meat, ug, 1)
		}
		c := float64(G) / float64(G-1) * float64(n-1) / float64(n-k)
		v = scaled(sandwich(b, meat, k), c)
		out.DF = G - 1
	default:
		panic("study: Regress: unknown SE type " + strconv.Quote(string(se)))
	}
	for j := range k {
		t := Term{Name: names[j], Estimate: fit.Coef[j], SE: math.Sqrt(v[j*k+j])}
		t.Stat = t.Estimate / t.SE
		t.P = nan
		if finiteF(t.Stat) {
			t.P = 2 * distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(out.DF)}.Survival(math.Abs(t.Stat))
		}
		out.Terms = append(out.Terms, t)
	}
	return out, nil
}

// ParseSEType reads classic, hc1, hc3 or cluster ("" is hc1).
func ParseSEType(s string) (SEType, error) {
	switch t := SEType(strings.ToLower(s)); t {
	case "":
		return SEHC1, nil
	case SEClassic, SEHC1, SEHC3, SECluster:
		return t, nil
	}
	return "", fmt.Errorf("unknown standard errors %q (want classic, hc1, hc3 or cluster:COLUMN)", s)
}

// addOuter adds w·a a′ to the k×k row-major m.
func addOuter(m, a []float64, w float64) {
	k := len(a)
	for i := range k {
		wi := w * a[i]
		for j := range k {
			m[i*k+j] += wi * a[j]
		}
	}
}

// sandwich returns B M B for k×k row-major B (symmetric) and M.
func sandwich(b, m []float64, k int) []float64 {
	bd := mat.NewDense(k, k, b)
	var bm, out mat.Dense
	bm.Mul(bd, mat.NewDense(k, k, m))
	out.Mul(&bm, bd)
	return out.RawMatrix().Data
}

func scaled(a []float64, c float64) []float64 {
	out := make([]float64, len(a))
	for i, v := range a {
		out[i] = c * v
	}
	return out
}
