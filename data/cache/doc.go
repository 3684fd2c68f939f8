// Package cache is the local price cache: an embedded SQLite database
// (modernc.org/sqlite, pure Go) holding daily bars per (source, symbol, date)
// with the time they were fetched and the vintage of their series.
//
// # Location
//
// [DefaultPath] is os.UserCacheDir()/eventstudy/cache.db; [Open] takes any
// other path (the CLI's --cache).
//
// # Safety
//
// The database runs in WAL mode with a busy timeout, so several processes
// can read and fill it at once; every write is one IMMEDIATE transaction, so
// a killed process or a failed fetch leaves the previous state intact and
// never half a series.
//
// # Coverage and missing days
//
// Besides bars, the cache records which date ranges were fetched
// ("coverage"): a trading day inside a covered range is known even when the
// source had no bar for it (before listing, a halt), so it is not fetched
// again. [Cache.Missing] returns the trading days of a range, per the NYSE
// calendar, that no covered range contains, grouped into runs.
//
// # Vintages
//
// Vendors re-adjust past prices after splits and dividends. Each series has
// a vintage number, starting at 1. [Cache.Put] compares the adjusted closes
// it is given with those already stored on the same dates; when any differs
// by more than [Options].Tolerance it writes nothing and returns a
// *[VintageError]. The caller then fetches the whole series again and calls
// [Cache.Replace], which swaps it in one transaction, increments the vintage
// and records the change (see [Cache.VintageChanges]). A series never mixes
// vintages.
//
// # Names
//
// A source whose responses carry the company's name (Yahoo's chart meta
// longName and shortName) has it stored on the series' row with the bars
// ([Cache.PutListing], [Cache.Listing]): no extra request. Caches written
// before names existed (schema 1) gain the columns when opened, with the
// names unknown until the next fetch; older binaries keep using the file.
package cache
