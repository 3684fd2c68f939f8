package web

import (
	"net/http/httptest"
	"testing"
)

// BenchmarkQuick measures what a reader waits for once the prices are at
// hand (the built-in sample, in memory; a web source adds its cache read or
// fetch): the answer page, and the PNG chart its <img> loads.
func BenchmarkQuick(b *testing.B) {
	s, err := New(sampleConfig(b))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	for _, c := range []struct{ name, target string }{
		{"page", "/quick?symbol=SYNA&date=2020-02-26"},
		{"png", "/quick.png?symbol=SYNA&date=2020-02-26"},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				w := httptest.NewRecorder()
				s.ServeHTTP(w, httptest.NewRequest("GET", c.target, nil))
				if w.Code != 200 {
					b.Fatalf("GET %s: %d", c.target, w.Code)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "answers/s")
		})
	}
}
