// Package testdate holds the one date helper that tests share.
package testdate

import "time"

// Day parses yyyy-mm-dd at 00:00 UTC and panics on a malformed literal (a
// bug in the test, not a condition to handle).
func Day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}
