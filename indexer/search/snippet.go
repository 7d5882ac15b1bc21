package search

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"congbao/gazette/vntext"
)

// Snippets are highlighted on the folded text, so that a query typed
// without diacritics finds and marks "quyền sử dụng đất". A word typed
// with its diacritics must count, though: "sử dụng" marks "sử dụng", not
// "sự" or "dựng". tidySnippet takes the marks off words that match a
// query word only once folded when that word was typed with diacritics,
// and trims the words cut in half at a fragment's ends.

var markRe = regexp.MustCompile(`<mark>([^<]*)</mark>`)

// typedWords maps the folded form of each query word typed with
// diacritics to the word as typed, in lower case.
func typedWords(p Parsed) map[string]string {
	out := map[string]string{}
	add := func(s string) {
		for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			lw := strings.ToLower(vntext.NFC(w))
			if f := vntext.FoldLower(lw); f != lw {
				out[f] = lw
			}
		}
	}
	for _, w := range p.Words {
		add(w)
	}
	for _, ph := range p.Phrases {
		add(ph)
	}
	return out
}

// tidySnippet applies the rules above to one fragment.
func tidySnippet(frag string, typed map[string]string) string {
	if len(typed) > 0 {
		frag = markRe.ReplaceAllStringFunc(frag, func(m string) string {
			word := m[len("<mark>") : len(m)-len("</mark>")]
			lw := strings.ToLower(vntext.NFC(word))
			if w, ok := typed[vntext.FoldLower(lw)]; ok && w != lw {
				return word
			}
			return m
		})
	}
	return trimCutWords(frag)
}

// trimCutWords drops a partial word after a leading "…" and before a
// trailing one, unless it is marked.
func trimCutWords(frag string) string {
	const ell = "…"
	if rest, ok := strings.CutPrefix(frag, ell); ok {
		if r, _ := utf8.DecodeRuneInString(rest); unicode.IsLetter(r) || unicode.IsDigit(r) {
			if i := strings.IndexFunc(rest, unicode.IsSpace); i >= 0 && !strings.Contains(rest[:i], "<") {
				rest = rest[i:]
			}
		}
		frag = ell + " " + strings.TrimLeftFunc(rest, unicode.IsSpace)
	}
	if rest, ok := strings.CutSuffix(frag, ell); ok {
		if r, _ := utf8.DecodeLastRuneInString(rest); unicode.IsLetter(r) || unicode.IsDigit(r) {
			if i := strings.LastIndexFunc(rest, unicode.IsSpace); i >= 0 && !strings.Contains(rest[i:], ">") {
				rest = rest[:i]
			}
		}
		frag = strings.TrimRightFunc(rest, unicode.IsSpace) + " " + ell
	}
	return frag
}
