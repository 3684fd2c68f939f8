package yahoo

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/eventstudy/eventstudy/data"
	"github.com/eventstudy/eventstudy/internal/shareddata"
)

// FuzzParseChart feeds bodies through the validation layer and, when it
// accepts them, through finance-go: nothing may panic, errors are our
// sentinels, and accepted bodies give ascending unique dates on which
// finance-go and the validation agree.
func FuzzParseChart(f *testing.F) {
	for _, s := range []string{
		`{"chart":{"result":[],"error":null}}`,
		`{"chart":{"result":null,"error":{"code":"Not Found","description":"No data found, symbol may be delisted"}}}`,
		`{"chart":{"result":[{"meta":{},"timestamp":[1533562200],"indicators":{"quote":[{}]}}]}}`,
		`{"chart":{"result":[{"meta":{"exchangeTimezoneName":"Mars/Base"},"timestamp":[1533303000,1533562200],"indicators":{"quote":[{"open":[1,null],"high":[2,null],"low":[0.5,null],"close":[1.5,null],"volume":[10,null]}],"adjclose":[{"adjclose":[1.4,null]}]}}]}}`,
		`{"chart":{"result":[{"meta":{},"timestamp":[1533562200,1533562300],"events":{"splits":{"1":{"date":1533562200,"numerator":4,"denominator":0}}},"indicators":{"quote":[{"open":[1,2],"high":[2,3],"low":[0.5,1],"close":[1.5,2],"volume":[10,20]}]}}]}}`,
	} {
		f.Add([]byte(s))
	}
	if root, ok := shareddata.Root(); ok { // seeds from the recorded bodies when present
		files, _ := filepath.Glob(filepath.Join(root, "yahoo_api_fixtures", "bodies", "*.json"))
		for _, file := range files {
			if b, err := os.ReadFile(file); err == nil && len(b) < 8000 {
				f.Add(b)
			}
		}
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		c, err := decodeBody(body)
		if err != nil {
			if !errors.Is(err, data.ErrMalformed) && !errors.Is(err, data.ErrNoData) &&
				!errors.Is(err, data.ErrUnknownSymbol) && !errors.Is(err, data.ErrUnavailable) {
				t.Fatalf("error %v wraps no provider sentinel", err)
			}
			return
		}
		for i := 1; i < len(c.Bars); i++ {
			if !c.Bars[i].Date.After(c.Bars[i-1].Date) {
				t.Fatalf("dates not ascending at %d: %v, %v", i, c.Bars[i-1].Date, c.Bars[i].Date)
			}
		}
		for _, b := range c.Bars {
			if b.Close <= 0 || b.AdjClose <= 0 {
				t.Fatalf("non-positive price survived: %+v", b)
			}
		}
	})
}
