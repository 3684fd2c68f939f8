package charts_test

import (
	"bytes"
	"flag"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/eventstudy/eventstudy/charts"
	"github.com/eventstudy/eventstudy/study"
)

var (
	update = flag.Bool("update", false, "rewrite testdata/*.golden.svg")
	pngDir = flag.String("pngdir", "", "also write each golden chart as PNG to this folder, for looking at")
)

// goldenCharts are the charts that testdata/<name>.golden.svg guard.
var goldenCharts = []struct {
	name  string
	build func() (*charts.Chart, error)
}{
	{"price", func() (*charts.Chart, error) { return charts.PriceChart(spec, fbPrices()) }},
	{"ar", func() (*charts.Chart, error) { return charts.ARChart(spec, fbResult()) }},
	{"caar", func() (*charts.Chart, error) { s, se := summary(); return charts.CAARChart(spec, s, se) }},
	{"histogram", func() (*charts.Chart, error) {
		return charts.CARHistogram(spec, batch(36), study.Window{Start: -1, End: 1})
	}},
	{"multiples", func() (*charts.Chart, error) { return charts.CARMultiples(spec, batch(36)) }},
	{"dots", func() (*charts.Chart, error) {
		return charts.CARHistogram(spec, batch(5), study.Window{Start: -1, End: 1})
	}},
	{"fan", func() (*charts.Chart, error) { return charts.CARFan(spec, batch(300)) }},
}

// TestGolden compares each chart's SVG with testdata/<name>.golden.svg. The
// goldens use "svg-inline" (no embedded fonts): the drawing is the same as in
// "svg", and a diff stays readable without 0.8 MB of base64 fonts.
func TestGolden(t *testing.T) {
	for _, tc := range goldenCharts {
		t.Run(tc.name, func(t *testing.T) {
			ch, err := tc.build()
			if err != nil {
				t.Fatal(err)
			}
			var got bytes.Buffer
			if err := charts.Render(ch, "svg-inline", &got); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", tc.name+".golden.svg")
			gotFile := filepath.Join("testdata", tc.name+".got")
			if *pngDir != "" {
				var img bytes.Buffer
				if err := charts.Render(ch, "png", &img); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(*pngDir, tc.name+".png"), img.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if *update {
				if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				os.Remove(gotFile)
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./charts -update to create it)", err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				if err := os.WriteFile(gotFile, got.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				t.Errorf("%s differs from %s; wrote %s (review the diff, then go test ./charts -update)", tc.name, golden, gotFile)
				return
			}
			os.Remove(gotFile)
		})
	}
}

// TestDeterministic renders each chart twice, from two builds, in every
// deterministic format and wants identical bytes.
func TestDeterministic(t *testing.T) {
	for _, tc := range goldenCharts {
		for _, format := range []string{"svg", "svg-inline", "png"} {
			var out [2]bytes.Buffer
			for i := range out {
				ch, err := tc.build()
				if err != nil {
					t.Fatal(err)
				}
				if err := charts.Render(ch, format, &out[i]); err != nil {
					t.Fatalf("%s %s: %v", tc.name, format, err)
				}
			}
			if !bytes.Equal(out[0].Bytes(), out[1].Bytes()) {
				t.Errorf("%s %s: two renders differ", tc.name, format)
			}
		}
	}
}

// TestPNGSize decodes each PNG and checks its pixel size: 1200×675 by
// default (600×337.5 pt at 144 DPI), 800×900 for the narrow spec, 533×600
// for the narrow spec at 96 DPI.
func TestPNGSize(t *testing.T) {
	narrow := charts.NarrowSpec() // 400 × 450 pt at 144 DPI
	for _, tc := range goldenCharts {
		ch, err := tc.build()
		if err != nil {
			t.Fatal(err)
		}
		check := func(wantW, wantH int) {
			t.Helper()
			var b bytes.Buffer
			if err := charts.Render(ch, "png", &b); err != nil {
				t.Fatal(err)
			}
			cfg, err := png.DecodeConfig(&b)
			if err != nil {
				t.Fatalf("%s: decode PNG: %v", tc.name, err)
			}
			if cfg.Width != wantW || cfg.Height != wantH {
				t.Errorf("%s: PNG is %d×%d px, want %d×%d", tc.name, cfg.Width, cfg.Height, wantW, wantH)
			}
		}
		if tc.name == "multiples" { // grows downwards to keep 36 panels legible
			check(1200, 1920)
			continue
		}
		if tc.name == "dots" { // 5 rows fit the default size; the narrow spec only
			check(1200, 675)
			continue
		}
		check(1200, 675)
		ch.Spec.Width, ch.Spec.Height = narrow.Width, narrow.Height
		check(800, 900)
		ch.Spec.DPI = 96
		check(533, 600)
	}
}

