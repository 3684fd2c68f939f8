// Package charts draws the results of an event study as figures for people to
// read and publish: price around an event, abnormal returns of one event, the
// CAAR of a study, the distribution of CARs (histogram or dot plot), and the
// CAR paths of many events (small multiples, or a fan chart).
//
// Each builder (PriceChart, ARChart, CAARChart, CARHistogram, CARMultiples,
// CARFan) returns a [Chart]: a title, an optional subtitle, a legend row, one
// or more gonum/plot panels, a note line and a source line. [Render] writes a
// Chart as PNG, SVG or PDF to an io.Writer; callers can change the exported
// fields of a Chart (its Title, say) before rendering. [StudyCharts] builds
// every chart of a study (the CLI's run and the web page call it), choosing
// the events that get their own charts ([Selection]) and marking other news
// of each firm ([News]); [EventCharts] builds one event's; [RenderAll] renders
// them on several goroutines.
//
// # Conventions
//
// Inputs are fractions, as study returns them (0.044 is 4.4%); every axis of
// returns is labelled in percent by [PercentTicks]. NaN values are missing
// observations: they are skipped (a gap in a line, no bar), never drawn as
// zero. The charts never compute a statistic: a band, a standard error or a
// test comes from study or from the caller. Indexing prices to 100 and binning
// a histogram are drawing, not statistics.
//
// Palette, fonts, sizes and the source line live in style.go: every chart uses
// the Okabe–Ito colour-blind-safe palette and Liberation Sans. A chart is laid
// out on 600 × 337.5 pt and written as PNG at 144 DPI (1200×675 px), so that
// printed in a 600 px column its title is 18 px and every label at least 12
// px; [NarrowSpec] is the phone variant (800×900 px, the same type). PNG
// digits are drawn without kerning (tabular figures: "11" cannot read "1l").
// Output is deterministic: the same input gives the same bytes, so SVG golden
// files guard the drawing code.
//
// # PNG
//
// PNGs are drawn by gonum's vgimg (gg, freetype's rasteriser) on a canvas
// (png.go) that does three things itself, with the same pixels (tests draw
// every golden and batch chart both ways): text, from glyph masks cached per
// font, size and 1/64-px offset across charts and goroutines (pngtext.go;
// vgimg resampled every glyph through x/image/draw); the background fill,
// one draw.Draw; and the encoding, unfiltered rows deflated at the fastest
// level (encodePNG). Images, deflaters and glyphs are reused from chart to
// chart. The 9 charts of a 10,000-event run cost about 8.5 ms of CPU each,
// 25 before (BenchmarkRenderPNG); two thirds of that is now the encoding.
//
// # Inline SVG
//
// Format "svg" is a standalone file with its two fonts embedded, reduced to
// the glyphs the chart draws (subset.go; ~50 KB a chart instead of 1.1 MB).
// Format "svg-inline" omits the XML prolog and the fonts, for an HTML page
// that holds many charts: put [FontCSS] (whole fonts) or [FontCSSFor] (the
// page's characters only) once in the page's <style> element.
//
// # References
//
//	Okabe, M. and Ito, K. (2008). Color Universal Design (CUD): how to make
//	  figures and presentations that are friendly to colorblind people.
package charts
