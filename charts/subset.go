package charts

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
	"strings"

	"golang.org/x/image/font/sfnt"
	"gonum.org/v1/plot/font"
)

// A standalone SVG carries its fonts so that it draws the same everywhere,
// but the whole of Liberation Sans is ~410 KB a face (1.1 MB per SVG in
// base64). subsetTTF writes a TrueType font that holds only the glyphs a
// chart draws, renumbered from 0 (.notdef), with the tables a browser needs
// to draw them with the same metrics and kerning: head, hhea, maxp, OS/2,
// name, cmap (one format 4 subtable), hmtx, loca, glyf, kern, post (format 3,
// no glyph names) and the hinting tables (cvt, fpgm, prep, gasp) unchanged.
// OpenType layout tables (GPOS, GSUB, GDEF) are left out: the legacy kern
// table holds the same pair kerning, which is the only feature the charts
// use (gonum/plot lays text out with it). Composite glyphs keep their
// components, renumbered. References: the OpenType specification, tables
// "glyf", "loca", "hmtx", "cmap" (format 4), "kern" (version 0, format 0),
// "post" (version 3), and "head" (checkSumAdjustment).

// ttfTables splits a TrueType font into its tables by tag.
func ttfTables(b []byte) (map[string][]byte, error) {
	if len(b) < 12 {
		return nil, errors.New("font too short")
	}
	n := int(binary.BigEndian.Uint16(b[4:]))
	if len(b) < 12+16*n {
		return nil, errors.New("font table directory truncated")
	}
	t := make(map[string][]byte, n)
	for i := 0; i < n; i++ {
		r := b[12+16*i:]
		off, ln := binary.BigEndian.Uint32(r[8:]), binary.BigEndian.Uint32(r[12:])
		if uint64(off)+uint64(ln) > uint64(len(b)) {
			return nil, fmt.Errorf("font table %q out of bounds", r[:4])
		}
		t[string(r[:4])] = b[off : off+ln]
	}
	for _, need := range []string{"head", "hhea", "maxp", "hmtx", "loca", "glyf", "cmap"} {
		if _, ok := t[need]; !ok {
			return nil, fmt.Errorf("font has no %s table", need)
		}
	}
	return t, nil
}

