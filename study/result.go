package study

import "time"

// Fit is the benchmark model estimated on one event's estimation window.
// Fields that a model does not have are NaN (β of the constant-mean model).
type Fit struct {
	Model       Model // the model fitted; its methods ([Fit.Expected], [Fit.ARVariance]) depend on it
	Alpha, Beta float64
	Sigma       float64 // residual standard deviation; see DF
	R2          float64
	N           int     // n_est: estimation days with both firm and market returns
	DF          int     // degrees of freedom of the t-tests: N−k, k the model's parameters (N−2 market model, N−1 market-adjusted and constant-mean, N raw, N−1−factors for factor models), or N−1 under Conventions.TDFLminus1
	MeanM       float64 // μ̂_m, mean market return over the estimation observations
	Sxx         float64 // Σ(R_mt − MeanM)² over the estimation observations (used by the market model)
	EstStart    time.Time
	EstEnd      time.Time
	// LAll, MeanMAll and SxxAll are the count, mean and Σ(R_mt − MeanMAll)² of
	// all market returns of the estimation window, days without a firm return
	// included (NaN means when the model has no market): the prediction-error
	// term of the standardized tests under Conventions.Estudy2. With no missing
	// firm day they equal N, MeanM and Sxx exactly.
	LAll             int
	MeanMAll, SxxAll float64
	// Coef are all the coefficients of a factor model, intercept first, named
	// by CoefNames ("alpha", "Mkt-RF", "SMB", …); Alpha and Beta are Coef[0]
	// and Coef[1]. Nil for the other models.
	Coef      []float64
	CoefNames []string
	// BetaMethod is how Beta was estimated (market model).
	BetaMethod BetaMethod
	// Omega, ARCH and GARCH are ω, a and b of the conditional variance
	// h_t = ω + a ε²_{t−1} + b h_{t−1} of [MarketGARCH] (zero for the other
	// models); LogLik its maximised log-likelihood. Sigma is then the
	// residual standard deviation √(Σε̂²/(L1 − 5)) over the estimation
	// window, and the conditional variances are the ARs' SE².
	Omega, ARCH, GARCH, LogLik float64
	xtxInv                     []float64 // (X′X)⁻¹ of a factor model, len(Coef)² row-major
}

// Day is one event-window day of one event. Missing values are NaN.
type Day struct {
	RelDay    int
	Date      time.Time // the benchmark's trading day
	Ret       float64   // firm return
	MarketRet float64
	Expected  float64 // normal return from the model
	AR        float64
	SE        float64 // standard error of AR (MacKinlay 1997, eq. 8 for the market model)
	T, P      float64 // AR/SE and its two-sided p from Student's t with Fit.DF degrees of freedom
	CAR       float64 // Σ AR from the event-window start to this day, over days with an AR
}

// CAR is the cumulative abnormal return of one event over one window.
type CAR struct {
	Window Window
	NDays  int     // days of the window with an AR
	CAR    float64 // Σ AR
	SE     float64 // √Var(CAR), exact finite-sample (Campbell, Lo & MacKinlay 1997, sec. 4.4)
	T, P   float64 // standardized CAR (CAR/SE) and its two-sided p
	BHAR   float64 // Π(1+R) − Π(1+E[R]) over the window
}

// Result is the outcome of one event. When Status is not StatusOK, Message
// says why and only the fields computed before the failure are set.
type Result struct {
	Event   Event
	Status  Status
	Message string
	Day0    time.Time
	Fit     Fit
	Days    []Day // one per day of Params.Event, in order
	CARs    []CAR // parallel to Params.CARs
	// EstAR holds the estimation-window residuals, one per day of
	// Params.Estimation in order (NaN where missing): the tests across events
	// that use estimation-period information read them.
	EstAR []float64
	// EstVar holds the conditional variance h_t of each estimation day
	// under [MarketGARCH] (NaN where missing; nil for the other models, whose
	// variance is the constant Fit.Sigma²): the volatility rank test
	// standardizes the estimation residuals by it.
	EstVar []float64
}
