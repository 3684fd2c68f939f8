//go:build ignore

// gen writes the embedded synthetic sample: a market index and six firms
// simulated from a market model with known α, β, σ, and a known abnormal
// return planted on each event's day 0. Run with `go generate ./data/sample`;
// the output is deterministic (seeded PCG), and CI checks that it is unchanged.
package main

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strings"
	"time"
)

type firm struct {
	symbol                  string
	alpha, beta, sigma, car float64 // car: the abnormal return planted on day 0
	event                   int     // index of day 0 in the calendar
	news                    string
}

func main() {
	const days = 420
	rng := rand.New(rand.NewPCG(2018, 806))
	// Business days (Mon–Fri) from 2019-01-02: a synthetic calendar without holidays.
	var dates []time.Time
	for d := time.Date(2019, 1, 2, 0, 0, 0, 0, time.UTC); len(dates) < days; d = d.AddDate(0, 0, 1) {
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			dates = append(dates, d)
		}
	}
	firms := []firm{
		{"SYNA", 0.0002, 1.20, 0.015, 0.050, 300, "product launch"},
		{"SYNB", -0.0001, 0.80, 0.012, -0.040, 310, "guidance cut"},
		{"SYNC", 0.0000, 1.00, 0.020, 0.030, 320, "earnings beat"},
		{"SYND", 0.0003, 0.60, 0.010, 0.000, 330, "CEO interview (no news)"},
		{"SYNE", 0.0001, 1.50, 0.025, 0.080, 340, "takeover bid"},
		{"SYNF", -0.0002, 0.90, 0.018, -0.020, 350, "regulatory inquiry"},
	}
	rm := make([]float64, days)
	for i := 1; i < days; i++ {
		rm[i] = 0.0004 + 0.009*rng.NormFloat64()
	}
	var prices strings.Builder
	prices.WriteString("date,symbol,close\n")
	level := 1000.0
	for i := range days {
		level *= 1 + rm[i]
		fmt.Fprintf(&prices, "%s,SYNMKT,%.6f\n", dates[i].Format(time.DateOnly), level)
	}
	var truth strings.Builder
	truth.WriteString("symbol,event_date,alpha,beta,sigma,planted_ar\n")
	var events strings.Builder
	events.WriteString("event_id,symbol,date,news\n")
	for k, f := range firms {
		p := 50.0 + 10*float64(k)
		for i := range days {
			if i > 0 {
				r := f.alpha + f.beta*rm[i] + f.sigma*rng.NormFloat64()
				if i == f.event {
					r += f.car
				}
				p *= 1 + r
			}
			fmt.Fprintf(&prices, "%s,%s,%.6f\n", dates[i].Format(time.DateOnly), f.symbol, math.Max(p, 0.01))
		}
		ed := dates[f.event].Format(time.DateOnly)
		fmt.Fprintf(&truth, "%s,%s,%g,%g,%g,%g\n", f.symbol, ed, f.alpha, f.beta, f.sigma, f.car)
		fmt.Fprintf(&events, "E%d,%s,%s,%s\n", k+1, f.symbol, ed, f.news)
	}
	// Two events that cannot be computed, to show per-event failure reporting.
	fmt.Fprintf(&events, "E7,SYNZ,%s,unknown ticker\n", dates[300].Format(time.DateOnly))
	fmt.Fprintf(&events, "E8,SYNA,%s,too early for an estimation window\n", dates[100].Format(time.DateOnly))
	write("prices.csv", prices.String())
	write("truth.csv", truth.String())
	write("events.csv", events.String())
}

func write(name, s string) {
	if err := os.WriteFile(name, []byte(s), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
