package replay

import (
	"encoding/json"
	"fmt"
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

// Renamed maps the symbols of [SyntheticCharts] to the symbol today's Yahoo
// serves their history under: Facebook's prices are META's since the ticker
// change of 2022-06-09, and Yahoo answers FB with 404.
var Renamed = map[string]string{"FB": "META"}

// Names are the meta.longName values [Yahoo] adds to the synthetic bodies
// (whose reduced meta block has none), as the real responses carry them.
var Names = map[string]string{"META": "Meta Platforms, Inc.", "^GSPC": "S&P 500", "SPY": "SPDR S&P 500 ETF Trust"}

// Yahoo starts a server that answers as today's Yahoo does: the synthetic FB
// chart under META (meta.symbol META; FB itself gets the 404 "No data found,
// symbol may be delisted"), and the ^GSPC and SPY charts, at
// /v8/finance/chart/SYMBOL, trimmed to the requested period1..period2, with
// meta.longName and meta.shortName from [Names]. Other symbols get Yahoo's
// 404 body. It skips or fails the test as shareddata does when the fixtures
// are absent, and closes with the test.
func Yahoo(tb testing.TB) *Server {
	tb.Helper()
	s := New()
	tb.Cleanup(s.Close)
	for sym, file := range SyntheticCharts {
		b, err := os.ReadFile(shareddata.Path(tb, "yahoo_api_fixtures", "synthetic", file))
		if err != nil {
			tb.Fatal(err)
		}
		if n, ok := Renamed[sym]; ok {
			sym = n
		}
		b, err = setMeta(b, sym, Names[sym])
		if err != nil {
			tb.Fatalf("%s: %v", file, err)
		}
		s.Handle("/v8/finance/chart/"+sym, "", Response{Status: 200, Body: b, ChartRange: true})
	}
	return s
}

// setMeta sets meta.symbol, and meta.longName and meta.shortName when name
// is not empty, in a v8 chart body.
func setMeta(body []byte, symbol, name string) ([]byte, error) {
	var doc map[string]any
	if err := json.Unmarshal(body, &doc); err != nil {
		return nil, err
	}
	list, _ := dig(doc, "chart", "result").([]any)
	if len(list) == 0 {
		return nil, fmt.Errorf("no chart.result")
	}
	r, _ := list[0].(map[string]any)
	meta, _ := r["meta"].(map[string]any)
	if meta == nil {
		return nil, fmt.Errorf("no meta")
	}
	meta["symbol"] = symbol
	if name != "" {
		meta["longName"], meta["shortName"] = name, name
	}
	return json.Marshal(doc)
}
