package read

import (
	"strings"
	"testing"

	"congbao/gazette/internal/sample"
)

// TestChecks runs the consistency checks on real headers: texts from
// vbpl.vn (../shared/corpus/vbpl, April 2026) whose parts contradict each
// other, each cut to its header and effect clause, and consistent ones of
// every layout that must raise nothing.
func TestChecks(t *testing.T) {
	for _, c := range []struct {
		name, text string
		want       []string // check codes, in order
	}{
		{"Thông tư numbered as a provincial decision (vbpl 97/2025/TT-BTC)",
			"BỘ TÀI CHÍNH\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n---------------\nSố: 97/2025/QĐ-UBND\nHà Nội, ngày 24 tháng 10 năm 2025\nTHÔNG TƯ\nHướng dẫn thực hiện các chính sách tài chính đối với doanh nghiệp trực tiếp phục vụ quốc phòng, an ninh\n___________\nCăn cứ Luật Ngân sách nhà nước ngày 25 tháng 6 năm 2025;\n1. Thông tư này có hiệu lực kể từ ngày 01 tháng 01 năm 2026.",
			[]string{"type", "issuer"}},
		{"decree of the Government numbered as a circular of the Ministry of Public Security (vbpl 369/2025/NĐ-CP)",
			"CHÍNH PHỦ\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n---------------\nSố: 100/2025/TT-BCA\nHà Nội, ngày 31 tháng 12 năm 2025\nNGHỊ ĐỊNH\nSửa đổi, bổ sung một số điều của Nghị định số 36/2025/NĐ-CP\nCăn cứ Luật Tổ chức Chính phủ số 63/2025/QH15;\n1. Nghị định này có hiệu lực thi hành kể từ ngày 01 tháng 01 năm 2026.",
			[]string{"type", "issuer"}},
		{"the code of a ministry merged away, under its successor's name broken over two lines (vbpl 33/2025/TT-BNNMT)",
			"BỘ NÔNG NGHIỆP VÀ\nMÔI TRƯỜNG\nSố: 33/2025/TT-BTNMT\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nHà Nội, ngày 02 tháng 7 năm 2025\nTHÔNG TƯ\nQuy định về lập, thẩm định, phê duyệt đề án điều tra cơ bản địa chất\nCăn cứ Luật Địa chất và Khoáng sản số 54/2024/QH15 ngày 29 tháng 11 năm 2024;\nThông tư này có hiệu lực thi hành kể từ ngày 18 tháng 8 năm 2025.",
			[]string{"issuer"}},
		{"number of 2026, signed in 2024 (vbpl 07/2026/TT-BCT)",
			"BỘ CÔNG THƯƠNG\n__________\nSố: 07/2026/TT-BCT\nCỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n________________\nHà Nội, ngày 24 tháng 02 năm 2024\nTHÔNG TƯ\nSửa đổi, bổ sung một số điều của Thông tư số 37/2013/TT-BCT\nCăn cứ Nghị định số 40/2025/NĐ-CP của Chính phủ;\n1. Thông tư này có hiệu lực từ ngày 10 tháng 4 năm 2026.",
			[]string{"year"}},
		{"effect ten months before the signing: the signing year printed for February next (vbpl 55/2025/TT-NHNN)",
			"NGÂN HÀNG NHÀ NƯỚC\nVIỆT NAM\nSố: 55/2025/TT-NHNN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nHà Nội, ngày 26 tháng 12 năm 2025\nTHÔNG TƯ\nQuy định về cấp đổi Giấy phép của tổ chức tín dụng phi ngân hàng\nCăn cứ Luật Ngân hàng Nhà nước Việt Nam ngày 16 tháng 6 năm 2010;\nThông tư này có hiệu lực thi hành từ ngày 09 tháng 02 năm 2025 và thay thế Thông tư số 35/2024/TT-NHNN.",
			[]string{"effective_before_issue"}},
		{"an issuer code in no table (vbpl 03/2026/TT-BGDĐT)",
			"BỘ GIÁO DỤC VÀ ĐÀO TẠO\nCỘNG HÒA XÃ HỘI CHỦ NGHÍA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 03/2026/TT-BGDVĐT\nHà Nội, ngày 30 tháng 1 năm 2026\nTHÔNG TƯ\nQUY ĐỊNH QUY TẮC ỨNG XỬ CỦA NHÀ GIÁO\nCăn cứ Luật Nhà giáo số 73/2025/QH15;\n1. Thông tư này có hiệu lực thi hành từ ngày 30 tháng 01 năm 2026.",
			[]string{"number"}},
		{"decree, effective on signing",
			"CHÍNH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 249/2025/NĐ-CP\nHà Nội, ngày 19 tháng 09 năm 2025\nNGHỊ ĐỊNH\nQuy định cơ chế, chính sách thu hút chuyên gia khoa học, công nghệ\nCăn cứ Luật Tổ chức Chính phủ số 63/2025/QH15;\nNghị định này có hiệu lực kể từ ngày ký ban hành.",
			nil},
		{"resolution of the Standing Committee, its name over two lines",
			"ỦY BAN THƯỜNG VỤ\nQUỐC HỘI\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nNghị quyết số: 97/2025/UBTVQH15\nHà Nội, ngày 16 tháng 6 năm 2025\nNGHỊ QUYẾT\nVề việc sắp xếp các đơn vị hành chính\nCăn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;\nNghị quyết này có hiệu lực thi hành kể từ ngày 01 tháng 7 năm 2025.",
			nil},
		{"law, the issuer's rule on its line",
			"QUỐC HỘI --------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc ----------------\nLuật số: 60/2014/QH13\nHà Nội, ngày 20 tháng 11 năm 2014\nLUẬT\nHỘ TỊCH\nCăn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;\nLuật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2016.",
			nil},
		{"law of 1993 numbered by the order that promulgated it",
			"QUỐC HỘI\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 18-L/CTN\nHà Nội, ngày 06 tháng 7 năm 1993\nLUẬT\nDẦU KHÍ\nCăn cứ vào Điều 17 của Hiến pháp;\nLuật này có hiệu lực từ ngày 01 tháng 9 năm 1993.",
			nil},
		{"the old tone placement in the issuer (UỶ BAN)",
			"UỶ BAN THƯỜNG VỤ QUỐC HỘI\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 120/2026/UBTVQH15\nHà Nội, ngày 10 tháng 3 năm 2026\nNGHỊ QUYẾT\nVề một việc\nCăn cứ Hiến pháp;\nNghị quyết này có hiệu lực thi hành từ ngày 01 tháng 4 năm 2026.",
			nil},
	} {
		m := ExtractMetadata(c.text)
		var got []string
		for _, ch := range m.Checks {
			got = append(got, ch.Code)
			if ch.Message == "" || ch.MessageVI == "" || ch.Field == "" {
				t.Errorf("%s: check without its field or messages: %+v", c.name, ch)
			}
		}
		if strings.Join(got, ",") != strings.Join(c.want, ",") {
			t.Errorf("%s: checks %v, want %v: %+v", c.name, got, c.want, m.Checks)
		}
	}
}

