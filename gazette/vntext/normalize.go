package vntext

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"
)

// NFC returns s in Unicode Normalization Form C. Every text is NFC before
// any parsing: NFD input ("Nghị định" as 11 code points) defeats literal
// patterns.
func NFC(s string) string { return norm.NFC.String(s) }

// FoldASCII removes Vietnamese diacritics and maps đ/Đ to d/D, which have
// no canonical decomposition and survive a plain mark-stripping fold. It is
// safe for concurrent use (a transform.Chain is not: it keeps state).
func FoldASCII(s string) string {
	i := asciiPrefix(s)
	if i == len(s) {
		return s
	}
	if out, ok := foldTable(s, i, &foldRunes); ok {
		return out
	}
	return foldSlow(s)
}

// FoldLower is strings.ToLower(FoldASCII(s)), the search index's fold.
func FoldLower(s string) string {
	if out, ok := foldTable(s, 0, &foldLowerRunes); ok {
		return out
	}
	return strings.ToLower(foldSlow(s))
}

// FoldLowerInPlace folds b as FoldLower does, writing into b itself when
// every character has a short fold (the Latin letters and their marks:
// a fold is never longer than its letter), and returns the folded bytes.
// A search index's token filter calls it on every token; it allocates
// only for the rare character outside the table.
func FoldLowerInPlace(b []byte) []byte {
	w := 0
	for r := 0; r < len(b); {
		c := b[r]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b[w] = c
			w, r = w+1, r+1
			continue
		}
		ru, n := utf8.DecodeRune(b[r:])
		if ru >= foldTableSize || foldLowerRunes[ru] == foldNone {
			// the rest by the definition; folding is character by character
			return append(b[:w:w], FoldLower(string(b[r:]))...)
		}
		if f := foldLowerRunes[ru]; f != foldDrop {
			w += utf8.EncodeRune(b[w:], f)
		}
		r += n
	}
	return b[:w]
}

func asciiPrefix(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return i
		}
	}
	return len(s)
}

// foldTableSize covers Latin, the combining marks and Latin Extended
// Additional (ạ…ỹ, where Vietnamese's precomposed letters are).
const foldTableSize = 0x1F00

const (
	foldNone rune = -2 // no fold by the table: the slow path decides
	foldDrop rune = -1 // a combining mark: dropped
)

// foldRunes and foldLowerRunes are foldSlow (and its lower case) of each
// character on its own, where that is one character no longer in UTF-8
// than the original or nothing. Folding a text character by character is
// the same as folding it whole: NFD decomposes each character on its own
// and only reorders marks, which the fold drops.
var foldRunes, foldLowerRunes = func() (plain, lower [foldTableSize]rune) {
	one := func(orig rune, f string) rune {
		if f == "" {
			return foldDrop
		}
		r, n := utf8.DecodeRuneInString(f)
		if n != len(f) || r == utf8.RuneError || utf8.RuneLen(r) > utf8.RuneLen(orig) {
			return foldNone
		}
		return r
	}
	for r := rune(0); r < foldTableSize; r++ {
		plain[r], lower[r] = foldNone, foldNone
		if r >= 0xD800 || !utf8.ValidRune(r) {
			continue
		}
		f := foldSlow(string(r))
		plain[r], lower[r] = one(r, f), one(r, strings.ToLower(f))
	}
	return plain, lower
}()

// foldTable folds s from byte i on with table t (s[:i] is ASCII); false
// when a character of s is not in the table.
func foldTable(s string, i int, t *[foldTableSize]rune) (string, bool) {
	var sb strings.Builder
	sb.Grow(len(s))
	for _, r := range s[:i] {
		if f := t[r]; f >= 0 {
			sb.WriteRune(f)
		}
	}
	for _, r := range s[i:] {
		if r >= foldTableSize || t[r] == foldNone {
			return "", false
		}
		if f := t[r]; f != foldDrop {
			sb.WriteRune(f)
		}
	}
	return sb.String(), true
}

// foldSlow is the definition of the fold: NFD, combining marks dropped,
// đ/Đ mapped to d/D.
func foldSlow(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == 'đ':
			return 'd'
		case r == 'Đ':
			return 'D'
		case unicode.Is(unicode.Mn, r):
			return -1
		}
		return r
	}, norm.NFD.String(s))
}

// Separator maps the look-alikes of the separators of a number (docs/rules.md
// §7.6) and fullwidth forms to ASCII. It returns -1 for characters that are
// dropped (zero-width) and ' ' for space look-alikes.
func Separator(r rune) rune {
	switch r {
	case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\uFE58', '\uFE63', '\uFF0D':
		return '-'
	case '\u2044', '\u2215', '\uFF0F', '\u29F8':
		return '/'
	case '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF':
		return -1
	case '\u00A0', '\u202F', '\u2009', '\u2007', '\u3000', '\t':
		return ' '
	}
	if r >= '\uFF01' && r <= '\uFF5E' {
		n, _ := utf8.DecodeRuneInString(width.Narrow.String(string(r)))
		return n
	}
	return r
}

// lookalike is a letter that stands for a Latin letter inside a code.
type lookalike struct {
	to   rune
	what string
}

