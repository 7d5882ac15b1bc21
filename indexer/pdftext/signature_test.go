package pdftext

import (
	"os"
	"path/filepath"
	"testing"

	"congbao/indexer/pdftext/repair"
)

// TestSignatures reads the digital signatures of real files: a provincial
// scan signed by its issuing body on the day it issued it (the day on
// its header is written in by hand), a report signed by two officials and
// then six times by their body, and an unsigned file.
func TestSignatures(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "corpus", "pdf2")
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Skipf("corpus absent: %s (the signature test reads real signed files of ../shared)", dir)
		}
		return b
	}
	sigs, err := repair.Signatures(read("prov-lamdong_qd-1716-qd-ubnd.pdf"))
	if err != nil || len(sigs) != 1 {
		t.Fatalf("1716/QĐ-UBND: %+v, %v; want one signature", sigs, err)
	}
	if s := sigs[0]; s.Signer != "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG" || s.At.Format("2006-01-02 15:04:05 -07:00") != "2025-10-16 10:40:32 +07:00" {
		t.Errorf("1716/QĐ-UBND signed by %q at %s", s.Signer, s.At)
	}
	sigs, err = repair.Signatures(read("prov-lamdong_bc-329-bc-ubnd.pdf"))
	if err != nil || len(sigs) != 8 {
		t.Fatalf("329/BC-UBND: %d signatures, %v; want 8", len(sigs), err)
	}
	if sigs[0].Signer != "Trịnh Ngọc Duệ" || sigs[7].Signer != "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG" {
		t.Errorf("329/BC-UBND: first %q, last %q; want the officials first, the body last", sigs[0].Signer, sigs[7].Signer)
	}
	for i := 1; i < len(sigs); i++ {
		if sigs[i].At.Before(sigs[i-1].At) {
			t.Errorf("signatures out of order: %s before %s", sigs[i-1].At, sigs[i].At)
		}
	}
	if sigs, err := repair.Signatures(basic(body).bytes()); err != nil || len(sigs) != 0 {
		t.Errorf("an unsigned file: %+v, %v", sigs, err)
	}
}
