package pdftext

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestMain lets the test binary act as the isolated worker.
func TestMain(m *testing.M) {
	if os.Getenv("CONGBAO_PDFTEXT_TEST_WORKER") == "1" {
		mem, _ := strconv.ParseInt(os.Getenv("CONGBAO_PDFTEXT_MEMORY"), 10, 64)
		if err := RunWorker(context.Background(), crashOn{os.Stdin}, os.Stdout, mem, Options{}); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	if os.Getenv("CONGBAO_PDFTEXT_TEST_PARENT") == "1" { // a server that starts a worker that never ends
		iso := Isolated{Command: []string{"sleep", "300"}, Timeout: 10 * time.Minute}
		iso.Extract(context.Background(), []byte("%PDF-1.4"))
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// crashMark in a file makes the test worker die as a fatal error in the
// library would: at once, with a message on standard error.
const crashMark = "%congbao-test-crash"

// crashOn is the test worker's standard input.
type crashOn struct{ r io.Reader }

func (c crashOn) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if bytes.Contains(p[:n], []byte(crashMark)) {
		fmt.Fprintln(os.Stderr, "fatal error: the test's crash mark")
		os.Exit(2)
	}
	return n, err
}

// pdfDoc builds small PDFs for the tests: objects 1..n, an xref table and a trailer.
type pdfDoc struct {
	header  string
	objs    []string
	trailer string // extra trailer entries
	noXref  bool
}

const body = "BT /F1 12 Tf 72 720 Td (Nghi dinh so 43/2011/ND-CP quy dinh chi tiet thi hanh Luat) Tj " +
	"0 -14 Td (Dieu 1. Pham vi dieu chinh cua van ban nay la cac quy dinh ve cong bao) Tj ET"

func stream(dict, data string) string {
	return fmt.Sprintf("<< %s /Length %d >>\nstream\n%s\nendstream", dict, len(data), data)
}

func widths() string {
	return "[" + strings.Repeat("500 ", 95) + "]"
}

// basic is a one-page PDF whose page draws content.
func basic(content string) *pdfDoc {
	return &pdfDoc{header: "%PDF-1.4", objs: []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
		stream("", content),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding /FirstChar 32 /LastChar 126 /Widths " + widths() + " >>",
	}}
}

func (d *pdfDoc) bytes() []byte {
	var b bytes.Buffer
	b.WriteString(d.header + "\n%\xe2\xe3\xcf\xd3\n")
	offs := make([]int, len(d.objs))
	for i, o := range d.objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	if !d.noXref {
		fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f\r\n", len(d.objs)+1)
		for _, o := range offs {
			fmt.Fprintf(&b, "%010d 00000 n\r\n", o)
		}
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R %s >>\n", len(d.objs)+1, d.trailer)
	if !d.noXref {
		fmt.Fprintf(&b, "startxref\n%d\n", xref)
	}
	b.WriteString("%%EOF\n")
	return b.Bytes()
}

type malformedCase struct {
	name string
	data []byte
	want error // nil: the file is read and its text found
	opt  Options
}

func malformedCorpus() []malformedCase {
	ok := basic(body).bytes()
	pdf20 := basic(body)
	pdf20.header = "%PDF-2.0"
	cycle := basic(body)
	cycle.objs[1] = "<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>"
	parentCycle := basic(body)
	parentCycle.objs[1] = "<< /Type /Pages /Kids [3 0 R] /Count 1 /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> >> >>"
	parentCycle.objs[2] = "<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>"
	bigCount := basic(body)
	bigCount.objs[1] = "<< /Type /Pages /Kids [3 0 R] /Count 2000000000 >>"
	corruptFlate := basic(body)
	corruptFlate.objs[3] = stream("/Filter /FlateDecode", "x\x9c\x01\x02garbage that is not deflate data at all")
	noXref := basic(body)
	noXref.noXref = true
	wrongStart := bytes.Replace(ok, []byte("startxref\n"), []byte("startxref\n9"), 1)
	rc4 := basic(body)
	rc4.trailer = "/Encrypt << /Filter /Standard /V 1 /R 2 /O <" + strings.Repeat("11", 32) + "> /U <" + strings.Repeat("22", 32) +
		"> /P -4 >> /ID [<" + strings.Repeat("33", 16) + "> <" + strings.Repeat("33", 16) + ">]"
	aes256 := basic(body)
	aes256.trailer = "/Encrypt << /Filter /Standard /V 5 /R 6 /Length 256 /O <" + strings.Repeat("11", 48) + "> /U <" + strings.Repeat("22", 48) +
		"> /OE <" + strings.Repeat("44", 32) + "> /UE <" + strings.Repeat("55", 32) + "> /Perms <" + strings.Repeat("66", 16) + "> /P -4 >> /ID [<" +
		strings.Repeat("33", 16) + "> <" + strings.Repeat("33", 16) + ">]"
	image := basic("q 100 0 0 100 0 0 cm /Im1 Do Q")
	image.objs[2] = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>"
	image.objs[4] = stream("/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8", "\x80")
	form := basic("q /Fm1 Do Q")
	form.objs[2] = "<< /Type /Page /Parent 2 0 R /Resources << /XObject << /Fm1 6 0 R >> >> /Contents 4 0 R >>"
	form.objs = append(form.objs, stream("/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >>", body))
	formLoop := basic("/Fm1 Do")
	formLoop.objs[2] = form.objs[2]
	formLoop.objs = append(formLoop.objs, stream("/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /XObject << /Fm1 6 0 R >> /Font << /F1 5 0 R >> >>", body+" /Fm1 Do"))

	// /Length wrong or missing: poppler ends the stream at "endstream"
	shortLength := basic(body)
	shortLength.objs[3] = "<< /Length 20 >>\nstream\n" + body + "\nendstream"
	longLength := basic(body)
	longLength.objs[3] = "<< /Length 5000 >>\nstream\n" + body + "\nendstream"
	missingLength := basic(body)
	missingLength.objs[3] = "<< /Length 99 0 R >>\nstream\n" + body + "\nendstream"
	kidsNoArray := basic(body)
	kidsNoArray.objs[1] = "<< /Type /Pages /Kids 3 0 R /Count 1 >>"
	brokenCMap := basic(body)
	brokenCMap.objs[4] = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>"
	brokenCMap.objs = append(brokenCMap.objs, stream("", "/CIDInit /ProcSet findresource begin 1 begincmap 1 beginbfchar <20> <D800> endbfchar 2 beginbfrange <41> endcmap"))

	twoPages := basic(body)
	twoPages.objs[1] = "<< /Type /Pages /Kids [3 0 R 3 0 R] /Count 2 >>"
	return []malformedCase{
		{"empty file", nil, ErrNotPDF, Options{}},
		{"html page", []byte("<!doctype html><html><body>404</body></html>"), ErrNotPDF, Options{}},
		{"header only", []byte("%PDF-1.4\n"), ErrDamaged, Options{}},
		{"truncated in half", ok[:len(ok)/2], ErrDamaged, Options{}},
		{"valid", ok, nil, Options{}},
		{"PDF-2.0 header", pdf20.bytes(), nil, Options{}},
		{"bytes before the header", append([]byte("JUNK BEFORE THE HEADER\n"), ok...), nil, Options{}},
		{"garbage after %%EOF", append(append([]byte{}, ok...), bytes.Repeat([]byte("garbage "), 100)...), nil, Options{}},
		{"wrong startxref", wrongStart, nil, Options{}},
		{"missing xref table", noXref.bytes(), nil, Options{}},
		{"cycle in the page tree", cycle.bytes(), ErrDamaged, Options{}},
		{"cycle through /Parent", parentCycle.bytes(), nil, Options{}},
		{"/Count 2000000000", bigCount.bytes(), nil, Options{}},
		{"unbalanced Q", basic("Q Q Q " + body + " Q").bytes(), nil, Options{}},
		{"corrupt Flate stream", corruptFlate.bytes(), ErrDamaged, Options{}},
		{"encrypted RC4 40-bit", rc4.bytes(), ErrEncrypted, Options{}},
		{"encrypted AES-256", aes256.bytes(), ErrEncrypted, Options{}},
		{"image only (scan)", image.bytes(), ErrNoText, Options{}},
		{"text inside a Form XObject", form.bytes(), nil, Options{}},
		{"Form XObject drawing itself", formLoop.bytes(), nil, Options{}},
		{"operation budget", basic(strings.Repeat("q Q ", 5000) + body).bytes(), ErrDamaged, Options{PageOps: 1000}},
		{"too many pages", twoPages.bytes(), ErrTooLarge, Options{MaxPages: 1}},
		{"/Length too short", shortLength.bytes(), nil, Options{}},
		{"/Length past the end", longLength.bytes(), nil, Options{}},
		{"/Length names a missing object", missingLength.bytes(), nil, Options{}},
		{"/Kids not an array", kidsNoArray.bytes(), nil, Options{}},
		{"broken ToUnicode map", brokenCMap.bytes(), nil, Options{}},
	}
}

func TestMalformedInProcess(t *testing.T) {
	for _, c := range malformedCorpus() {
		t.Run(c.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			res, err := Extract(ctx, c.data, c.opt)
			checkMalformed(t, c, res, err)
		})
	}
}

func checkMalformed(t *testing.T, c malformedCase, res *Result, err error) {
	t.Helper()
	if c.want == nil {
		if err != nil {
			t.Fatalf("Extract: %v, want the text", err)
		}
		if !strings.Contains(strings.Join(res.Pages, " "), "Nghi dinh so 43/2011/ND-CP") {
			t.Errorf("text %q lacks the page's words", res.Pages)
		}
		return
	}
	if !errors.Is(err, c.want) {
		t.Fatalf("Extract error %v, want %v", err, c.want)
	}
	var e *Error
	if !errors.As(err, &e) || e.Detail == "" {
		t.Errorf("error %v has no detail", err)
	}
}

func workerCommand(t *testing.T) Isolated {
	t.Helper()
	t.Setenv("CONGBAO_PDFTEXT_TEST_WORKER", "1")
	return Isolated{Command: []string{os.Args[0]}, Timeout: 20 * time.Second, MemoryLimit: 1 << 30}
}

func TestMalformedIsolated(t *testing.T) {
	iso := workerCommand(t)
	deep := basic(body)
	deep.objs[2] = "<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R /Deep " +
		strings.Repeat("[", 200000) + strings.Repeat("]", 200000) + " >>"
	cases := append(malformedCorpus(), malformedCase{"objects nested 200,000 deep", deep.bytes(), ErrDamaged, Options{}})
	for _, c := range cases {
		if c.opt != (Options{}) {
			continue // the worker runs with default options
		}
		t.Run(c.name, func(t *testing.T) {
			res, err := iso.Extract(context.Background(), c.data)
			checkMalformed(t, c, res, err)
		})
	}
	checkNoChildren(t)
}

func TestIsolatedTimeout(t *testing.T) {
	iso := workerCommand(t)
	iso.Timeout = time.Millisecond
	_, err := iso.Extract(context.Background(), basic(body).bytes())
	if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "did not finish") {
		t.Errorf("error %v, want a deadline error", err)
	}
	checkNoChildren(t)
}

