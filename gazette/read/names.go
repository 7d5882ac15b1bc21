package read

import (
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"congbao/gazette/number"
)

// properNames keep their capitals inside sentence-cased text: the names of
// state bodies and offices (from codes/issuers.tsv) and a few more.
var properNames = struct {
	once  sync.Once
	names []string
	byKey map[string]string // upper-cased name -> name
}{}

var extraNames = []string{"Quốc hội", "Chính phủ", "Thủ tướng", "Thủ tướng Chính phủ", "Chủ tịch nước", "Nhà nước", "Việt Nam",
	"Ủy ban Thường vụ Quốc hội", "Văn phòng Quốc hội", "Văn phòng Chính phủ", "Tòa án nhân dân tối cao",
	"Viện kiểm sát nhân dân tối cao", "Mặt trận Tổ quốc", "Hội đồng Thẩm phán", "Kiểm toán nhà nước", "Đảng", "Trung ương"}

func loadProperNames() {
	properNames.once.Do(func() {
		properNames.byKey = map[string]string{}
		add := func(n string) {
			properNames.names = append(properNames.names, n)
			properNames.byKey[toneKey(n)] = n
		}
		for _, n := range extraNames {
			add(n)
		}
		for _, n := range number.BodyNames() {
			add(n)
		}
		// longest first, so "Thủ tướng Chính phủ" wins over "Thủ tướng"
		names := properNames.names
		for i := 1; i < len(names); i++ {
			for j := i; j > 0 && len(names[j]) > len(names[j-1]); j-- {
				names[j], names[j-1] = names[j-1], names[j]
			}
		}
	})
}

// BodyName turns an issuing body printed in capitals into its name:
// "CHÍNH PHỦ" -> "Chính phủ", "ỦY BAN NHÂN DÂN TỈNH KON TUM" -> "Ủy ban
// nhân dân tỉnh Kon Tum".
func BodyName(caps string) string {
	loadProperNames()
	caps = strings.Join(strings.Fields(ruleRe.ReplaceAllString(caps, " ")), " ")
	if n, ok := properNames.byKey[toneKey(caps)]; ok {
		return n
	}
	return fieldCapital(SentenceCase(caps))
}

// fieldCapital writes a body's field with a capital after the word for
// its kind, as Nghị định 30/2020/NĐ-CP (Phụ lục II) writes names of bodies
// and organisations: "Hội Công chứng viên tỉnh Lâm Đồng", "Sở Tư pháp",
// "Trung tâm Y tế huyện …". Only kinds whose next word always begins the
// field are taken ("Hội đồng" is a kind of its own; "Ủy ban nhân dân",
// "Viện kiểm sát nhân dân" and "Tòa án nhân dân" are written so).
func fieldCapital(name string) string {
	for _, kind := range fieldKinds {
		rest, ok := strings.CutPrefix(name, kind+" ")
		if !ok || rest == "" || strings.HasPrefix(rest, "đồng") && kind == "Hội" {
			continue
		}
		word, tail, _ := strings.Cut(rest, " ")
		if placeWords[word] {
			return name // "Sở tỉnh …" names no field
		}
		if tail != "" {
			tail = " " + tail
		}
		return kind + " " + capitalize(word) + tail
	}
	return name
}

var fieldKinds = []string{"Hội", "Sở", "Cục", "Chi cục", "Tổng cục", "Trung tâm", "Học viện"}

// toneKey upper-cases a name and writes its open syllables oa, oe, uy
// with the tone mark on the first vowel, as the state's own texts mostly
// do: "UỶ BAN" and "ỦY BAN", "VĂN HOÁ" and "VĂN HÓA" find the same name.
func toneKey(s string) string {
	s = strings.ToUpper(s)
	return oldToneRe.ReplaceAllStringFunc(s, func(m string) string {
		r := []rune(m)
		if r[0] == 'Q' {
			return m // "QUÝ": u belongs to the qu onset, the tone stays
		}
		base, tone := splitTone(r[1])
		return string(withTone(r[0], tone)) + string(base) + string(r[2:])
	})
}

