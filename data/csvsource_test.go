package data

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"
)

var ctx = context.Background()

func TestCSVSourceFS(t *testing.T) {
	const gspc = "Date,Close\n2018-08-03,2840.35\n2018-08-06,2850.40\n"
	fsys := fstest.MapFS{
		"prices/GSPC.csv":  {Data: []byte(gspc)},
		"prices/fb.CSV":    {Data: []byte("date,close\n2018-08-06,185.69\n")},
		"prices/BRK-B.csv": {Data: []byte("date,close\n2018-08-06,210\n")},
		"prices/bad.csv":   {Data: []byte("date,close\n2018-08-06,-1\n")},
		"prices/sub/X.csv": {Data: []byte("date,close\n2018-08-06,1\n")},
		"panel.csv":        {Data: []byte("date,ticker,close\n2018-08-06,FB,999\n2018-08-06,AAPL,207.25\n")},
	}
	s, err := OpenCSVFS(fsys, []string{"panel.csv", "prices"}, PriceOptions{})
	if err != nil {
		t.Fatal(err)
	}
	check := func(sym string, want float64, wantSym string) {
		t.Helper()
		q, err := s.Series(ctx, sym, time.Time{}, time.Time{})
		if err != nil {
			t.Fatalf("Series(%q): %v", sym, err)
		}
		if got := q.Values[len(q.Values)-1]; got != want || q.Symbol != wantSym {
			t.Errorf("Series(%q) ends %s %v, want %s %v", sym, q.Symbol, got, wantSym, want)
		}
	}
	check("FB", 999, "FB")        // the panel is named first: first path wins
	check("aapl", 207.25, "aapl") // case-insensitive
	check("^GSPC", 2850.40, "^GSPC")
	check("gspc", 2850.40, "gspc")
	check("BRK.B", 210, "BRK.B")
	for _, sym := range []string{"X", "SUB", "NOPE"} {
		_, err := s.Series(ctx, sym, time.Time{}, time.Time{})
		if !errors.Is(err, ErrUnknownSymbol) || !strings.Contains(err.Error(), "panel.csv, prices") {
			t.Errorf("Series(%q) err = %v, want ErrUnknownSymbol naming the paths", sym, err)
		}
	}
	_, err = s.Series(ctx, "bad", time.Time{}, time.Time{})
	var pe *ParseError
	if !errors.As(err, &pe) || pe.File != "prices/bad.csv" || pe.Line != 2 || !errors.Is(err, ErrNonPositive) {
		t.Errorf("Series(bad) err = %v, want ParseError prices/bad.csv:2", err)
	}

	// Returned series are copies.
	q, _ := s.Series(ctx, "GSPC", time.Time{}, time.Time{})
	q.Values[0] = -1
	if q, _ := s.Series(ctx, "GSPC", time.Time{}, time.Time{}); q.Values[0] != 2840.35 {
		t.Errorf("cached series changed through a returned copy")
	}

	sum := sha256.Sum256([]byte(gspc))
	var got []string
	for _, f := range s.Files() {
		got = append(got, f.Path)
		if f.Path == "prices/GSPC.csv" && (f.SHA256 != hex.EncodeToString(sum[:]) || f.Bytes != int64(len(gspc))) {
			t.Errorf("digest %+v, want %x %d bytes", f, sum, len(gspc))
		}
	}
	if want := "panel.csv prices/BRK-B.csv prices/GSPC.csv"; strings.Join(got, " ") != want {
		t.Errorf("Files = %v, want %s", got, want)
	}

	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := s.Series(cctx, "FB", time.Time{}, time.Time{}); !errors.Is(err, context.Canceled) {
		t.Errorf("Series with a cancelled context: %v", err)
	}
}

func TestOpenCSVErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "BAD.csv")
	if err := os.WriteFile(bad, []byte("date,close\n2018-08-06,x\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "nope")
	if _, err := OpenCSV([]string{missing}, PriceOptions{}); !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), missing) {
		t.Errorf("OpenCSV(missing) err = %v, want ErrNotExist naming the path", err)
	}
	_, err := OpenCSV([]string{bad}, PriceOptions{})
	var pe *ParseError
	if !errors.As(err, &pe) || pe.File != bad || pe.Line != 2 || !errors.Is(err, ErrBadNumber) {
		t.Errorf("OpenCSV(bad) err = %v, want a ParseError at %s:2", err, bad)
	}
}

func TestCSVSourceOSConcurrent(t *testing.T) {
	s, err := OpenCSV([]string{"testdata/yahoo_null.csv", "testdata"}, PriceOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for i := range 64 {
		wg.Go(func() {
			sym := []string{"yahoo_null", "ALPHAVANTAGE_MDY", "fred"}[i%3]
			if _, err := s.Series(ctx, sym, time.Time{}, time.Time{}); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	var paths []string
	for _, f := range s.Files() {
		paths = append(paths, f.Path)
	}
	want := "testdata/alphavantage_mdy.csv testdata/fred.csv testdata/yahoo_null.csv"
	if strings.Join(paths, " ") != want {
		t.Errorf("Files = %v, want %s", paths, want)
	}
}

func TestSymbolFromFilename(t *testing.T) {
	for in, want := range map[string]string{
		"GSPC.csv": "GSPC", "prices/FB.csv": "FB", "/a/b/BRK.B.csv": "BRK.B", "x": "x", "dir/^GSPC.CSV": "^GSPC",
	} {
		if got := SymbolFromFilename(in); got != want {
			t.Errorf("SymbolFromFilename(%q) = %q, want %q", in, got, want)
		}
	}
}
