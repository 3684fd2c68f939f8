package engine

import (
	"testing"
	"time"
)

func TestDateInterner(t *testing.T) {
	day := func(i int) time.Time { return time.Date(2020, 1, 1+i, 0, 0, 0, 0, time.UTC) }
	mk := func(days ...int) []time.Time {
		var ds []time.Time
		for _, d := range days {
			ds = append(ds, day(d))
		}
		return ds
	}
	var d dateInterner
	a := d.intern(mk(0, 1, 2, 3))
	b := d.intern(mk(0, 1, 2, 3))
	c := d.intern(mk(0, 2, 1, 3)) // same length, ends and key, other content
	if &a[0] != &b[0] {
		t.Error("equal vectors not shared")
	}
	if &c[0] == &a[0] || !c[1].Equal(day(2)) {
		t.Error("different vector shared")
	}
	if e := d.intern(nil); e != nil {
		t.Error("nil not kept")
	}
	if cap(a) != len(a) {
		t.Error("shared slice not clipped: an append could write into it")
	}
}
