// Package render writes what a person reads of a finished run: the chart
// files under charts/, the result tables under tables/ and report.html.
// `eventstudy run` calls [Write] with the run's results; the files go to a
// [Sink] that the caller provides (the command writes them atomically into
// the run's staging folder), so that this package does no I/O of its own.
//
// # Cost
//
// On a batch of thousands of events the render is a large part of a run
// (issue 11's render budget: a default run may cost at most 1.5 times a run
// that writes only the CSV files). [Write] therefore does its work side by
// side: the charts are prepared while the tables are built and written; the
// chart files are then drawn on Options.Jobs goroutines while report.html,
// which needs the charts and the tables but not the chart files, is built
// beside them.
package render
