// Package cpuclock reads the CPU time of this process, for benchmarks that
// report CPU seconds besides wall time (the figure to compare when other
// work shares the machine).
package cpuclock

import (
	"syscall"
	"time"
)

// Used is the user + system CPU time of this process so far, 0 if the
// system cannot tell.
func Used() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
