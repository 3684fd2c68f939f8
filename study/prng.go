package study

import "math/bits"

// splitMix is the SplitMix64 generator (Steele, Lea & Flood 2014, "Fast
// splittable pseudorandom number generators", OOPSLA): deterministic for a
// seed, so that the bootstrap is reproducible. Package study does not import
// math/rand (doc.go).
type splitMix struct{ s uint64 }

func (g *splitMix) next() uint64 {
	g.s += 0x9e3779b97f4a7c15
	z := g.s
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// intN is uniform on [0, n) without modulo bias (Lemire 2019, "Fast random
// integer generation in an interval", ACM TOMACS 29, alg. 5). n > 0.
func (g *splitMix) intN(n int) int {
	un := uint64(n)
	hi, lo := bits.Mul64(g.next(), un)
	if lo < un {
		thresh := -un % un
		for lo < thresh {
			hi, lo = bits.Mul64(g.next(), un)
		}
	}
	return int(hi)
}
