package study

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ReturnType says how returns are computed from consecutive prices.
type ReturnType int

const (
	Simple ReturnType = iota // R_t = P_t/P_{t-1} − 1
	Log                      // r_t = ln(P_t/P_{t-1})
)

func (r ReturnType) String() string {
	if r == Log {
		return "log"
	}
	return "simple"
}

// Model is the benchmark for normal (expected) returns.
type Model int

const (
	// MarketModel is R_it = α_i + β_i R_mt + ε_it, fitted by OLS on the estimation
	// window (MacKinlay 1997, eq. 3–4).
	MarketModel Model = iota
	// MarketAdjusted is E[R_it] = R_mt (α = 0, β = 1; Campbell, Lo & MacKinlay 1997, sec. 4.3.3).
	MarketAdjusted
	// ConstantMean is E[R_it] = μ_i, the estimation-window mean (MacKinlay 1997, eq. 1–2).
	ConstantMean
	// Raw is E[R_it] = 0: the abnormal return is the raw return.
	Raw
	// FF3 is the Fama & French (1993) three-factor model on excess returns,
	// R_it − RF_t = a + b·MktRF_t + s·SMB_t + h·HML_t + e (factors in Input.Factors).
	FF3
	// FF5 is the Fama & French (2015) five-factor model (FF3 + RMW, CMA).
	FF5
	// Carhart is the Carhart (1997) four-factor model (FF3 + Mom).
	Carhart
	// MarketGARCH is the market model with GARCH(1,1) errors fitted by
	// maximum likelihood ([FitGARCH]; Bollerslev 1986), whose abnormal
	// returns are standardized by the conditional variance forecast
	// ([GARCHFit.Forecast]; Savickas 2003).
	MarketGARCH
)

var modelNames = [...]string{"market", "market-adjusted", "constant-mean", "raw", "ff3", "ff5", "carhart", "garch"}

func (m Model) String() string {
	if int(m) < len(modelNames) && m >= 0 {
		return modelNames[m]
	}
	return fmt.Sprintf("Model(%d)", int(m))
}

// ParseModel reads a model name as used on the command line.
func ParseModel(s string) (Model, error) {
	for i, n := range modelNames {
		if s == n {
			return Model(i), nil
		}
	}
	return 0, fmt.Errorf("unknown model %q (want market, market-adjusted, constant-mean, raw, ff3, ff5, carhart or garch)", s)
}

// NonTrading says where day 0 goes when the event date is not a trading day of
// the benchmark.
type NonTrading int

const (
	Next     NonTrading = iota // the first trading day after the event date (default)
	Previous                   // the last trading day before the event date
	Skip                       // the event is not computed (status missing_event_data)
)

var nonTradingNames = [...]string{"next", "previous", "skip"}

func (n NonTrading) String() string {
	if int(n) < len(nonTradingNames) && n >= 0 {
		return nonTradingNames[n]
	}
	return fmt.Sprintf("NonTrading(%d)", int(n))
}

// ParseNonTrading reads next, previous or skip.
func ParseNonTrading(s string) (NonTrading, error) {
	for i, n := range nonTradingNames {
		if s == n {
			return NonTrading(i), nil
		}
	}
	return 0, fmt.Errorf("unknown non-trading rule %q (want next, previous or skip)", s)
}

// Window is an inclusive range of event days relative to day 0.
type Window struct{ Start, End int }

// Len is the number of event days in the window, End − Start + 1.
func (w Window) Len() int { return w.End - w.Start + 1 }

// Contains reports whether u lies inside w.
func (w Window) Contains(u Window) bool { return u.Start >= w.Start && u.End <= w.End }

func (w Window) String() string { return fmt.Sprintf("%+d..%+d", w.Start, w.End) }

// ParseWindow reads a window as the command lines write it: "a,b" (also
// "a..b"), two relative trading days, a ≤ b.
func ParseWindow(s string) (Window, error) {
	s = strings.TrimSpace(s)
	sep := ","
	if strings.Contains(s, "..") {
		sep = ".."
	}
	a, b, ok := strings.Cut(s, sep)
	if !ok {
		return Window{}, fmt.Errorf("window %q: want two days like -1,1", s)
	}
	x, err1 := strconv.Atoi(strings.TrimSpace(a))
	y, err2 := strconv.Atoi(strings.TrimSpace(b))
	if err1 != nil || err2 != nil {
		return Window{}, fmt.Errorf("window %q: want two whole numbers like -1,1", s)
	}
	if x > y {
		return Window{}, fmt.Errorf("window %q: start after end", s)
	}
	return Window{Start: x, End: y}, nil
}

