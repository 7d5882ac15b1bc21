package law

import (
	"testing"

	"congbao/gazette"
)

// FuzzParseAmendments: no text, however odd, makes the amendment parser
// or the provision reader panic, and every provision lies inside the text.
func FuzzParseAmendments(f *testing.F) {
	for _, s := range []string{
		"Điều 1. Sửa đổi, bổ sung một số điều của Luật Giá số 16/2023/QH15\n1. Sửa đổi khoản 1 Điều 70 như sau:\n“1. Việc thanh tra.”.\n2. Bãi bỏ khoản 3 Điều 37 và khoản 3 Điều 39.\nĐiều 2. Hiệu lực thi hành\nLuật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2026.",
		"Điều 1. Bổ sung\n1. Bổ sung mục 3 Chương IV Chương V như sau:\n“Mục 3",
		"Điều 1. Sửa đổi Luật X\na) Thay thế cụm từ “a” bằng cụm từ “b” tại các điều 1, 2 và tên Chương VII;\nb) Bỏ cụm từ “c” và bổ sung cụm từ “d” trước cụm từ “e”",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ParseAmendments(&gazette.Document{Number: "1/2026/QH15", Text: s})
		var check func([]*gazette.Provision)
		check = func(ps []*gazette.Provision) {
			for _, p := range ps {
				if p.Start < 0 || p.End > len(s) || p.Start > p.End {
					t.Fatalf("provision %s spans %d..%d of %d bytes", p.Key, p.Start, p.End, len(s))
				}
				check(p.Children)
			}
		}
		check(Provisions(s))
		ParsePins(s, "1")
	})
}
