package read

import (
	"strings"
	"unicode"

	"congbao/gazette"
	"congbao/gazette/vntext"
)

// marks are the stamps read in a header, by their folded capitals: the
// classification ones first, then the urgency ones, longest first within
// each, as printed.
var marks = []struct {
	folded, mark string
	secret       bool
}{
	{"TUYET MAT", gazette.MarkUltimate, true}, {"TOI MAT", gazette.MarkTopSecret, true}, {"MAT", gazette.MarkSecret, true},
	{"HOA TOC", "HỎA TỐC", false}, {"THUONG KHAN", "THƯỢNG KHẨN", false}, {"KHAN", "KHẨN", false},
}

// Marks reads the classification and urgency stamps of a document's
// header: a header line that is the stamp alone ("MẬT", "TỐI MẬT",
// "THƯỢNG KHẨN", "Độ mật: Mật", framed or not), or a stamp in capitals
// beside the number or the date (the two columns read as one line). Only
// the header above the type line is read, and only whole stamps, so that
// "bí mật nhà nước" in a title or the body (Luật 29/2018/QH14 itself) is
// no mark. Look-alike letters (Cyrillic М, Latin Ð) are read as what they
// stand for.
func Marks(text string) (classification, urgency string) {
	lines := strings.SplitN(text, "\n", headerLines+1)
	return marksIn(lines[:min(len(lines), headerLines)])
}

// marksIn reads the stamps of a header's lines (see Marks).
func marksIn(head []string) (classification, urgency string) {
	for _, l := range head {
		l = strings.TrimSpace(l)
		if isTypeLine(l) {
			break // the stamps stand above the type line
		}
		mark, secret := stampOf(l)
		if mark == "" && strings.ContainsFunc(l, unicode.IsDigit) {
			// the two columns read as one line: "Số: 12/2020/NĐ-CP   MẬT",
			// "Hà Nội, ngày 12 tháng 3 năm 2020   TỐI MẬT", "MẬT   Số: 12/QĐ-BCA"
			if k := strings.LastIndexFunc(l, unicode.IsDigit); k >= 0 {
				if j := strings.IndexAny(l[k:], " \t"); j >= 0 {
					mark, secret = capsStamp(l[k+j:])
				}
			}
			if i := strings.Index(l, "Số"); mark == "" && i > 0 {
				mark, secret = capsStamp(l[:i])
			}
		}
		switch {
		case mark == "":
		case secret && classification == "":
			classification = mark
		case !secret && urgency == "":
			urgency = mark
		}
	}
	return classification, urgency
}

// stampOf reads a header line that is a stamp alone, in capitals or not
// ("MẬT", "[ TỐI MẬT ]", "Độ mật: Tuyệt mật"): alone on its line above the
// type line, such a word is the stamp, whatever its case.
func stampOf(l string) (mark string, secret bool) { return readStamp(l, false) }

// capsStamp reads a stamp beside other text on a line: in capitals only
// ("... 12/2020/NĐ-CP   MẬT"), as a stamp is printed.
func capsStamp(s string) (mark string, secret bool) { return readStamp(s, true) }

func readStamp(l string, capsOnly bool) (mark string, secret bool) {
	var b strings.Builder
	for _, r := range l {
		if to, _, ok := vntext.Lookalike(r); ok {
			r = to
		}
		switch {
		case unicode.IsLetter(r):
			if capsOnly && unicode.IsLower(r) {
				return "", false
			}
			b.WriteRune(unicode.ToUpper(r))
		case unicode.IsSpace(r):
			b.WriteByte(' ')
		case strings.ContainsRune("()[]|*-–—_.:\"'“”", r):
			b.WriteByte(' ') // a frame or a rule around the stamp
		default:
			return "", false
		}
	}
	folded := strings.Join(strings.Fields(vntext.FoldASCII(b.String())), " ")
	for _, prefix := range []string{"DO MAT ", "DO KHAN "} { // "Độ mật: Tối mật"
		folded = strings.TrimPrefix(folded, prefix)
	}
	for _, m := range marks {
		if folded == m.folded {
			return m.mark, m.secret
		}
	}
	return "", false
}

// isTypeLine reports whether a header line is the document's type line
// ("NGHỊ ĐỊNH", "LUẬT").
func isTypeLine(l string) bool {
	for _, t := range docTypes {
		if l == t.caps {
			return true
		}
	}
	return false
}
