package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/spf13/pflag"
)

// pathFlags name files; relative paths in a spec are relative to the spec
// file's folder, so that a study folder can be moved as a whole.
var pathFlags = map[string]bool{"events": true, "prices": true, "returns": true, "out": true, "symbols": true}

// applySpec reads a YAML study spec whose keys are flag names, e.g.
//
//	events: events.csv
//	prices: [prices/]
//	market: ^GSPC
//	car: ["-1,1", "0,0"]     # or [[-1, 1], [0, 0]]
//
// and sets every flag the command line did not set: flags override the file.
// Every unknown key is reported with its line at once, a bad value names the
// key, its line and what the key takes, and a spec without keys is an error
// (it would run the built-in sample).
func applySpec(path string, fs *pflag.FlagSet) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read spec: %w", err)
	}
	var m map[string]any
	if err := yaml.UnmarshalWithOptions(b, &m, yaml.Strict()); err != nil {
		return fmt.Errorf("spec %s: %w", path, err)
	}
	if len(m) == 0 {
		return fmt.Errorf("spec %s has no keys: a study spec sets at least events (keys are the flag names of 'eventstudy run --help')", path)
	}
	lines := specKeyLines(b)
	at := func(k string) string {
		if n := lines[k]; n > 0 {
			return fmt.Sprintf("%s:%d", path, n)
		}
		return path
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if lines[keys[i]] != lines[keys[j]] {
			return lines[keys[i]] < lines[keys[j]]
		}
		return keys[i] < keys[j]
	})
	var unknown []string
	for _, k := range keys {
		if fs.Lookup(k) == nil || k == "help" {
			u := fmt.Sprintf("%s: %q", at(k), k)
			if near := nearestFlag(k, fs); near != "" {
				u += fmt.Sprintf(" (did you mean %q?)", near)
			}
			unknown = append(unknown, u)
		}
	}
	if len(unknown) > 0 {
		return fmt.Errorf("spec %s: unknown key(s), the keys are the flag names of 'eventstudy run --help':\n  %s",
			path, strings.Join(unknown, "\n  "))
	}
	dir := filepath.Dir(path)
	for _, k := range keys {
		fl := fs.Lookup(k)
		if fl.Changed {
			continue // the command line wins
		}
		vals, err := specValues(m[k])
		if err != nil {
			return fmt.Errorf("spec %s: %s: %w", at(k), k, err)
		}
		for _, v := range vals {
			if pathFlags[k] && v != "" && !filepath.IsAbs(v) {
				v = filepath.Join(dir, v)
			}
			if err := fs.Set(k, v); err != nil { // marks the flag as given, as on the command line
				return fmt.Errorf("spec %s: %s: %s", at(k), k, valueError(v, fl, err))
			}
		}
	}
	return nil
}

// specKeyLines returns the line of each top-level key of a YAML mapping.
func specKeyLines(b []byte) map[string]int {
	out := map[string]int{}
	f, err := parser.ParseBytes(b, 0)
	if err != nil || len(f.Docs) == 0 {
		return out
	}
	var vals []*ast.MappingValueNode
	switch n := f.Docs[0].Body.(type) {
	case *ast.MappingNode:
		vals = n.Values
	case *ast.MappingValueNode:
		vals = []*ast.MappingValueNode{n}
	}
	for _, v := range vals {
		if tk := v.Key.GetToken(); tk != nil {
			out[tk.Value] = tk.Position.Line
		}
	}
	return out
}

// valueError says in the user's terms why v is not a value of fl: numbers
// get "not a whole number" instead of strconv's "parsing ...: invalid
// syntax"; the flag's own messages (choices, windows) are kept.
func valueError(v string, fl *pflag.Flag, err error) string {
	var ne *strconv.NumError
	if !errors.As(err, &ne) {
		return err.Error()
	}
	want := "a number"
	switch fl.Value.Type() {
	case "int", "int64", "int32", "uint", "uint64", "intSlice":
		want = "a whole number"
	case "bool":
		want = "true or false"
	}
	if errors.Is(ne.Err, strconv.ErrRange) {
		return fmt.Sprintf("%q is out of range (%s)", v, fl.Usage)
	}
	return fmt.Sprintf("%q is not %s (%s)", v, want, fl.Usage)
}

// nearestFlag returns the flag name closest to k by edit distance, if it
// is at most 2 edits away ("modle" → "model").
func nearestFlag(k string, fs *pflag.FlagSet) string {
	best, bestD := "", 3
	fs.VisitAll(func(f *pflag.Flag) {
		if d := editDistance(k, f.Name); d < bestD && f.Name != "help" {
			best, bestD = f.Name, d
		}
	})
	return best
}

// editDistance is the Levenshtein distance of a and b (bytes).
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// specValues flattens a YAML value into the strings a flag's Set takes: a
// scalar is one value, a list is one value per element, and a list of two
// numbers inside a list is a window "a,b".
func specValues(v any) ([]string, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case []any:
		if isWindow(x) {
			return []string{fmt.Sprintf("%v,%v", x[0], x[1])}, nil
		}
		var out []string
		for _, e := range x {
			if w, ok := e.([]any); ok {
				if !isWindow(w) {
					return nil, fmt.Errorf("want a window [a, b], got %v", w)
				}
				out = append(out, fmt.Sprintf("%v,%v", w[0], w[1]))
				continue
			}
			s, err := scalar(e)
			if err != nil {
				return nil, err
			}
			out = append(out, s)
		}
		return out, nil
	}
	s, err := scalar(v)
	if err != nil {
		return nil, err
	}
	return []string{s}, nil
}

func isWindow(x []any) bool {
	if len(x) != 2 {
		return false
	}
	for _, e := range x {
		switch e.(type) {
		case int, int64, uint64, float64:
		default:
			return false
		}
	}
	return true
}

func scalar(v any) (string, error) {
	switch x := v.(type) {
	case string:
		return x, nil
	case bool, int, int64, uint64, float64:
		return fmt.Sprint(x), nil
	}
	return "", fmt.Errorf("want a value or a list, got %s", strings.TrimSpace(fmt.Sprintf("%T", v)))
}
