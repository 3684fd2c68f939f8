package journal

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/eventstudy/eventstudy/study"
)

// fill sets every exported field of v to a random value (NaN for some floats,
// nil or short slices), so that a field the codec forgets shows up.
func fill(rng *rand.Rand, v reflect.Value) {
	switch v.Kind() {
	case reflect.Bool:
		v.SetBool(rng.IntN(2) == 1)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(rng.Int64N(1000) - 500)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(rng.Uint64N(1000))
	case reflect.Float64, reflect.Float32:
		x := rng.NormFloat64()
		if rng.IntN(5) == 0 {
			x = math.NaN()
		}
		v.SetFloat(x)
	case reflect.String:
		v.SetString(fmt.Sprintf("s%d,\"é\n", rng.IntN(100)))
	case reflect.Slice:
		if rng.IntN(4) == 0 {
			return
		}
		s := reflect.MakeSlice(v.Type(), 1+rng.IntN(3), 1+rng.IntN(3)+3)
		for i := range s.Len() {
			fill(rng, s.Index(i))
		}
		v.Set(s)
	case reflect.Struct:
		if v.Type() == timeType {
			if rng.IntN(4) > 0 {
				v.Set(reflect.ValueOf(time.Date(1990+rng.IntN(40), 1, 1+rng.IntN(300), 0, 0, 0, 0, time.UTC)))
			}
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(rng, v.Field(i))
			}
		}
	}
}

func randomResults(n int) []study.Result {
	rng := rand.New(rand.NewPCG(3, 4))
	rs := make([]study.Result, n)
	for i := range rs {
		fill(rng, reflect.ValueOf(&rs[i]).Elem())
	}
	return rs
}

// equal compares results by their printed form (NaN equals NaN; nil and empty
// slices print alike, so slice lengths are compared by the codec test below).
func equal(a, b *study.Result) bool { return fmt.Sprintf("%#v", *a) == fmt.Sprintf("%#v", *b) }

func TestCodecRoundTrip(t *testing.T) {
	for i, r := range randomResults(200) {
		b := encodeValue(nil, reflect.ValueOf(&r).Elem())
		var got study.Result
		d := decoder{b: b}
		d.value(reflect.ValueOf(&got).Elem())
		if d.err != nil || len(d.b) != 0 {
			t.Fatalf("%d: err %v, %d bytes left", i, d.err, len(d.b))
		}
		if !equal(&got, &r) {
			t.Fatalf("%d: round trip differs:\n got %#v\nwant %#v", i, got, r)
		}
	}
}

