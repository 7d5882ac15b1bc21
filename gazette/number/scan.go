package number

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"congbao/gazette/vntext"
)

// Candidate is a stretch of text shaped like a document number: a sequence
// number followed by at least one separator and a segment. Its text is
// normalised (ASCII separators, no spaces, look-alikes folded); Start and
// End are byte offsets into the scanned text.
type Candidate struct {
	Start, End int
	Text       string
	Warnings   []Warning
	Legacy     bool // a VNI legacy letter was read as Đ
	Lenient    bool // "_" was read as a separator
}

// scanner walks an NFC text rune by rune; separators and look-alikes are
// classified on the fly so that offsets stay those of the original text.
type scanner struct {
	s string
}

func (sc scanner) at(i int) (rune, int) {
	if i >= len(sc.s) {
		return 0, 0
	}
	r, n := utf8.DecodeRuneInString(sc.s[i:])
	return vntext.Separator(r), n
}

// skipSpace skips spaces and dropped characters, returning the new offset.
func (sc scanner) skipSpace(i int) int {
	for i < len(sc.s) {
		r, n := sc.at(i)
		if r != ' ' && r != -1 {
			break
		}
		i += n
	}
	return i
}

// run reads letters, digits and "&" from i. It folds look-alike letters and
// reports whether the run is code-like (only A-Z, Đ, digits and "&" after
// folding) and whether it is all digits.
func (sc scanner) run(i int, c *Candidate) (text string, end int, codeLike, digits, upper bool) {
	var b strings.Builder
	codeLike, digits, upper = true, true, true
	end = i
	for end < len(sc.s) {
		r, n := sc.at(end)
		if r == -1 {
			end += n
			continue
		}
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '&') {
			break
		}
		if to, what, ok := vntext.Lookalike(r); ok {
			if c != nil {
				c.Warnings = append(c.Warnings, Warning{"W02", vntext.CodePoint(r) + " (" + what + ") read as " + string(to)})
			}
			r = to
		} else if to, ok := vntext.VNILetter(r); ok {
			if c != nil {
				c.Warnings = append(c.Warnings, Warning{"W02", vntext.CodePoint(r) + " (" + string(r) + ", VNI legacy font) read as " + string(to)})
				c.Legacy = true
			}
			r = to
		}
		switch {
		case r >= '0' && r <= '9':
		case r >= 'A' && r <= 'Z', r == 'Đ', r == '&':
			digits = false
		case r >= 'a' && r <= 'z', r == 'đ':
			digits, upper = false, false
		default:
			digits, codeLike, upper = false, false, false
		}
		b.WriteRune(r)
		end += n
	}
	return b.String(), end, codeLike, digits, upper
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// canStart reports whether a number may start at byte i: never right after
// a letter, a digit or a separator ("/2011/NĐ-CP" must not yield
// "2011/NĐ-CP"), nor after "06:" as in "QCVN 06:2022/BXD".
func (sc scanner) canStart(i int) bool {
	if i == 0 {
		return true
	}
	prev, _ := utf8.DecodeLastRuneInString(sc.s[:i])
	p := vntext.Separator(prev)
	if isWordRune(p) || p == '/' || p == '-' || p == '.' || p == '_' {
		return false
	}
	if p == ':' && i >= 2 {
		pp, _ := utf8.DecodeLastRuneInString(sc.s[:i-1])
		if unicode.IsDigit(pp) {
			return false
		}
	}
	return true
}

// khoaCodes take a term number that may be typed apart: "QH 13".
var khoaCodes = map[string]bool{"QH": true, "UBTVQH": true, "HDNN": true, "QHK": true}

// ScanCandidates finds every number-shaped stretch of s (NFC).
func ScanCandidates(s string, lenient bool) []Candidate {
	sc := scanner{s}
	var out []Candidate
	for i := 0; i < len(s); {
		r, n := sc.at(i)
		if r < '0' || r > '9' || !sc.canStart(i) {
			i += max(n, 1)
			continue
		}
		c, ok := sc.candidateAt(i, lenient)
		if !ok {
			_, end, _, _, _ := sc.run(i, nil)
			i = max(end, i+1)
			continue
		}
		out = append(out, c)
		i = c.End
	}
	return out
}

// candidateAt reads one Candidate starting at the digit at i.
func (sc scanner) candidateAt(i int, lenient bool) (Candidate, bool) {
	c := Candidate{Start: i}
	first, end, _, digits, _ := sc.run(i, &c)
	if !digits {
		return c, false
	}
	var b strings.Builder
	b.WriteString(first)
	prev, prevAfterSep, seps := first, false, 0
	for {
		j := sc.skipSpace(end)
		spacedBefore := j > end
		r, n := sc.at(j)
		isSep := r == '/' || r == '-' || (r == '_' && lenient)
		if isSep {
			k := sc.skipSpace(j + n)
			spaced := spacedBefore || k > j+n
			next, e2, codeLike, dig, upper := sc.run(k, nil)
			nr, _ := sc.at(k)
			switch {
			case next != "" && codeLike && (!spaced || upper || dig):
				next, e2, _, _, _ = sc.run(k, &c)
				if r == '_' {
					c.Lenient, r = true, '/'
				}
				b.WriteRune(r)
				b.WriteString(next)
				prev, prevAfterSep, end = next, true, e2
				seps++
				continue
			case !spaced && (nr == '/' || nr == '-'):
				// an empty segment ("//", "--"): keep it so validation rejects
				// the number rather than truncating it.
				b.WriteRune(r)
				end = j + n
				seps++
				continue
			case !spaced && next == "" && seps > 0 && (k >= len(sc.s) || nr == ' ' || nr == '\n' || nr == 0):
				// a trailing separator ("21/2017/TT-"): never accept the
				// shorter number.
				b.WriteRune(r)
				end = j + n
			}
			break
		}
		// "108-SL/L.10": a dot between the letter L and the number of a law
		if r == '.' && !spacedBefore && codeKey(prev) == "L" && prevAfterSep {
			if next, e2, _, dig, _ := sc.run(j+n, nil); dig && next != "" {
				b.WriteString("." + next)
				prev, end = prev+"."+next, e2
				continue
			}
		}
		if spacedBefore && prevAfterSep {
			next, e2, codeLike, dig, _ := sc.run(j, nil)
			if next != "" && codeLike {
				pk := codeKey(prev)
				switch {
				case dig && len(next) <= 2 && khoaCodes[pk]:
					b.WriteString(next)
					c.Warnings = append(c.Warnings, Warning{"W05", "space removed in " + prev + " " + next})
					prev, end = prev+next, e2
					continue
				case !dig && isTypeKey(pk) && isKnownIssuerKey(codeKey(next)):
					next, e2, _, _, _ = sc.run(j, &c)
					b.WriteString("-" + next)
					c.Warnings = append(c.Warnings, Warning{"W05", "space between " + prev + " and " + next + " read as -"})
					prev, end = next, e2
					continue
				}
			}
		}
		break
	}
	if seps == 0 {
		return c, false
	}
	c.End, c.Text = end, b.String()
	return c, true
}

func isTypeKey(k string) bool {
	loadTables()
	return len(tables.types.byKey[k]) > 0
}

func isKnownIssuerKey(k string) bool {
	loadTables()
	return len(tables.issuers.byKey[k]) > 0
}
