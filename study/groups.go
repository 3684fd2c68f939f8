package study

import (
	"cmp"
	"math"
	"slices"
	"sort"
	"strings"

	"gonum.org/v1/gonum/stat/distuv"
)

// Tests of a difference between groups of events (issue 14, `--by`): each
// takes the CARs of the events of each group over one window and returns a
// statistic and a two-sided p-value, NaN when the test cannot be computed.
// Sources, with the R function each one matches:
//
//	[W]  Welch, B. L. (1947). The generalization of "Student's" problem when
//	     several different population variances are involved. Biometrika 34,
//	     28–35; Satterthwaite, F. E. (1946). Biometrics Bulletin 2(6), 110–114.
//	     R: t.test(a, b) (var.equal = FALSE).
//	[MW] Mann, H. B., Whitney, D. R. (1947). Ann. Math. Statist. 18, 50–60;
//	     tie correction: Lehmann, E. L. (1975). Nonparametrics, eq. (1.76);
//	     Hollander, Wolfe & Chicken (2014), Nonparametric Statistical Methods,
//	     3rd ed., sec. 4.1, eq. (4.11). R: wilcox.test(a, b, exact = FALSE,
//	     correct = FALSE) (no continuity correction).
//	[F]  One-way analysis of variance: Fisher (1925); e.g. Montgomery (2017),
//	     Design and Analysis of Experiments, 9th ed., Table 3.3.
//	     R: anova(lm(x ~ g)).
//	[KW] Kruskal, W. H., Wallis, W. A. (1952). Use of ranks in one-criterion
//	     variance analysis. JASA 47, 583–621, eq. (1.1) and the tie
//	     correction (1.2). R: kruskal.test(x, g).

// GroupTest is a test of a difference between groups.
type GroupTest string

// The tests of groups.csv (its test column).
const (
	GroupWelchT        GroupTest = "welch_t"
	GroupMannWhitney   GroupTest = "mann_whitney"
	GroupANOVAF        GroupTest = "anova_f"
	GroupKruskalWallis GroupTest = "kruskal_wallis"
)

// WelchT is Welch's unequal-variance t test of equal means of a and b [W]:
//
//	t  = (x̄_a − x̄_b) / √(s²_a/n_a + s²_b/n_b)
//	ν  = (s²_a/n_a + s²_b/n_b)² / [ (s²_a/n_a)²/(n_a−1) + (s²_b/n_b)²/(n_b−1) ]
//
// with s² the sample variances (n−1 divisor) and ν the Welch–Satterthwaite
// degrees of freedom (not an integer); p = 2·P(T_ν > |t|). NaN values of a
// and b are skipped. NaN if a group has fewer than 2 values or both variances
// are 0.
func WelchT(a, b []float64) (t, df, p float64) {
	a, b = finiteValues(a), finiteValues(b)
	na, nb := float64(len(a)), float64(len(b))
	if len(a) < 2 || len(b) < 2 {
		return nan, nan, nan
	}
	ma, va := meanVar(a)
	mb, vb := meanVar(b)
	qa, qb := va/na, vb/nb
	if qa+qb == 0 {
		return nan, nan, nan
	}
	t = (ma - mb) / math.Sqrt(qa+qb)
	df = (qa + qb) * (qa + qb) / (qa*qa/(na-1) + qb*qb/(nb-1))
	return t, df, 2 * distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Survival(math.Abs(t))
}

// MannWhitney is the Wilcoxon rank-sum (Mann–Whitney U) test that a and b
// come from the same distribution, by its normal approximation with the tie
// correction of the variance [MW]:
//
//	U  = R_a − n_a(n_a+1)/2          R_a the sum of a's mid-ranks in a ∪ b
//	E U = n_a n_b / 2
//	Var U = n_a n_b/12 · [ (N+1) − Σ_j (t_j³ − t_j) / (N(N−1)) ]
//	z  = (U − E U) / √Var U,  p = 2·(1 − Φ(|z|))
//
// N = n_a + n_b and t_j the size of the j-th group of ties. z > 0 when a tends
// to be larger than b. There is no continuity correction (R's correct =
// FALSE). NaN values are skipped; NaN if a group is empty or every value is
// tied.
func MannWhitney(a, b []float64) (z, p float64) {
	a, b = slices.Clone(finiteValues(a)), slices.Clone(finiteValues(b))
	slices.Sort(a)
	slices.Sort(b)
	return mannWhitneySorted(a, b)
}

