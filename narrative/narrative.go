// Package narrative turns an event's result into a sentence a reporter can
// use. The wording is careful: it states the abnormal return, what it is
// compared with, the test and its p-value, and never claims that the news
// caused the move (an event study measures association with a date, not
// causation).
package narrative

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/eventstudy/eventstudy/internal/numfmt"
	"github.com/eventstudy/eventstudy/study"
)

// DisplayName maps index tickers to the names readers know.
func DisplayName(symbol string) string {
	switch strings.ToUpper(symbol) {
	case "^GSPC", "GSPC", "SPX", "^SPX":
		return "S&P 500"
	case "SPY":
		return "S&P 500 ETF (SPY)"
	case "^DJI", "DJI":
		return "Dow Jones Industrial Average"
	case "^IXIC", "IXIC":
		return "Nasdaq Composite"
	case "^NDX", "NDX":
		return "Nasdaq-100"
	}
	return symbol
}

// MarketPhrase names a benchmark inside a sentence: "the S&P 500" for the
// indices DisplayName knows, the bare symbol ("SYNMKT") otherwise.
func MarketPhrase(symbol string) string {
	if n := DisplayName(symbol); n != symbol {
		return "the " + n
	}
	return symbol
}

// Pct formats a fraction as a signed percentage with one decimal: +3.9%.
// U+2212 is not used, so that the text pastes cleanly into any system.
func Pct(x float64) string {
	if math.IsNaN(x) {
		return "n/a"
	}
	return fmt.Sprintf("%+.1f%%", 100*x)
}

// PValue formats p the way papers do: p = 0.032, p < 0.001.
func PValue(p float64) string {
	switch {
	case math.IsNaN(p):
		return "p n/a"
	case p < 0.001:
		return "p < 0.001"
	default:
		return fmt.Sprintf("p = %.3f", p)
	}
}

// Level is the significance level the sentence tests at.
const Level = 0.05

// Sentence describes day 0 of a computed event, for example:
//
//	On Aug 6, 2018 FB rose 4.4% while the S&P 500 rose 0.4%. After accounting
//	for the market (market model), FB's abnormal return was +3.9%, which is
//	statistically significant at the 5% level (t = 2.31, p = 0.022).
func Sentence(r *study.Result, model study.Model) string {
	if r.Status != study.StatusOK {
		return fmt.Sprintf("%s on %s could not be measured: %s.", r.Event.Symbol, r.Event.Date.Format("Jan 2, 2006"), r.Message)
	}
	var d0 *study.Day
	for i := range r.Days {
		if r.Days[i].RelDay == 0 {
			d0 = &r.Days[i]
		}
	}
	if d0 == nil {
		return fmt.Sprintf("%s: day 0 is outside the event window.", r.Event.Symbol)
	}
	sym := r.Event.Symbol
	mkt := MarketPhrase(r.Event.Market)
	var b strings.Builder
	fmt.Fprintf(&b, "On %s %s %s %s", d0.Date.Format("Jan 2, 2006"), sym, verb(d0.Ret), absPct(d0.Ret))
	if !math.IsNaN(d0.MarketRet) {
		fmt.Fprintf(&b, " while %s %s %s", mkt, verb(d0.MarketRet), absPct(d0.MarketRet))
	}
	b.WriteString(". ")
	switch model {
	case study.MarketModel:
		fmt.Fprintf(&b, "After accounting for the market (market model), %s's abnormal return was %s", sym, Pct(d0.AR))
	case study.MarketGARCH:
		fmt.Fprintf(&b, "After accounting for the market and for the stock's recent volatility (GARCH model), %s's abnormal return was %s", sym, Pct(d0.AR))
	case study.MarketAdjusted:
		fmt.Fprintf(&b, "Net of %s's move, %s's abnormal return was %s", mkt, sym, Pct(d0.AR))
	case study.ConstantMean:
		fmt.Fprintf(&b, "Compared with its own average daily return, %s's abnormal return was %s", sym, Pct(d0.AR))
	case study.FF3, study.FF5, study.Carhart:
		fmt.Fprintf(&b, "After accounting for the market and the size, value and other risk factors (%s model), %s's abnormal return was %s", model, sym, Pct(d0.AR))
	default:
		fmt.Fprintf(&b, "%s's return, tested against its normal volatility, was %s", sym, Pct(d0.AR))
	}
	significance(&b, d0, ": a move of this size is within the stock's normal day-to-day variation")
	return b.String()
}

// significance ends a day-0 sentence with the verdict of its t test at
// [Level]; notSig is added to the verdict when the day is not significant.
func significance(b *strings.Builder, d0 *study.Day, notSig string) {
	switch {
	case math.IsNaN(d0.P):
		b.WriteString("; its significance could not be tested.")
	case d0.P < Level:
		fmt.Fprintf(b, ", which is statistically significant at the 5%% level (t = %.2f, %s).", d0.T, PValue(d0.P))
	default:
		fmt.Fprintf(b, ", which is not statistically significant at the 5%% level (t = %.2f, %s)%s.", d0.T, PValue(d0.P), notSig)
	}
}

func verb(x float64) string {
	switch {
	case math.IsNaN(x):
		return "moved"
	case x > 0:
		return "rose"
	case x < 0:
		return "fell"
	}
	return "was unchanged at"
}

func absPct(x float64) string {
	if math.IsNaN(x) {
		return "(no return)"
	}
	if x == 0 {
		return "0.0%"
	}
	return fmt.Sprintf("%.1f%%", 100*math.Abs(x))
}

// VolumeSentence describes day 0 of a volume study (study.MeasureVolume:
// Ret is the log volume ln(1 + V), Expected the normal log volume, AR the
// abnormal log volume), for example:
//
//	On Aug 6, 2018 FB traded 49.7 million shares, 2.7 times its normal
//	volume (abnormal log volume +0.98), which is not statistically
//	significant at the 5% level (t = 1.90, p = 0.059).
//
// The ratio is e^AR = (1 + V)/(1 + V̂), V̂ the normal volume. A failed
// event reads as in [Sentence].
func VolumeSentence(r *study.Result) string {
	if r.Status != study.StatusOK {
		return Sentence(r, r.Fit.Model)
	}
	var d0 *study.Day
	for i := range r.Days {
		if r.Days[i].RelDay == 0 {
			d0 = &r.Days[i]
		}
	}
	if d0 == nil || math.IsNaN(d0.AR) {
		return fmt.Sprintf("%s: no volume on day 0.", r.Event.Symbol)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "On %s %s traded %s shares, %s its normal volume (abnormal log volume %s)",
		d0.Date.Format("Jan 2, 2006"), r.Event.Symbol, shares(math.Expm1(d0.Ret)), times(math.Exp(d0.AR)), signed2(d0.AR))
	significance(&b, d0, "")
	return b.String()
}

// shares writes a share count as people read it: 49.7 million, 812,400.
func shares(v float64) string {
	switch {
	case v >= 1e9:
		return fmt.Sprintf("%.1f billion", v/1e9)
	case v >= 1e6:
		return fmt.Sprintf("%.1f million", v/1e6)
	}
	return numfmt.Group(strconv.FormatFloat(math.Round(v), 'f', 0, 64))
}

// times writes a volume ratio: "2.7 times", "0.6 times", "about" (within 5% of 1).
func times(r float64) string {
	if math.Abs(r-1) < 0.05 {
		return "about"
	}
	return fmt.Sprintf("%.1f times", r)
}

func signed2(x float64) string {
	s := strconv.FormatFloat(x, 'f', 2, 64)
	if x >= 0 {
		return "+" + s
	}
	return "−" + s[1:]
}
