package data

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// A DateFormat names how calendar dates are written in an input file. The
// values are the spellings the --date-format flag accepts.
//
// The zero value, [DateAuto], means: for price and return files, detect the
// format of each date from its shape (yyyy-mm-dd, or m/d/yyyy as Alpha Vantage
// and spreadsheets write it, month first); for event files, ISO yyyy-mm-dd.
// Day-first files (dd/mm/yyyy) are never guessed: they need [DateDMY].
//
// Every format accepts one- or two-digit days and months where it uses
// slashes, and an optional time of day after a space or a 'T'
// ("2018-08-06 00:00:00"), which is ignored: a date is a day, at 00:00 UTC.
type DateFormat string

// Date formats.
const (
	DateAuto DateFormat = ""           // ISO or m/d/yyyy by shape (prices); ISO (events)
	DateISO  DateFormat = "yyyy-mm-dd" // 2018-08-06
	DateDMY  DateFormat = "dd/mm/yyyy" // 06/08/2018 (lemaire_gafam/10K.csv)
	DateMDY  DateFormat = "mm/dd/yyyy" // 8/6/2018 (Alpha Vantage re-saved by a spreadsheet)
)

// ErrBadDateFormat reports a date-format name that [ParseDateFormat] does not know.
var ErrBadDateFormat = errors.New("unknown date format")

// ParseDateFormat returns the DateFormat named by s, a --date-format flag value:
// "yyyy-mm-dd" (or "iso"), "dd/mm/yyyy", "mm/dd/yyyy", or "" / "auto" for
// [DateAuto]. Case and surrounding spaces are ignored. Any other value is an
// error wrapping [ErrBadDateFormat].
func ParseDateFormat(s string) (DateFormat, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "auto":
		return DateAuto, nil
	case "yyyy-mm-dd", "iso":
		return DateISO, nil
	case "dd/mm/yyyy":
		return DateDMY, nil
	case "mm/dd/yyyy", "m/d/yyyy":
		return DateMDY, nil
	}
	return "", fmt.Errorf("%w %q (want yyyy-mm-dd, dd/mm/yyyy or mm/dd/yyyy)", ErrBadDateFormat, s)
}

// want is the phrase error messages use for the expected format.
func (f DateFormat) want() string {
	if f == DateAuto {
		return "yyyy-mm-dd or m/d/yyyy"
	}
	return string(f)
}

// badDate is the error for an unparseable date cell.
func badDate(s string, f DateFormat) error {
	return fmt.Errorf("%w %q (want %s; see --date-format)", ErrBadDate, s, f.want())
}

// parseDate parses s (already trimmed) in format f, without allocating. It
// does not use time.Parse: the S&P panel has 208k dates.
func parseDate(s string, f DateFormat) (time.Time, bool) {
	switch f {
	case DateISO:
		return parseISO(s)
	case DateDMY:
		return parseSlash(s, false)
	case DateMDY:
		return parseSlash(s, true)
	case DateAuto:
		if len(s) > 4 && s[4] == '-' {
			return parseISO(s)
		}
		return parseSlash(s, true)
	}
	return time.Time{}, false
}

// parseISO parses yyyy-mm-dd with an optional time suffix.
func parseISO(s string) (time.Time, bool) {
	if len(s) < 10 || s[4] != '-' || s[7] != '-' || !timeSuffix(s[10:]) {
		return time.Time{}, false
	}
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 {
		return time.Time{}, false
	}
	return civil(y, m, d)
}

// parseSlash parses a/b/yyyy, month first when monthFirst, with an optional
// time suffix.
func parseSlash(s string, monthFirst bool) (time.Time, bool) {
	i := strings.IndexByte(s, '/')
	if i < 1 || i > 2 {
		return time.Time{}, false
	}
	rest := s[i+1:]
	j := strings.IndexByte(rest, '/')
	if j < 1 || j > 2 || len(rest) < j+5 || !timeSuffix(rest[j+5:]) {
		return time.Time{}, false
	}
	a, ok1 := digits(s[:i])
	b, ok2 := digits(rest[:j])
	y, ok3 := digits(rest[j+1 : j+5])
	if !ok1 || !ok2 || !ok3 {
		return time.Time{}, false
	}
	if monthFirst {
		return civil(y, a, b)
	}
	return civil(y, b, a)
}

// timeSuffix reports whether s is empty or a time of day after ' ' or 'T',
// such as " 00:00:00" or "T16:00:00Z".
func timeSuffix(s string) bool {
	if s == "" {
		return true
	}
	if (s[0] != ' ' && s[0] != 'T') || len(s) < 3 || s[1] < '0' || s[1] > '9' {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c == ':' || c == '.' || c == 'Z' || c == '+' || c == '-') {
			return false
		}
	}
	return true
}

// digits parses a short run of ASCII digits.
func digits(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// civil returns y-m-d at 00:00 UTC, checking the day exists.
func civil(y, m, d int) (time.Time, bool) {
	if y < 1 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return time.Time{}, false
	}
	return time.Unix(daysFromCivil(y, m, d)*86400, 0).UTC(), true
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil returns the days since 1970-01-01 of a proleptic Gregorian
// date: H. Hinnant, "chrono-Compatible Low-Level Date Algorithms" (2013),
// days_from_civil.
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400 // y ≥ 0 here
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}