// mannWhitneySorted is [MannWhitney] of finite a and b sorted ascending. It
// counts U by merging instead of ranking a ∪ b: U = R_a − n_a(n_a+1)/2 is
// the number of pairs with a_i > b_j plus half those with a_i = b_j, so
// each group is sorted once however many pairs it enters (CompareGroups).
func mannWhitneySorted(a, b []float64) (z, p float64) {
	if len(a) == 0 || len(b) == 0 {
		return nan, nan
	}
	var u, ties float64
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		var v float64
		switch {
		case j == len(b) || (i < len(a) && a[i] < b[j]):
			v = a[i]
		default:
			v = b[j]
		}
		below := float64(j) // b values < v
		ca, cb := 0, 0
		for i < len(a) && a[i] == v {
			i++
			ca++
		}
		for j < len(b) && b[j] == v {
			j++
			cb++
		}
		u += float64(ca)*below + 0.5*float64(ca)*float64(cb)
		t := float64(ca + cb)
		ties += t*t*t - t
	}
	na, nb := float64(len(a)), float64(len(b))
	n := na + nb
	v := na * nb / 12 * ((n + 1) - ties/(n*(n-1)))
	if !(v > 0) {
		return nan, nan
	}
	z = (u - na*nb/2) / math.Sqrt(v)
	return z, pNormal(z)
}

// ANOVAF is the one-way analysis-of-variance F test of equal means across
// groups [F]:
//
//	F = [ Σ_g n_g (x̄_g − x̄)² / (k−1) ] / [ Σ_g Σ_i (x_gi − x̄_g)² / (N−k) ]
//
// with k the groups that have a value and N their values; p = P(F_{k−1,N−k} > F).
// NaN values are skipped. NaN if k < 2, N ≤ k, or every group is constant.
func ANOVAF(groups [][]float64) (f, df1, df2, p float64) {
	gs := nonEmpty(groups)
	k := len(gs)
	var n int
	var grand float64
	for _, g := range gs {
		n += len(g)
		for _, x := range g {
			grand += x
		}
	}
	if k < 2 || n <= k {
		return nan, nan, nan, nan
	}
	grand /= float64(n)
	var ssb, ssw float64
	for _, g := range gs {
		m, _ := meanVar(g)
		ssb += float64(len(g)) * (m - grand) * (m - grand)
		for _, x := range g {
			ssw += (x - m) * (x - m)
		}
	}
	if ssw == 0 {
		return nan, nan, nan, nan
	}
	df1, df2 = float64(k-1), float64(n-k)
	f = (ssb / df1) / (ssw / df2)
	return f, df1, df2, distuv.F{D1: df1, D2: df2}.Survival(f)
}

// KruskalWallis is the Kruskal–Wallis rank test that groups come from the
// same distribution, with ties corrected [KW]:
//
//	H = [ 12/(N(N+1)) Σ_g R_g²/n_g − 3(N+1) ] / [ 1 − Σ_j (t_j³ − t_j)/(N³ − N) ]
//
// with R_g the sum of group g's mid-ranks among all N values and t_j the size
// of the j-th group of ties; p = P(χ²_{k−1} > H), k the groups with a value.
// NaN values are skipped. NaN if k < 2 or every value is tied.
func KruskalWallis(groups [][]float64) (h, df, p float64) {
	gs := nonEmpty(groups)
	k := len(gs)
	if k < 2 {
		return nan, nan, nan
	}
	ranks, ties := midRanks(gs)
	var n, s float64
	for i, g := range gs {
		n += float64(len(g))
		s += ranks[i] * ranks[i] / float64(len(g))
	}
	c := 1 - ties/(n*n*n-n)
	if !(c > 0) {
		return nan, nan, nan
	}
	h = (12/(n*(n+1))*s - 3*(n+1)) / c
	df = float64(k - 1)
	return h, df, distuv.ChiSquared{K: df}.Survival(h)
}

