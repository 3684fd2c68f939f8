package french

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/eventstudy/eventstudy/data"
)

// ReadZip parses the single CSV inside a library zip. name is used in errors.
func ReadZip(b []byte, name string) (*Factors, error) {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, &data.ParseError{File: name, Line: 1, Err: fmt.Errorf("%w: %v", data.ErrMalformed, err)}
	}
	for _, zf := range zr.File {
		if !strings.HasSuffix(strings.ToLower(zf.Name), ".csv") {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			return nil, &data.ParseError{File: name, Line: 1, Err: err}
		}
		defer rc.Close()
		return Read(io.LimitReader(rc, 256<<20), name+"/"+zf.Name)
	}
	return nil, &data.ParseError{File: name, Line: 1, Err: fmt.Errorf("%w: no CSV in the zip", data.ErrEmpty)}
}
