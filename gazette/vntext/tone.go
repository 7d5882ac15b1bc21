package vntext

import (
	"strings"
	"unicode"
)

// oldTones maps a diphthong written in the old style, with the tone mark
// on its second vowel ("hoá", "khoẻ", "tuỳ"), to the new style the
// Ministry of Education's rules use ("hóa", "khỏe", "tùy").
var oldTones = map[string]string{
	"oá": "óa", "oà": "òa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
	"oé": "óe", "oè": "òe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
	"uý": "úy", "uỳ": "ùy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}

// NewTones rewrites old-style tone placement in open syllables to the new
// style, so that the two spellings of one word compare equal: "hoá" is
// "hóa", "tuỳ" is "tùy"; "hoàn" (a closed syllable) and "quý" (qu + y)
// are left as they are. The text is NFC first.
func NewTones(s string) string {
	s = NFC(s)
	r := []rune(s)
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(r); i++ {
		if i+1 < len(r) {
			lower := strings.ToLower(string(r[i : i+2]))
			if rep, ok := oldTones[lower]; ok && (i+2 == len(r) || !unicode.IsLetter(r[i+2])) &&
				(i == 0 || unicode.ToLower(r[i-1]) != 'q') {
				out := []rune(rep)
				if unicode.IsUpper(r[i]) {
					out[0] = unicode.ToUpper(out[0])
				}
				if unicode.IsUpper(r[i+1]) {
					out[1] = unicode.ToUpper(out[1])
				}
				b.WriteString(string(out))
				i++
				continue
			}
		}
		b.WriteRune(r[i])
	}
	return b.String()
}
