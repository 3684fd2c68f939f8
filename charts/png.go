package charts

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/png"
	"io"

	"github.com/klauspost/compress/zlib"
)

// encodePNG writes m as a PNG (ISO/IEC 15948:2004): an opaque *image.RGBA
// as 8-bit truecolour (colour type 2) with filter type 0 (None) on every
// row and zlib at its fastest level (klauspost/compress, faster than
// compress/zlib's), in one IDAT chunk; anything else
// through image/png at png.BestSpeed.
//
// image/png picks a filter for every row by trying all five (the
// minimum-sum-of-absolute-differences heuristic of the PNG book) at every
// level but NoCompression: on a chart, large areas of flat colour, that
// search was half of the encoding time, and the unfiltered rows deflate
// better (the 9 charts of a 10,000-event run: 1.04 MB instead of 1.19 MB,
// in less than half the time). The pixels are the same.
func encodePNG(w io.Writer, m image.Image) error {
	rgba, ok := m.(*image.RGBA)
	if !ok || !rgba.Opaque() {
		return (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(w, m)
	}
	b := rgba.Bounds()
	wd, ht := b.Dx(), b.Dy()
	var idat bytes.Buffer
	zw, err := zlib.NewWriterLevel(&idat, zlib.BestSpeed)
	if err != nil {
		return err
	}
	row := make([]byte, 1+3*wd) // row[0] = 0: filter type None
	for y := b.Min.Y; y < b.Max.Y; y++ {
		pix := rgba.Pix[rgba.PixOffset(b.Min.X, y):]
		for x, j := 0, 1; x < wd; x, j = x+1, j+3 {
			row[j], row[j+1], row[j+2] = pix[4*x], pix[4*x+1], pix[4*x+2]
		}
		if _, err := zw.Write(row); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	bw.WriteString("\x89PNG\r\n\x1a\n")
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:], uint32(wd))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(ht))
	ihdr[8], ihdr[9] = 8, 2 // bit depth 8, truecolour; compression, filter method and interlace 0
	pngChunk(bw, "IHDR", ihdr[:])
	pngChunk(bw, "IDAT", idat.Bytes())
	pngChunk(bw, "IEND", nil)
	return bw.Flush()
}

// pngChunk writes one chunk: length, type, data, CRC-32 of type and data.
func pngChunk(w *bufio.Writer, typ string, data []byte) {
	var h [8]byte
	binary.BigEndian.PutUint32(h[:4], uint32(len(data)))
	copy(h[4:], typ)
	w.Write(h[:])
	w.Write(data)
	crc := crc32.NewIEEE()
	crc.Write(h[4:])
	crc.Write(data)
	binary.BigEndian.PutUint32(h[:4], crc.Sum32())
	w.Write(h[:4])
}
