package vntext_test

import (
	"strings"
	"testing"

	"congbao/gazette/cite"
	"congbao/gazette/internal/sample"
	"congbao/gazette/read"
	"congbao/gazette/vntext"
)

// TestDecodeTCVN3 converts the one real TCVN3 text of the sample: vbpl's
// page of Quyết định 1408/QĐ-BXD (2008), whose first line vbpl wrote in
// Unicode and the rest it kept in the .VnTime bytes.
func TestDecodeTCVN3(t *testing.T) {
	var text string
	for k, v := range sample.MustTexts(t, "vbpl_documents_2026-04.jsonl.gz") {
		if strings.HasPrefix(k, "Quyết định 1408/QĐ-BXD|") {
			text = v
		}
	}
	if text == "" {
		t.Fatal("Quyết định 1408/QĐ-BXD not in the sample")
	}
	out, enc := vntext.DecodeLegacy(text)
	if enc != vntext.TCVN3 {
		t.Fatalf("encoding %q, want TCVN3", enc)
	}
	for _, want := range []string{
		"QUYẾT ĐỊNH\nV/v: Đính chính Quyết định số 29/2007/QĐ-BXD ngày 31/12/2007 của\nBộ trưởng Bộ Xây dựng về việc ban hành Chương trình khung đào tạo, bồi dưỡng kiến thức",
		"Căn cứ Nghị định số 104/2004/NĐ-CP ngày 23/3/2004 của Chính phủ về Công báo Nước Cộng hoà Xã hội Chủ nghĩa Việt Nam;",
		"Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký.",
		"Uỷ ban nhân dân các tỉnh, thành phố trực thuộc Trung ương",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("converted text lacks %q:\n%s", want, out)
		}
	}
	if i := strings.IndexAny(out, "®§µ¸¹©ª«¬\u00AD"); i >= 0 {
		t.Errorf("a TCVN3 byte is left: %q", out[max(0, i-20):min(len(out), i+20)])
	}
	var nums []string
	for _, c := range cite.FindCitations(vntext.CleanText(text)) {
		nums = append(nums, c.Number)
	}
	if got := strings.Join(nums, " "); !strings.Contains(got, "29/2007/QĐ-BXD") || !strings.Contains(got, "104/2004/NĐ-CP") {
		t.Errorf("citations of the converted text: %s", got)
	}
	if m := read.ExtractMetadata(text); !strings.Contains(m.EffectiveBasis, "kể từ ngày ký") {
		t.Errorf("effect clause of the converted text: %q", m.EffectiveBasis)
	}
}
