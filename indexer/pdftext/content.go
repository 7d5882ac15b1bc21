package pdftext

import (
	"errors"
	"math"
	"strings"

	"github.com/ledongthuc/pdf"
)

// glyph is one decoded character (or ligature) placed on the page, in
// device space rotated so that its baseline runs left to right.
type glyph struct {
	x, y   float64 // start of the baseline
	w      float64 // advance along the baseline
	size   float64 // font size in device space
	orient int     // 0 upright, 1..3 quarter turns
	seq    int     // drawing order
	hidden bool    // drawn in render mode 3 or 7 (invisible: another program's OCR over a scan)
	ink    int32   // bytes of s without its leading and trailing spaces; 0 for a space
	s      string
}

type matrix [6]float64 // a b c d e f: [x y 1] x M

var identity = matrix{1, 0, 0, 1, 0, 0}

func (m matrix) mul(n matrix) matrix {
	return matrix{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

func (m matrix) apply(x, y float64) (float64, float64) {
	return x*m[0] + y*m[2] + m[4], x*m[1] + y*m[3] + m[5]
}

type gstate struct {
	ctm, tm, tlm              matrix
	tc, tw, th, tl, tfs, rise float64
	tr                        int // text render mode (Tr)
	font                      *font
}

// errBudget stops an interpretation that does too much work.
var errBudget = errors.New("content stream exceeds the operation budget")

// maxFormDepth bounds nested Form XObjects (and cycles among them).
const maxFormDepth = 8

// interp runs the content streams of one page.
type interp struct {
	g       gstate
	stack   []gstate
	glyphs  []glyph
	fonts   map[string]*font // shared per worker, keyed by fontKey
	local   map[string]*font // fonts of the current resources, by name
	ops     int
	budget  int
	depth   int
	skipped int     // damaged fonts, forms and annotations passed over
	image   float64 // the largest image drawn, in square device units
	hidden  int     // glyphs drawn invisible
}

// body counts the bytes of visible text the page content drew.
func (in *interp) body() int {
	n := 0
	for _, g := range in.glyphs {
		if !g.hidden {
			n += int(g.ink)
		}
	}
	return n
}

// visible is the layout of the glyphs that show.
func (in *interp) visible() string {
	var shown []glyph
	for _, g := range in.glyphs {
		if !g.hidden {
			shown = append(shown, g)
		}
	}
	return layout(shown)
}

// catch runs fn and returns what it panicked with, nil if nothing: a
// damaged object the library could not read. The budget error goes on up.
func catch(fn func()) (damage any) {
	defer func() {
		if r := recover(); r != nil {
			if r == errBudget {
				panic(r)
			}
			damage = r
		}
	}()
	fn()
	return nil
}

// guard runs fn and counts a damaged object it meets as passed over.
func (in *interp) guard(fn func()) (ok bool) {
	if catch(fn) != nil {
		in.skipped++
		return false
	}
	return true
}

// fontRef identifies a font across the pages of a file by its object
// ("R 12 0"), read from how the resources' font dictionary prints its
// entry ("/F1 12 0 R"); "" when the entry is no reference (a font written
// inline) or cannot be read. Reading the reference costs neither the font
// nor its widths, which fontKey reads and prints on every page.
func fontRef(fonts pdf.Value, name string) string {
	s := fonts.String()
	if !strings.HasPrefix(s, "<<") {
		return ""
	}
	_, after, ok := strings.Cut(s, "/"+name+" ")
	if !ok {
		return ""
	}
	f := strings.SplitN(after, " ", 4)
	if len(f) < 3 || !strings.HasPrefix(f[2], "R") || !allDigits(f[0]) || !allDigits(f[1]) {
		return ""
	}
	return "R " + f[0] + " " + f[1]
}

// allDigits reports whether s is a non-empty run of ASCII digits.
func allDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// fontKey identifies a font across pages without its object number (which
// the library does not export): subset fonts of one name differ in their
// widths and ToUnicode maps, so those are part of the key.
func fontKey(name string, v pdf.Value) string {
	parts := []func() string{
		func() string { return v.Key("BaseFont").Name() }, func() string { return v.Key("Subtype").Name() },
		func() string { return v.Key("Encoding").String() }, func() string { return v.Key("FirstChar").String() },
		func() string { return v.Key("Widths").String() },
		func() string { return v.Key("DescendantFonts").Index(0).Key("W").String() },
		func() string { return v.Key("DescendantFonts").Index(0).Key("DW").String() },
		func() string { return v.Key("ToUnicode").String() },
	}
	key := []string{name}
	for _, p := range parts {
		key = append(key, safeString(p))
	}
	return strings.Join(key, "\x00")
}

// safeString returns fn's string, or "?" where the object is damaged.
func safeString(fn func() string) (s string) {
	defer func() {
		if recover() != nil {
			s = "?"
		}
	}()
	return fn()
}

// popArgs moves the operands on stk into buf (reused: an operator's
// operands are not kept after it runs) and returns them in order.
func popArgs(stk *pdf.Stack, buf []pdf.Value) []pdf.Value {
	n := stk.Len()
	if cap(buf) < n {
		buf = make([]pdf.Value, n)
	}
	args := buf[:n]
	for i := n - 1; i >= 0; i-- {
		args[i] = stk.Pop()
	}
	return args
}

func num(args []pdf.Value, i int) float64 {
	if i >= len(args) {
		return 0
	}
	return args[i].Float64()
}

func mat(args []pdf.Value) matrix {
	var m matrix
	for i := 0; i < 6; i++ {
		m[i] = num(args, i)
	}
	return m
}

// run interprets strm with the given resources. The streams of a
// /Contents array run one by one, so that a damaged one leaves the others.
func (in *interp) run(strm, resources pdf.Value) {
	if strm.Kind() == pdf.Array {
		var broken any
		for i := 0; i < strm.Len() && i < 10000; i++ {
			if d := catch(func() { in.interpret(strm.Index(i), resources) }); d != nil {
				broken = d
			}
		}
		if broken != nil {
			panic(broken) // the page is read in part
		}
		return
	}
	in.interpret(strm, resources)
}

func (in *interp) interpret(strm, resources pdf.Value) {
	var buf []pdf.Value // this stream's: a form run by Do has its own
	pdf.Interpret(strm, func(stk *pdf.Stack, op string) {
		in.ops++
		if in.ops > in.budget {
			panic(errBudget)
		}
		buf = popArgs(stk, buf[:0])
		in.do(op, buf, resources)
	})
}

func (in *interp) do(op string, args []pdf.Value, res pdf.Value) {
	g := &in.g
	switch op {
	case "q":
		if len(in.stack) < 1<<12 {
			in.stack = append(in.stack, *g)
		}
	case "Q":
		if n := len(in.stack); n > 0 { // an unbalanced Q is ignored, as poppler does
			*g = in.stack[n-1]
			in.stack = in.stack[:n-1]
		}
	case "cm":
		if len(args) == 6 {
			g.ctm = mat(args).mul(g.ctm)
		}
	case "BT":
		g.tm, g.tlm = identity, identity
	case "Tc":
		g.tc = num(args, 0)
	case "Tw":
		g.tw = num(args, 0)
	case "Tz":
		g.th = num(args, 0) / 100
	case "TL":
		g.tl = num(args, 0)
	case "Ts":
		g.rise = num(args, 0)
	case "Tr":
		g.tr = int(num(args, 0))
	case "Tf":
		if len(args) == 2 {
			g.font, g.tfs = in.font(res, args[0].Name()), num(args, 1)
		}
	case "Td", "TD":
		if op == "TD" {
			g.tl = -num(args, 1)
		}
		g.tlm = matrix{1, 0, 0, 1, num(args, 0), num(args, 1)}.mul(g.tlm)
		g.tm = g.tlm
	case "Tm":
		if len(args) == 6 {
			g.tm = mat(args)
			g.tlm = g.tm
		}
	case "T*":
		in.nextLine()
	case "Tj":
		if len(args) == 1 {
			in.show(args[0].RawString())
		}
	case "'":
		in.nextLine()
		if len(args) == 1 {
			in.show(args[0].RawString())
		}
	case "\"":
		if len(args) == 3 {
			g.tw, g.tc = num(args, 0), num(args, 1)
			in.nextLine()
			in.show(args[2].RawString())
		}
	case "TJ":
		if len(args) == 1 {
			in.showArray(args[0])
		}
	case "Do":
		if len(args) == 1 {
			in.form(res, args[0].Name())
		}
	}
}

func (in *interp) font(res pdf.Value, name string) *font {
	if f, ok := in.local[name]; ok {
		return f
	}
	var f *font
	in.guard(func() {
		fonts := res.Key("Font")
		k := fontRef(fonts, name)
		if k == "" { // a font written inside the resources: known by what it holds
			k = fontKey(name, fonts.Key(name))
		}
		var ok bool
		if f, ok = in.fonts[k]; !ok {
			f = newFont(fonts.Key(name))
			in.fonts[k] = f
			if f.damaged {
				in.skipped++ // read in part
			}
		}
	})
	if f == nil { // the font's object is unreadable: read its codes as WinAnsi, as a viewer falls back to a default font
		f = fallbackFont()
	}
	if in.local == nil {
		in.local = map[string]*font{}
	}
	in.local[name] = f
	return f
}

func (in *interp) nextLine() {
	in.g.tlm = matrix{1, 0, 0, 1, 0, -in.g.tl}.mul(in.g.tlm)
	in.g.tm = in.g.tlm
}

func (in *interp) showArray(v pdf.Value) {
	for i := 0; i < v.Len(); i++ {
		x := v.Index(i)
		if x.Kind() == pdf.String {
			in.show(x.RawString())
			continue
		}
		tx := -x.Float64() / 1000 * in.g.tfs * in.g.th
		in.g.tm = matrix{1, 0, 0, 1, tx, 0}.mul(in.g.tm)
	}
}

// show places the glyphs of a shown string and advances the text matrix.
func (in *interp) show(s string) {
	g := &in.g
	if g.font == nil {
		return
	}
	for _, code := range g.font.codes(s) {
		w0 := g.font.width(code) / 1000 * g.tfs
		m := g.tm.mul(g.ctm)
		x0, y0 := m.apply(0, g.rise)
		x1, y1 := m.apply(w0*g.th, g.rise)
		// the font size in device space: the length of the text-space unit vector (0, tfs)
		sx, sy := m[2]*g.tfs, m[3]*g.tfs
		size := math.Hypot(sx, sy)
		if t := g.font.text(code); t != "" && size > 0 {
			gl := place(x0, y0, x1, y1, size, len(in.glyphs), t)
			if gl.hidden = g.tr == 3 || g.tr == 7; gl.hidden {
				in.hidden++
			}
			in.glyphs = append(in.glyphs, gl)
		}
		tx := w0 + g.tc
		if g.font.isSpace(code) {
			tx += g.tw
		}
		g.tm = matrix{1, 0, 0, 1, tx * g.th, 0}.mul(g.tm)
	}
}

// place rotates a glyph's coordinates by quarter turns so that its baseline
// runs left to right.
func place(x0, y0, x1, y1, size float64, seq int, s string) glyph {
	dx, dy := x1-x0, y1-y0
	gl := glyph{size: size, seq: seq, s: s, ink: int32(len(strings.TrimSpace(s)))}
	switch {
	case math.Abs(dx) >= math.Abs(dy) && dx >= 0:
		gl.x, gl.y, gl.w = x0, y0, dx
	case math.Abs(dy) > math.Abs(dx) && dy > 0: // 90° counter-clockwise
		gl.x, gl.y, gl.w, gl.orient = y0, -x0, dy, 1
	case math.Abs(dx) >= math.Abs(dy):
		gl.x, gl.y, gl.w, gl.orient = -x0, -y0, -dx, 2
	default:
		gl.x, gl.y, gl.w, gl.orient = -y0, x0, -dy, 3
	}
	return gl
}

// annotations draws the normal appearance of each visible annotation (the
// e-signature stamp of the Công báo is one), mapping its BBox, transformed
// by its Matrix, onto the annotation's Rect (PDF 32000 §12.5.5).
func (in *interp) annotations(page pdf.Value) {
	var annots pdf.Value
	if !in.guard(func() { annots = page.Key("Annots") }) {
		return
	}
	for i := 0; i < annots.Len() && i < 1000; i++ {
		in.guard(func() { in.annotation(annots.Index(i)) })
	}
}

// annotation draws one annotation's normal appearance.
func (in *interp) annotation(a pdf.Value) {
	if a.Key("F").Int64()&2 != 0 { // hidden
		return
	}
	ap := a.Key("AP").Key("N")
	if ap.Kind() == pdf.Dict && ap.Key("BBox").IsNull() { // appearance states
		ap = ap.Key(a.Key("AS").Name())
	}
	if ap.Kind() != pdf.Stream {
		return
	}
	rect, bbox := a.Key("Rect"), ap.Key("BBox")
	if rect.Len() != 4 || bbox.Len() != 4 {
		return
	}
	m := identity
	if mm := ap.Key("Matrix"); mm.Len() == 6 {
		for j := 0; j < 6; j++ {
			m[j] = mm.Index(j).Float64()
		}
	}
	bx0, by0 := m.apply(bbox.Index(0).Float64(), bbox.Index(1).Float64())
	bx1, by1 := m.apply(bbox.Index(2).Float64(), bbox.Index(3).Float64())
	rx0, ry0, rx1, ry1 := rect.Index(0).Float64(), rect.Index(1).Float64(), rect.Index(2).Float64(), rect.Index(3).Float64()
	bw, bh := math.Abs(bx1-bx0), math.Abs(by1-by0)
	if bw == 0 || bh == 0 {
		return
	}
	sx, sy := math.Abs(rx1-rx0)/bw, math.Abs(ry1-ry0)/bh
	fit := matrix{sx, 0, 0, sy, math.Min(rx0, rx1) - math.Min(bx0, bx1)*sx, math.Min(ry0, ry1) - math.Min(by0, by1)*sy}
	in.g = gstate{ctm: m.mul(fit), tm: identity, tlm: identity, th: 1}
	in.stack, in.local = nil, nil
	res := ap.Key("Resources")
	in.depth++
	defer func() { in.depth-- }()
	in.run(ap, res)
}

// form interprets a Form XObject drawn with Do, with its own matrix and
// resources; of an image XObject only its area is kept (a page drawn as
// one picture is a scan).
func (in *interp) form(res pdf.Value, name string) {
	saved, savedStack, savedLocal, savedDepth := in.g, in.stack, in.local, in.depth
	defer func() { in.g, in.stack, in.local, in.depth = saved, savedStack, savedLocal, savedDepth }()
	in.guard(func() { in.drawForm(res, name) }) // a damaged form is passed over, with what it drew
}

func (in *interp) drawForm(res pdf.Value, name string) {
	xo := res.Key("XObject").Key(name)
	if xo.Key("Subtype").Name() == "Image" {
		// an image fills the unit square mapped by the CTM
		c := in.g.ctm
		in.image = math.Max(in.image, math.Abs(c[0]*c[3]-c[1]*c[2]))
		return
	}
	if xo.Key("Subtype").Name() != "Form" || in.depth >= maxFormDepth {
		return
	}
	in.stack, in.local = nil, nil
	if m := xo.Key("Matrix"); m.Len() == 6 {
		var fm matrix
		for i := 0; i < 6; i++ {
			fm[i] = m.Index(i).Float64()
		}
		in.g.ctm = fm.mul(in.g.ctm)
	}
	r := xo.Key("Resources")
	if r.Kind() != pdf.Dict {
		r = res
	}
	in.depth++
	in.run(xo, r)
}
