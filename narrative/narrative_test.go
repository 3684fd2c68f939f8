package narrative

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/eventstudy/eventstudy/study"
)

func result(ar, t, p float64) *study.Result {
	d := time.Date(2018, 8, 6, 0, 0, 0, 0, time.UTC)
	return &study.Result{
		Event:  study.Event{Symbol: "FB", Market: "^GSPC", Date: d},
		Status: study.StatusOK,
		Days:   []study.Day{{RelDay: 0, Date: d, Ret: 0.04449, MarketRet: 0.00354, AR: ar, T: t, P: p}},
	}
}

func TestSentence(t *testing.T) {
	for _, c := range []struct {
		name  string
		r     *study.Result
		model study.Model
		want  []string
	}{
		{"significant", result(0.0397, 2.97, 0.0032), study.MarketModel, []string{
			"On Aug 6, 2018 FB rose 4.4% while the S&P 500 rose 0.4%.",
			"After accounting for the market (market model), FB's abnormal return was +4.0%",
			"statistically significant at the 5% level (t = 2.97, p = 0.003)."}},
		{"not significant", result(0.012, 1.1, 0.27), study.MarketAdjusted, []string{
			"Net of the S&P 500's move", "+1.2%", "not statistically significant at the 5% level (t = 1.10, p = 0.270)",
			"within the stock's normal day-to-day variation"}},
		{"tiny p", result(0.2, 9, 1e-9), study.ConstantMean, []string{"Compared with its own average daily return", "p < 0.001"}},
		{"factor model", result(0.03, 2.5, 0.013), study.Carhart, []string{"(carhart model), FB's abnormal return was +3.0%"}},
		{"garch", result(0.0397, 2.95, 0.0035), study.MarketGARCH, []string{
			"After accounting for the market and for the stock's recent volatility (GARCH model), FB's abnormal return was +4.0%"}},
		{"no p", result(0.01, math.NaN(), math.NaN()), study.Raw, []string{"could not be tested"}},
		{"failed", &study.Result{Event: study.Event{Symbol: "XYZ", Date: time.Date(2018, 8, 6, 0, 0, 0, 0, time.UTC)},
			Status: study.StatusUnknownSymbol, Message: "firm XYZ: unknown symbol"}, study.MarketModel,
			[]string{"XYZ on Aug 6, 2018 could not be measured: firm XYZ: unknown symbol."}},
	} {
		got := Sentence(c.r, c.model)
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: Sentence = %q, want it to contain %q", c.name, got, w)
			}
		}
		// Careful language: an event study shows association with a date.
		for _, bad := range []string{"caus", "because", "due to", "led to"} {
			if strings.Contains(strings.ToLower(got), bad) {
				t.Errorf("%s: Sentence = %q uses %q", c.name, got, bad)
			}
		}
	}
}

func TestDisplayNameAndFormats(t *testing.T) {
	if MarketPhrase("SPY") != "the S&P 500 ETF (SPY)" || MarketPhrase("SYNMKT") != "SYNMKT" {
		t.Errorf("MarketPhrase: SPY → %q, SYNMKT → %q", MarketPhrase("SPY"), MarketPhrase("SYNMKT"))
	}
	if DisplayName("^gspc") != "S&P 500" || DisplayName("FB") != "FB" {
		t.Errorf("DisplayName: ^gspc → %q, FB → %q", DisplayName("^gspc"), DisplayName("FB"))
	}
	for _, c := range []struct {
		got, want string
	}{{Pct(0.0397), "+4.0%"}, {Pct(-0.0677), "-6.8%"}, {Pct(math.NaN()), "n/a"}, {PValue(0.0004), "p < 0.001"}, {PValue(0.05), "p = 0.050"}} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

// The volume sentence on Facebook's 2018-08-06 numbers (cmd's TestVolumeBanks:
// 49,716,200 shares, abnormal log volume 0.9816, t = 1.90): e^0.9816 = 2.67.
func TestVolumeSentence(t *testing.T) {
	r := &study.Result{Event: study.Event{Symbol: "FB"}, Status: study.StatusOK,
		Days: []study.Day{{RelDay: 0, Date: time.Date(2018, 8, 6, 0, 0, 0, 0, time.UTC),
			Ret: math.Log1p(49716200), Expected: 16.7402, AR: 0.9816, T: 1.8976, P: 0.0590}}}
	want := "On Aug 6, 2018 FB traded 49.7 million shares, 2.7 times its normal volume (abnormal log volume +0.98), " +
		"which is not statistically significant at the 5% level (t = 1.90, p = 0.059)."
	if got := VolumeSentence(r); got != want {
		t.Errorf("VolumeSentence =\n%q, want\n%q", got, want)
	}
	r.Days[0].Ret, r.Days[0].AR, r.Days[0].P = math.Log1p(812400), -0.01, 0.9
	if got := VolumeSentence(r); !strings.Contains(got, "traded 812,400 shares, about its normal volume (abnormal log volume −0.01)") {
		t.Errorf("VolumeSentence = %q", got)
	}
	r.Days[0].AR, r.Days[0].P, r.Days[0].T = 2.3, 1e-5, 4.4
	if got := VolumeSentence(r); !strings.Contains(got, "10.0 times its normal volume") || !strings.Contains(got, "is statistically significant") {
		t.Errorf("VolumeSentence = %q", got)
	}
}
