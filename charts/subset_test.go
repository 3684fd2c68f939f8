package charts

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/image/font/sfnt"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/eventstudy/eventstudy/study"
)

// subsetChart is a chart with plain and bold text, minus signs, an arrow,
// an accented letter (a composite glyph) and a kerned pair ("AV").
func subsetChart(t *testing.T) *Chart {
	t.Helper()
	r := study.Result{Event: study.Event{ID: "x", Symbol: "AVT"}, Status: study.StatusOK,
		Day0: time.Date(2018, 8, 6, 0, 0, 0, 0, time.UTC)}
	for i := -3; i <= 3; i++ {
		r.Days = append(r.Days, study.Day{RelDay: i, Date: r.Day0.AddDate(0, 0, i), AR: 0.01 * float64(i), SE: 0.01, CAR: 0.002 * float64(i)})
	}
	s := Spec{Source: "Source: Société Générale ↓ AVA −11.9%", News: News{Headline: "Résumé: AVT −11% after the WAVE"}}
	ch, err := ARChart(s, r)
	if err != nil {
		t.Fatal(err)
	}
	return ch
}

// TestSubsetFont: the subset fonts are valid for sfnt, map every character
// drawn to a glyph with the original advance and kerning, and keep a
// standalone SVG under 150 KB.
func TestSubsetFont(t *testing.T) {
	runes := []rune("AVTé−↓%0123456789 ")
	face := font.DefaultCache.Lookup(regularFont, 10)
	var raw bytes.Buffer
	if _, err := face.Face.WriteSourceTo(nil, &raw); err != nil {
		t.Fatal(err)
	}
	sub, err := subsetTTF(raw.Bytes(), runes)
	if err != nil {
		t.Fatal(err)
	}
	if len(sub) > 20_000 {
		t.Errorf("subset of %d characters is %d bytes", len(runes), len(sub))
	}
	full, err := sfnt.Parse(raw.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	small, err := sfnt.Parse(sub)
	if err != nil {
		t.Fatalf("the subset does not parse: %v", err)
	}
	var b1, b2 sfnt.Buffer
	gi := func(f *sfnt.Font, b *sfnt.Buffer, r rune) sfnt.GlyphIndex {
		g, err := f.GlyphIndex(b, r)
		if err != nil || g == 0 {
			t.Fatalf("no glyph for %q: %v", r, err)
		}
		return g
	}
	for _, r := range runes {
		a1, _ := full.GlyphAdvance(&b1, gi(full, &b1, r), 0x40*26, 0) // any fixed size
		a2, _ := small.GlyphAdvance(&b2, gi(small, &b2, r), 0x40*26, 0)
		if a1 != a2 {
			t.Errorf("%q: advance %v in the subset, %v in the font", r, a2, a1)
		}
		s1, _ := full.LoadGlyph(&b1, gi(full, &b1, r), 0x40*26, nil)
		s2, _ := small.LoadGlyph(&b2, gi(small, &b2, r), 0x40*26, nil)
		if len(s1) != len(s2) {
			t.Errorf("%q: %d outline segments in the subset, %d in the font", r, len(s2), len(s1))
		}
	}
	k1, _ := full.Kern(&b1, gi(full, &b1, 'A'), gi(full, &b1, 'V'), 0x40*26, 0)
	k2, _ := small.Kern(&b2, gi(small, &b2, 'A'), gi(small, &b2, 'V'), 0x40*26, 0)
	if k1 == 0 || k1 != k2 {
		t.Errorf("kerning of AV: %v in the subset, %v in the font (want equal, non-zero)", k2, k1)
	}
	if _, err := small.GlyphIndex(&b2, 'Q'); err == nil {
		if g, _ := small.GlyphIndex(&b2, 'Q'); g != 0 {
			t.Error("the subset maps Q, which it should not hold")
		}
	}

	var svg bytes.Buffer
	if err := Render(subsetChart(t), "svg", &svg); err != nil {
		t.Fatal(err)
	}
	if n := svg.Len(); n > 150_000 {
		t.Errorf("standalone SVG is %d bytes, want < 150 KB", n)
	}
	if c := strings.Count(svg.String(), "@font-face"); c != 2 {
		t.Errorf("%d @font-face rules, want 2 (regular and bold)", c)
	}
	css, err := FontCSSFor(svg.String())
	if err != nil {
		t.Fatal(err)
	}
	if n := len(css); n > 100_000 || strings.Count(css, "@font-face") != 2 {
		t.Errorf("FontCSSFor: %d bytes, %d rules; want 2 rules under 100 KB", n, strings.Count(css, "@font-face"))
	}
}

// TestSubsetSVGInChromium: a standalone SVG with subset fonts draws the same
// pixels in chromium as with the whole fonts embedded. Both use a family
// name no system font has, so a rejected font would fall back to another
// font and show; the same SVG without fonts must differ (the check can
// fail). Skips without chromium outside CI.
func TestSubsetSVGInChromium(t *testing.T) {
	bin, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("chromium not found: .ci/run installs Debian's chromium")
		}
		t.Skip("chromium not installed: browser test skipped")
	}
	ch := subsetChart(t)
	var subset bytes.Buffer
	if err := Render(ch, "svg", &subset); err != nil {
		t.Fatal(err)
	}
	s := ch.Spec.withDefaults()
	c := vgsvg.NewWith(vgsvg.UseWH(s.Width, s.Height), vgsvg.EmbedFonts(true))
	ch.Draw(draw.New(c))
	var whole bytes.Buffer
	if _, err := c.WriteTo(&whole); err != nil {
		t.Fatal(err)
	}
	var none bytes.Buffer
	if err := Render(ch, "svg-inline", &none); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	shot := func(name string, svg []byte) image.Image {
		t.Helper()
		svg = bytes.ReplaceAll(svg, []byte("Liberation Sans"), []byte("Eventstudy Test Sans"))
		page := filepath.Join(dir, name+".html")
		html := "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body style=\"margin:0\">" + string(svg[bytes.Index(svg, []byte("<svg")):]) + "</body></html>"
		if err := os.WriteFile(page, []byte(html), 0o644); err != nil {
			t.Fatal(err)
		}
		png1 := filepath.Join(dir, name+".png")
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
			"--user-data-dir="+filepath.Join(dir, "profile-"+name), "--window-size=800,450", "--hide-scrollbars",
			"--virtual-time-budget=2000", "--screenshot="+png1, "file://"+page)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("chromium: %v\n%s", err, out)
		}
		f, err := os.Open(png1)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		img, err := png.Decode(f)
		if err != nil {
			t.Fatal(err)
		}
		return img
	}
	a, b, n := shot("subset", subset.Bytes()), shot("whole", whole.Bytes()), shot("none", none.Bytes())
	diff := func(x, y image.Image) int {
		d := 0
		for yy := x.Bounds().Min.Y; yy < x.Bounds().Max.Y; yy++ {
			for xx := x.Bounds().Min.X; xx < x.Bounds().Max.X; xx++ {
				r1, g1, b1, _ := x.At(xx, yy).RGBA()
				r2, g2, b2, _ := y.At(xx, yy).RGBA()
				if r1 != r2 || g1 != g2 || b1 != b2 {
					d++
				}
			}
		}
		return d
	}
	// The subset kerns with the font's kern table, as gonum/plot laid the
	// text out; chromium kerns the whole font with its GPOS table, which in
	// Liberation Sans Bold moves a few glyphs of the bold title by a fraction
	// of a pixel: about 50 anti-aliased pixels of 360,000 differ, against
	// ~20,000 when the font is missing.
	if d := diff(a, b); d > 100 {
		t.Errorf("subset fonts: %d pixels differ from the whole fonts in chromium (want at most 100)", d)
	}
	if d := diff(b, n); d == 0 {
		t.Error("an SVG without fonts draws the same pixels: the comparison cannot see a rejected font")
	}
}
