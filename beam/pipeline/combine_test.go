package pipeline

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/eventstudy/eventstudy/data"
	"github.com/eventstudy/eventstudy/data/sample"
	"github.com/eventstudy/eventstudy/internal/engine"
	"github.com/eventstudy/eventstudy/study"
)

// TestSummaryIndependentOfOrder: the combiner's output does not depend on the
// order of the inputs nor on how a runner splits and merges accumulators.
func TestSummaryIndependentOfOrder(t *testing.T) {
	p := study.DefaultParams()
	p.Conventions.Seed = 1
	pb, err := gobEncode(p)
	if err != nil {
		t.Fatal(err)
	}
	pr, err := sample.FS.ReadFile(sample.PricesFile)
	if err != nil {
		t.Fatal(err)
	}
	ss, err := data.ReadSeries(bytes.NewReader(pr), sample.PricesFile, "", data.PriceOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ret := map[string]study.Series{}
	for _, s := range ss {
		ret[strings.ToUpper(s.Symbol)] = engine.Measured(s, p, false)
	}
	evb, err := sample.FS.ReadFile(sample.EventsFile)
	if err != nil {
		t.Fatal(err)
	}
	ef, err := data.ReadEvents(bytes.NewReader(evb), sample.EventsFile, data.EventOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var rs []study.Result
	for _, row := range ef.Rows {
		firm, ok := ret[strings.ToUpper(row.Symbol)]
		if !ok {
			continue
		}
		ev := study.Event{ID: row.ID, Symbol: row.Symbol, Market: sample.Market, Date: row.Date}
		r := study.Estimate(p, study.Input{Event: ev, Firm: firm, Market: ret[sample.Market]})
		rs = append(rs, compact(r, true))
	}
	if len(rs) < 5 {
		t.Fatalf("%d results", len(rs))
	}

	fn := &summaryFn{P: pb, Tests: "battery"}
	combine := func(parts ...[]study.Result) summaryFiles {
		acc := fn.CreateAccumulator()
		for _, part := range parts {
			a := fn.CreateAccumulator()
			for _, r := range part {
				a = fn.AddInput(a, r)
			}
			acc = fn.MergeAccumulators(acc, a)
		}
		out, err := fn.ExtractOutput(acc)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	want := combine(rs)
	rev := slices.Clone(rs)
	slices.Reverse(rev)
	for name, got := range map[string]summaryFiles{
		"reversed":      combine(rev),
		"three parts":   combine(rev[4:], rev[:2], rev[2:4]),
		"with failures": combine(append([]study.Result{{Status: study.StatusUnknownSymbol}}, rs...)),
	} {
		if len(want.Files) != 2 {
			t.Fatalf("%d files, want aar.csv and summary.csv", len(want.Files))
		}
		if !slices.EqualFunc(got.Files, want.Files, func(a, b namedFile) bool { return a.Name == b.Name && bytes.Equal(a.Data, b.Data) }) {
			t.Errorf("%s: aar.csv or summary.csv differs from one accumulator in input order", name)
		}
	}
}
