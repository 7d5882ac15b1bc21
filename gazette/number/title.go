package number

import (
	"strings"

	"congbao/gazette/vntext"
)

// typeNames maps the names of document types, folded to ASCII lower case,
// to their codes, longest first so "thong tu lien tich" wins over "thong
// tu" and "bo luat" over "luat" (codes/typewords.tsv, use n).
var typeNames = func() []struct{ name, code string } {
	var out []struct{ name, code string }
	for _, w := range TypeWords('n') {
		out = append(out, struct{ name, code string }{strings.ToLower(vntext.FoldASCII(w.Word)), w.Code})
	}
	return out
}()

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
