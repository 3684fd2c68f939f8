package calendar_test

import (
	"fmt"
	"time"

	"github.com/eventstudy/eventstudy/data/calendar"
)

func ExampleCalendar_Closed() {
	cal := calendar.NYSE()
	for _, s := range []string{"2018-12-05", "2018-12-06", "2022-06-20"} {
		d, _ := time.Parse(time.DateOnly, s)
		reason, closed := cal.Closed(d)
		fmt.Printf("%s closed=%v (%s)\n", s, closed, reason)
	}
	// Output:
	// 2018-12-05 closed=true (funeral of George H. W. Bush)
	// 2018-12-06 closed=false ()
	// 2022-06-20 closed=true (Juneteenth)
}
