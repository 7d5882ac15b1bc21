package vntext

import (
	"strings"
	"unicode"
)

// Encoding names the font encoding a Vietnamese text was typed in.
type Encoding string

// The legacy encodings of docs/rules.md §7.5. Government documents of about
// 1995-2008 were typed in them; a PDF whose font has no Unicode map, or a
// web page that kept the bytes, gives their letters as Latin-1 text:
// TCVN3 "QuyÕt ®Þnh" (one byte per letter), VNI "Quyeát ñònh" (a base
// letter and a mark byte).
const (
	Unicode Encoding = ""
	TCVN3   Encoding = "TCVN3" // TCVN 5712 VN3, the ".VnTime" fonts ("ABC")
	VNI     Encoding = "VNI"   // VNI-Windows, the "VNI-Times" fonts
)

// tcvn3 maps the TCVN3 letters, as read in Latin-1, to Unicode. TCVN3 has
// capitals only for Ă Â Đ Ê Ô Ơ Ư; other capitals came from the ".VnTimeH"
// fonts, which draw the small letters' codes as capitals.
var tcvn3 = map[rune]rune{
	'µ': 'à', '¸': 'á', '¶': 'ả', '·': 'ã', '¹': 'ạ',
	'¨': 'ă', '»': 'ằ', '¾': 'ắ', '¼': 'ẳ', '½': 'ẵ', 'Æ': 'ặ',
	'©': 'â', 'Ç': 'ầ', 'Ê': 'ấ', 'È': 'ẩ', 'É': 'ẫ', 'Ë': 'ậ',
	'®': 'đ', 'Ì': 'è', 'Ð': 'é', 'Î': 'ẻ', 'Ï': 'ẽ', 'Ñ': 'ẹ',
	'ª': 'ê', 'Ò': 'ề', 'Õ': 'ế', 'Ó': 'ể', 'Ô': 'ễ', 'Ö': 'ệ',
	'×': 'ì', 'Ý': 'í', 'Ø': 'ỉ', 'Ü': 'ĩ', 'Þ': 'ị',
	'ß': 'ò', 'ã': 'ó', 'á': 'ỏ', 'â': 'õ', 'ä': 'ọ',
	'«': 'ô', 'å': 'ồ', 'è': 'ố', 'æ': 'ổ', 'ç': 'ỗ', 'é': 'ộ',
	'¬': 'ơ', 'ê': 'ờ', 'í': 'ớ', 'ë': 'ở', 'ì': 'ỡ', 'î': 'ợ',
	'ï': 'ù', 'ó': 'ú', 'ñ': 'ủ', 'ò': 'ũ', 'ô': 'ụ',
	'\u00AD': 'ư', 'õ': 'ừ', 'ø': 'ứ', 'ö': 'ử', '÷': 'ữ', 'ù': 'ự',
	'ú': 'ỳ', 'ý': 'ý', 'û': 'ỷ', 'ü': 'ỹ', 'þ': 'ỵ',
	'¡': 'Ă', '¢': 'Â', '§': 'Đ', '£': 'Ê', '¤': 'Ô', '¥': 'Ơ', '¦': 'Ư',
}

// vni maps VNI-Windows sequences, as read in Latin-1, to Unicode: a base
// letter and its mark, or one letter. Built by init from vniMarks.
var vni = map[string]rune{}

