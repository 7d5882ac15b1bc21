package pdftext

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// floodPDF is a small file whose one page draws a form that draws a long
// line, n times: a few KiB that drew megabytes of text.
func floodPDF(n int) []byte {
	line := "BT /F1 10 Tf 72 700 Td (" + strings.Repeat("Dieu khoan lap lai ", 50) + ") Tj ET"
	var content strings.Builder
	for i := 0; i < n; i++ { // each on a line of its own, as a flood of real text would be
		fmt.Fprintf(&content, "q 1 0 0 1 0 %d cm /Fm1 Do Q ", -i*12)
	}
	d := basic(content.String())
	d.objs[2] = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Fm1 6 0 R >> >> /Contents 4 0 R >>"
	d.objs = append(d.objs, stream("/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >>", line))
	return d.bytes()
}

// TestTextBounded: extracted text was unbounded (a 2.9 MB PDF gave 40 MB
// of text, and the server 300 MB more). A page keeps at most MaxPageText,
// noted as a repair, and a file past MaxText is refused as too large.
func TestTextBounded(t *testing.T) {
	data := floodPDF(400) // some 380 KiB of text drawn by one page
	t.Logf("file of %d bytes", len(data))
	res, err := Extract(context.Background(), data, Options{})
	if err != nil {
		t.Fatalf("Extract: %v", err)
	}
	t.Logf("page text kept: %d bytes", len(res.Pages[0]))
	if n := len(res.Pages[0]); n > 256<<10 {
		t.Errorf("page text of %d bytes kept, want at most 256 KiB", n)
	}
	if !strings.Contains(strings.Join(res.Repairs, " "), "cut at 256 KiB") {
		t.Errorf("repairs %q do not say the page was cut", res.Repairs)
	}
	_, err = Extract(context.Background(), data, Options{MaxText: 100 << 10})
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "text") {
		t.Errorf("a file past MaxText: %v, want ErrTooLarge saying why", err)
	}
}
