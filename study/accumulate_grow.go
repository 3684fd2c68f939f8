package study

import "slices"

// Grow reserves room for n more results, so that a batch of known size
// never copies what it has accumulated while the slices grow: the peak
// memory of a million events is then the accumulated panel itself, not up
// to twice that during a copy. Results that are not [StatusOK] leave their
// room unused.
func (a *Accumulator) Grow(n int) {
	if n <= 0 {
		return
	}
	k := a.p.Event.Len()
	a.rows = slices.Grow(a.rows, n)
	a.ar = slices.Grow(a.ar, n*k)
	a.v = slices.Grow(a.v, n*k)
	if a.p.Conventions.Estudy2 {
		a.m = slices.Grow(a.m, n*k)
	}
	a.cars = slices.Grow(a.cars, n*len(a.p.CARs))
}
