package read

import (
	"testing"
	"time"
	"unicode/utf8"

	"congbao/gazette/vntext"
)

// FuzzExtractMetadata runs the whole text path on arbitrary input: pages
// cleaned, an issue split into documents, metadata, articles, effect
// clause and citations. It must not panic, and what it returns must point
// into the text it was given.
func FuzzExtractMetadata(f *testing.F) {
	for _, s := range []string{
		"CHÍNH PHỦ\nSố: 43/2011/NĐ-CP\nHà Nội, ngày 13 tháng 6 năm 2011\nNGHỊ ĐỊNH\nQuy định về việc cung cấp thông tin\nĐiều 1. Phạm vi\nNghị định này có hiệu lực kể từ ngày 01 tháng 8 năm 2011.\nTM. CHÍNH PHỦ\nTHỦ TƯỚNG\nNguyễn Tấn Dũng",
		"CÔNG BÁO/Số 1263 + 1264/Ngày 31-12-2015\nQUỐC HỘI\nLuật số: 100/2015/QH13\n(Tiếp theo Công báo số 1261 + 1262)\nĐiều 317. Tội",
		"ỦY BAN NHÂN DÂN\nTỈNH KON TUM\nSố: 12/2024/QĐ-UBND\nKon Tum, ngày 01 tháng 02 năm 2024",
		"Ðiều 5.\n\n\nSố:\n/2026/NĐ-CP\nngày  tháng  năm 2026", "",
		"bé x©y dùng\nSè: 1408/Q§-BXD\nQUYÕT §ÞNH\n§iÒu 2. QuyÕt ®Þnh nµy cã hiÖu lùc thi hµnh kÓ tõ ngµy ký.",      // TCVN3
		"Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam\nÑoäc laäp - Töï do - Haïnh phuùc\nQuyeát ñònh soá 43/2011/NÑ-CP", // VNI
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			s = string([]rune(s))
		}
		start := time.Now()
		defer func() {
			if d := time.Since(start); d > time.Second && len(s) < 1<<16 {
				t.Fatalf("%d bytes took %v: too slow (%q)", len(s), d, s)
			}
		}()
		text := vntext.CleanText(s)
		m := ExtractMetadata(text)
		_ = m
		for _, a := range Articles(text) {
			if a.Start < 0 || a.End > len(text) || a.Start > a.End {
				t.Fatalf("Articles(%q): bad span %+v", s, a)
			}
		}
		issue := CleanPages([]string{s, s})
		for _, p := range SplitIssue(issue) {
			_ = ExtractMetadata(p.Text)
		}
	})
}
