package data

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// addSeeds adds every file of testdata/ as a seed.
func addSeeds(f *testing.F) {
	paths, err := filepath.Glob("testdata/*.csv")
	if err != nil || len(paths) == 0 {
		f.Fatalf("no seeds in testdata: %v", err)
	}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

// checkErr asserts err is a *ParseError naming the file at a line ≥ 1.
func checkErr(t *testing.T, err error, name string) {
	t.Helper()
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("error %v (%T) is not a *ParseError", err, err)
	}
	if pe.Line < 1 || pe.File != name || pe.Err == nil {
		t.Fatalf("ParseError %+v: want Line ≥ 1, File %q, an Err", pe, name)
	}
}

func FuzzReadEvents(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, df := range []DateFormat{DateISO, DateDMY} {
			ev, err := ReadEvents(bytes.NewReader(b), "fuzz.csv", EventOptions{DateFormat: df})
			if err != nil {
				checkErr(t, err, "fuzz.csv")
				continue
			}
			seen := map[string]bool{}
			for i, r := range ev.Rows {
				if r.Line < 2 || (i > 0 && r.Line <= ev.Rows[i-1].Line) {
					t.Fatalf("row %d at line %d", i, r.Line)
				}
				if r.Symbol == "" || r.ID == "" || seen[r.ID] || len(r.Extra) != len(ev.Extra) {
					t.Fatalf("bad row %+v", r)
				}
				seen[r.ID] = true
				if r.Time != "" && (len(r.Time) != 5 || r.AfterClose != (r.Time >= "16:00")) {
					t.Fatalf("time %q after close %v", r.Time, r.AfterClose)
				}
			}
		}
	})
}

func FuzzReadSeries(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, opt := range []PriceOptions{{}, {Returns: true, DateFormat: DateDMY}} {
			ss, err := ReadSeries(bytes.NewReader(b), "fuzz.csv", "FUZZ", opt)
			if err != nil {
				checkErr(t, err, "fuzz.csv")
				continue
			}
			if len(ss) == 0 {
				t.Fatal("no series and no error")
			}
			for _, s := range ss {
				if len(s.Dates) == 0 || len(s.Dates) != len(s.Values) {
					t.Fatalf("%q: %d dates, %d values", s.Symbol, len(s.Dates), len(s.Values))
				}
				for i, d := range s.Dates {
					if d.Location().String() != "UTC" || d.Hour() != 0 || d.Minute() != 0 || d.Second() != 0 {
						t.Fatalf("%q: date %v not at 00:00 UTC", s.Symbol, d)
					}
					if i > 0 && !d.After(s.Dates[i-1]) {
						t.Fatalf("%q: dates not ascending and unique at %d", s.Symbol, i)
					}
					if v := s.Values[i]; !opt.Returns && v <= 0 {
						t.Fatalf("%q: price %v", s.Symbol, v)
					}
				}
			}
			// Prices never depend on the date format for ISO-only input.
			if !opt.Returns && !strings.Contains(string(b), "/") {
				if _, err := ReadSeries(bytes.NewReader(b), "fuzz.csv", "FUZZ", PriceOptions{DateFormat: DateISO}); err != nil {
					t.Fatalf("auto read, ISO failed: %v", err)
				}
			}
		}
	})
}

// FuzzReadTable: a table that reads has rows of the header's width on
// increasing lines; every column parses as numbers or fails with a
// *ParseError naming its line and column; errors are *ParseError.
func FuzzReadTable(f *testing.F) {
	addSeeds(f)
	f.Add([]byte("event_id,car,kind\na,0.01,bank\nb,NA,\nc,x,tech\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		tab, err := ReadTable(bytes.NewReader(b), "fuzz.csv")
		if err != nil {
			checkErr(t, err, "fuzz.csv")
			return
		}
		for i, r := range tab.Rows {
			if len(r) != len(tab.Header) || tab.Lines[i] < 2 || (i > 0 && tab.Lines[i] <= tab.Lines[i-1]) {
				t.Fatalf("row %d of %d cells at line %d (header %d)", i, len(r), tab.Lines[i], len(tab.Header))
			}
		}
		for j, h := range tab.Header {
			if c := tab.Col(h); c < 0 || c > j {
				t.Fatalf("Col(%q) = %d, want ≤ %d", h, c, j)
			}
			if _, err := tab.Floats(j); err != nil {
				checkErr(t, err, "fuzz.csv")
			}
			if got := tab.Strings(j); len(got) != len(tab.Rows) {
				t.Fatalf("Strings(%d) has %d cells for %d rows", j, len(got), len(tab.Rows))
			}
		}
	})
}