// midRanks ranks the values of all groups together, ties getting the mean of
// the ranks they span, and returns each group's rank sum and Σ (t³ − t) over
// the groups of ties.
func midRanks(groups [][]float64) (sums []float64, ties float64) {
	type obs struct {
		x float64
		g int
	}
	var all []obs
	for g, xs := range groups {
		for _, x := range xs {
			all = append(all, obs{x, g})
		}
	}
	slices.SortFunc(all, func(p, q obs) int { return cmp.Compare(p.x, q.x) })
	sums = make([]float64, len(groups))
	for i := 0; i < len(all); {
		j := i + 1
		for j < len(all) && all[j].x == all[i].x {
			j++
		}
		r := float64(i+1+j) / 2 // mean of ranks i+1..j
		for _, o := range all[i:j] {
			sums[o.g] += r
		}
		t := float64(j - i)
		ties += t*t*t - t
		i = j
	}
	return sums, ties
}

// meanVar returns the mean and the sample variance (n−1 divisor, centred
// first) of x; the variance is NaN for fewer than 2 values.
func meanVar(x []float64) (m, v float64) {
	m = mean(x)
	if len(x) < 2 {
		return m, nan
	}
	for _, y := range x {
		v += (y - m) * (y - m)
	}
	return m, v / float64(len(x)-1)
}

// finiteValues returns x without its NaN and ±Inf values (x itself when it
// has none).
func finiteValues(x []float64) []float64 {
	if !slices.ContainsFunc(x, func(v float64) bool { return !finiteF(v) }) {
		return x
	}
	out := make([]float64, 0, len(x))
	for _, v := range x {
		if finiteF(v) {
			out = append(out, v)
		}
	}
	return out
}

// nonEmpty returns the groups' finite values, leaving out groups without one.
func nonEmpty(groups [][]float64) [][]float64 {
	var out [][]float64
	for _, g := range groups {
		if g = finiteValues(g); len(g) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// Names of the pseudo-groups of `--by`: the whole sample, and the events
// whose group cell is empty.
const (
	GroupAll     = "(all)"
	GroupMissing = "(missing)"
)

// A GroupSummary is the [Summary] of the events of one group.
type GroupSummary struct {
	Group string
	Summary
}

// Subset returns the panel of rows rows of p (indices into p.Rows, in
// increasing order), sharing p's slices of values: the tests see only those
// events, in the same canonical order. Each event's ranks over its own
// estimation and event days (the rank tests, GRANK) are taken from p's,
// computed once.
func (p *Panel) Subset(rows []int) *Panel {
	q := &Panel{Params: p.Params, Rows: make([]PanelRow, len(rows)), AR: make([][]float64, len(rows)),
		ARVar: make([][]float64, len(rows)), DF: make([]int, len(rows)), parent: p, parentRows: rows}
	if p.MarketRet != nil {
		q.MarketRet = make([][]float64, len(rows))
	}
	if p.EstVar != nil {
		q.EstVar = make([][]float64, len(rows))
	}
	if p.Group != nil {
		q.Group = make([]int32, len(rows))
	}
	for j, i := range rows {
		q.Rows[j], q.AR[j], q.ARVar[j], q.DF[j] = p.Rows[i], p.AR[i], p.ARVar[i], p.DF[i]
		if q.MarketRet != nil {
			q.MarketRet[j] = p.MarketRet[i]
		}
		if q.EstVar != nil {
			q.EstVar[j] = p.EstVar[i]
		}
		if q.Group != nil {
			q.Group[j] = p.Group[i]
		}
	}
	return q
}

// groupRows returns, for each group index of names, the panel rows of its
// events (Panel.Group).
func groupRows(p *Panel, ngroups int) [][]int {
	rows := make([][]int, ngroups)
	for i := range p.Rows {
		g := p.group(i)
		if g < 0 || g >= ngroups {
			panic("study: panel row of an unknown group")
		}
		rows[g] = append(rows[g], i)
	}
	return rows
}

// group returns the group index of row i (Panel.Group, 0 when nil).
func (p *Panel) group(i int) int {
	if p.Group == nil {
		return 0
	}
	return int(p.Group[i])
}

// GroupSummaries summarises each group of the panel's events with tests:
// first the whole sample ([GroupAll], all given as whole, usually
// [AggregatePanel] of p, computed once by the caller), then each group of
// names in sorted order (names[g] is the name of Panel.Group g; a group
// without an OK event still gets its rows, with N = 0). It panics if a row's
// group is not an index of names.
func GroupSummaries(p *Panel, names []string, tests []Test, whole Summary) []GroupSummary {
	rows := groupRows(p, len(names))
	out := []GroupSummary{{Group: GroupAll, Summary: whole}}
	for _, g := range sortedGroups(names) {
		out = append(out, GroupSummary{Group: names[g], Summary: AggregatePanel(p.Subset(rows[g]), tests)})
	}
	return out
}

// sortedGroups returns the indices of names in the sorted order of the names.
func sortedGroups(names []string) []int {
	idx := make([]int, len(names))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return names[idx[a]] < names[idx[b]] })
	return idx
}

