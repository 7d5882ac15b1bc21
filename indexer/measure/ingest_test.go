package measure

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"congbao/gazette"
	"congbao/gazette/sqlite"
	"congbao/indexer"
	"congbao/indexer/pdftext"
	"congbao/indexer/search"
)

// BenchmarkIngest runs the ingest pipeline over the PDFs of
// ../shared/corpus/pdf into a new data folder, with the extraction in
// process (so that a CPU profile sees all of it), against pdftotext on the
// same files, as the bench's ingest row does with the isolated worker.
//
//	go test ./indexer/measure -run x -bench Ingest -benchtime 1x -cpuprofile /tmp/cpu.out
func BenchmarkIngest(b *testing.B) {
	dir := filepath.Join("..", "..", "..", "shared", "corpus", "pdf")
	if _, err := os.Stat(dir); err != nil {
		b.Skipf("corpus absent: %s (the ingest benchmark reads the real PDFs of ../shared)", dir)
	}
	files, err := indexer.Files([]string{dir})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	extract := indexer.ExtractFunc(func(ctx context.Context, data []byte) (*pdftext.Result, error) {
		return pdftext.Extract(ctx, data, pdftext.Options{})
	})
	var pages int
	var secs float64
	for i := 0; i < b.N; i++ {
		data := b.TempDir()
		db, err := sqlite.Open(ctx, filepath.Join(data, "c.db"), filepath.Join(data, "o"))
		if err != nil {
			b.Fatal(err)
		}
		ix, err := search.OpenOrBuild(ctx, filepath.Join(data, "index"), db, func(string) {})
		if err != nil {
			b.Fatal(err)
		}
		p := &indexer.Pipeline{Store: db, Extractor: extract, Workers: 2, Actor: "bench", State: gazette.StatePublished, Index: search.Bound{Index: ix, Source: db}}
		restore := indexer.BatchGC(indexer.IngestMemorySoft) // as congbao ingest runs
		sum := p.Run(ctx, files, nil)
		restore()
		if sum.Failed > 0 {
			b.Fatalf("%d files failed", sum.Failed)
		}
		pages, secs = pages+sum.Pages, secs+sum.Seconds
		ix.Close()
		db.Close()
	}
	b.StopTimer()
	popPages, popSecs, err := benchPdftotext(files)
	b.ReportMetric(float64(pages)/secs, "pages/s")
	if err == nil {
		b.ReportMetric(float64(popPages)/popSecs, "pdftotext-pages/s")
		b.Logf("ingest %.0f pages/s, pdftotext %.0f pages/s (%.2f×)", float64(pages)/secs, float64(popPages)/popSecs, float64(pages)/secs/(float64(popPages)/popSecs))
	}
}