// subsetTTF returns the font src reduced to the glyphs of runes.
func subsetTTF(src []byte, runes []rune) ([]byte, error) {
	tabs, err := ttfTables(src)
	if err != nil {
		return nil, err
	}
	f, err := sfnt.Parse(src)
	if err != nil {
		return nil, err
	}
	be := binary.BigEndian
	head, hhea, maxp := tabs["head"], tabs["hhea"], tabs["maxp"]
	numGlyphs := int(be.Uint16(maxp[4:]))
	longLoca := be.Uint16(head[50:]) == 1
	loca := tabs["loca"]
	glyphAt := func(g int) []byte {
		if g < 0 || g >= numGlyphs {
			return nil
		}
		var a, b uint32
		if longLoca {
			a, b = be.Uint32(loca[4*g:]), be.Uint32(loca[4*g+4:])
		} else {
			a, b = 2*uint32(be.Uint16(loca[2*g:])), 2*uint32(be.Uint16(loca[2*g+2:]))
		}
		glyf := tabs["glyf"]
		if a > b || int(b) > len(glyf) {
			return nil
		}
		return glyf[a:b]
	}

	// The glyphs kept: .notdef, those of runes, and the components of
	// composite glyphs, recursively.
	var sb sfnt.Buffer
	keep := map[int]bool{0: true}
	cmap := map[rune]int{}
	var queue []int
	for _, r := range runes {
		gi, err := f.GlyphIndex(&sb, r)
		if err != nil || gi == 0 {
			continue
		}
		cmap[r] = int(gi)
		if !keep[int(gi)] {
			keep[int(gi)] = true
			queue = append(queue, int(gi))
		}
	}
	for len(queue) > 0 {
		g := queue[0]
		queue = queue[1:]
		for _, c := range components(glyphAt(g)) {
			if !keep[c.gid] {
				keep[c.gid] = true
				queue = append(queue, c.gid)
			}
		}
	}
	old := make([]int, 0, len(keep))
	for g := range keep {
		old = append(old, g)
	}
	sort.Ints(old)
	newID := make(map[int]int, len(old))
	for i, g := range old {
		newID[g] = i
	}

	// glyf and loca (long offsets), composite components renumbered.
	var glyf bytes.Buffer
	newLoca := make([]byte, 4*(len(old)+1))
	for i, g := range old {
		be.PutUint32(newLoca[4*i:], uint32(glyf.Len()))
		data := append([]byte(nil), glyphAt(g)...)
		for _, c := range components(data) {
			be.PutUint16(data[c.at:], uint16(newID[c.gid]))
		}
		glyf.Write(data)
		for glyf.Len()%4 != 0 {
			glyf.WriteByte(0)
		}
	}
	be.PutUint32(newLoca[4*len(old):], uint32(glyf.Len()))

	// hmtx: every glyph a full metric.
	hmtx := tabs["hmtx"]
	nhm := int(be.Uint16(hhea[34:]))
	newHmtx := make([]byte, 4*len(old))
	for i, g := range old {
		adv := be.Uint16(hmtx[4*min(g, nhm-1):])
		var lsb uint16
		if g < nhm {
			lsb = be.Uint16(hmtx[4*g+2:])
		} else if o := 4*nhm + 2*(g-nhm); o+2 <= len(hmtx) {
			lsb = be.Uint16(hmtx[o:])
		}
		be.PutUint16(newHmtx[4*i:], adv)
		be.PutUint16(newHmtx[4*i+2:], lsb)
	}

	out := map[string][]byte{
		"glyf": glyf.Bytes(),
		"loca": newLoca,
		"hmtx": newHmtx,
		"cmap": cmapFormat4(cmap, newID),
		"post": postFormat3(tabs["post"]),
	}
	h := append([]byte(nil), head...)
	be.PutUint32(h[8:], 0) // checkSumAdjustment, set below
	be.PutUint16(h[50:], 1)
	out["head"] = h
	hh := append([]byte(nil), hhea...)
	be.PutUint16(hh[34:], uint16(len(old)))
	out["hhea"] = hh
	mp := append([]byte(nil), maxp...)
	be.PutUint16(mp[4:], uint16(len(old)))
	out["maxp"] = mp
	if k := kernSubset(tabs["kern"], newID); k != nil {
		out["kern"] = k
	}
	for _, tag := range []string{"OS/2", "name", "cvt ", "fpgm", "prep", "gasp"} {
		if t, ok := tabs[tag]; ok {
			out[tag] = t
		}
	}
	return writeTTF(out), nil
}

// component is a component of a composite glyph: its glyph id and the
// offset of that id in the glyph's data.
type component struct{ gid, at int }

// components lists the components of a composite glyph (numberOfContours
// < 0); none for a simple glyph.
func components(g []byte) []component {
	if len(g) < 10 || int16(binary.BigEndian.Uint16(g)) >= 0 {
		return nil
	}
	const (
		argsAreWords   = 0x0001
		haveScale      = 0x0008
		moreComponents = 0x0020
		haveXYScale    = 0x0040
		have2x2        = 0x0080
	)
	var out []component
	for i := 10; i+4 <= len(g); {
		flags := binary.BigEndian.Uint16(g[i:])
		out = append(out, component{gid: int(binary.BigEndian.Uint16(g[i+2:])), at: i + 2})
		i += 4
		if flags&argsAreWords != 0 {
			i += 4
		} else {
			i += 2
		}
		switch {
		case flags&haveScale != 0:
			i += 2
		case flags&haveXYScale != 0:
			i += 4
		case flags&have2x2 != 0:
			i += 8
		}
		if flags&moreComponents == 0 {
			break
		}
	}
	return out
}

