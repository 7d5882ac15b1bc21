package read

import (
	"strings"
	"testing"

	"congbao/gazette"
	"congbao/gazette/internal/sample"
	"congbao/gazette/vntext"
)

func TestMarks(t *testing.T) {
	head := "BỘ CÔNG AN\n-------\nSố: 15/2026/TT-BCA\n"
	tail := "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nHà Nội, ngày 01 tháng 3 năm 2026\nTHÔNG TƯ\nQuy định về bảo vệ bí mật nhà nước\nĐiều 1. Phạm vi\nMẬT\n"
	tests := []struct {
		name, text, class, urgency string
	}{
		{"secret under the number", head + "MẬT\n" + tail, gazette.MarkSecret, ""},
		{"top secret framed", head + "[ TỐI MẬT ]\n" + tail, gazette.MarkTopSecret, ""},
		{"ultimate beside the number", "BỘ QUỐC PHÒNG\nSố: 15/2026/TT-BQP      TUYỆT MẬT\n" + tail, gazette.MarkUltimate, ""},
		{"Cyrillic М and urgency", head + "МẬT\nTHƯỢNG KHẨN\n" + tail, gazette.MarkSecret, "THƯỢNG KHẨN"},
		{"urgency only, old tone placement", head + "HOẢ TỐC\n" + tail, "", "HỎA TỐC"},
		{"NFD text", vntext.NFC(head) + "M\u0041\u0323\u0302T\n" + tail, gazette.MarkSecret, ""}, // "MẬT" decomposed
		{"no mark: bí mật in the title and a mark in the body", head + tail, "", ""},
		{"sentence case alone on its line", head + "Mật\n" + tail, gazette.MarkSecret, ""},
		{"with its label", head + "Độ mật: Tuyệt mật\n" + tail, gazette.MarkUltimate, ""},
		{"beside the date", "BỘ CÔNG AN\nSố: 15/2026/TT-BCA\nHà Nội, ngày 01 tháng 3 năm 2026   TỐI MẬT\nTHÔNG TƯ\nVề việc\nĐiều 1.", gazette.MarkTopSecret, ""},
		{"before the number", "BỘ CÔNG AN\nMẬT   Số: 15/2026/TT-BCA\nTHÔNG TƯ\nVề việc\nĐiều 1.", gazette.MarkSecret, ""},
		{"no mark: a title word beside a year", "BỘ CÔNG AN\nSố: 15/2026/TT-BCA\nTHÔNG TƯ\nQuy định về bảo vệ bí mật\nnăm 2026 bí mật\nĐiều 1.", "", ""},
		{"no mark: a word of the issuer", "BAN CƠ YẾU CHÍNH PHỦ\nMẬT MÃ\n" + tail, "", ""},
	}
	for _, tt := range tests {
		c, u := Marks(vntext.CleanText(tt.text))
		if c != tt.class || u != tt.urgency {
			t.Errorf("%s: Marks = %q, %q; want %q, %q", tt.name, c, u, tt.class, tt.urgency)
		}
	}
}

// TestMarksQuietOnSample: none of the bundled texts (208 laws and the
// vbpl records, all public) is read as marked; Luật Bảo vệ bí mật nhà
// nước 29/2018/QH14 and texts citing it are among them.
func TestMarksQuietOnSample(t *testing.T) {
	laws := sample.MustTexts(t, "uts_vlc_laws.jsonl.gz")
	for k, v := range sample.MustTexts(t, "vbpl_documents_2026-04.jsonl.gz") {
		laws[k] = v
	}
	secrecyLaw := false
	for name, text := range laws {
		if c, _ := Marks(vntext.CleanText(text)); c != "" {
			t.Errorf("%s: read as classified %q", name, c)
		}
		secrecyLaw = secrecyLaw || strings.Contains(text, "29/2018/QH14")
	}
	if !secrecyLaw {
		t.Errorf("no text of the sample names 29/2018/QH14: the case that matters most is not read")
	}
	t.Logf("%d texts read, none classified", len(laws))
}
