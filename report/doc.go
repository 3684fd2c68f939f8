// Package report writes the HTML report of an event study: one
// self-contained page (inline SVG charts, the chart fonts embedded once as
// CSS and reduced to the characters the page shows, no scripts, no external
// files) with the run's parameters, result
// tables, charts, one card per event and the data provenance.
//
// [Write] is the one entry point: `eventstudy run` (report.html),
// `eventstudy quick --report` and the web page of `eventstudy serve` call
// it with the results of a run, so that every report is the same page.
//
// # What the page says
//
//   - Headings name the news: an event's headline (the events file's
//     headline column) and the company's name (its name column, or the
//     vendor's long name), not a ticker and an id.
//   - Every event's data-quality note is shown; an event with other news of
//     the same firm inside its windows is called out, with the day on which
//     that news falls.
//   - Numbers say which statistic they are: the day-0 abnormal return with
//     its t and p (the statistic of the plain-English sentence) is labelled
//     apart from the CAR over a window with its p.
//
// # Layout
//
// The page reads from 360 px to a desktop: charts fill the column, and on
// screens narrower than 600 px the phone variant of each chart (Chart.Narrow)
// replaces the desktop one, so that its text stays legible; every table sits
// in a box that scrolls sideways by itself, so the page never does.
package report
