package numfmt

import "testing"

func TestGroup(t *testing.T) {
	for in, want := range map[string]string{
		"0":           "0",
		"999":         "999",
		"1000":        "1,000",
		"10000":       "10,000",
		"100000":      "100,000",
		"1234567":     "1,234,567",
		"-1234":       "-1,234",
		"−12345":      "−12,345", // U+2212
		"22683.5":     "22,683.5",
		"999.5":       "999.5",
		"1234.56789":  "1,234.56789",
		"":            "",
		"n/a":         "n/a",
		"1e+06":       "1e+06", // not a plain decimal: unchanged
		"< 0.001":     "< 0.001",
		"12345 (0.2)": "12345 (0.2)",
	} {
		if got := Group(in); got != want {
			t.Errorf("Group(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 1: "1", 999: "999", 1000: "1,000", 10000: "10,000",
		-1000: "-1,000", 1048576: "1,048,576", -999: "-999"} {
		if got := Thousands(n); got != want {
			t.Errorf("Thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestSigned(t *testing.T) {
	for n, want := range map[int]string{0: "0", 1: "+1", 10: "+10", -1: "−1", -250: "−250"} {
		if got := Signed(n); got != want {
			t.Errorf("Signed(%d) = %q, want %q", n, got, want)
		}
	}
}
