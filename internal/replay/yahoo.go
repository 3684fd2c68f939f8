package replay

import (
	"os"
	"testing"

	"github.com/eventstudy/eventstudy/internal/shareddata"
)

// SyntheticCharts maps the symbols of yahoo_api_fixtures/synthetic to their
// files: v8 chart bodies built from real CSV values, 460 bars each over
// 2017-06-01..2019-03-29.
var SyntheticCharts = map[string]string{
	"FB":    "chart-FB-2017-06-01-to-2019-03-29.synthetic.body.json",
	"^GSPC": "chart-GSPC-2017-06-01-to-2019-03-29.synthetic.body.json",
	"SPY":   "chart-SPY-2017-06-01-to-2019-03-29.synthetic.body.json",
}

// Yahoo starts a server that serves the synthetic FB, ^GSPC and SPY charts
// at /v8/finance/chart/SYMBOL, trimmed to the requested period1..period2 as
// Yahoo does. Other symbols get Yahoo's 404 body. It skips or fails the test
// as shareddata does when the fixtures are absent, and closes with the test.
func Yahoo(tb testing.TB) *Server {
	tb.Helper()
	s := New()
	tb.Cleanup(s.Close)
	for sym, file := range SyntheticCharts {
		b, err := os.ReadFile(shareddata.Path(tb, "yahoo_api_fixtures", "synthetic", file))
		if err != nil {
			tb.Fatal(err)
		}
		s.Handle("/v8/finance/chart/"+sym, "", Response{Status: 200, Body: b, ChartRange: true})
	}
	return s
}
