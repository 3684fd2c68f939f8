package calendar

import (
	"bufio"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/eventstudy/eventstudy/internal/shareddata"
	"github.com/eventstudy/eventstudy/internal/testdate"
)

var day = testdate.Day

func TestEaster(t *testing.T) {
	// Published Easter Sunday dates (Gregorian), e.g. the table in Meeus (1991), ch. 8,
	// and the extreme dates 22 March (1818, 2285) and 25 April (1943, 2038).
	for y, want := range map[int]string{
		1818: "1818-03-22", 1943: "1943-04-25", 2000: "2000-04-23", 2008: "2008-03-23",
		2018: "2018-04-01", 2019: "2019-04-21", 2024: "2024-03-31", 2025: "2025-04-20",
		2038: "2038-04-25", 2285: "2285-03-22",
	} {
		if got := Easter(y); !got.Equal(day(want)) {
			t.Errorf("Easter(%d) = %s, want %s", y, got.Format(time.DateOnly), want)
		}
	}
}

func TestClosed(t *testing.T) {
	// Dates from the NYSE holiday schedules of the years concerned.
	tests := []struct {
		date   string
		closed bool
		reason string
	}{
		{"2018-01-01", true, "New Year's Day"},
		{"2017-01-02", true, "New Year's Day"}, // 1 Jan 2017 was a Sunday
		{"2021-12-31", false, ""},              // 1 Jan 2022 was a Saturday: no Friday closure
		{"2018-01-15", true, "Martin Luther King Jr. Day"},
		{"1997-01-20", false, ""}, // MLK closures started in 1998
		{"2018-02-19", true, "Washington's Birthday"},
		{"2018-03-30", true, "Good Friday"},
		{"2019-04-19", true, "Good Friday"},
		{"2018-05-28", true, "Memorial Day"},
		{"2021-06-18", false, ""}, // Juneteenth not yet an NYSE holiday
		{"2022-06-20", true, "Juneteenth"},
		{"2023-06-19", true, "Juneteenth"},
		{"2018-07-04", true, "Independence Day"},
		{"2020-07-03", true, "Independence Day"}, // 4 Jul 2020 was a Saturday
		{"2021-07-05", true, "Independence Day"}, // 4 Jul 2021 was a Sunday
		{"2018-09-03", true, "Labor Day"},
		{"2018-11-22", true, "Thanksgiving Day"},
		{"2018-11-23", false, ""}, // early close, still a trading day
		{"2018-12-25", true, "Christmas Day"},
		{"2021-12-24", true, "Christmas Day"}, // 25 Dec 2021 was a Saturday
		{"2022-12-26", true, "Christmas Day"},
		{"2001-09-11", true, "September 11 attacks"},
		{"2001-09-14", true, "September 11 attacks"},
		{"2001-09-17", false, ""},
		{"2004-06-11", true, "funeral of Ronald Reagan"},
		{"2007-01-02", true, "funeral of Gerald Ford"},
		{"2012-10-29", true, "Hurricane Sandy"},
		{"2012-10-30", true, "Hurricane Sandy"},
		{"2018-12-05", true, "funeral of George H. W. Bush"},
		{"2025-01-09", true, "funeral of Jimmy Carter"},
		{"2018-08-04", true, "Saturday"},
		{"2018-08-05", true, "Sunday"},
		{"2018-08-06", false, ""},
	}
	cal := NYSE()
	for _, tt := range tests {
		reason, closed := cal.Closed(day(tt.date))
		if closed != tt.closed || reason != tt.reason {
			t.Errorf("Closed(%s) = %q, %v; want %q, %v", tt.date, reason, closed, tt.reason, tt.closed)
		}
	}
}

func TestDateLocation(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip(err)
	}
	// 2018-08-06 21:00 in New York is already 2018-08-07 in UTC: the civil date is the local one.
	in := time.Date(2018, 8, 6, 21, 0, 0, 0, ny)
	if got := Date(in); !got.Equal(day("2018-08-06")) {
		t.Errorf("Date(%v) = %v, want 2018-08-06", in, got)
	}
}

func TestNavigation(t *testing.T) {
	cal := NYSE()
	check := func(name string, got time.Time, want string) {
		t.Helper()
		if !got.Equal(day(want)) {
			t.Errorf("%s = %s, want %s", name, got.Format(time.DateOnly), want)
		}
	}
	check("Next(2018-08-03)", cal.Next(day("2018-08-03")), "2018-08-06")
	check("Prev(2018-08-06)", cal.Prev(day("2018-08-06")), "2018-08-03")
	check("Next(2018-12-04)", cal.Next(day("2018-12-04")), "2018-12-06")
	check("Add(2018-08-04, 0)", cal.Add(day("2018-08-04"), 0), "2018-08-06")
	check("Add(2018-08-06, -5)", cal.Add(day("2018-08-06"), -5), "2018-07-30")
	check("Add(2018-12-24, 2)", cal.Add(day("2018-12-24"), 2), "2018-12-27")
	if n := cal.Count(day("2018-01-01"), day("2018-12-31")); n != 251 {
		t.Errorf("trading days in 2018 = %d, want 251", n) // NYSE: 251 sessions in 2018
	}
	if n := cal.Count(day("2019-01-01"), day("2019-12-31")); n != 252 {
		t.Errorf("trading days in 2019 = %d, want 252", n)
	}
	if d := cal.Days(day("2018-08-06"), day("2018-08-03")); d != nil {
		t.Errorf("Days(to before from) = %v, want nil", d)
	}
}

// readDates returns the distinct dates in column col of a CSV file with a
// header, ascending.
func readDates(t *testing.T, path string, col int) []time.Time {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	seen := map[string]bool{}
	var out []time.Time
	sc.Scan() // header
	for sc.Scan() {
		fields := strings.Split(sc.Text(), ",")
		s := fields[col]
		if seen[s] {
			continue
		}
		seen[s] = true
		out = append(out, day(s))
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(out, time.Time.Compare)
	return out
}

// checkAgainst requires the file's dates to be exactly the calendar's trading
// days over the file's range.
func checkAgainst(t *testing.T, name string, dates []time.Time, wantN int) {
	t.Helper()
	cal := NYSE()
	if len(dates) != wantN {
		t.Fatalf("%s: %d distinct dates, want %d", name, len(dates), wantN)
	}
	in := map[time.Time]bool{}
	for _, d := range dates {
		in[d] = true
		if r, closed := cal.Closed(d); closed {
			t.Errorf("%s has %s, a day the calendar says is closed (%s)", name, d.Format(time.DateOnly), r)
		}
	}
	first, last := dates[0], dates[len(dates)-1]
	for _, d := range cal.Days(first, last) {
		if !in[d] {
			t.Errorf("calendar trading day %s is missing from %s", d.Format(time.DateOnly), name)
		}
	}
}

func TestAgainstYahooGSPC(t *testing.T) {
	p := shareddata.Path(t, "yahoo_kriti_2020", "GSPC.csv")
	dates := readDates(t, p, 0)
	// 1259 data rows, 2015-05-14..2020-05-13 (the file has no final newline).
	checkAgainst(t, "GSPC.csv", dates, 1259)
}

func TestAgainstPanel(t *testing.T) {
	p := shareddata.Path(t, "sp500_panel_yahoo_2017_2019", "sp500_daily_2017-06-01_2019-03-29.csv")
	// PROVENANCE.md: 460 distinct trading days, 2018-12-05 absent.
	checkAgainst(t, "panel", readDates(t, p, 0), 460)
}