// oldToneRe finds oa, oe, uy with the tone on the second vowel, at the end
// of a syllable (with the letter before a u, to leave qu alone).
var oldToneRe = regexp.MustCompile(`(?:O[ÀÁẢÃẠÈÉẺẼẸ]|Q?U[ỲÝỶỸỴ])(?:$|[^\p{L}])`)

// tones of the vowels the old placement puts them on, and of the first
// vowels they move to: grave, acute, hook, tilde, dot.
var (
	tonedVowels = map[rune][5]rune{'A': {'À', 'Á', 'Ả', 'Ã', 'Ạ'}, 'E': {'È', 'É', 'Ẻ', 'Ẽ', 'Ẹ'}, 'Y': {'Ỳ', 'Ý', 'Ỷ', 'Ỹ', 'Ỵ'},
		'O': {'Ò', 'Ó', 'Ỏ', 'Õ', 'Ọ'}, 'U': {'Ù', 'Ú', 'Ủ', 'Ũ', 'Ụ'}}
)

// splitTone returns the bare vowel of a toned one and its tone (0-4).
func splitTone(r rune) (rune, int) {
	for base, toned := range tonedVowels {
		for t, v := range toned {
			if v == r {
				return base, t
			}
		}
	}
	return r, -1
}

func withTone(r rune, tone int) rune {
	if toned, ok := tonedVowels[r]; ok && tone >= 0 {
		return toned[tone]
	}
	return r
}

// signPrefixRe is the mark of a signature on another's behalf, however spaced.
var signPrefixRe = regexp.MustCompile(`^(TM|KT|TL|TUQ|Q)\.\s*`)

// ruleRe is a rule drawn with characters under a header line ("QUỐC HỘI
// -------", "CHÍNH PHỦ ______"), which texts copied from the web keep on the
// issuer's line.
var ruleRe = regexp.MustCompile(`[-_–—=*.·~]{3,}`)

// placeWords introduce a place name whose words are all capitalised.
var placeWords = map[string]bool{"tỉnh": true, "thành phố": true, "huyện": true, "quận": true, "xã": true, "phường": true, "thị xã": true, "thị trấn": true}

// SentenceCase lower-cases text printed in capitals but keeps proper names:
// "KT. THỦ TƯỚNG" -> "KT. Thủ tướng", "CHỦ TỊCH QUỐC HỘI" -> "Chủ tịch Quốc hội".
func SentenceCase(s string) string {
	loadProperNames()
	s = strings.Join(strings.Fields(s), " ")
	s = signPrefixRe.ReplaceAllString(s, "$1. ") // "KT.BỘ TRƯỞNG"
	prefix := ""
	for _, p := range []string{"TM. ", "KT. ", "TL. ", "TUQ. ", "Q. "} {
		if strings.HasPrefix(s, p) {
			prefix, s = p, s[len(p):]
			break
		}
	}
	low := strings.ToLower(s)
	out := []rune(low)
	for _, n := range properNames.names {
		ln := strings.ToLower(n)
		for i := 0; ; {
			j := strings.Index(low[i:], ln)
			if j < 0 {
				break
			}
			at := i + j
			end := at + len(ln)
			if wordBoundary(low, at, end) {
				copy(out[utf8.RuneCountInString(low[:at]):], []rune(n))
			}
			i = end
		}
	}
	res := string(out)
	words := strings.Fields(res)
	for i := range words {
		if i > 0 && (placeWords[words[i-1]] || i > 1 && placeWords[words[i-2]+" "+words[i-1]]) {
			for k := i; k < len(words); k++ {
				words[k] = capitalize(words[k])
			}
			break
		}
	}
	if len(words) > 0 {
		words[0] = capitalize(words[0])
	}
	return prefix + strings.Join(words, " ")
}

func wordBoundary(s string, start, end int) bool {
	if start > 0 {
		r, _ := utf8.DecodeLastRuneInString(s[:start])
		if unicode.IsLetter(r) {
			return false
		}
	}
	if end < len(s) {
		r, _ := utf8.DecodeRuneInString(s[end:])
		if unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

func capitalize(w string) string {
	r, n := utf8.DecodeRuneInString(w)
	if n == 0 {
		return w
	}
	return string(unicode.ToUpper(r)) + w[n:]
}