// Params are the choices of a study. DefaultParams gives the canonical ones.
type Params struct {
	Model      Model
	Estimation Window   // default −250..−11
	Event      Window   // default −10..+10
	CARs       []Window // default −1..+1, 0..0, 0..+1, −5..+5; each inside Event
	MinEst     int      // minimum number of estimation-window returns; default 120
	ReturnType ReturnType
	NonTrading NonTrading
	// Conventions holds the choices on which peer tools differ; the zero
	// value is canonical.
	Conventions Conventions
	// Beta is how the market model's β is estimated (OLS by default; Scholes &
	// Williams 1977 or Dimson 1979 for thinly traded stocks).
	Beta BetaMethod
	// DimsonLags is the number of lags and of leads of the market return in the
	// Dimson regression; 0 means 1.
	DimsonLags int
	// Measure is what is studied: returns (the zero value), log volume
	// ([MeasureVolume]: the input series are log volumes, see [LogVolume]) or
	// volatility ([MeasureVolatility]).
	Measure Measure
}

// DefaultMinEst is the default minimum number of estimation returns: half of the
// default 240-day estimation window, so that σ̂ has at least 118 degrees of freedom.
const DefaultMinEst = 120

// MinEstFor is the default minimum number of estimation returns of an
// estimation window w: half of its days (DefaultMinEst for the default
// window), at least 3, so that a shorter window given alone is not refused.
func MinEstFor(w Window) int { return max(3, w.Len()/2) }

// DefaultParams returns the canonical design.
func DefaultParams() Params {
	return Params{
		Model:      MarketModel,
		Estimation: Window{-250, -11},
		Event:      Window{-10, 10},
		CARs:       []Window{{-1, 1}, {0, 0}, {0, 1}, {-5, 5}},
		MinEst:     DefaultMinEst,
		ReturnType: Simple,
		NonTrading: Next,
	}
}

// Series is a dated sequence. Dates are ascending, unique, at 00:00 UTC; a NaN
// value is a missing observation.
type Series struct {
	Dates  []time.Time
	Values []float64
}

// Len is the number of observations.
func (s Series) Len() int { return len(s.Dates) }

// Event is one news item to study.
type Event struct {
	ID         string
	Symbol     string
	Market     string    // benchmark symbol
	Date       time.Time // calendar date of the news, 00:00 UTC
	AfterClose bool      // news at or after the 16:00 close: day 0 is the next trading day after Date
	// VendorSymbol is the symbol the firm's prices were read under (META for
	// FB before its 2022-06-09 rename; Symbol itself when nothing was
	// renamed; "" when nothing was read), and Name the company's name the
	// price source gave ("" when unknown). The caller that loads prices sets
	// them; this package does not read them.
	VendorSymbol string
	Name         string
}

// Input is everything Estimate needs for one event: the firm's and the
// benchmark's returns. The benchmark's dates are the trading calendar that
// event time counts.
type Input struct {
	Event  Event
	Firm   Series // returns of the firm
	Market Series // returns of the benchmark
	// Factors are the factor returns of the factor models (FF3, FF5, Carhart),
	// matched to the benchmark's trading days by date; a day without factors
	// is a missing observation. Unused by the other models.
	Factors *FactorSeries
}

// Status is the outcome of one event.
type Status string

const (
	StatusOK                     Status = "ok"
	StatusUnknownSymbol          Status = "unknown_symbol"
	StatusOutOfRange             Status = "out_of_range"
	StatusInsufficientEstimation Status = "insufficient_estimation"
	StatusMissingEventData       Status = "missing_event_data"
	StatusDegenerate             Status = "degenerate"
	// StatusNotConverged: the maximum-likelihood search of [MarketGARCH] did
	// not converge; the message says why. No other model stands in for it.
	StatusNotConverged Status = "not_converged"
)
