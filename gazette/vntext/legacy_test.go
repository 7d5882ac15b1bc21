package vntext

import (
	"strings"
	"testing"

	"congbao/gazette/internal/sample"
)

// TestDecodeVNI reads the VNI forms docs/rules.md §7.5 quotes, and every
// letter of a real law typed in VNI and in TCVN3 (encoded here by the
// inverse of the tables) back to the law's text.
func TestDecodeVNI(t *testing.T) {
	for in, want := range map[string]string{
		"Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam\nÑoäc laäp - Töï do - Haïnh phuùc\nQuyeát ñònh soá 43/2011/NÑ-CP cuûa Chính phuû": "Cộng hòa xã hội chủ nghĩa Việt Nam\nĐộc lập - Tự do - Hạnh phúc\nQuyết định số 43/2011/NĐ-CP của Chính phủ",
	} {
		if got, enc := DecodeLegacy(in); got != want || enc != VNI {
			t.Errorf("DecodeLegacy(%q) = %q, %q; want %q, VNI", in, got, enc, want)
		}
	}
	var law string
	for k, v := range sample.MustTexts(t, "uts_vlc_laws.jsonl.gz") {
		if strings.Contains(k, "Luat-Ho-tich-2014") {
			law = NFC(v)
		}
	}
	if law == "" {
		t.Fatal("Luật Hộ tịch 2014 not in the sample")
	}
	toVNI, toTCVN3 := map[rune]string{}, map[rune]rune{}
	for seq, r := range vni {
		toVNI[r] = seq
	}
	for r, to := range vniSingle {
		toVNI[to] = string(r)
	}
	for r, to := range tcvn3 {
		toTCVN3[to] = r
	}
	var v, c strings.Builder
	lower := strings.ToLower(law) // TCVN3 has no capitals but Ă Â Đ Ê Ô Ơ Ư
	for _, r := range law {
		if s, ok := toVNI[r]; ok {
			v.WriteString(s)
		} else {
			v.WriteRune(r)
		}
	}
	for _, r := range lower {
		if b, ok := toTCVN3[r]; ok {
			c.WriteRune(b)
		} else {
			c.WriteRune(r)
		}
	}
	for _, tc := range []struct {
		typed, want string
		enc         Encoding
	}{{v.String(), law, VNI}, {c.String(), lower, TCVN3}} {
		got, enc := DecodeLegacy(tc.typed)
		if enc != tc.enc {
			t.Errorf("%s: detected %q", tc.enc, enc)
		}
		if got != tc.want {
			gl, wl := strings.Split(got, "\n"), strings.Split(tc.want, "\n")
			for i := range min(len(gl), len(wl)) {
				if gl[i] != wl[i] {
					t.Errorf("%s: line %d = %q, want %q", tc.enc, i, gl[i], wl[i])
					break
				}
			}
		}
	}
}

// TestDecodeCapitals restores the capitals of a .VnTimeH heading and keeps
// a Unicode line of a mixed text.
func TestDecodeCapitals(t *testing.T) {
	in := "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nQUYÕT §ÞNH\nVÒ viÖc ban hµnh quy chÕ qu¶n lý cña Bé X©y dùng"
	want := "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nQUYẾT ĐỊNH\nVề việc ban hành quy chế quản lý của Bộ Xây dựng"
	if got, enc := DecodeLegacy(in); got != want || enc != TCVN3 {
		t.Errorf("DecodeLegacy = %q, %q; want %q", got, enc, want)
	}
}

// TestDecodeLeavesUnicode passes every other text of the sample, laws and
// vbpl records (Vietnamese and English), through unchanged.
func TestDecodeLeavesUnicode(t *testing.T) {
	n := 0
	for _, file := range []string{"vbpl_documents_2026-04.jsonl.gz", "uts_vlc_laws.jsonl.gz"} {
		for k, text := range sample.MustTexts(t, file) {
			if strings.HasPrefix(k, "Quyết định 1408/QĐ-BXD|") {
				continue
			}
			n++
			if out, enc := DecodeLegacy(text); enc != Unicode || out != text {
				t.Errorf("%s: read as %s", k, enc)
			}
		}
	}
	if n < 1000 {
		t.Errorf("only %d texts read", n)
	}
	for _, s := range []string{"Señor Müller: café, naïve, Ñandú", "Giá trị ¼ và ½ mức lương", "©® 2026 Bộ Tư pháp"} {
		if out, enc := DecodeLegacy(s); enc != Unicode || out != s {
			t.Errorf("%q read as %s: %q", s, enc, out)
		}
	}
}
