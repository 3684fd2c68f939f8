package data

import (
	"context"
	"testing"
	"testing/fstest"
	"time"
)

// A single-symbol file named directly is found as a directory's file is:
// ^GSPC matches GSPC.csv; a panel's symbols must match exactly.
func TestCSVSourceCaretFile(t *testing.T) {
	fsys := fstest.MapFS{
		"GSPC.csv":  {Data: []byte("Date,Close\n2018-08-03,2840.35\n2018-08-06,2850.40\n")},
		"panel.csv": {Data: []byte("date,ticker,close\n2018-08-06,FB,185.69\n2018-08-06,BRK-B,200\n")},
	}
	src, err := OpenCSVFS(fsys, []string{"GSPC.csv", "panel.csv"}, PriceOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	s, err := src.Series(ctx, "^GSPC", time.Time{}, time.Time{})
	if err != nil || len(s.Dates) != 2 || s.Symbol != "^GSPC" || s.Values[1] != 2850.40 {
		t.Errorf("Series(^GSPC) = %+v, %v; want the 2 rows of GSPC.csv named ^GSPC", s, err)
	}
	if _, err := src.Series(ctx, "^FB", time.Time{}, time.Time{}); err == nil {
		t.Errorf("Series(^FB) found a panel symbol by dropping the caret; want exact panel matches only")
	}
}