// lookalikes maps letters seen in place of Latin letters or Đ inside
// number codes (docs/rules.md §7.1, §7.7). Applied only inside a number: in
// TCVN3 text Ð is "é".
var lookalikes = map[rune]lookalike{
	'Ð': {'Đ', "Latin capital eth"}, 'Ɖ': {'Đ', "Latin capital African D"},
	'ð': {'đ', "Latin small eth"}, 'ɖ': {'đ', "Latin small African d"},
	'А': {'A', "Cyrillic А"}, 'В': {'B', "Cyrillic В"}, 'Е': {'E', "Cyrillic Е"}, 'К': {'K', "Cyrillic К"},
	'М': {'M', "Cyrillic М"}, 'Н': {'H', "Cyrillic Н"}, 'О': {'O', "Cyrillic О"}, 'Р': {'P', "Cyrillic Р"},
	'С': {'C', "Cyrillic С"}, 'Т': {'T', "Cyrillic Т"}, 'У': {'Y', "Cyrillic У"}, 'Х': {'X', "Cyrillic Х"},
	'І': {'I', "Cyrillic І"}, 'Ј': {'J', "Cyrillic Ј"},
	'а': {'a', "Cyrillic а"}, 'е': {'e', "Cyrillic е"}, 'о': {'o', "Cyrillic о"}, 'р': {'p', "Cyrillic р"},
	'с': {'c', "Cyrillic с"}, 'у': {'y', "Cyrillic у"}, 'х': {'x', "Cyrillic х"}, 'і': {'i', "Cyrillic і"},
	'Α': {'A', "Greek Alpha"}, 'Β': {'B', "Greek Beta"}, 'Ε': {'E', "Greek Epsilon"}, 'Η': {'H', "Greek Eta"},
	'Ι': {'I', "Greek Iota"}, 'Κ': {'K', "Greek Kappa"}, 'Μ': {'M', "Greek Mu"}, 'Ν': {'N', "Greek Nu"},
	'Ο': {'O', "Greek Omicron"}, 'Ρ': {'P', "Greek Rho"}, 'Τ': {'T', "Greek Tau"}, 'Υ': {'Y', "Greek Upsilon"},
	'Χ': {'X', "Greek Chi"}, 'Ζ': {'Z', "Greek Zeta"},
}

// Lookalike returns the Latin letter (or Đ) that r stands for inside a
// number code, and what r is ("Cyrillic А"); ok is false for any other rune.
func Lookalike(r rune) (to rune, what string, ok bool) {
	la, ok := lookalikes[r]
	return la.to, la.what, ok
}

// VNILetter returns Đ or đ for the Latin-1 reading of their VNI bytes.
func VNILetter(r rune) (rune, bool) {
	to, ok := vniLetters[r]
	return to, ok
}

// vniLetters are the VNI legacy-font bytes for Đ/đ as they look when the
// bytes are read as Latin-1 (docs/rules.md §7.1): accepted only in lenient mode.
var vniLetters = map[rune]rune{'Ñ': 'Đ', 'ñ': 'đ'}

// RepairMojibake undoes UTF-8 text that was decoded as Windows-1252 or
// Latin-1 ("NÄ\u0090-CP", "nÄ‘-cp"). The repair is kept only when every
// rune maps back to a byte, the bytes are valid UTF-8, and the result
// differs and holds a Vietnamese letter.
func RepairMojibake(s string) (string, bool) {
	suspicious := false
	for _, r := range s {
		if r >= 0x80 && r <= 0xFF {
			suspicious = true
			break
		}
	}
	if !suspicious {
		return s, false
	}
	b := make([]byte, 0, len(s))
	enc := charmap.Windows1252
	for _, r := range s {
		switch {
		case r < 0x80:
			b = append(b, byte(r))
		case r <= 0xFF && (r < 0xA0 || r == 0xAD):
			b = append(b, byte(r)) // C1 controls pass through as Latin-1
		default:
			c, ok := enc.EncodeRune(r)
			if !ok {
				return s, false
			}
			b = append(b, c)
		}
	}
	if !utf8.Valid(b) {
		return s, false
	}
	out := string(b)
	if out == s {
		return s, false
	}
	for _, r := range out {
		if r > 0xFF && unicode.IsLetter(r) {
			return NFC(out), true
		}
	}
	return s, false
}

// CleanText prepares a document text for parsing: NFC, Windows line ends
// as \n, legacy font encodings converted (DecodeLegacy), space look-alikes
// (no-break, thin, ideographic) as spaces and zero-width characters
// dropped, since RE2's \s matches ASCII spaces only.
func CleanText(s string) string {
	s, _ = DecodeLegacy(strings.ReplaceAll(NFC(s), "\r\n", "\n"))
	return strings.Map(func(r rune) rune {
		switch r {
		case '\u00A0', '\u202F', '\u2009', '\u2007', '\u3000', '\t':
			return ' '
		case '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\r':
			return -1
		}
		return r
	}, s)
}

// CodePoint names r as U+XXXX.
func CodePoint(r rune) string { return fmt.Sprintf("U+%04X", r) }

// Tail returns the last n runes of s without walking the rest of it.
func Tail(s string, n int) string {
	i := len(s)
	for ; n > 0 && i > 0; n-- {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
	}
	return s[i:]
}
