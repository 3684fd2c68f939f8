// Package web is the page of `eventstudy serve`: a small web application a
// newsroom desk runs on a laptop or an internal server so that a reporter on
// deadline needs no terminal.
//
// # Pages
//
//	/                 the one-event form: ticker, date, time of the news, benchmark, headline
//	/quick?symbol=FB&date=2018-08-06[&time=16:05][&market=^GSPC][&headline=…]
//	                  the answer: the newsroom chart (package quick, as `quick --chart`),
//	                  the day table, the CAR −1..+1 and the sentence, with downloads
//	/quick.png, /quick.svg, /quick.csv, /quick.json   the same query as files
//	/study            a batch: upload or paste an events CSV, pick model and windows
//	/study/ID         its progress, then links to the report and the zip
//	/study/ID/report.html, /study/ID/outputs.zip, /study/ID/files/NAME
//
// # Safety
//
// Every input is validated before use: symbols against [symbolPattern],
// dates and times by their layouts, study ids are the server's own random
// hex; no request names a file path. Forms that change state (POST) carry a
// CSRF token and pass http.CrossOriginProtection. Uploads and event counts
// are bounded (Config.MaxUpload, Config.MaxEvents), studies queue in a
// bounded queue and expire. Pages need no scripts (a copy button is added by
// a small inline script when scripts run) and load nothing from another
// host. Bad input gets a 4xx page that says what to change; a 5xx page never
// shows a stack trace.
package web
