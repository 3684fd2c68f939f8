package web

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"strings"

	"github.com/eventstudy/eventstudy/quick"
)

// pageError is a page that says what went wrong and what to do, with the
// HTTP status: 4xx for what the reader can change, 5xx for the server's
// own failures. Nothing of it is a stack trace.
type pageError struct {
	Status int
	Title  string
	Detail string
	// Form is the query the reader sent, to fill the one-event form again.
	Form *quickQuery
	// Back is where the reader goes next ("/" or "/study").
	Back string
}

func (e *pageError) Error() string { return e.Title + ": " + e.Detail }

var funcs = template.FuncMap{
	"pct": func(x any) string { return pct(float(x)) },
	"num": func(x any, d int) string { return num(float(x), d) },
	"day": func(d int) string { return strings.Replace(fmt.Sprintf("%+d", d), "-", "−", 1) },
}

// float converts the numbers templates see (float64, quick.Float, int).
func float(x any) float64 {
	switch v := x.(type) {
	case float64:
		return v
	case quick.Float:
		return float64(v)
	case int:
		return float64(v)
	}
	return math.NaN()
}

// pct formats a fraction as a signed percentage with two decimals and a true
// minus sign; NaN is "n/a".
func pct(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "n/a"
	}
	return strings.Replace(fmt.Sprintf("%+.2f%%", 100*x), "-", "−", 1)
}

// num formats x with d decimals and a true minus sign; NaN is "n/a".
func num(x float64, d int) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "n/a"
	}
	return strings.Replace(fmt.Sprintf("%.*f", d, x), "-", "−", 1)
}

// render writes page with status. Every page gets a fresh nonce for its one
// inline script; the policy allows nothing from another origin.
func (s *Server) render(w http.ResponseWriter, status int, page string, data map[string]any) {
	var nb [16]byte
	rand.Read(nb[:])
	nonce := hex.EncodeToString(nb[:]) // hex: nothing for the template to escape
	if data == nil {
		data = map[string]any{}
	}
	data["Nonce"] = nonce
	data["Studies"] = s.jobs != nil
	var b bytes.Buffer
	if err := s.pages[page].Execute(&b, data); err != nil {
		s.cfg.Log.Printf("serve: page %s: %v", page, err)
		http.Error(w, "internal error: the page could not be drawn", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", "default-src 'none'; img-src 'self'; style-src 'self'; script-src 'nonce-"+nonce+
		"'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(b.Bytes())
}

// fail writes an error page.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, e *pageError) {
	if e.Back == "" {
		e.Back = "/"
	}
	form := e.Form
	if form == nil {
		form = &quickQuery{Market: s.cfg.Market}
	}
	s.render(w, e.Status, "error", map[string]any{"Title": e.Title, "Err": e, "Form": form,
		"QuickForm": e.Back == "/"})
}
