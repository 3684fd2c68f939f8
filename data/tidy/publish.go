package tidy

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
)

// StageDir is the hidden folder inside an output folder where a run writes
// every file; [Publish] moves them into the output folder only once the run
// is complete, so that a failed or interrupted run leaves the previous run's
// files as they were.
const StageDir = ".eventstudy-staging"

// Output is one file of a run as manifest.json lists it: its slash path
// relative to the output folder, SHA-256 and size, so that a reader can verify
// the folder (`sha256sum`). manifest.json itself is not listed.
type Output struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
	Bytes  int64  `json:"bytes"`
}

// CleanStale removes what an interrupted run left in the output folder dir:
// the staging folder and temporary files (.NAME.tmp-*) in dir and its
// subfolders (written in place by earlier versions).
func CleanStale(dir string) error {
	if err := os.RemoveAll(filepath.Join(dir, StageDir)); err != nil {
		return fmt.Errorf("remove the staging folder of an interrupted run: %w", err)
	}
	for _, pat := range []string{".*.tmp-*", "*/.*.tmp-*"} {
		ms, _ := filepath.Glob(filepath.Join(dir, pat))
		for _, m := range ms {
			if err := os.Remove(m); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("remove a temporary file of an interrupted run: %w", err)
			}
		}
	}
	return nil
}

// Stage creates an empty staging folder in the output folder out (created if
// needed), after removing what an interrupted run left there, and returns
// its path.
func Stage(out string) (string, error) {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return "", fmt.Errorf("create output folder: %w", err)
	}
	if err := CleanStale(out); err != nil {
		return "", err
	}
	stage := filepath.Join(out, StageDir)
	if err := os.Mkdir(stage, 0o755); err != nil {
		return "", fmt.Errorf("create output folder: %w", err)
	}
	return stage, nil
}

// Publish completes a run staged in out's staging folder: it lists every
// staged file with its SHA-256 in m.Outputs, writes manifest.json, and moves
// the run into out. The previous run's manifest.json goes first and the new
// one comes last, so a folder with a manifest.json always holds one complete
// run: files of the previous run that this run did not write (those its
// manifest listed, and for manifests of earlier versions, which listed
// folders, the files of charts/ and tables/) are removed, and files that are
// not the tool's are never touched. Paths are resolved inside out through an
// os.Root, so no manifest entry can reach outside it.
func Publish(out string, m *Manifest) error {
	stage := filepath.Join(out, StageDir)
	outs, err := hashTree(stage)
	if err != nil {
		return err
	}
	m.Outputs = outs
	b, err := m.JSON()
	if err != nil {
		return err
	}
	if err := WriteFileAtomic(filepath.Join(stage, ManifestFile), b); err != nil {
		return err
	}
	root, err := os.OpenRoot(out)
	if err != nil {
		return err
	}
	defer root.Close()
	old := previousOutputs(root)
	if err := root.Remove(ManifestFile); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("replace %s: %w", ManifestFile, err)
	}
	written := map[string]bool{ManifestFile: true}
	for _, o := range outs {
		written[o.Path] = true
		if d := path.Dir(o.Path); d != "." {
			if err := root.MkdirAll(d, 0o755); err != nil {
				return fmt.Errorf("write %s: %w", o.Path, err)
			}
		}
		if err := root.Rename(StageDir+"/"+o.Path, o.Path); err != nil {
			return fmt.Errorf("write %s: %w", o.Path, err)
		}
	}
	dirs := map[string]bool{}
	for _, p := range old {
		if written[p] {
			continue
		}
		if err := root.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("remove %s of the previous run: %w", p, err)
		}
		if d := path.Dir(p); d != "." {
			dirs[d] = true
		}
	}
	for d := range dirs {
		root.Remove(d) // only if empty
	}
	if err := root.Rename(StageDir+"/"+ManifestFile, ManifestFile); err != nil {
		return fmt.Errorf("write %s: %w", ManifestFile, err)
	}
	if err := os.RemoveAll(stage); err != nil {
		return err
	}
	return syncDir(out)
}

