package data

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// A FileDigest identifies an input file for manifest.json.
type FileDigest struct {
	Path   string // as the user gave it, or joined to the directory they gave
	SHA256 string // hex
	Bytes  int64
}

// A CSVSource is a [Source] over price or return files and directories,
// read with [ReadSeries]. It is safe for concurrent use; each file is parsed
// at most once.
//
// Files named directly are parsed when the source is opened and all their
// symbols registered (a single-symbol file takes [SymbolFromFilename]).
// Directories are searched when a symbol is asked for: SYMBOL.csv, the name
// and extension compared ignoring case; "^GSPC" also matches GSPC.csv, and a
// class share "BRK.B" also matches BRK-B.csv (and "BRK-B" BRK.B.csv). A
// single-symbol file found this way answers for the symbol asked; a
// multi-symbol file only for the symbols it holds.
//
// Symbols compare ignoring case. When several inputs hold a symbol, the
// first path given wins, files and directories alike.
type CSVSource struct {
	fsys   fs.FS
	join   func(elem ...string) string
	opt    PriceOptions
	inputs []*csvInput

	mu    sync.Mutex
	files map[string]*csvFile // by path
}

type csvInput struct {
	path    string
	dir     bool
	file    *csvFile          // when !dir
	once    sync.Once         // lists a directory
	listing map[string]string // upper-case base name without .csv → file name
	listErr error
}

// csvFile is one parsed file, loaded once.
type csvFile struct {
	path   string
	symbol string // from the file name
	once   sync.Once
	series map[string]*Series // upper-case symbol → series
	single *Series            // set when the file holds one series
	digest FileDigest
	err    error
	done   bool // parsed without error; guarded by CSVSource.mu
}

// OpenCSV opens price or return files and directories of the operating
// system; see [CSVSource] and [ReadSeries]. A path that does not exist, and a
// malformed file named directly, are errors.
func OpenCSV(paths []string, opt PriceOptions) (*CSVSource, error) {
	return open(osFS{}, filepath.Join, paths, opt)
}

// OpenCSVFS is [OpenCSV] over fsys, such as an embed.FS of sample data;
// paths are slash-separated as fs.FS requires.
func OpenCSVFS(fsys fs.FS, paths []string, opt PriceOptions) (*CSVSource, error) {
	return open(fsys, path.Join, paths, opt)
}

func open(fsys fs.FS, join func(...string) string, paths []string, opt PriceOptions) (*CSVSource, error) {
	s := &CSVSource{fsys: fsys, join: join, opt: opt, files: make(map[string]*csvFile)}
	for _, p := range paths {
		fi, err := fs.Stat(fsys, p)
		if err != nil {
			return nil, fmt.Errorf("open prices: %w", err)
		}
		in := &csvInput{path: p, dir: fi.IsDir()}
		if !in.dir {
			in.file = s.file(p)
			if err := s.load(in.file); err != nil {
				return nil, err
			}
		}
		s.inputs = append(s.inputs, in)
	}
	return s, nil
}

// file returns the cache entry for path p, creating it.
func (s *CSVSource) file(p string) *csvFile {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.files[p]
	if !ok {
		f = &csvFile{path: p, symbol: SymbolFromFilename(p)}
		s.files[p] = f
	}
	return f
}

