package tables

// testInfo is how a table shows the test with a given code.
type testInfo struct {
	name string
	// as is the kind of the test's statistic when it is not a test statistic
	// shown with 2 decimals: the bootstrap's "statistic" is the CAAR itself
	// (a return, in percent) and Wilcoxon's V a sum of ranks.
	as Kind
}

// testInfos maps the codes of the tests across events (study.BatteryTests;
// the column prefixes of aar.csv and the test column of tests.csv) to the
// names a reader of a table knows them by.
var testInfos = map[string]testInfo{
	"cs_t":          {name: "Cross-sectional t"},
	"j1":            {name: "J1 (Campbell–Lo–MacKinlay)"},
	"j2":            {name: "J2 (Campbell–Lo–MacKinlay)"},
	"bw1980":        {name: "Brown–Warner t (1980)"},
	"bw1985":        {name: "Brown–Warner t, dependence adj. (1985)"},
	"patell":        {name: "Patell Z"},
	"patell_kp":     {name: "Patell Z (Kolari–Pynnönen adj.)"},
	"bmp":           {name: "BMP t"},
	"bmp_kp":        {name: "BMP t (Kolari–Pynnönen adj.)"},
	"lamb":          {name: "Lamb Z"},
	"corrado_rank":  {name: "Corrado rank"},
	"cz_rank":       {name: "Corrado–Zivney rank"},
	"cowan_rank":    {name: "Cowan rank"},
	"grank":         {name: "Generalized rank (GRANK)"},
	"sign":          {name: "Sign test"},
	"gen_sign":      {name: "Generalized sign (Cowan)"},
	"cz_sign":       {name: "Corrado–Zivney sign"},
	"wilcoxon":      {name: "Wilcoxon signed-rank V", as: Rank},
	"skew_t":        {name: "Skewness-adjusted t"},
	"skew_t_bhar":   {name: "Skewness-adjusted t (BHAR)"},
	"bootstrap":     {name: "Bootstrap CAAR, % [95% percentile interval]", as: Percent},
	"bootstrap_bca": {name: "Bootstrap CAAR, % [95% BCa interval]", as: Percent},
}

// TestName is the name of the test with code (cs_t, bmp_kp, …) in the
// tables: "Cross-sectional t", "BMP t (Kolari–Pynnönen adj.)". A code the
// tables do not know is its own name. CSV files keep the codes.
func TestName(code string) string {
	if i, ok := testInfos[code]; ok {
		return i.name
	}
	return code
}

// statKind is how the statistic of the test with code is shown: [Stat]
// unless the test's statistic is a return ([Percent]) or a rank sum ([Rank]).
func statKind(code string) Kind {
	if i, ok := testInfos[code]; ok && i.as != Text {
		return i.as
	}
	return Stat
}

// MinStarsN is the smallest number of events for which a test across events
// gets significance stars. Below it the p-values rest on what a few events
// cannot support: normally distributed abnormal returns (the t and Z tests),
// large-sample approximations (sign and rank tests), or a resample of a
// handful of values (bootstrap). The tables still show the p-values, with a
// small-sample warning. 30 is the usual rule of thumb for a mean of skewed,
// fat-tailed values to be close enough to normal (central limit theorem);
// it is a convention of this tool, not a published threshold. A per-event
// CAR keeps its stars: its t test rests on the event's estimation window
// (Params.MinEst returns or more), not on the number of events.
const MinStarsN = 30

// starsP is the p-value that decides the stars of a test across n events:
// p itself when n ≥ [MinStarsN], else NaN (no stars).
func starsP(p float64, n int) float64 {
	if n < MinStarsN {
		return nan()
	}
	return p
}
