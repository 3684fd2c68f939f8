package data

import (
	"errors"
	"strings"
	"testing"
)

// A file that is not CSV text (a PNG saved as FB.csv, an .xlsx workbook, a
// file with NUL bytes) is refused at line 1 with what it looks like, instead
// of "missing required column date" (issue 13); Latin-1 text still reads.
func TestReadSeriesNotText(t *testing.T) {
	for body, want := range map[string]string{
		"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR":       "a PNG image",
		"PK\x03\x04\x14\x00\x06\x00[Content_Types]": "Excel .xlsx",
		"date,close\n2018-01-02,1\x00\x00\n":        "binary data",
	} {
		_, err := ReadSeries(strings.NewReader(body), "FB.csv", "FB", PriceOptions{})
		var pe *ParseError
		if !errors.As(err, &pe) || !errors.Is(err, ErrNotText) || pe.Line != 1 || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v; want a ParseError at line 1 saying %q", body[:8], err, want)
		}
	}
	ss, err := ReadSeries(strings.NewReader("date,close\n2018-01-02,1\n2018-01-03,2\n"), "Soci\xe9t\xe9.csv", "SOC", PriceOptions{})
	if err != nil || len(ss) != 1 || len(ss[0].Values) != 2 {
		t.Errorf("Latin-1 name, text file: %v, %v", ss, err)
	}
	if _, err := ReadEvents(strings.NewReader("\x89PNG\r\n\x1a\n"), "events.csv", EventOptions{}); !errors.Is(err, ErrNotText) {
		t.Errorf("events: %v, want ErrNotText", err)
	}
}
