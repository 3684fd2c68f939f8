// Package study computes market-reaction event studies: expected (normal) returns
// fitted on an estimation window, abnormal returns (AR) and their cumulations (CAR,
// BHAR) over event windows, and cross-event aggregates (AAR, CAAR) with test
// statistics. It performs no I/O: callers hand it return series and get back results.
//
// # Notation
//
//	τ            event time: trading days of the benchmark (market) series, day 0 the event day
//	L1           n_est, the number of estimation days with both a firm and a market return
//	L2           the number of days with an AR in an event or CAR window
//	R_it, R_mt   returns of firm i and of the market on day t (fractions, not %)
//	μ̂_m, Sxx     mean of R_mt over the estimation window and Σ_t (R_mt − μ̂_m)²
//	σ̂²           residual variance of the model on the estimation window (see [Fit].DF)
//	AR_iτ        R_iτ − E[R_iτ], the abnormal return
//	CAR_i(τ1,τ2) Σ AR_iτ over τ1..τ2;  AAR_τ, CAAR: their means across events
//
// # Conventions
//
// Event time counts the trading days of the benchmark series ([Input].Market); a
// firm's missing day is a missing observation (NaN), never a shift. Dates are
// compared by UTC calendar day. Returns are simple unless [Params].ReturnType is
// [Log]. Every p-value is two-sided. Missing values are NaN and are skipped, never
// propagated: sums run over the days that have a value, and their count is reported
// (L1, L2, [CAR].NDays, [DayStats].N). A statistic that cannot be computed is NaN.
//
// An event that cannot be computed is not an error: its [Result] has a [Status] and
// a message, and the batch goes on. Breaking a contract (slices of different
// lengths, invalid [Params] passed to [Estimate]) panics.
//
// # References
//
//	[1] MacKinlay, A. C. (1997). Event studies in economics and finance.
//	    Journal of Economic Literature 35(1), 13–39.
//	[2] Campbell, J. Y., Lo, A. W., MacKinlay, A. C. (1997). The Econometrics of
//	    Financial Markets, ch. 4 "Event-Study Analysis". Princeton University Press.
//	[3] Brown, S. J., Warner, J. B. (1985). Using daily stock returns: the case of
//	    event studies. Journal of Financial Economics 14(1), 3–31.
package study
