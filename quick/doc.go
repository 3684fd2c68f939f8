// Package quick answers one event, the newsroom question "how much of that
// move was news?": a ticker and a date give the days −1..+1 (price, return,
// market return, abnormal return with its t and p), the CAR over −1..+1 and a
// plain-English sentence. The `eventstudy quick` command and the web page of
// `eventstudy serve` both call [Run] and draw [Chart], so the answer and the
// chart are the same wherever a reporter asks.
//
// Run reads prices through a data.Source (files, the built-in sample, or a
// web source behind the cache) and computes with package study; it writes
// nothing.
package quick
