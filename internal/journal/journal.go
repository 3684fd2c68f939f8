// Package journal keeps the list of finished events of a batch in its output
// folder, so that a run killed at any moment (kill -9, power loss) can be
// resumed: eventstudy run --resume replays the journal and computes only the
// events it lacks.
//
// The file is append-only. It starts with a header record holding the
// fingerprint of the study (parameters and inputs), then one record per
// finished event in input order (the engine emits in input order), each
//
//	length uint32 LE | CRC-32C of payload uint32 LE | payload
//
// with payload = uvarint event index, then the study.Result (see codec.go).
// Records are buffered and the file is fsync'd in batches (every Batch
// records or Interval, whichever comes first), so a crash loses at most the
// last batch, which is then recomputed. A torn or corrupt last record fails
// its length or checksum and is dropped with everything after it.
package journal

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"reflect"
	"time"

	"github.com/eventstudy/eventstudy/study"
)

// Name is the journal's file name inside the output folder.
const Name = ".eventstudy-journal"

const magic = "eventstudy journal v1\n"

// header is the payload of the first record: the magic line, the layout of
// the encoded study.Result (so that a journal written by a build whose
// Result has other fields is refused instead of misread) and the study's
// fingerprint.
func header(fp string) string {
	return magic + resultLayout + "\n" + fp
}

var resultLayout = layoutHash(reflect.TypeFor[study.Result]())

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// maxRecord bounds a record's length, so that a corrupt length field is not
// taken for a huge record.
const maxRecord = 64 << 20

// Writer appends records to a journal.
type Writer struct {
	f        *os.File
	w        *bufio.Writer
	buf      []byte
	pending  int
	last     time.Time
	Batch    int           // records per fsync; default 512
	Interval time.Duration // longest time between fsyncs; default 1 s
}

// Create starts a new journal at path for the study with fingerprint fp,
// replacing any journal there.
func Create(path, fp string) (*Writer, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, fmt.Errorf("journal: %w", err)
	}
	w := newWriter(f)
	if err := w.record([]byte(header(fp))); err != nil {
		f.Close()
		return nil, err
	}
	return w, w.Sync()
}

// Append reopens the journal at path for writing after its first valid
// records, whose total size is size (as returned by [Read]); a torn tail is
// cut off.
func Append(path string, size int64) (*Writer, error) {
	f, err := os.OpenFile(path, os.O_WRONLY, 0o644)
	if err != nil {
		return nil, fmt.Errorf("journal: %w", err)
	}
	if err := f.Truncate(size); err != nil {
		f.Close()
		return nil, fmt.Errorf("journal: %w", err)
	}
	if _, err := f.Seek(size, io.SeekStart); err != nil {
		f.Close()
		return nil, fmt.Errorf("journal: %w", err)
	}
	return newWriter(f), nil
}

func newWriter(f *os.File) *Writer {
	return &Writer{f: f, w: bufio.NewWriterSize(f, 1<<20), last: time.Now(), Batch: 512, Interval: time.Second}
}

func (w *Writer) record(payload []byte) error {
	var h [8]byte
	binary.LittleEndian.PutUint32(h[:4], uint32(len(payload)))
	binary.LittleEndian.PutUint32(h[4:], crc32.Checksum(payload, castagnoli))
	if _, err := w.w.Write(h[:]); err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	if _, err := w.w.Write(payload); err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	return nil
}

// Add records that event i finished with result r.
func (w *Writer) Add(i int, r *study.Result) error {
	w.buf = AppendRecord(w.buf[:0], i, r)
	return w.AddRecord(w.buf)
}

// AppendRecord appends the payload of event i's record to b. It can run
// concurrently (on the workers); [Writer.AddRecord] then writes it, in order.
func AppendRecord(b []byte, i int, r *study.Result) []byte {
	b = binary.AppendUvarint(b, uint64(i))
	return encodeValue(b, reflect.ValueOf(r).Elem())
}

// AddRecord writes a payload made by [AppendRecord].
func (w *Writer) AddRecord(b []byte) error {
	if err := w.record(b); err != nil {
		return err
	}
	w.pending++
	if w.pending >= w.Batch || time.Since(w.last) >= w.Interval {
		return w.Sync()
	}
	return nil
}

// Sync writes the buffered records and fsyncs the file.
func (w *Writer) Sync() error {
	if err := w.w.Flush(); err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	if err := w.f.Sync(); err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	w.pending, w.last = 0, time.Now()
	return nil
}

// Close syncs and closes the journal.
func (w *Writer) Close() error {
	err := w.Sync()
	if cerr := w.f.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("journal: %w", cerr)
	}
	return err
}

// ErrMismatch is returned by [Read] when the journal belongs to another study.
var ErrMismatch = errors.New("journal: the output folder's journal is of a different study (parameters or inputs changed, or another version of eventstudy wrote it); run without --resume")

// Read replays the journal at path: it checks the fingerprint against fp, then
// calls fn for each valid event record in order, as long as the indices run
// 0, 1, 2, …. It stops at the first torn, corrupt or out-of-order record and
// returns the number of events replayed and the size of the valid prefix, to
// give to [Append].
func Read(path, fp string, fn func(i int, r *study.Result) error) (n int, size int64, err error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<20)
	var buf []byte
	next := func() ([]byte, bool) {
		var h [8]byte
		if _, err := io.ReadFull(br, h[:]); err != nil {
			return nil, false
		}
		l := binary.LittleEndian.Uint32(h[:4])
		if l > maxRecord {
			return nil, false
		}
		if cap(buf) < int(l) {
			buf = make([]byte, l)
		}
		buf = buf[:l]
		if _, err := io.ReadFull(br, buf); err != nil {
			return nil, false
		}
		if crc32.Checksum(buf, castagnoli) != binary.LittleEndian.Uint32(h[4:]) {
			return nil, false
		}
		size += 8 + int64(l)
		return buf, true
	}
	hdr, ok := next()
	if !ok || string(hdr) != header(fp) {
		return 0, 0, ErrMismatch
	}
	for {
		rec, ok := next()
		if !ok {
			return n, size, nil
		}
		d := decoder{b: rec}
		i := d.uvarint()
		var r study.Result
		d.value(reflect.ValueOf(&r).Elem())
		if d.err != nil || len(d.b) != 0 || i != uint64(n) {
			return n, size - 8 - int64(len(rec)), nil
		}
		if err := fn(n, &r); err != nil {
			return n, size, err
		}
		n++
	}
}
