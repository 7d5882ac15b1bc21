package measure

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"congbao/gazette/sqlite"
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
	fts, ftsBuild, err := BuildFTS5(ctx, b.TempDir(), docs)
	if err != nil {
		b.Fatal(err)
	}
	fts.Close()
	per := ours.Seconds() / float64(b.N)
	b.ReportMetric(float64(n)/per, "docs/s")
	b.ReportMetric(float64(n)/ftsBuild.Seconds(), "fts5-docs/s")
	b.Logf("%d documents: congbao %.1f s, fts5 %.1f s (%.2f×)", n, per, ftsBuild.Seconds(), ftsBuild.Seconds()/per)
}
