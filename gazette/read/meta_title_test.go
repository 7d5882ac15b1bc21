package read

import "testing"

// TestTitleOfOldLaws checks the titles of laws printed before 2002, whose
// name stands inside an enactment formula and runs into the preamble (the
// shapes of the bundled law texts: 24/2000/QH10, 18-L/CTN, 23-L/CTN).
func TestTitleOfOldLaws(t *testing.T) {
	for _, tt := range []struct {
		lines []string
		want  string
	}{
		{[]string{"CỦA QUỐC HỘI NƯỚC CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM SỐ 24/2000/QH10 NGÀY 09 THÁNG 12 NĂM 2000 VỀ KINH DOANH BẢO HIỂM", "Để bảo vệ quyền và lợi ích hợp pháp của tổ chức, cá nhân"}, "Luật kinh doanh bảo hiểm"},
		{[]string{"SỐ 18-L/CTN NGÀY 06/07/1993 CỦA QUỐC HỘI VỀ DẦU KHÍ", "Để bảo vệ, khai thác và sử dụng có hiệu quả"}, "Luật dầu khí"},
		{[]string{"THUẾ SỬ DỤNG ĐẤT NÔNG NGHIỆP SỐ 23-L/CTN NGÀY 10/07/1993 CỦA QUỐC HỘI", "Để khuyến khích sử dụng đất nông nghiệp"}, "Luật thuế sử dụng đất nông nghiệp"},
		{[]string{"CỦA QUỐC HỘI SỐ 21-LCT/HĐNN8 NGÀY 30/06/1989 VỀ BẢO VỆ SỨC KHOẺ NHÂN DÂN", "Sức khoẻ là vốn quý nhất của con người"}, "Luật bảo vệ sức khoẻ nhân dân"},
		// today's shapes are kept
		{[]string{"ĐẤT ĐAI"}, "Luật đất đai"},
		{[]string{"Quy định chi tiết một số điều của Luật Đất đai"}, "Quy định chi tiết một số điều của Luật Đất đai"},
	} {
		if got := titleFrom(tt.lines, "Luật"); got != tt.want {
			t.Errorf("titleFrom(%q) = %q, want %q", tt.lines, got, tt.want)
		}
	}
}

// TestTitleStopsAtPreambleInCapitals: "Căn Cứ vào Hiến pháp …" (a capital
// C in the corpus's Luật 68/2006/QH11) ran into the title.
func TestTitleStopsAtPreambleInCapitals(t *testing.T) {
	got := titleFrom([]string{"TIÊU CHUẨN VÀ QUY CHUẨN KỸ THUẬT", "Căn Cứ vào Hiến pháp nước Cộng hoà xã hội chủ nghĩa Việt Nam năm 1992"}, "Luật")
	if got != "Luật tiêu chuẩn và quy chuẩn kỹ thuật" {
		t.Errorf("title %q", got)
	}
}
