//go:build !unix

package cache

import "os"

// canWrite tries the permission bits where no access(2) exists: a file or
// folder without a write bit is read-only.
func canWrite(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().Perm()&0o200 != 0
}
