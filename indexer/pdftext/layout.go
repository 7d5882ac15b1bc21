package pdftext

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// Layout constants, in units of the font size.
const (
	ascent      = 0.75 // a glyph box spans [baseline - descent, baseline + ascent]
	descent     = 0.25
	lineOverlap = 0.5  // glyphs whose boxes overlap by this share of the smaller box share a line
	spaceGap    = 0.15 // a gap wider than this between glyphs is a word break
	dupTol      = 0.1  // a glyph drawn again at the same place (fake bold) is dropped
)

type line struct {
	y, size float64
	glyphs  []glyph
}

// layout turns placed glyphs into text: lines top to bottom, glyphs left to
// right, spaces where the gaps are, NFC.
func layout(glyphs []glyph) string {
	var b strings.Builder
	var count [4]int
	for _, g := range glyphs {
		count[g.orient&3]++
	}
	for orient := 0; orient < 4; orient++ {
		if count[orient] == 0 {
			continue
		}
		group := glyphs // most pages are upright only: no copy
		if count[orient] != len(glyphs) {
			group = make([]glyph, 0, count[orient])
			for _, g := range glyphs {
				if g.orient == orient {
					group = append(group, g)
				}
			}
		}
		for _, l := range lines(group) {
			if s := strings.TrimSpace(l.text()); s != "" {
				b.WriteString(s)
				b.WriteByte('\n')
			}
		}
	}
	return norm.NFC.String(b.String())
}

// lines clusters glyphs by baseline, top line first. Sorted by baseline,
// a line's glyphs follow each other: each line is a stretch of gs.
func lines(gs []glyph) []*line {
	slices.SortStableFunc(gs, func(a, b glyph) int { return cmp.Compare(b.y, a.y) })
	var out []*line
	var cur *line
	start := 0
	for i, g := range gs {
		if cur != nil && sameLine(cur, g) {
			if g.size > cur.size { // the line's baseline is that of its largest glyph
				cur.y, cur.size = g.y, g.size
			}
			continue
		}
		if cur != nil {
			cur.glyphs = gs[start:i]
		}
		cur, start = &line{y: g.y, size: g.size}, i
		out = append(out, cur)
	}
	if cur != nil {
		cur.glyphs = gs[start:]
	}
	return out
}

// sameLine reports whether g's box overlaps the line's box enough: a
// superscript ("m²") joins its line, the next line down does not.
func sameLine(l *line, g glyph) bool {
	top := math.Min(l.y+ascent*l.size, g.y+ascent*g.size)
	bot := math.Max(l.y-descent*l.size, g.y-descent*g.size)
	return top-bot >= lineOverlap*math.Min(l.size, g.size)
}

func (l *line) text() string {
	gs := l.glyphs
	slices.SortStableFunc(gs, func(a, b glyph) int {
		if c := cmp.Compare(a.x, b.x); c != 0 {
			return c
		}
		return cmp.Compare(a.seq, b.seq)
	})
	gs = dropCoveredSpaces(gs)
	var b strings.Builder
	b.Grow(2 * len(gs))
	var prev *glyph
	end := math.Inf(-1)
	for i := range gs {
		g := &gs[i]
		if prev != nil {
			size := math.Max(math.Min(g.size, prev.size), 1)
			if g.s == prev.s && math.Abs(g.x-prev.x) < dupTol*size && math.Abs(g.y-prev.y) < dupTol*size {
				continue
			}
			gap := g.x - end
			if gap > spaceGap*size && !endsSpace(prev.s) && !startsSpace(g.s) {
				b.WriteByte(' ')
			}
		}
		b.WriteString(g.s)
		end = math.Max(end, g.x+g.w)
		if prev == nil || g.x+g.w >= end {
			end = g.x + g.w
		}
		prev = g
	}
	return b.String()
}

// dropCoveredSpaces removes space glyphs that another glyph overlaps: a
// form field or stamp drawn over placeholder spaces ("Số:      /2026") must
// not be split by them. gs is sorted by x.
func dropCoveredSpaces(gs []glyph) []glyph {
	var out []glyph // a copy only when a space is dropped: covered reads gs whole
	for i, g := range gs {
		if g.w > 0 && g.ink == 0 && covered(gs, i) {
			if out == nil {
				out = append(make([]glyph, 0, len(gs)), gs[:i]...)
			}
			continue
		}
		if out != nil {
			out = append(out, g)
		}
	}
	if out == nil {
		return gs
	}
	return out
}

func covered(gs []glyph, i int) bool {
	sp := gs[i]
	lo, hi := sp.x, sp.x+sp.w
	for j := i - 1; j >= 0 && j >= i-8; j-- {
		if g := gs[j]; otherLayer(g, sp) && g.x+g.w-lo > 0.2*sp.w {
			return true
		}
	}
	for j := i + 1; j < len(gs) && gs[j].x < hi; j++ {
		if g := gs[j]; otherLayer(g, sp) && hi-g.x > 0.2*sp.w {
			return true
		}
	}
	return false
}

// otherLayer reports whether g is visible text drawn apart from the space
// sp (not its neighbour in the content stream): only such text covers it.
func otherLayer(g, sp glyph) bool {
	return g.ink > 0 && (g.seq-sp.seq > 4 || sp.seq-g.seq > 4)
}

func endsSpace(s string) bool   { return strings.HasSuffix(s, " ") }
func startsSpace(s string) bool { return strings.HasPrefix(s, " ") }
