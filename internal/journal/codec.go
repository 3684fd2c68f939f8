package journal

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"sync"
	"time"
)

// The codec writes a value of a struct type field by field, in declaration
// order, by reflection: exported fields of kinds bool, integers, float64,
// string, struct, slice, and time.Time (as Unix nanoseconds, read back in UTC).
// Unexported fields are skipped. Floats keep their bits, so NaN and -0 survive.
// Because it walks the type, fields added to study.Result later are journalled
// without a change here; a kind it cannot write panics, which the tests of
// this package catch on study.Result.

var timeType = reflect.TypeFor[time.Time]()

var errShort = errors.New("journal: record too short")

// layout describes the encoded form of t: for a struct the names and layouts
// of the fields the codec writes, in order; for a slice its element's; else
// the kind (time.Time its own). Two types encode alike when their layouts
// are equal.
func layout(t reflect.Type) string {
	switch {
	case t == timeType:
		return "time"
	case t.Kind() == reflect.Struct:
		var sb strings.Builder
		sb.WriteString("{")
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			sb.WriteString(f.Name + ":" + layout(f.Type) + ";")
		}
		sb.WriteString("}")
		return sb.String()
	case t.Kind() == reflect.Slice:
		return "[]" + layout(t.Elem())
	}
	return t.Kind().String()
}

// layoutHash is a short digest of layout(t), for the journal's header.
func layoutHash(t reflect.Type) string {
	s := sha256.Sum256([]byte(layout(t)))
	return hex.EncodeToString(s[:8])
}

func encodeValue(b []byte, v reflect.Value) []byte { return encoderFor(v.Type())(b, v) }

// An encoder appends a value of one type. encoderFor compiles it once per
// type (the field walk and kind switch are then done once, not per value).
type encoder func(b []byte, v reflect.Value) []byte

var encoders sync.Map // reflect.Type → encoder

func encoderFor(t reflect.Type) encoder {
	if e, ok := encoders.Load(t); ok {
		return e.(encoder)
	}
	e := compile(t)
	encoders.Store(t, e)
	return e
}

func compile(t reflect.Type) encoder {
	switch t.Kind() {
	case reflect.Bool:
		return func(b []byte, v reflect.Value) []byte {
			if v.Bool() {
				return append(b, 1)
			}
			return append(b, 0)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return func(b []byte, v reflect.Value) []byte { return binary.AppendVarint(b, v.Int()) }
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return func(b []byte, v reflect.Value) []byte { return binary.AppendUvarint(b, v.Uint()) }
	case reflect.Float64, reflect.Float32:
		return func(b []byte, v reflect.Value) []byte {
			return binary.LittleEndian.AppendUint64(b, math.Float64bits(v.Float()))
		}
	case reflect.String:
		return func(b []byte, v reflect.Value) []byte {
			s := v.String()
			b = binary.AppendUvarint(b, uint64(len(s)))
			return append(b, s...)
		}
	case reflect.Slice:
		if t == reflect.TypeFor[[]float64]() {
			return func(b []byte, v reflect.Value) []byte {
				if v.IsNil() {
					return append(b, 0)
				}
				fs := v.Interface().([]float64)
				b = binary.AppendUvarint(b, uint64(len(fs))+1)
				for _, x := range fs {
					b = binary.LittleEndian.AppendUint64(b, math.Float64bits(x))
				}
				return b
			}
		}
		var elem encoder
		var once sync.Once // the element type may refer back to t
		return func(b []byte, v reflect.Value) []byte {
			if v.IsNil() {
				return append(b, 0)
			}
			once.Do(func() { elem = encoderFor(t.Elem()) })
			b = binary.AppendUvarint(b, uint64(v.Len())+1)
			for i := range v.Len() {
				b = elem(b, v.Index(i))
			}
			return b
		}
	case reflect.Struct:
		if t == timeType {
			return func(b []byte, v reflect.Value) []byte {
				tm := v.Interface().(time.Time)
				if tm.IsZero() {
					return append(b, 0)
				}
				b = append(b, 1)
				return binary.AppendVarint(b, tm.UnixNano())
			}
		}
		type field struct {
			i   int
			enc encoder
		}
		var fields []field
		for i := range t.NumField() {
			if t.Field(i).IsExported() {
				fields = append(fields, field{i, compile(t.Field(i).Type)})
			}
		}
		return func(b []byte, v reflect.Value) []byte {
			for _, f := range fields {
				b = f.enc(b, v.Field(f.i))
			}
			return b
		}
	}
	panic(fmt.Sprintf("journal: cannot encode %s (kind %s)", t, t.Kind()))
}

type decoder struct {
	b   []byte
	err error
}

func (d *decoder) byte1() byte {
	if len(d.b) < 1 {
		d.err = errShort
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

func (d *decoder) uvarint() uint64 {
	x, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err = errShort
		return 0
	}
	d.b = d.b[n:]
	return x
}

func (d *decoder) varint() int64 {
	x, n := binary.Varint(d.b)
	if n <= 0 {
		d.err = errShort
		return 0
	}
	d.b = d.b[n:]
	return x
}

func (d *decoder) u64() uint64 {
	if len(d.b) < 8 {
		d.err = errShort
		return 0
	}
	x := binary.LittleEndian.Uint64(d.b)
	d.b = d.b[8:]
	return x
}

func (d *decoder) value(v reflect.Value) {
	if d.err != nil {
		return
	}
	switch v.Kind() {
	case reflect.Bool:
		v.SetBool(d.byte1() == 1)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(d.varint())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(d.uvarint())
	case reflect.Float64, reflect.Float32:
		v.SetFloat(math.Float64frombits(d.u64()))
	case reflect.String:
		n := d.uvarint()
		if d.err != nil || uint64(len(d.b)) < n {
			d.err = errShort
			return
		}
		v.SetString(string(d.b[:n]))
		d.b = d.b[n:]
	case reflect.Slice:
		n := d.uvarint()
		if d.err != nil || n == 0 {
			return
		}
		n--
		if n > uint64(len(d.b)) { // every element takes at least one byte
			d.err = errShort
			return
		}
		s := reflect.MakeSlice(v.Type(), int(n), int(n))
		if fs, ok := s.Interface().([]float64); ok {
			for i := range fs {
				fs[i] = math.Float64frombits(d.u64())
			}
		} else {
			for i := range int(n) {
				d.value(s.Index(i))
			}
		}
		v.Set(s)
	case reflect.Struct:
		if v.Type() == timeType {
			if d.byte1() == 1 {
				v.Set(reflect.ValueOf(time.Unix(0, d.varint()).UTC()))
			}
			return
		}
		t := v.Type()
		for i := range t.NumField() {
			if t.Field(i).IsExported() {
				d.value(v.Field(i))
			}
		}
	default:
		panic(fmt.Sprintf("journal: cannot decode %s (kind %s)", v.Type(), v.Kind()))
	}
}
