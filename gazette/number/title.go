package number

import (
	"strings"

	"congbao/gazette/vntext"
)

// typeNames maps the names of document types, folded to ASCII lower case,
// to their codes. Longer names come first so "thong tu lien tich" wins over
// "thong tu".
var typeNames = []struct{ name, code string }{
	{"thong tu lien tich", "TTLT"},
	{"nghi quyet lien tich", "NQLT"},
	{"van ban hop nhat", "VBHN"},
	{"nghi dinh", "NĐ"},
	{"quyet dinh", "QĐ"},
	{"thong tu", "TT"},
	{"nghi quyet", "NQ"},
	{"phap lenh", "PL"},
	{"sac lenh", "SL"},
	{"chi thi", "CT"},
	{"bo luat", "QH_ACT"},
	{"luat", "QH_ACT"},
	{"cong van", "CV"},
	{"cong dien", "CĐ"},
	{"to trinh", "TTr"},
	{"ke hoach", "KH"},
	{"thong bao", "TB"},
	{"chuong trinh", "CTr"},
	{"bao cao", "BC"},
	{"lenh", "L"},
}

// TypeBefore returns the type code named by the words right before byte
// offset i of s ("Nghị định số " -> "NĐ"), or "".
func TypeBefore(s string, i int) string {
	before := strings.Join(strings.Fields(strings.ToLower(vntext.FoldASCII(vntext.Tail(s[:i], 40)))), " ")
	before = strings.TrimSpace(strings.TrimSuffix(before, ":"))
	for _, label := range []string{" so hieu", " so"} {
		before = strings.TrimSuffix(before, label)
	}
	for _, t := range typeNames {
		if before == t.name || strings.HasSuffix(before, " "+t.name) {
			return t.code
		}
	}
	return ""
}

// TypeOfName maps a type name ("Nghị định", "nghi dinh") to its code, or "".
func TypeOfName(name string) string {
	k := strings.Join(strings.Fields(strings.ToLower(vntext.FoldASCII(name))), " ")
	for _, t := range typeNames {
		if k == t.name {
			return t.code
		}
	}
	return ""
}
