package tables

import (
	"archive/zip"
	"bytes"
	"hash/crc32"
	"io"

	"github.com/klauspost/compress/flate"
)

// segmentSize is about how many bytes of a part are deflated as one piece
// of the part's Deflate stream: the 17.5 MB sheet of 10,000 events is 67
// pieces, each starting without the previous piece's history, which makes
// the workbook 0.13% larger (4,243,277 bytes instead of 4,237,925); with
// pieces of 1 MB it was 0.03%, but the pieces in flight took 3.5 MB more.
const segmentSize = 1 << 18

// deflater writes the parts of a zip file deflated in segments on up to
// jobs goroutines at once, so that one large part (the per-event sheet)
// is compressed on every core while its XML is being built: its rows are
// most of a workbook's bytes and Deflate is three quarters of its cost.
//
// Each segment is deflated on its own and ended by a sync flush (an empty
// stored block, which leaves the stream at a byte boundary), and the part
// by an empty final stored block: the concatenation is one valid Deflate
// stream (RFC 1951; what pigz writes). Segments are cut at fixed sizes of
// the part's bytes, so the same part gives the same bytes.
type deflater struct {
	z    *zip.Writer
	jobs int
	// idle are the compressors not in use: at most jobs, made when first
	// needed (a nil entry) and reset for each segment.
	idle chan *flate.Writer
	free []*segment // segments written, for reuse
}

// segment is a piece of a part: its bytes and, once done is closed, their
// Deflate.
type segment struct {
	in   []byte
	out  bytes.Buffer
	done chan struct{}
}

func newDeflater(z *zip.Writer, jobs int) *deflater {
	d := &deflater{z: z, jobs: max(jobs, 1), idle: make(chan *flate.Writer, max(jobs, 1))}
	for range d.jobs {
		d.idle <- nil
	}
	return d
}

// create starts the zip entry name; write its bytes to the returned
// part, then Close it (before the next create, and before the zip file is
// closed).
func (d *deflater) create(name string) (*deflatePart, error) {
	// As zip.Writer.Create would make it: Deflate, sizes and CRC in a data
	// descriptor after the data, no modification time.
	fh := &zip.FileHeader{Name: name, Method: zip.Deflate, Flags: 0x8, CreatorVersion: 20, ReaderVersion: 20}
	raw, err := d.z.CreateRaw(fh)
	if err != nil {
		return nil, err
	}
	return &deflatePart{d: d, raw: raw, fh: fh}, nil
}

// deflatePart is one zip entry being written, an io.Writer of its
// uncompressed bytes. Its methods run on one goroutine; the segments'
// Deflate on others.
type deflatePart struct {
	d           *deflater
	raw         io.Writer
	fh          *zip.FileHeader
	crc         uint32
	size, csize uint64
	cur         *segment   // being filled
	pending     []*segment // being deflated, oldest first
	err         error
}

func (p *deflatePart) Write(b []byte) (int, error) {
	if p.err != nil {
		return 0, p.err
	}
	if p.cur == nil {
		p.cur = p.d.segment()
	}
	p.cur.in = append(p.cur.in, b...)
	if len(p.cur.in) >= segmentSize {
		p.dispatch()
	}
	return len(b), p.err
}

// dispatch starts deflating the current segment, after writing out the
// oldest pending one when jobs are already running.
func (p *deflatePart) dispatch() {
	s := p.cur
	p.cur = nil
	p.crc = crc32.Update(p.crc, crc32.IEEETable, s.in)
	p.size += uint64(len(s.in))
	if len(p.pending) == p.d.jobs {
		p.writeOldest()
	}
	s.done = make(chan struct{})
	p.pending = append(p.pending, s)
	go p.d.deflate(s)
}

// writeOldest waits for the oldest pending segment and writes its Deflate.
func (p *deflatePart) writeOldest() {
	s := p.pending[0]
	<-s.done
	if p.err == nil {
		var n int
		n, p.err = p.raw.Write(s.out.Bytes())
		p.csize += uint64(n)
	}
	p.pending = p.pending[1:]
	s.in, s.done = s.in[:0], nil
	s.out.Reset()
	p.d.free = append(p.d.free, s)
}

// finalBlock is an empty stored block marked final: the end of a Deflate
// stream that its segments left at a byte boundary.
var finalBlock = []byte{0x01, 0x00, 0x00, 0xff, 0xff}

// Close writes the rest of the part and its sizes and CRC. It waits for
// every segment, also after an error.
func (p *deflatePart) Close() error {
	if p.cur != nil && len(p.cur.in) > 0 {
		p.dispatch()
	}
	for len(p.pending) > 0 {
		p.writeOldest()
	}
	if p.err != nil {
		return p.err
	}
	n, err := p.raw.Write(finalBlock)
	p.csize += uint64(n)
	p.fh.CRC32 = p.crc
	p.fh.CompressedSize64, p.fh.UncompressedSize64 = p.csize, p.size
	// The data descriptor that archive/zip writes after a raw entry holds
	// these 32-bit sizes (below 4 GiB), which only its own compressing
	// writer sets.
	//lint:ignore SA1019 archive/zip reads them for the data descriptor of a raw entry
	p.fh.CompressedSize, p.fh.UncompressedSize = uint32(min(p.csize, 1<<32-1)), uint32(min(p.size, 1<<32-1))
	return err
}

func (d *deflater) segment() *segment {
	if n := len(d.free); n > 0 {
		s := d.free[n-1]
		d.free = d.free[:n-1]
		return s
	}
	return &segment{in: make([]byte, 0, segmentSize+sheetChunk+4<<10)}
}

// deflate compresses s with an idle compressor, ending with a sync flush.
func (d *deflater) deflate(s *segment) {
	fw := <-d.idle
	if fw == nil {
		fw, _ = flate.NewWriter(&s.out, flate.BestSpeed) // errors only for a bad level
	} else {
		fw.Reset(&s.out)
	}
	fw.Write(s.in) // to a bytes.Buffer: no error
	fw.Flush()
	d.idle <- fw
	close(s.done)
}
