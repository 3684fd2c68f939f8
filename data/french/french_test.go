package french

import (
	"bytes"
	"errors"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/eventstudy/eventstudy/data"
	"github.com/eventstudy/eventstudy/internal/shareddata"
	"github.com/eventstudy/eventstudy/internal/testdate"
)

var day = testdate.Day

func readFile(t *testing.T, name string) *Factors {
	t.Helper()
	p := shareddata.Path(t, "fama_french_daily", name)
	r, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	f, err := Read(r, name)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func at(t *testing.T, f *Factors, d string) int {
	t.Helper()
	for i, x := range f.Dates {
		if x.Equal(day(d)) {
			return i
		}
	}
	t.Fatalf("%s not in factors", d)
	return -1
}

const eps = 1e-12

// TestOriginals: row counts, ranges, vintages and columns from PROVENANCE.md.
func TestOriginals(t *testing.T) {
	tests := []struct {
		file, vintage, first, last string
		rows                       int
		names                      string
	}{
		{"F-F_Research_Data_5_Factors_2x3_daily.CSV", "202403", "1963-07-01", "2024-03-28", 15290, "Mkt-RF SMB HML RMW CMA RF"},
		{"F-F_Research_Data_Factors_daily.CSV", "202411", "1926-07-01", "2024-11-29", 25880, "Mkt-RF SMB HML RF"},
		{"F-F_Momentum_Factor_daily.CSV", "202212", "1926-11-03", "2022-12-30", 25298, "Mom"},
	}
	for _, tt := range tests {
		f := readFile(t, tt.file)
		if len(f.Dates) != tt.rows || !f.Dates[0].Equal(day(tt.first)) || !f.Dates[len(f.Dates)-1].Equal(day(tt.last)) {
			t.Errorf("%s: %d rows %v..%v, want %d %s..%s", tt.file, len(f.Dates), f.Dates[0], f.Dates[len(f.Dates)-1], tt.rows, tt.first, tt.last)
		}
		if f.Vintage != tt.vintage || strings.Join(f.Names(), " ") != tt.names {
			t.Errorf("%s: vintage %q names %v, want %q %s", tt.file, f.Vintage, f.Names(), tt.vintage, tt.names)
		}
	}
	// First data row of the 5-factor file: 19630701, -0.67, 0.02, -0.35, 0.03, 0.13, 0.012 (percent).
	f := readFile(t, "F-F_Research_Data_5_Factors_2x3_daily.CSV")
	for name, want := range map[string]float64{"Mkt-RF": -0.0067, "SMB": 0.0002, "HML": -0.0035, "RMW": 0.0003, "CMA": 0.0013, "RF": 0.00012} {
		if got := f.Column(name)[0]; math.Abs(got-want) > eps {
			t.Errorf("5F 1963-07-01 %s = %v, want %v", name, got, want)
		}
	}
}

// TestTidyAgrees: the derived ff5_mom extract equals the originals it was cut
// from (PROVENANCE.md), and its spot values.
func TestTidyAgrees(t *testing.T) {
	tidy := readFile(t, "ff5_mom_daily_2017-2019.csv")
	if len(tidy.Dates) != 754 || strings.Join(tidy.Names(), " ") != "Mkt-RF SMB HML RMW CMA Mom RF" {
		t.Fatalf("tidy: %d rows, %v", len(tidy.Dates), tidy.Names())
	}
	i := at(t, tidy, "2018-08-06")
	// PROVENANCE.md, 2018-08-06 (percent): Mkt-RF 0.46, SMB 0.22, HML −0.34, RMW −0.31, CMA −0.21, RF 0.007, Mom 0.37.
	for name, want := range map[string]float64{"Mkt-RF": 0.0046, "SMB": 0.0022, "HML": -0.0034, "RMW": -0.0031, "CMA": -0.0021, "RF": 0.00007, "Mom": 0.0037} {
		if got := tidy.Column(name)[i]; math.Abs(got-want) > eps {
			t.Errorf("2018-08-06 %s = %v, want %v", name, got, want)
		}
	}
	merged := Merge(readFile(t, "F-F_Research_Data_5_Factors_2x3_daily.CSV"), readFile(t, "F-F_Momentum_Factor_daily.CSV"))
	m := merged.Range(day("2017-01-01"), day("2019-12-31"))
	if len(m.Dates) != len(tidy.Dates) {
		t.Fatalf("merged originals: %d rows in 2017-2019, tidy %d", len(m.Dates), len(tidy.Dates))
	}
	for _, name := range tidy.Names() {
		a, b := m.Column(name), tidy.Column(name)
		for k := range a {
			if a[k] != b[k] { // both parsed from the same text: bit-identical
				t.Errorf("%s %v: originals %v, tidy %v", name, m.Dates[k], a[k], b[k])
				break
			}
		}
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name, in string
		line     int
		err      error
	}{
		{"no header", "just notes\r\nmore notes\r\n", 2, ErrNoHeader},
		{"empty", "", 1, ErrNoHeader},
		{"header only", ",Mkt-RF,RF\r\n", 1, data.ErrEmpty},
		{"unknown column", ",Mkt-RF,XYZ\r\n", 1, ErrUnknownColumn},
		{"bad number", ",Mkt-RF,RF\r\n20180806, 0.46, abc\r\n", 2, data.ErrBadNumber},
		{"short row", ",Mkt-RF,RF\r\n20180806, 0.46\r\n", 2, data.ErrMissingColumn},
		{"bad first date", ",Mkt-RF,RF\r\n2018086, 0.46, 0.007\r\n", 2, data.ErrBadDate},
		{"duplicate", ",Mkt-RF,RF\r\n20180806,1,1\r\n20180806,1,1\r\n", 3, data.ErrDuplicateDate},
	}
	for _, tt := range tests {
		_, err := Read(strings.NewReader(tt.in), "f.csv")
		var pe *data.ParseError
		if !errors.As(err, &pe) || pe.Line != tt.line || !errors.Is(err, tt.err) {
			t.Errorf("%s: err = %v, want f.csv:%d %v", tt.name, err, tt.line, tt.err)
		}
	}
	// Missing codes become NaN; the footer and an annual section are ignored.
	f, err := Read(strings.NewReader("notes\n\n,Mom   \n20221229,  -2.76\n20221230, -99.99\n\n Annual Factors: January-December\n,Mom\n2022, 3.1\n\nCopyright 2022 Kenneth R. French\n"), "m")
	if err != nil || len(f.Dates) != 2 || f.Mom[0] != -0.0276 || !math.IsNaN(f.Mom[1]) {
		t.Errorf("Read = %+v, %v", f, err)
	}
}

func FuzzRead(f *testing.F) {
	f.Add([]byte("This file was created using the 202403 CRSP database.\r\n\r\n,Mkt-RF,SMB,HML,RF\r\n19260701,    0.10,   -0.25,   -0.27,   0.009\r\n19260702,    0.45,   -0.33,   -0.06,   0.009\r\n\r\nCopyright\r\n"))
	f.Add([]byte("Date,Mkt-RF,SMB,HML,RMW,CMA,RF,Mom\n2017-01-03,0.83,-0.11,0.06,-0.20,0.26,0.002,-0.61\n"))
	f.Add([]byte(",Mom   \n20221230, -99.99\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		got, err := Read(bytes.NewReader(in), "fuzz")
		if err != nil {
			var pe *data.ParseError
			if !errors.As(err, &pe) || pe.Line < 1 {
				t.Fatalf("error %v is not a *ParseError with Line ≥ 1", err)
			}
			return
		}
		var buf bytes.Buffer
		if err := Write(&buf, got); err != nil {
			t.Fatal(err)
		}
		again, err := Read(&buf, "again")
		if err != nil {
			t.Fatalf("re-read: %v\n%s", err, buf.String())
		}
		if len(again.Dates) != len(got.Dates) || strings.Join(again.Names(), ",") != strings.Join(got.Names(), ",") {
			t.Fatalf("round trip changed shape")
		}
		for _, n := range got.Names() {
			a, b := got.Column(n), again.Column(n)
			for i := range a {
				if !(math.IsNaN(a[i]) && math.IsNaN(b[i])) && math.Abs(a[i]-b[i]) > 1e-12*math.Max(1, math.Abs(a[i])) {
					t.Fatalf("%s[%d] = %v after round trip, want %v", n, i, b[i], a[i])
				}
			}
		}
	})
}
