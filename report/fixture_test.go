package report_test

import (
	"math"
	"time"

	"github.com/eventstudy/eventstudy/charts"
	"github.com/eventstudy/eventstudy/data/tables"
	"github.com/eventstudy/eventstudy/data/tidy"
	"github.com/eventstudy/eventstudy/report"
	"github.com/eventstudy/eventstudy/study"
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// weekdays from start to end.
func weekdays(start, end time.Time) []time.Time {
	var out []time.Time
	for d := start; !d.After(end); d = d.AddDate(0, 0, 1) {
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			out = append(out, d)
		}
	}
	return out
}

// fixture is a page about three events of one firm on made-up returns
// (deterministic; no random source): "earnings" falls 7 trading days before
// "banks", inside its event window; "cambridge" lies in the estimation
// window of both; "late" has no prices and fails. Returns are firm = 0.0002
// + 1.2·market + an idiosyncratic wiggle, with a jump on each event's day 0.
func fixture(stars bool) report.Page {
	days := weekdays(date(2017, 3, 1), date(2018, 9, 28))
	mkt := study.Series{Dates: days}
	firm := study.Series{Dates: days}
	jumps := map[time.Time]float64{date(2018, 3, 19): -0.05, date(2018, 7, 26): -0.19, date(2018, 8, 6): 0.039}
	for k, d := range days {
		m := 0.008*math.Sin(float64(k)*0.7) + 0.003*math.Cos(float64(k)*1.3)
		mkt.Values = append(mkt.Values, m)
		firm.Values = append(firm.Values, 0.0002+1.2*m+0.006*math.Sin(float64(k)*2.1+1)+jumps[d])
	}
	p := study.DefaultParams()
	events := []study.Event{
		{ID: "cambridge", Symbol: "FB", Market: "^GSPC", Date: date(2018, 3, 19)},
		{ID: "earnings", Symbol: "FB", Market: "^GSPC", Date: date(2018, 7, 25), AfterClose: true},
		{ID: "banks", Symbol: "FB", Market: "^GSPC", Date: date(2018, 8, 6)},
		{ID: "late", Symbol: "FB", Market: "^GSPC", Date: date(2019, 8, 6)},
	}
	var rs []study.Result
	for _, e := range events {
		rs = append(rs, study.Estimate(p, study.Input{Event: e, Firm: firm, Market: mkt}))
	}
	sum := study.Aggregate(p, rs)
	m := tidy.NewManifest()
	m.Parameters = tidy.NewParameters(p)
	m.Parameters.Market = "^GSPC"
	m.Parameters.Source = "csv: prices/FB.csv, prices/GSPC.csv"
	m.Parameters.Tests = sum.Tests
	m.Command = []string{"eventstudy", "run", "events.csv"}
	m.Inputs = []tidy.Input{{Role: "prices", Path: "/a/long/path/to/the/shared/data/folder/yahoo_bluefin_2020/FB.csv",
		SHA256: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", Bytes: 123456}}
	evs := []report.Event{
		{Headline: "Cambridge Analytica data scandal breaks", Company: "Facebook, Inc."},
		{Headline: "Q2 2018 earnings released after the close", Company: "Facebook, Inc.",
			Quality: tidy.Quality{Confounding: "cambridge;banks", Note: "other events of FB inside the estimation or event window (2017-07-28..2018-08-09): cambridge, banks"}},
		{Headline: "Reports that Facebook asked US banks for customer data", Company: "Facebook, Inc.",
			Quality: tidy.Quality{Confounding: "cambridge;earnings", Note: "FB: 1 trading day(s) missing in 2017-08-10..2018-08-20: 2018-05-04; other events of FB inside the estimation or event window: cambridge, earnings"}},
		{Headline: "An event with no prices", Company: "Facebook, Inc.", Quality: tidy.Quality{Note: "no prices after 2018-09-28"}},
	}
	o := tables.Options{Stars: stars}
	page := report.Page{Manifest: m, Params: p, Results: rs, Events: evs, Summary: sum,
		Tables: tables.All(sum, rs, o), TableOptions: o, Notes: []string{"A note on the charts."}}
	wide := charts.DefaultSpec()
	narrow := charts.DefaultSpec()
	narrow.Width, narrow.Height = 400, 450
	for i, r := range rs {
		if r.Status != study.StatusOK {
			continue
		}
		ch, err := charts.ARChart(wide, r)
		if err != nil {
			panic(err)
		}
		nch, err := charts.ARChart(narrow, r)
		if err != nil {
			panic(err)
		}
		page.Charts = append(page.Charts, report.Chart{Name: r.Event.ID + ".ar", Chart: ch, Narrow: nch, Event: i})
	}
	if ch, err := charts.CAARChart(wide, sum, nil); err == nil {
		nch, _ := charts.CAARChart(narrow, sum, nil)
		page.Charts = append(page.Charts, report.Chart{Name: "caar", Chart: ch, Narrow: nch, Event: -1})
	}
	return page
}
