package quick_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"math"
	"strconv"
	"testing"
	"time"

	"github.com/eventstudy/eventstudy/charts"
	"github.com/eventstudy/eventstudy/data"
	"github.com/eventstudy/eventstudy/data/sample"
	"github.com/eventstudy/eventstudy/quick"
	"github.com/eventstudy/eventstudy/study"
)

func sampleSource(t *testing.T) data.Source {
	t.Helper()
	src, err := data.OpenCSVFS(sample.FS, []string{sample.PricesFile}, data.PriceOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// samplePrice reads the close of symbol on date straight from the embedded
// CSV, independently of the price readers.
func samplePrice(t *testing.T, symbol, date string) float64 {
	t.Helper()
	f, err := sample.FS.Open(sample.PricesFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if r[0] == date && r[1] == symbol {
			x, err := strconv.ParseFloat(r[2], 64)
			if err != nil {
				t.Fatal(err)
			}
			return x
		}
	}
	t.Fatalf("no %s price on %s in the sample", symbol, date)
	return 0
}

func day(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }

// SYNA on 2020-02-26 has a planted abnormal return of +5% (σ = 1.5%,
// data/sample/truth.csv): the answer's prices and returns are the CSV's,
// the day-0 AR is within 3σ of 5%, and the CAR −1..+1 is the sum of the
// three ARs (CAR = Σ AR, MacKinlay 1997 eq. 12).
func TestRunSample(t *testing.T) {
	a, err := quick.Run(context.Background(), sampleSource(t), quick.Request{Symbol: "SYNA", Market: sample.Market,
		Date: day("2020-02-26"), Params: study.DefaultParams()})
	if err != nil {
		t.Fatal(err)
	}
	q := a.Result
	if q.Status != "ok" || q.Day0 != "2020-02-26" || len(q.Days) != 3 || q.CAR == nil {
		t.Fatalf("answer = %+v; want ok, day 0 2020-02-26, days -1..+1 and a CAR", q)
	}
	d0, dm1 := q.Days[1], q.Days[0]
	p0, pm1 := samplePrice(t, "SYNA", "2020-02-26"), samplePrice(t, "SYNA", dm1.Date)
	if float64(d0.Price) != p0 {
		t.Errorf("day-0 price = %v, want %v from prices.csv", d0.Price, p0)
	}
	if got, want := float64(d0.Ret), p0/pm1-1; math.Abs(got-want) > 1e-12 {
		t.Errorf("day-0 return = %v, want P0/P−1 − 1 = %v", got, want)
	}
	if math.Abs(float64(d0.AR)-0.05) > 3*0.015 {
		t.Errorf("day-0 AR = %v, want the planted 0.05 within 3σ = 0.045", d0.AR)
	}
	sum := float64(q.Days[0].AR + q.Days[1].AR + q.Days[2].AR)
	if math.Abs(float64(q.CAR.CAR)-sum) > 1e-12 || q.CAR.Start != -1 || q.CAR.End != 1 {
		t.Errorf("CAR %+d..%+d = %v, want ΣAR over −1..+1 = %v", q.CAR.Start, q.CAR.End, q.CAR.CAR, sum)
	}
	if q.Sentence == "" {
		t.Error("no sentence")
	}
	ch, err := quick.Chart(context.Background(), sampleSource(t), a, charts.DefaultSpec())
	if err != nil || ch == nil {
		t.Errorf("Chart: %v", err)
	}
}

// News after the close moves day 0 to the next trading day; a weekend date
// moves to Monday.
func TestRunDay0(t *testing.T) {
	for _, c := range []struct {
		name       string
		date       string
		afterClose bool
		want       string
	}{
		{"after the close", "2020-02-26", true, "2020-02-27"},
		{"Saturday", "2020-02-29", false, "2020-03-02"},
	} {
		a, err := quick.Run(context.Background(), sampleSource(t), quick.Request{Symbol: "SYNA", Market: sample.Market,
			Date: day(c.date), AfterClose: c.afterClose, Params: study.DefaultParams()})
		if err != nil {
			t.Fatal(err)
		}
		if a.Result.Day0 != c.want {
			t.Errorf("%s: day 0 of %s = %s, want %s", c.name, c.date, a.Result.Day0, c.want)
		}
	}
}

// A source failure is the answer's status, not an error; no chart is drawn
// for it; an event window without −1..+1 is ErrWindow.
func TestRunFailures(t *testing.T) {
	a, err := quick.Run(context.Background(), sampleSource(t), quick.Request{Symbol: "NOPE", Market: sample.Market,
		Date: day("2020-02-26"), Params: study.DefaultParams()})
	if err != nil {
		t.Fatal(err)
	}
	if a.Result.Status != string(study.StatusUnknownSymbol) || a.Result.CAR != nil {
		t.Errorf("unknown symbol: status %q, CAR %v; want unknown_symbol and no CAR", a.Result.Status, a.Result.CAR)
	}
	if _, err := quick.Chart(context.Background(), sampleSource(t), a, charts.DefaultSpec()); !errors.Is(err, quick.ErrNoChart) {
		t.Errorf("Chart of a failed answer: %v, want ErrNoChart", err)
	}
	p := study.DefaultParams()
	p.Event = study.Window{Start: 0, End: 5}
	if _, err := quick.Run(context.Background(), sampleSource(t), quick.Request{Symbol: "SYNA", Market: sample.Market,
		Date: day("2020-02-26"), Params: p}); !errors.Is(err, quick.ErrWindow) {
		t.Errorf("event window 0..5: %v, want ErrWindow", err)
	}
}

func TestFloatJSON(t *testing.T) {
	b, err := json.Marshal([]quick.Float{1.5, quick.Float(math.NaN()), quick.Float(math.Inf(-1))})
	if err != nil || string(b) != "[1.5,null,null]" {
		t.Errorf("JSON = %s, %v; want [1.5,null,null]", b, err)
	}
}