// TestFormats checks what each format starts with and that SVG carries the
// chart's title and its fonts where they belong.
func TestFormats(t *testing.T) {
	ch, err := charts.ARChart(spec, fbResult())
	if err != nil {
		t.Fatal(err)
	}
	render := func(format string) string {
		t.Helper()
		var b bytes.Buffer
		if err := charts.Render(ch, format, &b); err != nil {
			t.Fatalf("Render %s: %v", format, err)
		}
		return b.String()
	}
	svg, inline, pdf := render("svg"), render("svg-inline"), render("pdf")
	if !strings.HasPrefix(svg, "<?xml") || !strings.Contains(svg, "@font-face") {
		t.Errorf("svg: want an XML prolog and embedded fonts")
	}
	if !strings.HasPrefix(inline, "<svg") || strings.Contains(inline, "@font-face") {
		t.Errorf("svg-inline: want <svg first and no embedded fonts; starts %.40q", inline)
	}
	title := "<title>FB: abnormal returns around Aug 6, 2018</title>"
	for name, s := range map[string]string{"svg": svg, "svg-inline": inline} {
		if !strings.Contains(s, title) {
			t.Errorf("%s: no %s", name, title)
		}
		if !strings.Contains(s, "font-family:Liberation Sans") {
			t.Errorf("%s: text is not in Liberation Sans", name)
		}
	}
	if !strings.HasPrefix(pdf, "%PDF-") {
		t.Errorf("pdf: starts %.10q, want %%PDF-", pdf)
	}
	css := charts.FontCSS()
	if got := strings.Count(css, "@font-face"); got != 2 || !strings.Contains(css, `font-family:"Liberation Sans"`) {
		t.Errorf("FontCSS: %d @font-face rules; want 2 for \"Liberation Sans\"", got)
	}
	var b bytes.Buffer
	if err := charts.Render(ch, "gif", &b); err == nil {
		t.Errorf("Render gif: no error")
	}
}

// TestPNGDigitsUnkerned: in a PNG the digits of "111" stand one digit
// advance apart (0.556 em: Liberation Sans' tabular figures), not closer
// (its kerning pair "11", −0.074 em, made "−11.9%" read "−1l.9%" at print
// size). The stems of the three 1s are found as the darkest columns of the
// title.
func TestPNGDigitsUnkerned(t *testing.T) {
	ch := &charts.Chart{Title: "111"}
	var b bytes.Buffer
	if err := charts.Render(ch, "png", &b); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&b)
	if err != nil {
		t.Fatal(err)
	}
	// The title: 18 pt bold at 144 DPI, 36 px per em, in the top 60 px.
	ink := make([]int, img.Bounds().Dx())
	for x := range ink {
		for y := 0; y < 60; y++ {
			if r, _, _, _ := img.At(x, y).RGBA(); r < 0x8000 {
				ink[x]++
			}
		}
	}
	var stems []float64 // centres of runs of columns at least 20 px of ink high
	for x := 0; x < len(ink); {
		if ink[x] < 20 {
			x++
			continue
		}
		s := x
		for x < len(ink) && ink[x] >= 20 {
			x++
		}
		stems = append(stems, float64(s+x-1)/2)
	}
	if len(stems) != 3 {
		t.Fatalf("found %d stems in the title \"111\", want 3 (ink by column %v)", len(stems), ink[:120])
	}
	want := 0.556 * 36 // px
	for i := 1; i < 3; i++ {
		if d := stems[i] - stems[i-1]; math.Abs(d-want) > 1 {
			t.Errorf("stems %d and %d are %.1f px apart, want %.1f (one digit advance, no kerning)", i, i+1, d, want)
		}
	}
}