// hashTree lists the regular files under dir (slash paths, sorted) with
// their SHA-256, hashing on every core.
func hashTree(dir string) ([]Output, error) {
	var outs []Output
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		if rel = filepath.ToSlash(rel); rel != ManifestFile {
			outs = append(outs, Output{Path: rel})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(outs, func(i, j int) bool { return outs[i].Path < outs[j].Path })
	errs := make([]error, len(outs))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.NumCPU(), max(len(outs), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				outs[i].SHA256, outs[i].Bytes, errs[i] = HashFile(filepath.Join(dir, filepath.FromSlash(outs[i].Path)))
			}
		}()
	}
	for i := range outs {
		next <- i
	}
	close(next)
	wg.Wait()
	return outs, errors.Join(errs...)
}

// previousOutputs returns the files of the run in root's manifest.json (none
// when there is no manifest of this tool): the listed files, or with the
// folder entries of earlier versions ("charts/"), the files in those folders.
func previousOutputs(root *os.Root) []string {
	b, err := root.ReadFile(ManifestFile)
	if err != nil {
		return nil
	}
	var m struct {
		Tool    string            `json:"tool"`
		Outputs []json.RawMessage `json:"outputs"`
	}
	if json.Unmarshal(b, &m) != nil || m.Tool != "eventstudy" {
		return nil
	}
	var out []string
	for _, raw := range m.Outputs {
		var o Output
		var name string
		switch {
		case json.Unmarshal(raw, &o) == nil && o.Path != "":
			name = o.Path
		case json.Unmarshal(raw, &name) == nil && strings.HasSuffix(name, "/"):
			dir := strings.TrimSuffix(name, "/")
			if !filepath.IsLocal(dir) || strings.HasPrefix(dir, ".") {
				continue
			}
			ents, _ := fs.ReadDir(root.FS(), dir)
			for _, e := range ents {
				if e.Type().IsRegular() {
					out = append(out, dir+"/"+e.Name())
				}
			}
			continue
		}
		if name != "" && filepath.IsLocal(name) && !strings.HasPrefix(name, StageDir) {
			out = append(out, name)
		}
	}
	return out
}

// syncDir makes the renames in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}

// RecordStep lists files that a command added to the finished run in dir
// (such as regression.csv) in its manifest.json, with their SHA-256 and size,
// and the command as a Step, so that the folder still verifies against the
// manifest and the next run into dir removes them with the rest of this run
// (Publish). A file recorded before is updated, and a step whose files are
// all written again is replaced. manifest.json is rewritten atomically. A
// folder without a manifest of this tool in the current format (outputs with
// hashes) is left as it is.
func RecordStep(dir string, command []string, files ...string) error {
	path := filepath.Join(dir, ManifestFile)
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	var m Manifest
	if json.Unmarshal(b, &m) != nil || m.Tool != "eventstudy" {
		return nil
	}
	added := map[string]bool{}
	for _, f := range files {
		added[f] = true
		sum, n, err := HashFile(filepath.Join(dir, filepath.FromSlash(f)))
		if err != nil {
			return fmt.Errorf("record %s in %s: %w", f, path, err)
		}
		i := slices.IndexFunc(m.Outputs, func(o Output) bool { return o.Path == f })
		if i < 0 {
			m.Outputs = append(m.Outputs, Output{Path: f})
			i = len(m.Outputs) - 1
		}
		m.Outputs[i].SHA256, m.Outputs[i].Bytes = sum, n
	}
	sort.Slice(m.Outputs, func(i, j int) bool { return m.Outputs[i].Path < m.Outputs[j].Path })
	m.Steps = slices.DeleteFunc(m.Steps, func(s Step) bool {
		return !slices.ContainsFunc(s.Outputs, func(f string) bool { return !added[f] })
	})
	m.Steps = append(m.Steps, Step{Command: command, Created: time.Now().UTC().Format(time.RFC3339), Outputs: files})
	if b, err = m.JSON(); err != nil {
		return err
	}
	return WriteFileAtomic(path, b)
}
