package pdftext

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

const corpusDir = "../../../shared/corpus/pdf"

// corpusPDFs returns the real PDFs of ../shared/corpus, or skips.
func corpusPDFs(t testing.TB) []string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*", "*.pdf"))
	if len(files) == 0 {
		t.Skipf("corpus absent: no PDFs under %s (the real-corpus tests need ../shared beside the repo)", corpusDir)
	}
	return files
}

func pdftotext(t testing.TB, path string) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext (Debian poppler-utils) not installed: the comparison needs it")
	}
	out, err := exec.Command(bin, "-q", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	return string(out)
}

// wordF1 compares the multisets of whitespace-separated words after NFC.
func wordF1(got, want string) (f1, precision, recall float64) {
	count := func(s string) map[string]int {
		m := map[string]int{}
		for _, w := range strings.Fields(norm.NFC.String(s)) {
			m[w]++
		}
		return m
	}
	g, w := count(got), count(want)
	var ng, nw, common int
	for k, n := range g {
		ng += n
		common += min(n, w[k])
	}
	for _, n := range w {
		nw += n
	}
	if ng == 0 || nw == 0 {
		if ng == nw {
			return 1, 1, 1
		}
		return 0, 0, 0
	}
	precision, recall = float64(common)/float64(ng), float64(common)/float64(nw)
	if common == 0 {
		return 0, precision, recall
	}
	return 2 * precision * recall / (precision + recall), precision, recall
}

func TestCorpusWordF1(t *testing.T) {
	for _, path := range corpusPDFs(t) {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		res, err := Extract(context.Background(), data, Options{})
		name := filepath.Base(path)
		if errors.Is(err, ErrNoText) {
			t.Logf("%s: no text layer (%v)", name, err)
			if !strings.Contains(name, "scan") {
				t.Errorf("%s: reported as having no text layer", name)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		want := pdftotext(t, path)
		f1, p, r := wordF1(strings.Join(res.Pages, "\n"), want)
		t.Logf("%-55s pages %3d  F1 %.4f  P %.4f  R %.4f", name, len(res.Pages), f1, p, r)
		if f1 < 0.99 {
			t.Errorf("%s: word F1 %.4f against pdftotext, want >= 0.99", name, f1)
		}
	}
}
