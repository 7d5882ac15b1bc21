package vntext

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// TestFoldTableIsTheDefinition checks the table-driven folds against the
// definition (foldSlow) on every character below and around the table's
// end, on Vietnamese in NFC and NFD, and on mixed scripts.
func TestFoldTableIsTheDefinition(t *testing.T) {
	var cases []string
	for r := rune(0); r < foldTableSize+0x200; r++ {
		if utf8.ValidRune(r) {
			cases = append(cases, string(r), "X"+string(r)+"ạ")
		}
	}
	viet := "Nghị định 43/2011/NĐ-CP quy định về việc cung cấp thông tin; ĐIỀU 5. Ủy ban nhân dân tỉnh Bà Rịa – Vũng Tàu, ƯU ĐÃI"
	cases = append(cases, viet, norm.NFD.String(viet), "Ðiều", "Кhoản", "İstanbul ǅ ﬁ", "日本語 nghị", "")
	for _, s := range cases {
		if got, want := FoldASCII(s), foldSlow(s); got != want {
			t.Errorf("FoldASCII(%q) = %q, want %q", s, got, want)
		}
		want := strings.ToLower(foldSlow(s))
		if got := FoldLower(s); got != want {
			t.Errorf("FoldLower(%q) = %q, want %q", s, got, want)
		}
		b := []byte(s)
		if got := string(FoldLowerInPlace(b)); got != want {
			t.Errorf("FoldLowerInPlace(%q) = %q, want %q", s, got, want)
		}
	}
}

func BenchmarkFoldLowerInPlace(b *testing.B) {
	words := strings.Fields("Nghị định quy định chi tiết một số điều của Luật Đất đai về bồi thường hỗ trợ tái định cư khi Nhà nước thu hồi đất")
	buf := make([]byte, 64)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for _, w := range words {
			FoldLowerInPlace(append(buf[:0], w...))
		}
	}
}

func BenchmarkFoldSlow(b *testing.B) {
	words := strings.Fields("Nghị định quy định chi tiết một số điều của Luật Đất đai về bồi thường hỗ trợ tái định cư khi Nhà nước thu hồi đất")
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for _, w := range words {
			_ = strings.ToLower(foldSlow(w))
		}
	}
}
