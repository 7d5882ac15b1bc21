package pdftext

import (
	"context"
	"strings"
	"testing"
)

// TestFontsKnownByObject: fonts are read once per file and known by their
// object, so that two pages naming different fonts by one name (/F1, a
// common case when each page has its own resources) each read theirs, and
// a font written inline in the resources is still told apart by what it
// holds.
func TestFontsKnownByObject(t *testing.T) {
	helvetica := "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding /FirstChar 32 /LastChar 126 /Widths " + widths() + " >>"
	swapped := "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /Differences [65 /B 66 /A] >> /FirstChar 32 /LastChar 126 /Widths " + widths() + " >>"
	show := "BT /F1 12 Tf 72 720 Td (ABBA dieu) Tj ET"
	doc := &pdfDoc{header: "%PDF-1.4", objs: []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R 6 0 R 8 0 R] /Count 3 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
		stream("", show),
		helvetica,
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F0 5 0 R /F1 7 0 R >> >> /Contents 4 0 R >>",
		swapped,
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 " + swapped + " >> >> /Contents 4 0 R >>",
	}}
	res, err := Extract(context.Background(), doc.bytes(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"ABBA dieu", "BAAB dieu", "BAAB dieu"}
	if len(res.Pages) != len(want) {
		t.Fatalf("%d pages, want %d", len(res.Pages), len(want))
	}
	for i, w := range want {
		if got := strings.TrimSpace(res.Pages[i]); got != w {
			t.Errorf("page %d: %q, want %q (each page's /F1 is its own font)", i+1, got, w)
		}
	}
}