// vniMarks lists, for each base as typed, the marks after it and the
// letters they make (grave, acute, hook, tilde, dot; then circumflex with
// them; then breve with them).
var vniMarks = []struct {
	base  string
	marks string
	to    string
}{
	{"a", "øùûõïâàáåãäêèéúüë", "àáảãạâầấẩẫậăằắẳẵặ"},
	{"A", "ØÙÛÕÏÂÀÁÅÃÄÊÈÉÚÜË", "ÀÁẢÃẠÂẦẤẨẪẬĂẰẮẲẴẶ"},
	{"e", "øùûõïâàáåãä", "èéẻẽẹêềếểễệ"},
	{"E", "ØÙÛÕÏÂÀÁÅÃÄ", "ÈÉẺẼẸÊỀẾỂỄỆ"},
	{"o", "øùûõïâàáåãä", "òóỏõọôồốổỗộ"},
	{"O", "ØÙÛÕÏÂÀÁÅÃÄ", "ÒÓỎÕỌÔỒỐỔỖỘ"},
	{"ô", "øùûõï", "ờớởỡợ"}, // ô alone is ơ
	{"Ô", "ØÙÛÕÏ", "ỜỚỞỠỢ"},
	{"u", "øùûõï", "ùúủũụ"},
	{"U", "ØÙÛÕÏ", "ÙÚỦŨỤ"},
	{"ö", "øùûõï", "ừứửữự"}, // ö alone is ư
	{"Ö", "ØÙÛÕÏ", "ỪỨỬỮỰ"},
	{"y", "øùûõ", "ỳýỷỹ"},
	{"Y", "ØÙÛÕ", "ỲÝỶỸ"},
}

// vniSingle are the VNI letters of one byte.
var vniSingle = map[rune]rune{
	'ô': 'ơ', 'Ô': 'Ơ', 'ö': 'ư', 'Ö': 'Ư', 'ñ': 'đ', 'Ñ': 'Đ', 'î': 'ỵ', 'Î': 'Ỵ',
	'æ': 'ỉ', 'Æ': 'Ỉ', 'ó': 'ĩ', 'Ó': 'Ĩ', 'ò': 'ị', 'Ò': 'Ị',
}

// isSignal indexes legacySignals by rune - 0xA0.
var isSignal [0x60]bool

func init() {
	for _, r := range legacySignals {
		isSignal[r-0xA0] = true
	}
	for _, m := range vniMarks {
		marks, to := []rune(m.marks), []rune(m.to)
		if len(marks) != len(to) {
			panic("gazette: vniMarks row " + m.base + " is uneven")
		}
		for i, mk := range marks {
			vni[m.base+string(mk)] = to[i]
		}
	}
}

// legacySignals are Latin-1 letters that Vietnamese Unicode text does not
// use and both legacy encodings do: a text without a few of them is left
// alone at once.
const legacySignals = "µ¸¶·¹¨»¾¼½Æ©ÇËÎÏÑªÖ×Þßä«åæç¬ëîïñøö÷ûüþ¡¢§£¤¥¦\u00ADÐØÜÅÄÏ"

// DecodeLegacy converts a text typed in a legacy font encoding to Unicode
// and says which encoding it found (DetectLegacy); text that is not legacy
// comes back unchanged with Unicode.
func DecodeLegacy(s string) (string, Encoding) {
	enc := DetectLegacy(s)
	if enc == Unicode {
		return s, Unicode
	}
	return DecodeLines(s, enc), enc
}

// DetectLegacy says which legacy font encoding s was typed in, or Unicode.
// The encoding is chosen for the whole text by which reading yields more
// common Vietnamese words; only lines without Vietnamese Unicode letters
// are judged and converted, since one document may mix blocks
// (docs/rules.md §7.5).
func DetectLegacy(s string) Encoding {
	// Latin-1 letters are two bytes in UTF-8, led by 0xC2 or 0xC3: count the
	// signals on the bytes. Legacy text is thick with them; a Unicode text
	// has a stray "·" or "§" now and then.
	signals := 0
	for i := 0; i+1 < len(s); i++ {
		if c := s[i]; c == 0xC2 || c == 0xC3 {
			if r := rune(c&0x1F)<<6 | rune(s[i+1]&0x3F); r >= 0xA0 && isSignal[r-0xA0] {
				signals++
			}
			i++
		}
	}
	if signals < 3 || signals < len(s)/2000 {
		return Unicode
	}
	// judge on the lines a conversion would touch: a Unicode heading beside
	// legacy lines must not outvote them
	var touched []string
	for _, l := range strings.Split(s, "\n") {
		if !hasVietnameseLetter(l) {
			touched = append(touched, l)
		}
	}
	sample := strings.Join(touched, "\n")
	plain := commonWords(sample)
	best, enc := plain, Unicode
	for _, e := range []Encoding{TCVN3, VNI} {
		if n := commonWords(DecodeLines(sample, e)); n > best {
			best, enc = n, e
		}
	}
	if best < 3 || best < 2*plain+3 {
		return Unicode
	}
	return enc
}

