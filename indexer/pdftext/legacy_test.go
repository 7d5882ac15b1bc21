package pdftext

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"congbao/gazette/read"
	"congbao/gazette/vntext"
)

// pdfString writes s, whose runes are bytes (Latin-1), as a PDF literal
// string with the high bytes in octal.
func pdfString(s string) string {
	var b strings.Builder
	b.WriteByte('(')
	for _, r := range s {
		switch {
		case r == '(' || r == ')' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x80:
			b.WriteRune(r)
		default:
			fmt.Fprintf(&b, "\\%03o", r)
		}
	}
	b.WriteByte(')')
	return b.String()
}

// TestLegacyFontPDF extracts a page drawn with a ".VnTime" font that has
// no Unicode map, as Word documents of the 1995-2008 offices were printed
// to PDF: the bytes are TCVN3, the text comes out as Latin-1 letters, and
// the gazette step converts it (the real TCVN3 text of vbpl's Quyết định
// 1408/QĐ-BXD, with its heading in .VnTimeH capitals).
func TestLegacyFontPDF(t *testing.T) {
	lines := []string{
		"bé x©y dùng",
		"Sè: 1408/Q§-BXD",
		"QUYÕT §ÞNH",
		"§Ýnh chÝnh QuyÕt ®Þnh sè 29/2007/Q§-BXD ngµy 31/12/2007 cña Bé tr\u00adëng Bé X©y dùng",
		"§iÒu 2. QuyÕt ®Þnh nµy cã hiÖu lùc thi hµnh kÓ tõ ngµy ký.",
	}
	var content strings.Builder
	content.WriteString("BT /F1 12 Tf 72 760 Td ")
	for i, l := range lines {
		if i > 0 {
			content.WriteString("0 -16 Td ")
		}
		content.WriteString(pdfString(l) + " Tj ")
	}
	content.WriteString("ET")
	doc := basic(content.String())
	doc.objs[4] = "<< /Type /Font /Subtype /TrueType /BaseFont /.VnTime /Encoding /WinAnsiEncoding /FirstChar 32 /LastChar 255 /Widths [" +
		strings.Repeat("500 ", 224) + "] >>"
	res, err := Extract(context.Background(), doc.bytes(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	is := read.CleanPages(res.Pages)
	if is.Encoding != vntext.TCVN3 {
		t.Fatalf("encoding %q, want TCVN3; page text %q", is.Encoding, res.Pages)
	}
	got := strings.Join(is.Pages[0].Lines, "\n")
	want := "bộ xây dựng\nSố: 1408/QĐ-BXD\nQUYẾT ĐỊNH\nĐính chính Quyết định số 29/2007/QĐ-BXD ngày 31/12/2007 của Bộ trưởng Bộ Xây dựng\n" +
		"Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký."
	if got != want {
		t.Errorf("page text:\n%s\nwant:\n%s", got, want)
	}
}