// cmapFormat4 writes a cmap table with one Windows Unicode BMP (3, 1)
// subtable of format 4: one segment per character, and the final 0xFFFF.
func cmapFormat4(cmap map[rune]int, newID map[int]int) []byte {
	var rs []rune
	for r := range cmap {
		if r < 0xFFFF {
			rs = append(rs, r)
		}
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i] < rs[j] })
	seg := len(rs) + 1
	be := binary.BigEndian
	sub := make([]byte, 16+8*seg)
	be.PutUint16(sub[0:], 4)
	be.PutUint16(sub[2:], uint16(len(sub)))
	be.PutUint16(sub[6:], uint16(2*seg))
	sr, es := searchRange(seg)
	be.PutUint16(sub[8:], uint16(2*sr))
	be.PutUint16(sub[10:], uint16(es))
	be.PutUint16(sub[12:], uint16(2*(seg-sr)))
	ends, starts, deltas := 14, 16+2*seg, 16+4*seg // reservedPad between ends and starts
	for i := 0; i < seg; i++ {
		code, delta := uint16(0xFFFF), uint16(1)
		if i < len(rs) {
			code = uint16(rs[i])
			delta = uint16(newID[cmap[rs[i]]]) - code
		}
		be.PutUint16(sub[ends+2*i:], code)
		be.PutUint16(sub[starts+2*i:], code)
		be.PutUint16(sub[deltas+2*i:], delta)
		// idRangeOffset (after deltas) stays 0
	}
	t := make([]byte, 12, 12+len(sub))
	be.PutUint16(t[2:], 1)  // numTables
	be.PutUint16(t[4:], 3)  // platform Windows
	be.PutUint16(t[6:], 1)  // encoding Unicode BMP
	be.PutUint32(t[8:], 12) // offset
	return append(t, sub...)
}

// postFormat3 is the post table without glyph names.
func postFormat3(post []byte) []byte {
	t := make([]byte, 32)
	binary.BigEndian.PutUint32(t, 0x00030000)
	if len(post) >= 16 {
		copy(t[4:16], post[4:16]) // italicAngle, underline position and thickness, isFixedPitch
	}
	return t
}

// kernSubset keeps the pairs of the first horizontal format 0 subtable of
// a version 0 kern table whose glyphs are both kept, renumbered; nil when
// there are none.
func kernSubset(kern []byte, newID map[int]int) []byte {
	be := binary.BigEndian
	if len(kern) < 4 || be.Uint16(kern) != 0 {
		return nil
	}
	type pair struct {
		l, r uint16
		v    uint16
	}
	var pairs []pair
	off := 4
	for n := int(be.Uint16(kern[2:])); n > 0 && off+14 <= len(kern); n-- {
		length, coverage := int(be.Uint16(kern[off+2:])), be.Uint16(kern[off+4:])
		if coverage>>8 == 0 && coverage&1 == 1 {
			np := int(be.Uint16(kern[off+6:]))
			for i := 0; i < np && off+14+6*i+6 <= len(kern); i++ {
				p := kern[off+14+6*i:]
				l, lok := newID[int(be.Uint16(p))]
				r, rok := newID[int(be.Uint16(p[2:]))]
				if lok && rok {
					pairs = append(pairs, pair{uint16(l), uint16(r), be.Uint16(p[4:])})
				}
			}
			break
		}
		off += length
	}
	if len(pairs) == 0 {
		return nil
	}
	sort.Slice(pairs, func(i, j int) bool {
		return uint32(pairs[i].l)<<16|uint32(pairs[i].r) < uint32(pairs[j].l)<<16|uint32(pairs[j].r)
	})
	t := make([]byte, 4+14+6*len(pairs))
	be.PutUint16(t[2:], 1)
	be.PutUint16(t[6:], uint16(14+6*len(pairs)))
	be.PutUint16(t[8:], 1) // horizontal, format 0
	be.PutUint16(t[10:], uint16(len(pairs)))
	sr, es := searchRange(len(pairs))
	be.PutUint16(t[12:], uint16(6*sr))
	be.PutUint16(t[14:], uint16(es))
	be.PutUint16(t[16:], uint16(6*(len(pairs)-sr)))
	for i, p := range pairs {
		be.PutUint16(t[18+6*i:], p.l)
		be.PutUint16(t[20+6*i:], p.r)
		be.PutUint16(t[22+6*i:], p.v)
	}
	return t
}

