package symbols

import (
	"testing"
	"time"
)

// BenchmarkResolve: the engine resolves each event's firm and benchmark once
// (twice per event), so the table's cost per event is two of these.
func BenchmarkResolve(b *testing.B) {
	h := Builtin()
	syms := []string{"FB", "AAPL", "PEAK", "TWTR", "^GSPC", "MSFT"}
	at := time.Date(2018, 8, 6, 0, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		h.Resolve(syms[n%len(syms)], at)
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "resolves/s")
}

// BenchmarkResolveNil: price files have no history (nil): the engine's
// calls cost nothing measurable.
func BenchmarkResolveNil(b *testing.B) {
	var h *History
	at := time.Date(2018, 8, 6, 0, 0, 0, 0, time.UTC)
	for b.Loop() {
		h.Resolve("AAPL", at)
	}
}
