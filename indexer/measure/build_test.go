package measure

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/standard"

	"congbao/gazette/sqlite"
	"congbao/indexer"
	"congbao/indexer/search"
)

// BenchmarkRebuild stores the scaled corpus in SQLite and times the index
// build from it (what `congbao reindex` does) against the FTS5 load of the
// same texts, as the bench's index build row. CONGBAO_BENCH_DOCS sets the
// size (default 10,000).
//
//	go test ./indexer/measure -run x -bench Rebuild -benchtime 1x -cpuprofile /tmp/cpu.out
func BenchmarkRebuild(b *testing.B) {
	n := 10000
	if v, err := strconv.Atoi(os.Getenv("CONGBAO_BENCH_DOCS")); err == nil && v > 0 {
		n = v
	}
	ctx := context.Background()
	docs, err := ScaledCorpus("../../testdata/sample/uts_vlc_laws.jsonl.gz", n)
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	db, err := sqlite.Open(ctx, filepath.Join(dir, "c.db"), filepath.Join(dir, "o"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if err := db.CreateDocuments(ctx, "bench", StoredDocs(docs)); err != nil {
		b.Fatal(err)
	}
	restore := indexer.BatchGC(indexer.ReindexMemorySoft) // as congbao reindex runs
	defer restore()
	b.ResetTimer()
	var ours time.Duration
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		if _, err := search.Rebuild(ctx, filepath.Join(dir, "index"), db); err != nil {
			b.Fatal(err)
		}
		ours += time.Since(t0)
	}
	b.StopTimer()
	againstFTS5(b, docs, ours, "congbao")
}

// againstFTS5 loads docs into FTS5 and reports the build that took ours
// over b.N rounds against it: documents/s of each and the ratio.
func againstFTS5(b *testing.B, docs []Doc, ours time.Duration, what string) {
	b.Helper()
	fts, ftsBuild, err := BuildFTS5(context.Background(), b.TempDir(), docs)
	if err != nil {
		b.Fatal(err)
	}
	fts.Close()
	n := float64(len(docs))
	per := ours.Seconds() / float64(b.N)
	b.ReportMetric(n/per, "docs/s")
	b.ReportMetric(n/ftsBuild.Seconds(), "fts5-docs/s")
	b.Logf("%d documents: %s %.2f s, fts5 %.2f s (%.2f×)", len(docs), what, per, ftsBuild.Seconds(), ftsBuild.Seconds()/per)
}

// BenchmarkBleveFloor is the lower bound of the index build row: Bleve's
// offline builder on one goroutine indexing the scaled corpus's texts into
// one field with Bleve's standard analyzer and nothing else (no stored
// text, no doc values), without and with positions (FTS5 keeps
// positions), against the FTS5 load of the same texts. congbao's index has
// three analysed fields per text (docs/PERFORMANCE.md).
//
//	CONGBAO_BENCH_DOCS=10000 go test ./indexer/measure -run x -bench BleveFloor -benchtime 1x
func BenchmarkBleveFloor(b *testing.B) {
	n := 10000
	if v, err := strconv.Atoi(os.Getenv("CONGBAO_BENCH_DOCS")); err == nil && v > 0 {
		n = v
	}
	docs, err := ScaledCorpus("../../testdata/sample/uts_vlc_laws.jsonl.gz", n)
	if err != nil {
		b.Fatal(err)
	}
	for _, positions := range []bool{false, true} {
		b.Run(fmt.Sprintf("positions=%v", positions), func(b *testing.B) {
			m := bleve.NewIndexMapping()
			dm := bleve.NewDocumentMapping()
			f := bleve.NewTextFieldMapping()
			f.Analyzer, f.Store, f.IncludeTermVectors, f.IncludeInAll, f.DocValues = standard.Name, false, positions, false, false
			dm.AddFieldMappingsAt("text", f)
			m.DefaultMapping = dm
			m.StoreDynamic, m.IndexDynamic, m.DocValuesDynamic = false, false, false
			var ours time.Duration
			for i := 0; i < b.N; i++ {
				dir := b.TempDir()
				t0 := time.Now()
				bl, err := bleve.NewBuilder(filepath.Join(dir, "index"), m, map[string]any{"batchSize": 1000, "buildPathPrefix": dir})
				if err != nil {
					b.Fatal(err)
				}
				for _, d := range docs {
					if err := bl.Index(d.ID, map[string]any{"text": d.Text}); err != nil {
						b.Fatal(err)
					}
				}
				if err := bl.Close(); err != nil {
					b.Fatal(err)
				}
				ours += time.Since(t0)
			}
			b.StopTimer()
			againstFTS5(b, docs, ours, fmt.Sprintf("Bleve, one field, positions %v,", positions))
		})
	}
}
