package charts_test

import (
	"math"
	"testing"

	"github.com/eventstudy/eventstudy/charts"
	"github.com/eventstudy/eventstudy/internal/svgread"
)

// spreadInput is batchInput(n) with the CARs over −1..+1 spread normally
// with standard deviation sd: with n = 10,000 and sd = 2%, the histogram's
// axis runs −10%..+10% with half-point bins, as on the S&P 500 batch of
// docs/scale.md.
func spreadInput(n int, sd float64) charts.StudyInput {
	in := batchInput(n)
	for k := range in.Results {
		u := (float64(k) + 0.5) / float64(n)
		in.Results[k].CARs[0].CAR = sd * math.Sqrt2 * math.Erfinv(2*u-1)
	}
	return in
}

// TestTickLabelsApart reads every tick label of every kind of chart (price,
// AR, CAAR, histogram, dot plot, fan, small multiples, groups, rejection
// rates), wide and on a phone, as a reader sees it in the SVG: on no axis
// do two labels touch or come closer than half an em. The narrow histogram
// of a 10,000-event batch used to read "−10.0%−7.5%−5.0%…" with no room.
func TestTickLabelsApart(t *testing.T) {
	var all []charts.Named
	for _, in := range []charts.StudyInput{spreadInput(10000, 0.02), batchInput(10000), batchInput(36), batchInput(12), batchInput(3)} {
		built, _ := charts.StudyCharts(spec, in)
		all = append(all, built...)
	}
	price, err := charts.PriceChart(spec, fbPrices())
	if err != nil {
		t.Fatal(err)
	}
	ar, err := charts.ARChart(spec, fbResult())
	if err != nil {
		t.Fatal(err)
	}
	groups, err := charts.CAARGroupsChart(spec, grouped())
	if err != nil {
		t.Fatal(err)
	}
	rej, err := charts.RejectionChart(spec, "Size", "1000 samples", []charts.RejectionRate{{Test: "cs_t", Rate: 0.047, SE: 0.007}, {Test: "patell", Rate: 0.169, SE: 0.012}}, 0.05)
	if err != nil {
		t.Fatal(err)
	}
	all = append(all, charts.Named{Name: "fb.price", Chart: price}, charts.Named{Name: "fb.ar", Chart: ar},
		charts.Named{Name: "groups", Chart: groups}, charts.Named{Name: "rejection", Chart: rej})
	for _, c := range all {
		for _, v := range []struct {
			name string
			ch   *charts.Chart
		}{{"wide", c.Chart}, {"narrow", c.Chart.Narrow()}} {
			d := svgread.Parse(render(t, v.ch, "svg"))
			axes := d.TickAxes()
			if len(axes) == 0 {
				t.Errorf("%s (%s): no axis of tick labels found", c.Name, v.name)
			}
			for _, p := range d.TickCrowding() {
				t.Errorf("%s (%s) %q: %s", c.Name, v.name, d.Title, p)
			}
		}
	}
}
