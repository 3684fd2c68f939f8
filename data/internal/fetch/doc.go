// Package fetch is the HTTP layer the web providers share (data/yahoo,
// data/stooq, data/french): a browser-like User-Agent on every request,
// bounded concurrency, and retries of 429, 5xx, timeouts, connection errors
// and truncated bodies with exponential backoff and full jitter under a total
// deadline. Sleeping and jitter are injectable so tests run in microseconds.
//
// # Policy
//
// Attempt k (0-based) that fails transiently waits
//
//	wait_k = U · min(Max, Base · 2^k),  U uniform on [0.5, 1)
//
// ("equal jitter", AWS Architecture Blog, "Exponential Backoff And Jitter",
// 2015), or the server's Retry-After when it is larger and at most Max. No
// wait may cross the total deadline: the last error is returned instead.
package fetch
