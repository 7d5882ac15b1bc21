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

// TestChairmanIssues: a decision of the chairman of a people's committee
// names him on the authority line under the title (the header of
// pdf2/prov-lamdong_qd-1716, as OCR reads it, "VIỆT NAM" cut at the
// column's edge); the authority line is not part of the title. A report
// signed "KT. CHỦ TỊCH" without that line stays the committee's.
func TestChairmanIssues(t *testing.T) {
	md := ExtractMetadata("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT\"\n\nTỈNH LÂM ĐỒNG Độc lập - Tự do - Hạnh phúc\n" +
		"Số: 1716/QĐ-UBND Lâm Đồng, ngày 16 tháng 10 năm 2025\nQUYẾT ĐỊNH\n\nVề việc thành lập Hội đồng thẩm định, đánh giá\n" +
		"Chỉ số cải cách hành chính tỉnh Lâm Đồng\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG\nCăn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;\n" +
		"QUYẾT ĐỊNH:\nĐiều 1. Thành lập Hội đồng.\n")
	if md.IssuerName != "Chủ tịch Ủy ban nhân dân tỉnh Lâm Đồng" || md.Title != "Về việc thành lập Hội đồng thẩm định, đánh giá Chỉ số cải cách hành chính tỉnh Lâm Đồng" {
		t.Errorf("issuer %q, title %q", md.IssuerName, md.Title)
	}
	if src, _ := md.Claims().Source("issuer_name"); src.Rule != "authority" || src.Line != 9 {
		t.Errorf("issuer source %+v", src)
	}
	md = ExtractMetadata("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH LÂM ĐỒNG Độc lập - Tự do - Hạnh phúc\n" +
		"Số: 329/BC-UBND Lâm Đồng, ngày 10 tháng 11 năm 2025\nBÁO CÁO\nKết quả thực hiện\nI. KẾT QUẢ\nNội dung.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Văn A\n")
	if md.IssuerName != "Ủy ban nhân dân tỉnh Lâm Đồng" || md.TypeName != "Báo cáo" {
		t.Errorf("report: issuer %q, type %q", md.IssuerName, md.TypeName)
	}
}

// TestOCRHeaderTolerated: the header of pdf2/cb-tt-58-2021-tt-bqp as OCR
// reads it: the motto with a mark lost ("CÔNG HÒA"), the body with a
// letter too many ("BỘ QUỐÓC PHÒNG"): the body is the one its number's code
// names, as the register writes it.
func TestOCRHeaderTolerated(t *testing.T) {
	md := ExtractMetadata("BỘ QUỐÓC PHÒNG CÔNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nHạn. Độc lập - Tự do - Hạnh phúc\n\n" +
		"Số: 58/2021/TT-BQP Hà Nội, ngày 4 tháng 6 năm 2021\n\nTHÔNG TƯ\nHướng dẫn thực hiện quy định về thí điểm\n\nCăn cứ Nghị quyết số 132/2020/QH14;\n")
	if md.IssuerName != "Bộ Quốc phòng" || md.Place != "Hà Nội" {
		t.Errorf("issuer %q, place %q", md.IssuerName, md.Place)
	}
	// the number illegible (the real scan prints "Số: 5 @ /2021/TT-BQP"): the nearest official name
	md = ExtractMetadata("BỘ QUỐÓC PHÒNG CÔNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nHạn. Độc lập - Tự do - Hạnh phúc\n\n" +
		"Số: 5 @ /2021/TT-BQP Hà Nội, ngày ‡ tháng ở năm 2021\n\nTHÔNG TƯ\nHướng dẫn thực hiện quy định về thí điểm\n\nCăn cứ Nghị quyết số 132/2020/QH14;\n")
	if md.IssuerName != "Bộ Quốc phòng" {
		t.Errorf("number illegible: issuer %q", md.IssuerName)
	}
	// a body the code does not name stays as printed
	md = ExtractMetadata("BỘ TÀI CHÍNH CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỔNG CỤC THUẾ Độc lập - Tự do - Hạnh phúc\n" +
		"Số: 12/TCT-CS Hà Nội, ngày 4 tháng 6 năm 2021\nV/v chính sách thuế\n")
	if md.IssuerName != "Tổng cục Thuế (Bộ Tài chính)" {
		t.Errorf("unit of a ministry: issuer %q", md.IssuerName)
	}
}

// TestLetterWithoutTypeLine: a letter prints no type line; its addressee
// ("Kính gửi:") makes it a công văn (header of pdf2/scan-vb-40 as OCR reads it).
func TestLetterWithoutTypeLine(t *testing.T) {
	md := ExtractMetadata("HỘI CÔNG CHỨNG VIÊN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nTỈNH LÂM ĐỒNG Độc lập — Tự do - Hạnh phúc\n" +
		"Số: 40/HCCV Lâm Đồng, ngày 05 tháng 9 năm 2025\nKính gửi: Sở Tư pháp tỉnh Lâm Đồng\nThực hiện văn bản số 603/STP-BTTP ngày 04/9/2025.\n")
	if md.TypeName != "Công văn" {
		t.Errorf("type %q", md.TypeName)
	}
	md = ExtractMetadata("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH LÂM ĐỒNG Độc lập - Tự do - Hạnh phúc\n" +
		"Số: 85/GM-UBND Lâm Đồng, ngày 10 tháng 11 năm 2025\nGIẤY MỜI\nKính gửi: các sở, ngành\n")
	if md.TypeName != "Giấy mời" {
		t.Errorf("an invitation with its type line: type %q", md.TypeName)
	}
}
