package pipeline

import (
	"bytes"
	"encoding/gob"
	"reflect"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/eventstudy/eventstudy/data"
	"github.com/eventstudy/eventstudy/data/quality"
	"github.com/eventstudy/eventstudy/study"
)

// The elements that cross the shuffles. Each has a gob coder (registered in
// init): gob keeps NaN (missing values) and time.Time exactly, which Beam's
// default JSON coder would not.

// evRec is one event of an events file.
type evRec struct {
	Event study.Event
	Extra []string // carried-through values, in the first events file's column order
	File  int      // index of the events file (input order, then path order)
	Line  int      // line in its file: (File, Line) is the input order
}

// priceRec is one symbol's series from one price file.
type priceRec struct {
	Input  int    // index of the --prices (or --returns) argument: the first given wins
	Path   string // file, then position in it, break ties between files of one argument
	Pos    int
	Series data.Series
}

// bundle is a firm's events that share one benchmark, with the firm's prices
// (or returns) and all the firm's events (for the confounding check).
type bundle struct {
	Firm     *data.Series // nil when the symbol is in no price file
	Events   []evRec
	AllDates []quality.Dated // every event of the firm (any benchmark), by date then input order
}

// work is a bundle with its benchmark's returns: one unit of estimation.
type work struct {
	Bundle bundle
	Market *study.Series // returns; nil when the benchmark is in no price file
}

// accum is the accumulator of the cross-event statistics: the compact rows
// of the OK results (see compact).
type accum struct {
	Rows []study.Result
}

// summaryFiles are the files of the tests across events as written by
// data/tidy (summaryNames).
type summaryFiles struct {
	Files []namedFile
}

// namedFile is a file's name in the output folder and its content.
type namedFile struct {
	Name string
	Data []byte
}

func gobEncode[T any](v T) ([]byte, error) {
	var b bytes.Buffer
	err := gob.NewEncoder(&b).Encode(&v)
	return b.Bytes(), err
}

func gobDecode[T any](b []byte) (T, error) {
	var v T
	err := gob.NewDecoder(bytes.NewReader(b)).Decode(&v)
	return v, err
}

// Beam finds coder functions by name, so each type needs its own named pair
// (instances of one generic function would share a name).
func init() {
	reg := func(v any, enc, dec any) { beam.RegisterCoder(reflect.TypeOf(v), enc, dec) }
	reg(evRec{}, encEvRec, decEvRec)
	reg(priceRec{}, encPriceRec, decPriceRec)
	reg(bundle{}, encBundle, decBundle)
	reg(work{}, encWork, decWork)
	reg(accum{}, encAccum, decAccum)
	reg(summaryFiles{}, encSummaryFiles, decSummaryFiles)
	reg(fileRef{}, encFileRef, decFileRef)
	reg(study.Result{}, encResult, decResult)
}

func encEvRec(v evRec) ([]byte, error)               { return gobEncode(v) }
func decEvRec(b []byte) (evRec, error)               { return gobDecode[evRec](b) }
func encPriceRec(v priceRec) ([]byte, error)         { return gobEncode(v) }
func decPriceRec(b []byte) (priceRec, error)         { return gobDecode[priceRec](b) }
func encBundle(v bundle) ([]byte, error)             { return gobEncode(v) }
func decBundle(b []byte) (bundle, error)             { return gobDecode[bundle](b) }
func encWork(v work) ([]byte, error)                 { return gobEncode(v) }
func decWork(b []byte) (work, error)                 { return gobDecode[work](b) }
func encAccum(v accum) ([]byte, error)               { return gobEncode(v) }
func decAccum(b []byte) (accum, error)               { return gobDecode[accum](b) }
func encSummaryFiles(v summaryFiles) ([]byte, error) { return gobEncode(v) }
func decSummaryFiles(b []byte) (summaryFiles, error) { return gobDecode[summaryFiles](b) }
func encFileRef(v fileRef) ([]byte, error)           { return gobEncode(v) }
func decFileRef(b []byte) (fileRef, error)           { return gobDecode[fileRef](b) }
func encResult(v study.Result) ([]byte, error)       { return gobEncode(v) }
func decResult(b []byte) (study.Result, error)       { return gobDecode[study.Result](b) }

// symKey is the key on which events meet prices: the symbol upper-cased,
// without a leading ^, with . for - (so ^GSPC finds GSPC.csv and BRK.B finds
// BRK-B, as data.CSVSource does).
func symKey(s string) string {
	k := strings.ToUpper(strings.TrimSpace(s))
	return strings.ReplaceAll(strings.TrimPrefix(k, "^"), ".", "-")
}

// before orders price records: the first input given wins, then the path,
// then the first occurrence in the file.
func (a *priceRec) before(b *priceRec) bool {
	if a.Input != b.Input {
		return a.Input < b.Input
	}
	if a.Path != b.Path {
		return a.Path < b.Path
	}
	return a.Pos < b.Pos
}