// DecodeLines converts each line of s that holds no Vietnamese Unicode
// letter.
func DecodeLines(s string, e Encoding) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if !hasVietnameseLetter(l) {
			lines[i] = decodeLine(l, e)
		}
	}
	return strings.Join(lines, "\n")
}

func decodeLine(l string, e Encoding) string {
	var b strings.Builder
	rs := []rune(l)
	converted := false
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch e {
		case TCVN3:
			if to, ok := tcvn3[r]; ok {
				b.WriteRune(to)
				converted = true
				continue
			}
		case VNI:
			if i+1 < len(rs) {
				if to, ok := vni[string(rs[i:i+2])]; ok {
					b.WriteRune(to)
					i++
					converted = true
					continue
				}
			}
			if to, ok := vniSingle[r]; ok {
				b.WriteRune(to)
				converted = true
				continue
			}
		}
		b.WriteRune(r)
	}
	if !converted {
		return l
	}
	out := b.String()
	if e == TCVN3 {
		out = capitalWords(l, out)
	}
	return NFC(out)
}

// capitalWords restores the capitals of text typed in a ".VnTimeH" font,
// which draws the small letters' codes as capitals: in a line whose plain
// letters are all capitals (numbers and codes aside), or in a word with two plain capitals and no
// small plain letter, the converted letters are capitals too ("QUYÕT
// §ÞNH" -> "QUYẾT ĐỊNH"). One plain capital ("Bé", "VÒ") starts a word.
func capitalWords(typed, out string) string {
	tw, ow := strings.Split(typed, " "), strings.Split(out, " ")
	if len(tw) != len(ow) {
		return out
	}
	upper, lower := 0, 0
	for _, w := range tw {
		if !strings.ContainsAny(w, "0123456789/") { // codes ("Q§-BXD") are capitals in any text
			u, l := asciiCase(w)
			upper, lower = upper+u, lower+l
		}
	}
	if upper >= 3 && lower == 0 {
		return strings.ToUpper(out)
	}
	for i, w := range tw {
		if u, l := asciiCase(w); u >= 2 && l == 0 && ow[i] != w {
			ow[i] = strings.ToUpper(ow[i])
		}
	}
	return strings.Join(ow, " ")
}

// asciiCase counts the plain capitals and small letters of s.
func asciiCase(s string) (upper, lower int) {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 'A' && c <= 'Z':
			upper++
		case c >= 'a' && c <= 'z':
			lower++
		}
	}
	return upper, lower
}

// hasVietnameseLetter reports a letter only Vietnamese Unicode text has
// (ă đ ơ ư ĩ ũ and the letters of the Latin Extended Additional block).
func hasVietnameseLetter(s string) bool {
	for _, r := range s {
		switch {
		case r >= 0x1EA0 && r <= 0x1EF9:
			return true
		case strings.ContainsRune("ăĂđĐơƠưƯĩĨũŨ", r):
			return true
		}
	}
	return false
}

// frequentWords are among the commonest words of Vietnamese legal text.
var frequentWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`của và các được theo này người không những trong về việc định quy năm ngày
		tháng số điều có cho một với để thực hiện quyết nghị luật bộ nhà nước chính phủ ban hành khoản thông tư
		đã là tại hoặc đối trường hợp sau đây cơ quan tổ chức cá nhân quản lý thi phải trách nhiệm công dân
		xã hội chủ nghĩa việt nam độc lập tự do hạnh phúc cộng hòa hoà sự vụ kinh tế đầu tư xây dựng trưởng`) {
		frequentWords[w] = true
	}
}

// commonWords counts the words of s that are frequent Vietnamese words.
func commonWords(s string) int {
	n := 0
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if frequentWords[w] {
			n++
		}
	}
	return n
}
