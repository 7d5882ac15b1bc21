package read

import (
	"strings"
	"testing"

	"congbao/gazette"
	"congbao/gazette/internal/sample"
	"congbao/gazette/vntext"
)

// TestSourcesOnSample: on every bundled text, each field read names a line
// that holds what was read (the number as printed, the signer, the place,
// the day of the issue date), with a confidence in (0, 1].
func TestSourcesOnSample(t *testing.T) {
	texts := sample.MustTexts(t, "vbpl_documents_2026-04.jsonl.gz")
	for k, v := range sample.MustTexts(t, "uts_vlc_laws.jsonl.gz") {
		texts[k] = v
	}
	fields, wrong := 0, 0
	for name, text := range texts {
		md := ExtractMetadata(text)
		lines := strings.Split(vntext.CleanText(text), "\n")
		want := map[string]string{"number": md.NumberPrinted, "signer": md.Signer, "place": md.Place}
		set := map[string]bool{"number": md.Number != "", "type_name": md.TypeName != "", "issuer_name": md.IssuerName != "",
			"title": md.Title != "", "place": md.Place != "", "issue_date": !md.IssueDate.IsZero(), "signer": md.Signer != "",
			"signer_title": md.SignerTitle != "", "effective_date": !md.EffectiveDate.IsZero()}
		for _, s := range md.Sources {
			fields++
			if !set[s.Field] {
				t.Errorf("%s: a source for %s, which is not set", name, s.Field)
			}
			if s.Confidence <= 0 || s.Confidence > 1 || s.Line < 1 || s.Line > len(lines) {
				t.Errorf("%s: %s: line %d of %d, confidence %v", name, s.Field, s.Line, len(lines), s.Confidence)
				continue
			}
			if got := strings.Join(strings.Fields(lines[s.Line-1]), " "); !strings.HasPrefix(got, strings.TrimSuffix(s.Text, "…")) {
				t.Errorf("%s: %s: source text %q is not line %d %q", name, s.Field, s.Text, s.Line, got)
			}
			w, text := strings.Join(strings.Fields(want[s.Field]), " "), s.Text
			if s.Field == "number" {
				// the line prints the number its own way ("342 /2025/NĐ-CP", "QH 11", a Cyrillic С): its figures before the year stand there
				seq, _, _ := strings.Cut(md.Number, "/")
				w, text = strings.TrimLeft(seq, "0")+"/", strings.Join(strings.Fields(text), "")
			}
			if w != "" && !strings.Contains(text, w) {
				wrong++
				t.Errorf("%s: %s %q read from line %d, which does not hold it: %q", name, s.Field, w, s.Line, s.Text)
			}
		}
		_, numberRead := md.Claims().Source("number")
		_, signerRead := md.Claims().Source("signer")
		if md.Number != "" && !numberRead || md.Signer != "" && !signerRead {
			t.Errorf("%s: number %q or signer %q without a source", name, md.Number, md.Signer)
		}
	}
	if fields < 1000 {
		t.Errorf("only %d field sources over %d texts", fields, len(texts))
	}
	t.Logf("%d texts, %d field sources, %d naming a line that lacks the value", len(texts), fields, wrong)
}

// TestUnsureRaisesCheck: a place read without its date (the date's
// figures illegible, as OCR leaves them) is a guess: shown with a check.
func TestUnsureRaisesCheck(t *testing.T) {
	md := ExtractMetadata("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH LÂM ĐỒNG Độc lập - Tự do - Hạnh phúc\n" +
		"Số: 1716/QĐ-UBND Lâm Đồng, ngày #@ tháng ý năm 2025\nQUYẾT ĐỊNH\nVề việc phê duyệt\nCăn cứ Luật Tổ chức chính quyền địa phương;\n" +
		"Điều 1. Phê duyệt.\n")
	if md.Place != "Lâm Đồng" {
		t.Fatalf("place %q", md.Place)
	}
	var got *gazette.Check
	for i, c := range md.Checks {
		if c.Code == "unsure" && c.Field == "place" {
			got = &md.Checks[i]
		}
	}
	if got == nil || !strings.Contains(got.MessageVI, "Nơi ban hành") || !strings.Contains(got.Message, "line 3") {
		t.Fatalf("no unsure check on the place: %+v", md.Checks)
	}
	src, _ := md.Claims().Source("number")
	if src.Line != 3 || src.Confidence != confHeaderLine || src.Rule != "header" {
		t.Errorf("number source %+v", src)
	}
	for _, c := range md.Checks {
		if c.Code == "unsure" && c.Field != "place" {
			t.Errorf("a sure field checked as unsure: %+v", c)
		}
	}
}

// TestLocate: lines of a text joined from two parts are located on their
// PDF pages; a page read by OCR lowers the confidence by its own.
func TestLocate(t *testing.T) {
	parts := []gazette.DocPart{
		{PDFFirstPage: 3, PDFLastPage: 4, PageLines: []int{0, 2}, Text: "a\nb\nc\nd"},                       // lines 1-4: page 3 (1-2), page 4 (3-4)
		{PDFFirstPage: 1, PDFLastPage: 1, Text: "e\nf", OCR: []gazette.PageOCR{{Page: 1, Confidence: 0.8}}}, // lines 5-6: page 1 of another file
		{Text: "g"}, // line 7: a part without pages
	}
	in := []gazette.FieldSource{{Field: "number", Line: 1, Confidence: 0.98}, {Field: "place", Line: 4, Confidence: 0.98},
		{Field: "signer", Line: 6, Confidence: 0.9}, {Field: "title", Line: 7, Confidence: 0.85}}
	got := locate(in, parts)
	want := []struct {
		page, line int
		conf       float64
		ocr        bool
	}{{3, 1, 0.98, false}, {4, 2, 0.98, false}, {1, 2, 0.72, true}, {0, 7, 0.85, false}} // without pages, the line of the document's text
	for i, w := range want {
		g := got[i]
		if g.Page != w.page || g.Line != w.line || g.Confidence != w.conf || g.OCR != w.ocr {
			t.Errorf("%s: page %d line %d conf %v ocr %v, want %+v", g.Field, g.Page, g.Line, g.Confidence, g.OCR, w)
		}
	}
}
