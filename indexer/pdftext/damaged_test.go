package pdftext

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"congbao/indexer/pdftext/repair"
)

// TestDamagedPartsRecovered reads files with one damaged part each and
// wants the text around it, as poppler gives it: the damage is reported
// (ErrDamaged with what was passed over) and the rest is kept.
func TestDamagedPartsRecovered(t *testing.T) {
	brokenFont := basic(body)
	brokenFont.objs[4] = "<< /Type /Font /Subtype ) /BaseFont /Helvetica >>" // unparseable: read as WinAnsi

	twoStreams := basic(body)
	twoStreams.objs[2] = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents [6 0 R 4 0 R] >>"
	twoStreams.objs = append(twoStreams.objs, stream("/Filter /FlateDecode", "x\x9c\x01\x02garbage that is not deflate data at all"))

	brokenKid := basic(body)
	brokenKid.objs[1] = "<< /Type /Pages /Kids [3 0 R 6 0 R 3 0 R] /Count 3 >>"
	brokenKid.objs = append(brokenKid.objs, "<< /Type /Page /Parent 2 0 R /Contents ) >>")

	// the xref row of the page tree points at the content stream's object
	ok := basic(body).bytes()
	x := bytes.Index(ok, []byte("xref\n"))
	rows := bytes.Split(ok[x:], []byte("\r\n"))
	wrongRow := append([]byte(nil), ok...)
	row2 := bytes.Index(wrongRow[x:], rows[2]) + x // rows[0] is "xref\n0 6\n0000000000 65535 f"
	copy(wrongRow[row2:], rows[4][:10])

	for _, c := range []struct {
		name    string
		data    []byte
		damaged bool   // ErrDamaged expected, with the text
		detail  string // in the error or the repairs
		pages   int    // pages read
	}{
		{"unreadable font dictionary", brokenFont.bytes(), true, "1 damaged font, form or annotation passed over", 1},
		{"corrupt first content stream of two", twoStreams.bytes(), true, "read up to a damaged content stream", 1},
		{"unreadable page object between two pages", brokenKid.bytes(), true, "1 of 3 pages could not be read", 2},
		{"xref row of the page tree wrong", wrongRow, false, "xref table rebuilt", 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			res, err := Extract(context.Background(), c.data, Options{})
			var e *Error
			if c.damaged {
				if !errors.Is(err, ErrDamaged) || !errors.As(err, &e) || !strings.Contains(e.Detail, c.detail) {
					t.Fatalf("error %v, want damaged: %s", err, c.detail)
				}
			} else if err != nil {
				t.Fatalf("error %v, want the text", err)
			}
			if res == nil {
				t.Fatal("no result")
			}
			if !c.damaged && !strings.Contains(strings.Join(res.Repairs, "; "), c.detail) {
				t.Errorf("repairs %q, want %q", res.Repairs, c.detail)
			}
			read := 0
			for i, p := range res.Pages {
				if _, failed := res.PageErrors[i+1]; failed {
					continue
				}
				read++
				if !strings.Contains(p, "Nghi dinh so 43/2011/ND-CP") {
					t.Errorf("page %d: %q lacks the page's words", i+1, p)
				}
			}
			if read != c.pages {
				t.Errorf("%d pages read, want %d (errors %v)", read, c.pages, res.PageErrors)
			}
		})
	}
}

// TestDamagedXrefStream damages the first xref stream of a real decree
// (nd-50-2026-nd-cp.pdf keeps most objects in object streams, listed only
// there): the entries come back from the object streams' own headers and
// every page is read.
func TestDamagedXrefStream(t *testing.T) {
	path := filepath.Join(corpusDir, "chinhphu", "nd-50-2026-nd-cp.pdf")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("corpus absent: %s (the real-corpus tests need ../shared beside the repo)", path)
	}
	clean, err := Extract(context.Background(), data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	at := bytes.Index(data, []byte("/Type/XRef"))
	s := bytes.Index(data[at:], []byte("stream")) + at
	damaged := append([]byte(nil), data...)
	for i := s + 400; i < s+600; i++ {
		damaged[i] = 0
	}
	res, err := Extract(context.Background(), damaged, Options{})
	if res == nil {
		t.Fatalf("nothing read: %v", err)
	}
	words := func(r *Result) int { return len(strings.Fields(strings.Join(r.Pages, " "))) }
	if len(res.Pages) != len(clean.Pages) || words(res) < words(clean)*95/100 {
		t.Errorf("damaged xref stream: %d pages, %d words; the clean file %d pages, %d words (error %v)",
			len(res.Pages), words(res), len(clean.Pages), words(clean), err)
	}
	t.Logf("%d of %d words, repairs %q, error %v", words(res), words(clean), res.Repairs, err)
}

// TestFixStreamLengths rewrites only the /Length that is wrong, and does
// not take words inside a stream's data for a stream of their own.
func TestFixStreamLengths(t *testing.T) {
	good := "inside: << /Length 3 >>\nstream\nabc"
	data := []byte("1 0 obj\n<< /Length " + strconv.Itoa(len(good)) + " >>\nstream\n" + good + "\nendstream\nendobj\n" +
		"2 0 obj\n<< /Length 4 >>\nstream\nlonger data\nendstream\nendobj\n" +
		"3 0 obj\n<< /Length 9 0 R >>\nstream\nxyz\nendstream\nendobj\n9 0 obj\n3\nendobj\n")
	out, n := repair.FixStreamLengths(data)
	if n != 1 {
		t.Fatalf("%d streams repaired, want 1:\n%s", n, out)
	}
	want := bytes.Replace(data, []byte("<< /Length 4 >>"), []byte("<< /Length 11 >>"), 1)
	if !bytes.Equal(out, want) {
		t.Errorf("repaired:\n%s\nwant:\n%s", out, want)
	}
}
