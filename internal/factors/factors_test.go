package factors

import (
	"io"
	"math"
	"os"
	"testing"
	"time"

	"github.com/eventstudy/eventstudy/internal/shareddata"
)

func open(p string) (io.ReadCloser, error) { return os.Open(p) }

// The 3-factor and momentum files of the library merge by date into the
// factor models' columns, in fractions, RF apart; values from the files'
// 2018-08-06 rows ("20180806, 0.46, 0.26, -0.33, 0.007" and "20180806, 0.37").
func TestReadMerges(t *testing.T) {
	ff3 := shareddata.Path(t, "fama_french_daily", "F-F_Research_Data_Factors_daily.CSV")
	mom := shareddata.Path(t, "fama_french_daily", "F-F_Momentum_Factor_daily.CSV")
	fs, err := Read([]string{ff3, mom}, open)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Mkt-RF", "SMB", "HML", "Mom"}
	if len(fs.Names) != len(want) {
		t.Fatalf("names %v, want %v", fs.Names, want)
	}
	for i, n := range want {
		if fs.Names[i] != n {
			t.Fatalf("names %v, want %v", fs.Names, want)
		}
	}
	day := time.Date(2018, 8, 6, 0, 0, 0, 0, time.UTC)
	i := -1
	for j, d := range fs.Dates {
		if d.Equal(day) {
			i = j
		}
	}
	if i < 0 {
		t.Fatal("2018-08-06 missing")
	}
	for _, c := range []struct {
		name string
		got  float64
		want float64
	}{
		{"Mkt-RF", fs.Column("Mkt-RF")[i], 0.0046}, {"SMB", fs.Column("SMB")[i], 0.0026},
		{"HML", fs.Column("HML")[i], -0.0033}, {"Mom", fs.Column("Mom")[i], 0.0037}, {"RF", fs.RF[i], 0.00007},
	} {
		if math.Abs(c.got-c.want) > 1e-15 {
			t.Errorf("%s on 2018-08-06 = %g, want %g", c.name, c.got, c.want)
		}
	}
	if fs, err := Read(nil, open); fs != nil || err != nil {
		t.Errorf("Read(no files) = %v, %v; want nil, nil", fs, err)
	}
	if _, err := Read([]string{"/nonexistent/ff.csv"}, open); err == nil {
		t.Error("Read(missing file) gave no error")
	}
}
