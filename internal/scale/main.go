// Command scale writes the inputs of the scale measurements of issue 6 (not
// run in CI; see scripts/scale.sh and docs/scale.md):
//
//	go run ./internal/scale sp500 -panel PANEL.csv -n 10000 -out DIR
//	    DIR/events.csv: n events on random tickers and trading days of the
//	    S&P 500 panel late enough for a −250..−11 estimation window (seeded)
//	go run ./internal/scale synth -firms 5000 -days 2520 -events 1000000 -out DIR
//	    DIR/prices.csv: a wide price table (date, MKT, F0000 … F4999) of a
//	    market-model world (β ~ U(0.5, 1.5), σ ~ U(1%, 3%), market σ 1%),
//	    and DIR/events.csv: events on random firms and days (seeded)
package main

import (
	"bufio"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: scale sp500|synth [flags]")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "sp500":
		err = sp500(os.Args[2:])
	case "synth":
		err = synth(os.Args[2:])
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "scale:", err)
		os.Exit(1)
	}
}

func sp500(args []string) error {
	fs := flag.NewFlagSet("sp500", flag.ExitOnError)
	panel := fs.String("panel", "", "S&P 500 long panel CSV (Date,Ticker,…)")
	n := fs.Int("n", 10000, "events")
	out := fs.String("out", "out/scale", "output folder")
	fs.Parse(args)
	f, err := os.Open(*panel)
	if err != nil {
		return err
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReaderSize(f, 1<<20))
	r.ReuseRecord = true
	if _, err := r.Read(); err != nil {
		return err
	}
	tick, days := map[string]bool{}, map[string]bool{}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		tick[rec[1]] = true
		if rec[0] >= "2018-06-01" && rec[0] <= "2019-03-15" {
			days[rec[0]] = true
		}
	}
	ts, ds := keys(tick), keys(days)
	rng := rand.New(rand.NewPCG(6, 10000))
	return writeEvents(*out, *n, func(i int) (string, string) {
		return ts[rng.IntN(len(ts))], ds[rng.IntN(len(ds))]
	})
}

func keys(m map[string]bool) []string {
	var k []string
	for s := range m {
		k = append(k, s)
	}
	slices.Sort(k)
	return k
}

func writeEvents(dir string, n int, pick func(i int) (sym, date string)) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.Create(filepath.Join(dir, "events.csv"))
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprintln(w, "event_id,symbol,date")
	for i := range n {
		s, d := pick(i)
		fmt.Fprintf(w, "E%07d,%s,%s\n", i, s, d)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Close()
}

func synth(args []string) error {
	fs := flag.NewFlagSet("synth", flag.ExitOnError)
	firms := fs.Int("firms", 5000, "firms")
	ndays := fs.Int("days", 2520, "trading days")
	nev := fs.Int("events", 1000000, "events")
	out := fs.String("out", "out/scale", "output folder")
	fs.Parse(args)
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	// Weekdays from 2010-01-04.
	var dates []string
	for d := time.Date(2010, 1, 4, 0, 0, 0, 0, time.UTC); len(dates) < *ndays; d = d.AddDate(0, 0, 1) {
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			dates = append(dates, d.Format(time.DateOnly))
		}
	}
	rng := rand.New(rand.NewPCG(5000, 2520))
	beta, sigma := make([]float64, *firms), make([]float64, *firms)
	price := make([]float64, *firms+1)
	for i := range beta {
		beta[i], sigma[i] = 0.5+rng.Float64(), 0.01+0.02*rng.Float64()
	}
	for i := range price {
		price[i] = 100
	}
	f, err := os.Create(filepath.Join(*out, "prices.csv"))
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 4<<20)
	w.WriteString("date,MKT")
	for i := range *firms {
		fmt.Fprintf(w, ",F%04d", i)
	}
	w.WriteByte('\n')
	var buf []byte
	for t, d := range dates {
		rm := 0.0004 + 0.01*rng.NormFloat64()
		w.WriteString(d)
		for i := range price {
			if t > 0 {
				r := rm
				if i > 0 {
					r = 0.0001 + beta[i-1]*rm + sigma[i-1]*rng.NormFloat64()
				}
				price[i] *= math.Max(1+r, 0.01)
			}
			buf = strconv.AppendFloat(append(buf[:0], ','), price[i], 'f', 4, 64)
			w.Write(buf)
		}
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return writeEvents(*out, *nev, func(int) (string, string) {
		return fmt.Sprintf("F%04d", rng.IntN(*firms)), dates[260+rng.IntN(len(dates)-260-15)]
	})
}