// A GroupComparison is one row of groups.csv: a test of the difference in
// mean CAR between groups A and B. A test across all groups has GroupA and
// GroupB empty, NA and CAARA the count and mean CAR of the events of all
// groups, NB 0 and CAARB, Diff NaN.
type GroupComparison struct {
	Window         Window
	GroupA, GroupB string
	NA, NB         int
	CAARA, CAARB   float64
	Diff           float64 // CAARA − CAARB
	Test           GroupTest
	Stat, P        float64
}

// CompareGroups tests, for each CAR window of the panel, whether the CARs
// differ between the groups of names (as [GroupSummaries]): for each pair of
// groups (a before b in sorted order) [WelchT] and [MannWhitney], and with
// three groups or more [ANOVAF] and [KruskalWallis] across all of them. The
// rows are ordered by window, then pair, then test. Groups without a CAR in a
// window take part with n = 0 (their tests are NaN).
func CompareGroups(p *Panel, names []string) []GroupComparison {
	rows := groupRows(p, len(names))
	order := sortedGroups(names)
	var out []GroupComparison
	for j, w := range p.Params.CARs {
		cars := make([][]float64, len(names)) // sorted, for the rank tests
		means := make([]float64, len(names))  // in panel order, as summary.csv's CAAR
		for g, rs := range rows {
			for _, i := range rs {
				if c := p.Rows[i].CARs[j]; c.NDays > 0 && finiteF(c.CAR) {
					cars[g] = append(cars[g], c.CAR)
				}
			}
			means[g] = mean(cars[g])
			slices.Sort(cars[g])
		}
		for x, ga := range order {
			for _, gb := range order[x+1:] {
				a, b := cars[ga], cars[gb]
				base := GroupComparison{Window: w, GroupA: names[ga], GroupB: names[gb], NA: len(a), NB: len(b),
					CAARA: means[ga], CAARB: means[gb]}
				base.Diff = base.CAARA - base.CAARB
				wt := base
				wt.Test = GroupWelchT
				wt.Stat, _, wt.P = WelchT(a, b)
				mw := base
				mw.Test = GroupMannWhitney
				mw.Stat, mw.P = mannWhitneySorted(a, b)
				out = append(out, wt, mw)
			}
		}
		if len(names) >= 3 {
			all := make([][]float64, len(order))
			var pooled []float64
			for x, g := range order {
				all[x] = cars[g]
				pooled = append(pooled, cars[g]...)
			}
			base := GroupComparison{Window: w, NA: len(pooled), CAARA: mean(pooled), CAARB: nan, Diff: nan}
			f := base
			f.Test = GroupANOVAF
			f.Stat, _, _, f.P = ANOVAF(all)
			kw := base
			kw.Test = GroupKruskalWallis
			kw.Stat, _, kw.P = KruskalWallis(all)
			out = append(out, f, kw)
		}
	}
	return out
}

// GroupsOf turns each event's group label into the index of its group:
// names are the distinct labels in order of first appearance, an empty (or
// all-space) label becoming [GroupMissing]; idx[i] is the group of label i.
func GroupsOf(labels []string) (names []string, idx []int) {
	seen := map[string]int{}
	idx = make([]int, len(labels))
	for i, l := range labels {
		if strings.TrimSpace(l) == "" {
			l = GroupMissing
		}
		g, ok := seen[l]
		if !ok {
			g = len(names)
			seen[l] = g
			names = append(names, l)
		}
		idx[i] = g
	}
	return names, idx
}

// Grouped is the outcome of a study by group (`--by`): the column, the
// summaries of [GroupSummaries] and the tests of [CompareGroups].
type Grouped struct {
	By        string
	Summaries []GroupSummary
	Tests     []GroupComparison
}
