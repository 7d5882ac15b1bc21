package pdftext

import (
	"context"
	"errors"
	"strings"
	"testing"

	"congbao/indexer/pdftext/ocr"
)

// scanPage is a one-page PDF that draws a picture over the whole page,
// then content.
func scanPage(content string) []byte {
	d := basic("q 595 0 0 842 0 0 cm /Im1 Do Q " + content)
	d.objs[2] = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> /XObject << /Im1 6 0 R >> >> /Contents 4 0 R >>"
	d.objs = append(d.objs, stream("/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8", "\x80"))
	return d.bytes()
}

func TestScanDetection(t *testing.T) {
	header := "BT /F1 9 Tf 72 800 Td (CONG BAO/So 271/Ngay 12-05-2026 87) Tj ET"
	hidden := "BT 3 Tr /F1 12 Tf 72 700 Td (Nghi dinh nay quy dinh ve cong bao cua nuoc Cong hoa xa hoi chu nghia Viet Nam) Tj ET"
	for _, c := range []struct {
		name        string
		data        []byte
		noText      bool
		scan        bool
		visible     string // what shows of the scan
		textHasWord string
	}{
		{"picture alone", scanPage(""), true, true, "", ""},
		{"picture under a running header", scanPage(header), true, true, "CONG BAO/So 271/Ngay 12-05-2026 87", "CONG"},
		{"picture under another program's invisible OCR", scanPage(hidden), true, true, "", "Nghi"},
		// a born-digital page of one short line is a text, not a scan
		{"one line of text", basic("BT /F1 12 Tf 72 720 Td (Dieu 1. Pham vi dieu chinh) Tj ET").bytes(), false, false, "", "Dieu"},
		{"a full page of text over a picture", scanPage(body + " " + body + " " + body), false, false, "", "Nghi"},
	} {
		t.Run(c.name, func(t *testing.T) {
			res, err := Extract(context.Background(), c.data, Options{})
			if errors.Is(err, ErrNoText) != c.noText {
				t.Fatalf("error %v, want no text layer: %v", err, c.noText)
			}
			if res == nil {
				t.Fatal("no result")
			}
			v, scan := res.Scans[1]
			if scan != c.scan || strings.TrimSpace(v) != c.visible {
				t.Errorf("scans %v, want scan %v showing %q", res.Scans, c.scan, c.visible)
			}
			if c.textHasWord != "" && !strings.Contains(res.Pages[0], c.textHasWord) {
				t.Errorf("page text %q lacks %q", res.Pages[0], c.textHasWord)
			}
		})
	}
}

func TestApplyOCR(t *testing.T) {
	res := &Result{Pages: []string{"CÔNG BÁO/Số 271\nhidden layer text", "page two"}, Scans: map[int]string{1: "CÔNG BÁO/Số 271"}}
	ApplyOCR(res, map[int]ocr.Page{1: {Text: "NGHỊ QUYẾT\nĐiều 1.", Confidence: 0.9, Words: 3}})
	if res.Pages[0] != "CÔNG BÁO/Số 271\nNGHỊ QUYẾT\nĐiều 1." {
		t.Errorf("page 1 = %q: want the running header above the OCR text, the hidden layer gone", res.Pages[0])
	}
	if res.Pages[1] != "page two" || res.Scans != nil {
		t.Errorf("pages %q, scans %v: only page 1 changes and no scan is left", res.Pages, res.Scans)
	}
	if len(res.OCR) != 1 || res.OCR[0] != (OCRPage{Page: 1, Confidence: 0.9, Words: 3}) {
		t.Errorf("OCR pages %+v", res.OCR)
	}
}
