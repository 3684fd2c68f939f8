// Package stooq fetches daily bars from Stooq's keyless CSV download
// (https://stooq.com/q/d/l/?s=fb.us&i=d&d1=YYYYMMDD&d2=YYYYMMDD), a second
// source independent of Yahoo.
//
// The CSV has the columns Date,Open,High,Low,Close,Volume (indices have no
// Volume; Polish downloads name them Data,Otwarcie,Najwyzszy,Najnizszy,
// Zamkniecie,Wolumen), ISO dates, ascending, CRLF line ends. There is no
// adjusted close: Stooq adjusts its one close series for splits, and it is
// used as both Close and AdjClose. Unknown symbols and empty ranges both get
// the body "No data", reported as data.ErrNoData; the daily limit page as
// data.ErrRateLimited.
//
// The base URL comes from [Config].BaseURL, else $EVENTSTUDY_STOOQ_URL, else
// [DefaultBaseURL].
package stooq
