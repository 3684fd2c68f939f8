// Package sample is the synthetic study compiled into the binary, so that
// `eventstudy run` with no inputs (and `make demo`) works offline. It is
// clearly synthetic: a market index SYNMKT and six firms SYNA..SYNF simulated
// by gen.go from a market model with known α, β, σ, with a known abnormal
// return planted on each event's day 0 (truth.csv), plus two events that fail
// on purpose (an unknown ticker; an event too early for an estimation window).
package sample

import "embed"

//go:generate go run gen.go

// Market is the benchmark symbol of the sample.
const Market = "SYNMKT"

// File names inside FS.
const (
	EventsFile = "events.csv"
	PricesFile = "prices.csv"
	TruthFile  = "truth.csv"
)

// FS holds events.csv, prices.csv (a long panel: date,symbol,close) and
// truth.csv (the parameters each firm was simulated from).
//
//go:embed events.csv prices.csv truth.csv
var FS embed.FS