// checkNoChildren fails if a worker outlived its extraction.
func checkNoChildren(t *testing.T) {
	t.Helper()
	if c := children(); c != "" {
		t.Errorf("worker processes left running: %s", c)
	}
}

// children lists the child processes of this one ("" for none).
func children() string {
	var out []string
	tasks, _ := filepath.Glob("/proc/self/task/*/children")
	for _, f := range tasks {
		if b, err := os.ReadFile(f); err == nil && strings.TrimSpace(string(b)) != "" {
			out = append(out, strings.TrimSpace(string(b)))
		}
	}
	return strings.Join(out, " ")
}

func hasChildren() bool { return children() != "" }

func FuzzExtract(f *testing.F) {
	for _, c := range malformedCorpus() {
		if len(c.data) < 4096 {
			f.Add(c.data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		type out struct {
			res *Result
			err error
		}
		done := make(chan out, 1)
		go func() {
			res, err := Extract(ctx, data, Options{MaxPages: 50, PageOps: 100000})
			done <- out{res, err}
		}()
		var o out
		select {
		case o = <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("Extract hangs on %q", data)
		}
		res, err := o.res, o.err
		if err == nil && res == nil {
			t.Fatal("no result and no error")
		}
		var e *Error
		if err != nil && !errors.As(err, &e) {
			t.Fatalf("error %T %v is not a *pdftext.Error", err, err)
		}
	})
}
