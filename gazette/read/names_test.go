package read

import (
	"testing"

	"congbao/gazette/vntext"
)

// TestIssuerNameWithoutRules: the rule a web copy keeps on the issuer's
// line is not part of the issuer's name (real header of 45/2013/QH13 as
// the bundled sample has it, and other issuers seen there).
func TestIssuerNameWithoutRules(t *testing.T) {
	md := ExtractMetadata(vntext.CleanText("QUỐC HỘI -------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc ---------------\n" +
		"Luật số: 45/2013/QH13\nHà Nội, ngày 29 tháng 11 năm 2013\nLUẬT\nĐẤT ĐAI\nCăn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;\n" +
		"Quốc hội ban hành Luật đất đai.\nĐiều 1. Phạm vi điều chỉnh\nLuật này quy định về chế độ sở hữu đất đai.\n"))
	if md.IssuerName != "Quốc hội" {
		t.Errorf("issuer %q, want Quốc hội", md.IssuerName)
	}
	for in, want := range map[string]string{"QUỐC HỘI --------": "Quốc hội", "CHÍNH PHỦ _______": "Chính phủ",
		"BỘ TÀI CHÍNH ——————": "Bộ Tài chính", "ỦY BAN THƯỜNG VỤ QUỐC HỘI": "Ủy ban Thường vụ Quốc hội"} {
		if got := BodyName(in); got != want {
			t.Errorf("BodyName(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestJointNumberBroken: a joint circular of five bodies prints its number
// over two lines of the narrow left column.
func TestJointNumberBroken(t *testing.T) {
	md := ExtractMetadata(vntext.CleanText("BỘ TÀI CHÍNH - BỘ LAO ĐỘNG - CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n" +
		"THƯƠNG BINH VÀ XÃ HỘI - BỘ Y TẾ - Độc lập - Tự do - Hạnh phúc\n" +
		"Số: 12/2024/TTLT-BTC-BLĐTBXH- Hà Nội, ngày 10 tháng 5 năm 2024\nBYT-BNV-BQP\nTHÔNG TƯ LIÊN TỊCH\nHướng dẫn chế độ\n" +
		"Căn cứ Luật Ngân sách nhà nước;\nĐiều 1. Phạm vi điều chỉnh\nThông tư liên tịch này hướng dẫn.\n"))
	if md.Number != "12/2024/TTLT-BTC-BLĐTBXH-BYT-BNV-BQP" || md.IssueDate.String() != "2024-05-10" || md.Place != "Hà Nội" {
		t.Errorf("number %q, date %s, place %q", md.Number, md.IssueDate, md.Place)
	}
}