// TestIssuerFromHeaderBlock reads the issuing body over rules, a number
// line and a name broken over two lines, with the old tone placement.
func TestIssuerFromHeaderBlock(t *testing.T) {
	for _, c := range []struct{ head, want string }{
		{"CHÍNH PHỦ\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Chính phủ"},
		{"BỘ NÔNG NGHIỆP VÀ\nMÔI TRƯỜNG\nSố: 66/2025/TT-BNNMT\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Bộ Nông nghiệp và Môi trường"},
		{"NGÂN HÀNG NHÀ NƯỚC\nVIỆT NAM\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Ngân hàng Nhà nước Việt Nam"},
		{"BỘ VĂN HOÁ, THỂ THAO\nVÀ DU LỊCH\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Bộ Văn hóa, Thể thao và Du lịch"},
		{"ỦY BAN THƯỜNG VỤ\nQUỐC HỘI\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Ủy ban Thường vụ Quốc hội"},
		{"BỘ TÀI CHÍNH\nTỔNG CỤC THUẾ\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Tổng cục Thuế"},
		{"ỦY BAN NHÂN DÂN\nTỈNH SƠN LA\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Ủy ban nhân dân tỉnh Sơn La"},
	} {
		m := ExtractMetadata(c.head + "\nĐộc lập - Tự do - Hạnh phúc\nHà Nội, ngày 01 tháng 3 năm 2026\nTHÔNG TƯ\nVề một việc\nCăn cứ một luật;")
		if m.IssuerName != c.want {
			t.Errorf("%q: issuer %q, want %q", c.head, m.IssuerName, c.want)
		}
	}
}

// TestChecksQuietOnLaws reads the 208 laws and codes bundled as the
// sample corpus (texts as the Quốc hội published them, 1957-2022, from
// flattened web copies): consistent texts, so every check raised on them is
// a false alarm.
func TestChecksQuietOnLaws(t *testing.T) {
	laws := sample.MustTexts(t, "uts_vlc_laws.jsonl.gz")
	if len(laws) != 208 {
		t.Errorf("read %d laws, want 208", len(laws))
	}
	for name, text := range laws {
		for _, c := range ExtractMetadata(text).Checks {
			t.Errorf("%s: %s: %s", name, c.Code, c.Message)
		}
	}
}
