package study

import (
	"math"
	"slices"
	"sync"
)

// A ranker computes average ranks by an LSD radix sort of order-preserving
// integer keys: 8 passes of 8 bits (passes whose byte is the same for every
// key are skipped), about 2.5 times faster than a comparison sort followed by
// a binary search per value on the 261-value windows of the rank tests. Its
// buffers are reused between calls; a ranker is not safe for concurrent use
// (take one from rankers).
type ranker struct {
	a, tmp []rankKey
}

// rankKey is a value's order-preserving key and its index in the input.
type rankKey struct {
	k uint64
	i int32
}

var rankers = sync.Pool{New: func() any { return new(ranker) }}

// orderKey maps a non-NaN float64 to a uint64 with the same order: x < y ⇔
// key(x) < key(y), and key(x) = key(y) ⇔ x == y (−0 and +0 share a key).
func orderKey(v float64) uint64 {
	b := math.Float64bits(v + 0) // −0 + 0 = +0
	if b>>63 != 0 {
		return ^b
	}
	return b | 1<<63
}

// sort sorts the non-NaN values of x by key and returns them (keys and
// indices into x, ascending; ties in index order). The slice is the ranker's
// and valid until its next call.
func (r *ranker) sort(x []float64) []rankKey {
	a := r.a[:0]
	for j, v := range x {
		if !math.IsNaN(v) {
			a = append(a, rankKey{orderKey(v), int32(j)})
		}
	}
	n := len(a)
	if cap(r.tmp) < n {
		r.tmp = make([]rankKey, n)
	}
	src, dst := a, r.tmp[:n]
	r.a = a
	if n < 2 {
		return src
	}
	var h [8][256]int32
	for _, p := range a {
		k := p.k
		for d := range 8 {
			h[d][byte(k>>(8*d))]++
		}
	}
	for d := range 8 {
		hd := &h[d]
		shift := uint(8 * d)
		if hd[byte(src[0].k>>shift)] == int32(n) {
			continue // every key has this byte
		}
		var s int32
		for c := range hd {
			s, hd[c] = s+hd[c], s
		}
		for _, p := range src {
			b := byte(p.k >> shift)
			dst[hd[b]] = p
			hd[b]++
		}
		src, dst = dst, src
	}
	return src
}

// averageRanks sets rank[j] to the rank of x[j] among the non-NaN values of x
// (1 = smallest; ties get the mean of their ranks) and NaN where x is NaN.
// It returns the non-NaN values in ascending order, as [ranker.sort].
func (r *ranker) averageRanks(x, rank []float64) []rankKey {
	for j, v := range x {
		if math.IsNaN(v) {
			rank[j] = nan
		}
	}
	s := r.sort(x)
	walkTies(s, func(a, b int) {
		v := float64(a+b)/2 + 1
		for c := a; c <= b; c++ {
			rank[s[c].i] = v
		}
	})
	return s
}

// walkTies calls f(a, b) for each maximal group s[a..b] of equal keys.
func walkTies(s []rankKey, f func(a, b int)) {
	for a := 0; a < len(s); {
		b := a
		for b+1 < len(s) && s[b+1].k == s[a].k {
			b++
		}
		f(a, b)
		a = b + 1
	}
}

// averageRanks is [ranker.averageRanks] with a pooled ranker.
func averageRanks(x, rank []float64) int {
	r := rankers.Get().(*ranker)
	defer rankers.Put(r)
	return len(r.averageRanks(x, rank))
}

// rowsMemo keeps the last value computed for a set of panel rows: the samples
// of consecutive event days usually have the same rows, and what depends only
// on the rows is computed once for them. Safe for concurrent use.
type rowsMemo[T any] struct {
	mu   sync.Mutex
	rows []int
	ok   bool
	val  T
}

// get returns the value for rows, computing it with f if the rows differ
// from the last call's.
func (m *rowsMemo[T]) get(rows []int, f func() T) T {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.ok && slices.Equal(m.rows, rows) {
		return m.val
	}
	m.val = f()
	m.rows, m.ok = append(m.rows[:0], rows...), true
	return m.val
}
