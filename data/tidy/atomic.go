package tidy

import (
	"fmt"
	"os"
	"path/filepath"
)

// atomicFile is a file written under a temporary name in its final folder and
// renamed into place by commit, so that a reader never sees it half-written and
// a failed run leaves nothing behind.
type atomicFile struct {
	f      *os.File
	path   string
	synced bool // synced by Writer.CloseTables: commit need not sync again
}

func createAtomic(path string) (*atomicFile, error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return nil, err
	}
	return &atomicFile{f: f, path: path}, nil
}

func (a *atomicFile) Write(p []byte) (int, error) { return a.f.Write(p) }

// commit syncs the temporary file and renames it to its final name.
func (a *atomicFile) commit() error {
	if !a.synced {
		if err := a.sync(); err != nil {
			a.abort()
			return err
		}
	}
	if err := a.f.Close(); err != nil {
		os.Remove(a.f.Name())
		return fmt.Errorf("write %s: %w", a.path, err)
	}
	if err := os.Chmod(a.f.Name(), 0o644); err != nil {
		os.Remove(a.f.Name())
		return err
	}
	if err := os.Rename(a.f.Name(), a.path); err != nil {
		os.Remove(a.f.Name())
		return fmt.Errorf("write %s: %w", a.path, err)
	}
	return nil
}

// sync flushes the temporary file to stable storage.
func (a *atomicFile) sync() error {
	if err := a.f.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", a.path, err)
	}
	return nil
}

// abort removes the temporary file.
func (a *atomicFile) abort() {
	a.f.Close()
	os.Remove(a.f.Name())
}

// WriteFileAtomic writes data to path through a temporary file and a rename.
func WriteFileAtomic(path string, data []byte) error {
	a, err := createAtomic(path)
	if err != nil {
		return err
	}
	if _, err := a.Write(data); err != nil {
		a.abort()
		return fmt.Errorf("write %s: %w", path, err)
	}
	return a.commit()
}