// writeTTF assembles tables into a TrueType font: the table directory in
// tag order, each table 4-byte aligned with its checksum, and head's
// checkSumAdjustment set so that the whole font sums to 0xB1B0AFBA.
func writeTTF(tabs map[string][]byte) []byte {
	be := binary.BigEndian
	tags := make([]string, 0, len(tabs))
	for t := range tabs {
		tags = append(tags, t)
	}
	sort.Strings(tags)
	n := len(tags)
	sr, es := searchRange(n)
	hdr := make([]byte, 12+16*n)
	be.PutUint32(hdr, 0x00010000)
	be.PutUint16(hdr[4:], uint16(n))
	be.PutUint16(hdr[6:], uint16(16*sr))
	be.PutUint16(hdr[8:], uint16(es))
	be.PutUint16(hdr[10:], uint16(16*(n-sr)))
	var body bytes.Buffer
	headAt := -1
	for i, t := range tags {
		data := tabs[t]
		off := len(hdr) + body.Len()
		if t == "head" {
			headAt = off
		}
		r := hdr[12+16*i:]
		copy(r, t)
		be.PutUint32(r[4:], checksum(data))
		be.PutUint32(r[8:], uint32(off))
		be.PutUint32(r[12:], uint32(len(data)))
		body.Write(data)
		for body.Len()%4 != 0 {
			body.WriteByte(0)
		}
	}
	out := append(hdr, body.Bytes()...)
	if headAt >= 0 {
		be.PutUint32(out[headAt+8:], 0xB1B0AFBA-checksum(out))
	}
	return out
}

// searchRange returns the largest power of two at most n (n ≥ 1) and its
// log2: the searchRange (in entries; the tables store it times the entry
// size), entrySelector and, by difference, rangeShift of the binary-search
// headers of the table directory, cmap format 4 and kern format 0.
func searchRange(n int) (pow, log2 int) {
	pow = 1
	for pow*2 <= n {
		pow *= 2
		log2++
	}
	return pow, log2
}

// checksum is the TrueType table checksum: the sum of big-endian uint32s,
// the last padded with zeros.
func checksum(b []byte) uint32 {
	var s uint32
	for i := 0; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:])
		s += binary.BigEndian.Uint32(w[:])
	}
	return s
}

// FontCSSFor returns @font-face rules, as [FontCSS], for the two faces
// reduced to the characters of text: a page that holds many "svg-inline"
// charts passes their markup (or all of its text) and embeds tens of KB of
// font instead of 1.1 MB.
func FontCSSFor(text string) (string, error) {
	seen := map[rune]bool{}
	var rs []rune
	for _, r := range text {
		if !seen[r] {
			seen[r] = true
			rs = append(rs, r)
		}
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i] < rs[j] })
	return subsetFontCSS(rs, rs)
}

// subsetFontCSS returns @font-face rules, as [FontCSS], for fonts reduced to
// the glyphs of the regular and the bold text of a chart.
func subsetFontCSS(regular, bold []rune) (string, error) {
	var b strings.Builder
	for _, ff := range []struct {
		f      font.Font
		runes  []rune
		weight string
	}{{regularFont, regular, "normal"}, {boldFont, bold, "bold"}} {
		if len(ff.runes) == 0 {
			continue
		}
		face := font.DefaultCache.Lookup(ff.f, 10)
		var raw bytes.Buffer
		if _, err := face.Face.WriteSourceTo(nil, &raw); err != nil {
			return "", err
		}
		sub, err := subsetTTF(raw.Bytes(), ff.runes)
		if err != nil {
			return "", fmt.Errorf("charts: subset font %v: %w", ff.f, err)
		}
		fmt.Fprintf(&b, "@font-face{font-family:\"Liberation Sans\";font-weight:%s;font-style:normal;src:url(data:font/ttf;base64,%s) format(\"truetype\");}\n",
			ff.weight, base64.StdEncoding.EncodeToString(sub))
	}
	return b.String(), nil
}
