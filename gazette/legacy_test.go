package gazette

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// sampleTexts reads the full texts of a bundled sample file
// (testdata/README.md), keyed by title or file name.
func sampleTexts(t *testing.T, name string) map[string]string {
	t.Helper()
	f, err := os.Open("../testdata/sample/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var r struct {
			Title      string  `json:"title"`
			SourceFile string  `json:"source_file"`
			Text       *string `json:"text"`
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		if r.Text != nil && *r.Text != "" {
			out[r.Title+"|"+r.SourceFile] = *r.Text
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestDecodeTCVN3 converts the one real TCVN3 text of the sample: vbpl's
// page of Quyết định 1408/QĐ-BXD (2008), whose first line vbpl wrote in
// Unicode and the rest it kept in the .VnTime bytes.
func TestDecodeTCVN3(t *testing.T) {
	var text string
	for k, v := range sampleTexts(t, "vbpl_documents_2026-04.jsonl.gz") {
		if strings.HasPrefix(k, "Quyết định 1408/QĐ-BXD|") {
			text = v
		}
	}
	if text == "" {
		t.Fatal("Quyết định 1408/QĐ-BXD not in the sample")
	}
	out, enc := DecodeLegacy(text)
	if enc != TCVN3 {
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
	for _, c := range FindCitations(CleanText(text)) {
		nums = append(nums, c.Number)
	}
	if got := strings.Join(nums, " "); !strings.Contains(got, "29/2007/QĐ-BXD") || !strings.Contains(got, "104/2004/NĐ-CP") {
		t.Errorf("citations of the converted text: %s", got)
	}
	if m := ExtractMetadata(text); !strings.Contains(m.EffectiveBasis, "kể từ ngày ký") {
		t.Errorf("effect clause of the converted text: %q", m.EffectiveBasis)
	}
}

// TestDecodeVNI reads the VNI forms NUMBERS.md §7.5 quotes, and every
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
	for k, v := range sampleTexts(t, "uts_vlc_laws.jsonl.gz") {
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
		for k, text := range sampleTexts(t, file) {
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
