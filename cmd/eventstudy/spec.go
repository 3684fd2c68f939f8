package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/spf13/pflag"
)

// pathFlags name files; relative paths in a spec are relative to the spec
// file's folder, so that a study folder can be moved as a whole.
var pathFlags = map[string]bool{"events": true, "prices": true, "returns": true, "out": true}

// applySpec reads a YAML study spec whose keys are flag names, e.g.
//
//	events: events.csv
//	prices: [prices/]
//	market: ^GSPC
//	car: ["-1,1", "0,0"]     # or [[-1, 1], [0, 0]]
//
// and sets every flag the command line did not set: flags override the file.
func applySpec(path string, fs *pflag.FlagSet) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read spec: %w", err)
	}
	var m map[string]any
	if err := yaml.UnmarshalWithOptions(b, &m, yaml.Strict()); err != nil {
		return fmt.Errorf("spec %s: %w", path, err)
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	dir := filepath.Dir(path)
	for _, k := range keys {
		fl := fs.Lookup(k)
		if fl == nil || k == "help" {
			return fmt.Errorf("spec %s: unknown key %q (keys are the flag names of 'eventstudy run --help')", path, k)
		}
		if fl.Changed {
			continue // the command line wins
		}
		vals, err := specValues(m[k])
		if err != nil {
			return fmt.Errorf("spec %s: key %q: %w", path, k, err)
		}
		for _, v := range vals {
			if pathFlags[k] && v != "" && !filepath.IsAbs(v) {
				v = filepath.Join(dir, v)
			}
			if err := fl.Value.Set(v); err != nil {
				return fmt.Errorf("spec %s: key %q: %w", path, k, err)
			}
		}
	}
	return nil
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
