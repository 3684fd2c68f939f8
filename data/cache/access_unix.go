//go:build unix

package cache

import "golang.org/x/sys/unix"

// canWrite asks the kernel whether this process may write path: it answers
// for the effective user and for read-only mounts (EROFS).
func canWrite(path string) bool {
	return unix.Faccessat(unix.AT_FDCWD, path, unix.W_OK, unix.AT_EACCESS) == nil
}
