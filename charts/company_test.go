package charts_test

import (
	"strings"
	"testing"

	"github.com/eventstudy/eventstudy/charts"
)

// TestCompanyName: the firm is named by News.Company, else by the event's
// Name (the events file's or the price source's), else by its ticker; with
// a name the legend of the price chart gives the ticker too.
func TestCompanyName(t *testing.T) {
	in, r := fbPrices(), fbResult()
	in.Event.Name, r.Event.Name = "Meta Platforms", "Meta Platforms"
	price, err := charts.PriceChart(spec, in)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(price.Title, "Meta Platforms and ") || price.Legend[0].Label != "Meta Platforms (FB)" {
		t.Errorf("event name: title %q, legend %q", price.Title, price.Legend[0].Label)
	}
	ar, err := charts.ARChart(spec, r)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(ar.Title, "Meta Platforms: abnormal returns around ") {
		t.Errorf("event name: AR title %q", ar.Title)
	}
	named := spec
	named.News.Company = "Facebook"
	if ar, _ := charts.ARChart(named, r); !strings.HasPrefix(ar.Title, "Facebook: ") {
		t.Errorf("News.Company over the event's name: AR title %q", ar.Title)
	}
	in.Event.Name = ""
	if price, _ := charts.PriceChart(spec, in); price.Legend[0].Label != "FB" {
		t.Errorf("no name: legend %q, want the ticker alone", price.Legend[0].Label)
	}
}
