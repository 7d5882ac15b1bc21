package pdftext

import (
	"strings"

	"golang.org/x/text/encoding/charmap"

	"github.com/ledongthuc/pdf"
)

// font is what the layout needs from a PDF font: how to split a shown
// string into codes, each code's width (in 1/1000 text space units) and its
// Unicode text. Decoding is the library's (ToUnicode CMaps, WinAnsi,
// Differences); splitting and widths are ours, because the library reads
// one byte per glyph and so misplaces two-byte (CID) glyphs.
type font struct {
	lib      pdf.Font
	enc      pdf.TextEncoding
	twoByte  bool              // Type0 font: two-byte codes (Identity-H)
	first    int               // simple fonts: FirstChar
	widths   []float64         // simple fonts: Widths
	cidW     map[int]float64   // Type0: W array
	dw       float64           // Type0: default width
	decoded  map[string]string // cache of code -> text
	spaceCID int               // a code that decodes to " " (for Tw), or -1
	missing  float64           // width of codes outside Widths
	damaged  bool              // a part of the font dictionary could not be read
}

func newFont(v pdf.Value) *font {
	f := &font{lib: pdf.Font{V: v}, decoded: map[string]string{}, spaceCID: 32}
	// Each part is read on its own: a damaged part (a corrupt descendant, a
	// broken Widths array) costs that part, not the font's text.
	try := func(fn func()) {
		defer func() {
			if r := recover(); r != nil {
				f.damaged = true
			}
		}()
		fn()
	}
	try(func() { f.enc = f.lib.Encoder() })
	subtype := ""
	try(func() { subtype = v.Key("Subtype").Name() })
	if subtype == "Type0" {
		f.twoByte, f.spaceCID = true, -1
		f.dw = 1000
		ok := false
		try(func() {
			desc := v.Key("DescendantFonts").Index(0)
			if dw := desc.Key("DW"); dw.Kind() == pdf.Integer || dw.Kind() == pdf.Real {
				f.dw = dw.Float64()
			}
			f.cidW = readCIDWidths(desc.Key("W"))
			ok = true
		})
		if !ok {
			f.dw, f.cidW = 500, nil // widths unknown: about half an em, as a text face's letters
		}
		return f
	}
	if f.enc == nil { // the encoding or its map is damaged: read the codes as WinAnsi, as a viewer would
		f.enc = winAnsi{}
	}
	try(func() { f.first = int(v.Key("FirstChar").Int64()) })
	try(func() { f.missing = v.Key("FontDescriptor").Key("MissingWidth").Float64() })
	try(func() {
		w := v.Key("Widths")
		n := min(w.Len(), 65536)
		widths := make([]float64, n)
		for i := 0; i < n; i++ {
			widths[i] = w.Index(i).Float64()
		}
		f.widths = widths
	})
	if len(f.widths) == 0 && f.missing == 0 {
		try(func() { f.missing = standardWidth(v.Key("BaseFont").Name()) })
		if f.missing == 0 {
			f.missing = 500
		}
	}
	return f
}

// readCIDWidths reads a CIDFont W array: "c [w1 w2 ...]" or "cfirst clast w".
func readCIDWidths(w pdf.Value) map[int]float64 {
	m := map[int]float64{}
	n := w.Len()
	for i := 0; i < n && len(m) < 1<<17; {
		c := int(w.Index(i).Int64())
		if i+1 >= n {
			break
		}
		next := w.Index(i + 1)
		if next.Kind() == pdf.Array {
			for j := 0; j < next.Len() && j < 1<<16; j++ {
				m[c+j] = next.Index(j).Float64()
			}
			i += 2
			continue
		}
		if i+2 >= n {
			break
		}
		last, width := int(next.Int64()), w.Index(i+2).Float64()
		for c2 := c; c2 <= last && c2-c < 1<<16; c2++ {
			m[c2] = width
		}
		i += 3
	}
	return m
}

// codes splits a shown string into font codes.
func (f *font) codes(s string) []string {
	step := 1
	if f.twoByte {
		step = 2
	}
	out := make([]string, 0, len(s)/step+1)
	for i := 0; i < len(s); i += step {
		out = append(out, s[i:min(i+step, len(s))])
	}
	return out
}

func codeValue(c string) int {
	v := 0
	for i := 0; i < len(c); i++ {
		v = v<<8 | int(c[i])
	}
	return v
}

func (f *font) width(code string) float64 {
	c := codeValue(code)
	if f.twoByte {
		if w, ok := f.cidW[c]; ok {
			return w
		}
		return f.dw
	}
	if i := c - f.first; i >= 0 && i < len(f.widths) {
		return f.widths[i]
	}
	return f.missing
}

// standardWidth approximates the glyph width of a standard 14 font, which
// a PDF may use without a Widths array (form fields often do): Courier is
// monospaced at 600, Helvetica's digits are 556, Times' 500.
func standardWidth(base string) float64 {
	switch b := strings.ToLower(base); {
	case strings.Contains(b, "courier"):
		return 600
	case strings.Contains(b, "helvetica"), strings.Contains(b, "arial"):
		return 556
	}
	return 500
}

func (f *font) text(code string) string {
	if t, ok := f.decoded[code]; ok {
		return t
	}
	t := ""
	if f.enc != nil {
		t = f.enc.Decode(code)
	}
	t = strings.Map(func(r rune) rune {
		if r == 0 || r == '\uFFFD' {
			return -1
		}
		return r
	}, t)
	if t == "" && !f.twoByte && f.enc != (winAnsi{}) {
		// a ToUnicode map that does not map the code (or a broken one): the
		// code's meaning in the standard encoding, as poppler falls back
		t = winAnsi{}.Decode(code)
	}
	f.decoded[code] = t
	return t
}

// isSpace reports whether the code gets the word spacing Tw: the single
// byte 32 in simple fonts (PDF 32000 §9.3.3).
func (f *font) isSpace(code string) bool {
	return !f.twoByte && len(code) == 1 && code[0] == 32
}

// fallbackFont stands for a font whose dictionary cannot be read: one-byte
// WinAnsi codes half an em wide.
func fallbackFont() *font {
	return &font{enc: winAnsi{}, decoded: map[string]string{}, spaceCID: 32, missing: 500, damaged: true}
}

// winAnsi decodes one-byte codes as Windows-1252, the fallback of a simple
// font whose own encoding cannot be read. Control codes (two-byte codes of
// an unreadable composite font) give nothing rather than noise.
type winAnsi struct{}

func (winAnsi) Decode(raw string) string {
	out, err := charmap.Windows1252.NewDecoder().String(raw)
	if err != nil {
		return ""
	}
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7F || (r >= 0x80 && r < 0xA0) {
			return -1
		}
		return r
	}, out)
}
