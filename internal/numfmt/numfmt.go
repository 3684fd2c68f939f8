// Package numfmt writes numbers shown to people (charts, tables, the
// report) alike everywhere: digits grouped by thousands, so that a page and
// its charts print a count alike ("10,000 events" in a chart title,
// "10,000" in the table beside it), and days with a sign and a true minus.
package numfmt

import (
	"strconv"
	"strings"
)

// Thousands writes n with a comma between groups of three digits:
// 10000 → "10,000", -1234567 → "-1,234,567"; below 1,000 unchanged.
func Thousands(n int) string { return Group(strconv.Itoa(n)) }

// Group puts a comma between groups of three digits of the whole part of a
// decimal number written as [sign]digits[.fraction] ("22683.5" →
// "22,683.5", "−12345" → "−12,345"); the sign may be any non-digit prefix
// (a hyphen-minus or U+2212). Anything else is returned unchanged.
func Group(s string) string {
	start := strings.IndexFunc(s, isDigit)
	if start < 0 {
		return s
	}
	end := start
	for end < len(s) && isDigit(rune(s[end])) {
		end++
	}
	if end < len(s) && s[end] != '.' {
		return s // not a plain decimal number
	}
	whole := s[start:end]
	if len(whole) <= 3 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + len(whole)/3)
	b.WriteString(s[:start])
	first := len(whole) % 3
	if first == 0 {
		first = 3
	}
	b.WriteString(whole[:first])
	for i := first; i < len(whole); i += 3 {
		b.WriteByte(',')
		b.WriteString(whole[i : i+3])
	}
	b.WriteString(s[end:])
	return b.String()
}

// Signed writes a day (an integer) with its sign and a true minus sign
// (U+2212), zero unsigned: +1, 0, −1 — how tables label windows
// ("[−1, +1]") and the report writes them ("days −1 to +1").
func Signed(n int) string {
	switch {
	case n > 0:
		return "+" + strconv.Itoa(n)
	case n < 0:
		return "\u2212" + strconv.Itoa(-n)
	}
	return "0"
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }
