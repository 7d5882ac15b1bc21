package pdftext

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// BenchmarkCorpus extracts every PDF of ../shared/corpus/pdf with congbao
// and with poppler's pdftotext, one after the other in the same run, and
// reports pages/s for each and congbao's lowest per-file word F1 against
// pdftotext (pdftotext is the reference, so its own F1 is 1 by definition).
//
//	go test ./indexer/pdftext -run x -bench Corpus -benchtime 3x
func BenchmarkCorpus(b *testing.B) {
	files := corpusPDFs(b)
	if _, err := exec.LookPath("pdftotext"); err != nil {
		b.Skip("pdftotext (Debian poppler-utils) not installed")
	}
	var data [][]byte
	for _, f := range files {
		d, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		data = append(data, d)
	}
	ref := make([]string, len(files))
	for j, f := range files {
		ref[j] = pdftotext(b, f)
	}
	b.Run("congbao", func(b *testing.B) {
		pages, minF1 := 0, 1.0
		for i := 0; i < b.N; i++ {
			for j, d := range data {
				res, err := Extract(context.Background(), d, Options{})
				if res == nil {
					b.Fatalf("%s: %v", files[j], err)
				}
				pages += len(res.Pages)
				if i == 0 && err == nil {
					f1, _, _ := wordF1(strings.Join(res.Pages, "\n"), ref[j])
					minF1 = min(minF1, f1)
				}
			}
		}
		b.ReportMetric(float64(pages)/b.Elapsed().Seconds(), "pages/s")
		b.ReportMetric(minF1, "minF1")
	})
	b.Run("pdftotext", func(b *testing.B) {
		pages := 0
		for i := 0; i < b.N; i++ {
			for _, f := range files {
				out, err := exec.Command("pdftotext", "-q", "-enc", "UTF-8", f, "-").Output()
				if err != nil {
					b.Fatalf("pdftotext %s: %v", f, err)
				}
				pages += strings.Count(string(out), "\f")
			}
		}
		b.ReportMetric(float64(pages)/b.Elapsed().Seconds(), "pages/s")
		b.ReportMetric(1, "minF1")
	})
}
