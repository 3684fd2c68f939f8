package data

import (
	"context"
	"testing"
	"testing/fstest"
	"time"
)

// TestSeriesShared: the shared series has the copy's content and name, and
// the copy is independent of it.
func TestSeriesShared(t *testing.T) {
	fsys := fstest.MapFS{"p.csv": {Data: []byte("date,symbol,close\n2020-01-02,AAA,10\n2020-01-03,AAA,11\n2020-01-02,BBB,5\n")}}
	src, err := OpenCSVFS(fsys, []string{"p.csv"}, PriceOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	sh, err := SharedSeries(ctx, src, "aaa", time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	cp, err := src.Series(ctx, "aaa", time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if sh.Symbol != "aaa" || cp.Symbol != "aaa" || len(sh.Values) != 2 || sh.Values[1] != 11 || cp.Values[1] != 11 {
		t.Fatalf("shared %+v, copy %+v", sh, cp)
	}
	cp.Values[1] = 99
	if again, _ := SharedSeries(ctx, src, "AAA", time.Time{}, time.Time{}); again.Values[1] != 11 {
		t.Fatal("modifying the copy changed the source")
	}
	if _, err := SharedSeries(ctx, src, "ZZZ", time.Time{}, time.Time{}); err == nil {
		t.Fatal("unknown symbol found")
	}
}