// load parses f once; every caller gets the same result.
func (s *CSVSource) load(f *csvFile) error {
	f.once.Do(func() {
		r, err := s.fsys.Open(f.path)
		if err != nil {
			f.err = fmt.Errorf("open prices: %w", err)
			return
		}
		defer r.Close()
		h := sha256.New()
		cr := &countingReader{r: io.TeeReader(r, h)}
		ss, err := ReadSeries(cr, f.path, f.symbol, s.opt)
		if err != nil {
			f.err = err
			return
		}
		if _, err := io.Copy(io.Discard, cr); err != nil { // hash what the parser left
			f.err = fmt.Errorf("read prices %s: %w", f.path, err)
			return
		}
		f.digest = FileDigest{Path: f.path, SHA256: hex.EncodeToString(h.Sum(nil)), Bytes: cr.n}
		f.series = make(map[string]*Series, len(ss))
		for i := range ss {
			k := strings.ToUpper(ss[i].Symbol)
			if _, dup := f.series[k]; !dup {
				f.series[k] = &ss[i]
			}
		}
		if len(ss) == 1 {
			f.single = &ss[0]
		}
		s.mu.Lock()
		f.done = true
		s.mu.Unlock()
	})
	return f.err
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// Series returns a copy of the whole series of symbol, named symbol as
// given: from and to are ignored, as [Source] allows. An unknown symbol is an error wrapping
// ErrUnknownSymbol that lists the paths searched; a malformed file found in a
// directory gives its *ParseError.
func (s *CSVSource) Series(ctx context.Context, symbol string, from, to time.Time) (Series, error) {
	q, err := s.find(ctx, symbol)
	if err != nil {
		return q, err
	}
	return clone(q, q.Symbol), nil
}

// SeriesShared is [CSVSource.Series] without the copy: the slices are the
// source's own and must not be modified. A batch that reads every symbol once
// saves a copy of the whole panel ([SharedSeries]).
func (s *CSVSource) SeriesShared(ctx context.Context, symbol string, from, to time.Time) (Series, error) {
	return s.find(ctx, symbol)
}

// find looks symbol up; the series returned shares the source's slices.
func (s *CSVSource) find(ctx context.Context, symbol string) (Series, error) {
	if err := ctx.Err(); err != nil {
		return Series{}, err
	}
	symbol = strings.TrimSpace(symbol)
	key := strings.ToUpper(symbol)
	for _, in := range s.inputs {
		if !in.dir {
			if q, ok := in.file.series[key]; ok {
				return named(*q, symbol), nil
			}
			// A single-symbol file named on the command line is found the
			// way a directory's file is: ^GSPC also matches GSPC.csv.
			if f := in.file; f.single != nil && slices.Contains(candidates(key), strings.ToUpper(f.symbol)) {
				return named(*f.single, symbol), nil
			}
			continue
		}
		in.once.Do(func() { s.list(in) })
		if in.listErr != nil {
			return Series{}, in.listErr
		}
		for _, cand := range candidates(key) {
			name, ok := in.listing[cand]
			if !ok {
				continue
			}
			f := s.file(s.join(in.path, name))
			if err := s.load(f); err != nil {
				return Series{}, err
			}
			if q, ok := f.series[key]; ok {
				return named(*q, symbol), nil
			}
			if f.single != nil {
				return named(*f.single, symbol), nil
			}
		}
	}
	where := make([]string, len(s.inputs))
	for i, in := range s.inputs {
		where[i] = in.path
	}
	return Series{}, UnknownInFiles(symbol, where)
}

// UnknownInFiles is the error of a symbol found in none of the price files
// or folders searched (as given): it wraps ErrUnknownSymbol and names them.
func UnknownInFiles(symbol string, searched []string) error {
	return fmt.Errorf("%s: %w (searched %s)", strings.TrimSpace(symbol), ErrUnknownSymbol, strings.Join(searched, ", "))
}

// list reads a directory's .csv names.
func (s *CSVSource) list(in *csvInput) {
	ents, err := fs.ReadDir(s.fsys, in.path)
	if err != nil {
		in.listErr = fmt.Errorf("list prices: %w", err)
		return
	}
	in.listing = make(map[string]string, len(ents))
	for _, e := range ents {
		n := e.Name()
		if e.IsDir() || len(n) < 5 || !strings.EqualFold(n[len(n)-4:], ".csv") {
			continue
		}
		k := strings.ToUpper(n[:len(n)-4])
		if _, dup := in.listing[k]; !dup { // ReadDir sorts: FB.csv before fb.csv
			in.listing[k] = n
		}
	}
}

// candidates are the upper-case base names that may hold symbol key.
func candidates(key string) []string {
	c := []string{key}
	add := func(k string) {
		if k != "" && !slices.Contains(c, k) {
			c = append(c, k)
		}
	}
	for _, k := range []string{key, strings.TrimPrefix(key, "^")} {
		add(k)
		add(strings.ReplaceAll(k, ".", "-"))
		add(strings.ReplaceAll(k, "-", "."))
	}
	return c
}

func named(q Series, symbol string) Series {
	return Series{Symbol: symbol, Dates: q.Dates, Values: q.Values}
}

func clone(q Series, symbol string) Series {
	return Series{Symbol: symbol, Dates: slices.Clone(q.Dates), Values: slices.Clone(q.Values)}
}

// Files returns every file read so far (those named at open and those found
// in directories), sorted by path, with its SHA-256. Files that failed to
// parse are not listed.
func (s *CSVSource) Files() []FileDigest {
	s.mu.Lock()
	var out []FileDigest
	for _, f := range s.files {
		if f.done {
			out = append(out, f.digest)
		}
	}
	s.mu.Unlock()
	slices.SortFunc(out, func(a, b FileDigest) int { return strings.Compare(a.Path, b.Path) })
	return out
}

// SymbolFromFilename returns the base name of path p without its extension:
// "prices/GSPC.csv" → "GSPC", "BRK-B.csv" → "BRK-B". Case is kept.
func SymbolFromFilename(p string) string {
	b := path.Base(filepath.ToSlash(p))
	return strings.TrimSuffix(b, path.Ext(b))
}

// osFS opens operating-system paths as given (relative, absolute, with
// "..") so that errors show them unchanged; fs.DirFS would reject them.
type osFS struct{}

func (osFS) Open(name string) (fs.File, error)          { return os.Open(name) }
func (osFS) Stat(name string) (fs.FileInfo, error)      { return os.Stat(name) }
func (osFS) ReadDir(name string) ([]fs.DirEntry, error) { return os.ReadDir(name) }