func writeJournal(t *testing.T, path string, rs []study.Result) {
	t.Helper()
	w, err := Create(path, "fp")
	if err != nil {
		t.Fatal(err)
	}
	w.Batch = 7
	for i := range rs {
		if err := w.Add(i, &rs[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

func readAll(t *testing.T, path, fp string) ([]study.Result, int64, error) {
	t.Helper()
	var got []study.Result
	_, size, err := Read(path, fp, func(i int, r *study.Result) error {
		got = append(got, *r)
		return nil
	})
	return got, size, err
}

func TestJournalTornTail(t *testing.T) {
	rs := randomResults(20)
	path := filepath.Join(t.TempDir(), Name)
	writeJournal(t, path, rs)
	full, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	got, size, err := readAll(t, path, "fp")
	if err != nil || len(got) != len(rs) || size != int64(len(full)) {
		t.Fatalf("read %d records, size %d of %d, err %v", len(got), size, len(full), err)
	}
	for i := range rs {
		if !equal(&got[i], &rs[i]) {
			t.Fatalf("record %d differs", i)
		}
	}
	// Every cut inside the last record drops it and keeps the 19 before it.
	_, size19, _ := func() ([]study.Result, int64, error) {
		p := filepath.Join(t.TempDir(), Name)
		writeJournal(t, p, rs[:19])
		return readAll(t, p, "fp")
	}()
	for cut := size19; cut < int64(len(full)); cut++ {
		if err := os.WriteFile(path, full[:cut], 0o644); err != nil {
			t.Fatal(err)
		}
		got, size, err := readAll(t, path, "fp")
		if err != nil || len(got) != 19 || size != size19 {
			t.Fatalf("cut at %d: %d records, size %d (want 19, %d), err %v", cut, len(got), size, size19, err)
		}
	}
	// A flipped bit in record 10 keeps records 0..9.
	bad := append([]byte(nil), full...)
	bad[size19-5] ^= 0x10 // inside record 18
	os.WriteFile(path, bad, 0o644)
	if got, _, _ := readAll(t, path, "fp"); len(got) != 18 {
		t.Fatalf("corrupt record 18: kept %d records, want 18", len(got))
	}
	// Append after a torn tail continues the sequence.
	os.WriteFile(path, full[:size19+3], 0o644)
	_, size, _ = readAll(t, path, "fp")
	w, err := Append(path, size)
	if err != nil {
		t.Fatal(err)
	}
	w.Add(19, &rs[19])
	w.Close()
	if got, size, _ := readAll(t, path, "fp"); len(got) != 20 || size != int64(len(full)) {
		t.Fatalf("after append: %d records, size %d, want 20, %d", len(got), size, len(full))
	}
}

func TestJournalFingerprint(t *testing.T) {
	path := filepath.Join(t.TempDir(), Name)
	writeJournal(t, path, randomResults(2))
	if _, _, err := readAll(t, path, "other"); err != ErrMismatch {
		t.Fatalf("err = %v, want ErrMismatch", err)
	}
}

// A journal whose header names another layout of study.Result (written by
// another build) is refused, with the right fingerprint.
func TestJournalLayout(t *testing.T) {
	path := filepath.Join(t.TempDir(), Name)
	writeJournal(t, path, randomResults(2))
	if _, _, err := readAll(t, path, "fp"); err != nil {
		t.Fatalf("same build: %v", err)
	}
	saved := resultLayout
	resultLayout = "0123456789abcdef"
	defer func() { resultLayout = saved }()
	if _, _, err := readAll(t, path, "fp"); err != ErrMismatch {
		t.Fatalf("other layout: err = %v, want ErrMismatch", err)
	}
}

// The layout changes when a field is added, renamed or retyped (also in a
// nested struct or slice element) and ignores unexported fields.
func TestLayout(t *testing.T) {
	type inner struct{ A, B float64 }
	type v1 struct {
		X  int
		In []inner
		T  time.Time
		_  int
	}
	type v1u struct {
		X  int
		In []inner
		T  time.Time
		_  string
	}
	type inner2 struct{ A, C float64 }
	type v2 struct {
		X  int
		In []inner2
		T  time.Time
	}
	type v3 struct {
		X  float64
		In []inner
		T  time.Time
	}
	type v4 struct {
		X  int
		In []inner
		T  time.Time
		Y  bool
	}
	base := layout(reflect.TypeFor[v1]())
	if got := layout(reflect.TypeFor[v1u]()); got != base {
		t.Errorf("unexported field changed the layout: %s, want %s", got, base)
	}
	for _, ty := range []reflect.Type{reflect.TypeFor[v2](), reflect.TypeFor[v3](), reflect.TypeFor[v4]()} {
		if layout(ty) == base {
			t.Errorf("%v has the layout of v1: %s", ty, base)
		}
	}
	if want := "{X:int;In:[]{A:float64;B:float64;};T:time;}"; base != want {
		t.Errorf("layout(v1) = %s, want %s", base, want)
	}
}

// BenchmarkAppendRecord encodes one event's record (21 days, 4 CARs, 240
// estimation residuals), as a run does for every event.
func BenchmarkAppendRecord(b *testing.B) {
	r := randomResults(1)[0]
	r.Days = make([]study.Day, 21)
	r.CARs = make([]study.CAR, 4)
	r.EstAR = make([]float64, 240)
	var buf []byte
	b.ReportAllocs()
	for b.Loop() {
		buf = AppendRecord(buf[:0], 7, &r)
	}
	b.SetBytes(int64(len(buf)))
}
