// Package provider puts the price cache in front of a web source: [Cached]
// implements data.Source and data.BarSource by fetching only the trading
// days the cache lacks, storing them in one transaction per fetched range,
// and reading every answer back from the cache, so a first run and an
// offline second run give the same numbers.
//
// # Modes
//
//	default   fetch the missing trading days, then read the cache
//	Offline   never touch the network; missing days are an error wrapping
//	          data.ErrMissingInCache that names the symbol and the ranges
//	Refresh   re-fetch the whole requested range; if the vendor re-adjusted
//	          history the whole series is replaced (a new vintage)
//
// # Vintages
//
// Before a missing range, Overlap trading days that are already cached are
// fetched again. When their adjusted closes changed (cache.VintageError), the
// series' full cached span plus the request is fetched and replaces the
// series in one transaction; the change is recorded in the cache and
// reported in the [Status].
//
// # Days that can exist
//
// Trading days after the last completed session (Now, in New York, before
// 16:30 counts as the previous day) cannot be fetched and are never
// "missing".
package provider
