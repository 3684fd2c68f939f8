package data_test

import (
	"context"
	"fmt"
	"strings"
	"testing/fstest"
	"time"

	"github.com/eventstudy/eventstudy/data"
)

func ExampleReadEvents() {
	in := "\uFEFFevent_id,symbol,date,time,category\r\n" +
		"fb-earn,FB,2018-07-25,16:05,earnings\r\n" +
		"fb-banks,FB,2018-08-06,,privacy\r\n"
	f, err := data.ReadEvents(strings.NewReader(in), "events.csv", data.EventOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range f.Rows {
		fmt.Println(e.ID, e.Symbol, e.Date.Format(time.DateOnly), e.Time, e.AfterClose, f.Extra[0], e.Extra[0])
	}
	_, err = data.ReadEvents(strings.NewReader("symbol,date\nFB,06/08/2018\n"), "events.csv", data.EventOptions{})
	fmt.Println(err)
	// Output:
	// fb-earn FB 2018-07-25 16:05 true category earnings
	// fb-banks FB 2018-08-06  false category privacy
	// events.csv:2: column "date": unparseable date "06/08/2018" (want yyyy-mm-dd; see --date-format)
}

func ExampleReadSeries() {
	// Alpha Vantage: newest first, month-first dates, adjusted_close preferred.
	in := "timestamp,open,high,low,close,adjusted_close,volume\n" +
		"8/6/2018,178.97,186.87,178.97,185.69,185.69,52601200\n" +
		"8/3/2018,176.58,177.95,174.01,177.78,177.78,24763400\n"
	ss, err := data.ReadSeries(strings.NewReader(in), "FB.csv", "FB", data.PriceOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	s := ss[0]
	for i, d := range s.Dates {
		fmt.Println(s.Symbol, d.Format(time.DateOnly), s.Values[i])
	}
	fmt.Printf("return %.2f%%\n", 100*(s.Values[1]/s.Values[0]-1))
	// Output:
	// FB 2018-08-03 177.78
	// FB 2018-08-06 185.69
	// return 4.45%
}

func ExampleOpenCSVFS() {
	fsys := fstest.MapFS{
		"sample/GSPC.csv": {Data: []byte("Date,Close\n2018-08-03,2840.350098\n2018-08-06,2850.399902\n")},
	}
	src, err := data.OpenCSVFS(fsys, []string{"sample"}, data.PriceOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	s, err := src.Series(context.Background(), "^GSPC", time.Time{}, time.Time{})
	fmt.Println(s.Symbol, len(s.Dates), s.Values[1], err)
	_, err = src.Series(context.Background(), "SPY", time.Time{}, time.Time{})
	fmt.Println(err)
	fmt.Println(src.Files()[0].Path, src.Files()[0].Bytes)
	// Output:
	// ^GSPC 2 2850.399902 <nil>
	// SPY: unknown symbol (searched sample)
	// sample/GSPC.csv 57
}
