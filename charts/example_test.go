package charts_test

import (
	"bytes"
	"fmt"
	"log"
	"strings"

	"github.com/eventstudy/eventstudy/charts"
	"github.com/eventstudy/eventstudy/study"
)

func ExamplePriceChart() {
	// fbPrices holds FB and S&P 500 closes around Aug 6, 2018 (day −1:
	// 177.78 and 2840.35; day 0: 185.69 and 2850.40).
	ch, err := charts.PriceChart(charts.Spec{}, fbPrices())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(ch.Title)
	fmt.Println(ch.Subtitle)
	// Output:
	// FB and S&P 500 around Aug 6, 2018
	// FB +4.4% on Aug 6, 2018; S&P 500 +0.4%. Closing prices, indexed to 100 on the day before
}

// A newsroom chart: the headline is the title, the company's name replaces
// the ticker.
func ExamplePriceChart_news() {
	spec := charts.Spec{News: charts.News{Headline: "Facebook asked US banks for customer data", Company: "Facebook"}}
	ch, err := charts.PriceChart(spec, fbPrices())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(ch.Title)
	fmt.Println(ch.Subtitle)
	// Output:
	// Facebook asked US banks for customer data
	// Facebook +4.4% on Aug 6, 2018; S&P 500 +0.4%. Closing prices, indexed to 100 on the day before
}

func ExampleSourceLine() {
	fmt.Println(charts.SourceLine("Yahoo Finance", "The Daily Ledger"))
	fmt.Println(charts.ModelNote(study.DefaultParams()))
	// Output:
	// Source: Yahoo Finance. Chart: The Daily Ledger
	// Abnormal return: actual minus expected return, market model estimated over trading days −250..−11
}

// An HTML report holds many charts: it writes the fonts once and each chart
// as an inline <svg> element without fonts.
func ExampleRender_html() {
	ch, err := charts.ARChart(charts.Spec{Source: "Source: Yahoo Finance"}, fbResult())
	if err != nil {
		log.Fatal(err)
	}
	var page bytes.Buffer
	page.WriteString("<!doctype html><style>" + charts.FontCSS() + "</style>\n<figure>")
	if err := charts.Render(ch, "svg-inline", &page); err != nil {
		log.Fatal(err)
	}
	page.WriteString("</figure>")
	fmt.Println(strings.Count(page.String(), "@font-face"), strings.Count(page.String(), "<svg"))
	// Output: 2 1
}
