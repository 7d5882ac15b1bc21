package measure

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// BenchmarkLatency builds the scaled corpus in Bleve and in SQLite FTS5 and
// reports p50 and p99 per query class for both. CONGBAO_BENCH_DOCS sets the
// size (default 20,000; `congbao bench` runs 100,000).
//
//	CONGBAO_BENCH_DOCS=100000 go test ./indexer/measure -run x -bench Latency -benchtime 1x -timeout 60m
func BenchmarkLatency(b *testing.B) {
	n := 20000
	if v, err := strconv.Atoi(os.Getenv("CONGBAO_BENCH_DOCS")); err == nil && v > 0 {
		n = v
	}
	docs, err := ScaledCorpus("../../testdata/sample/uts_vlc_laws.jsonl.gz", n)
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	ix, bleveBuild, err := BuildBleve(filepath.Join(dir, "index"), docs)
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	fts, ftsBuild, err := BuildFTS5(context.Background(), dir, docs)
	if err != nil {
		b.Fatal(err)
	}
	defer fts.Close()
	b.ResetTimer()
	lat, err := Latencies(context.Background(), ix, fts, docs, 10*b.N)
	if err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	b.Logf("%d documents; build: bleve %.1fs, fts5 %.1fs", n, bleveBuild.Seconds(), ftsBuild.Seconds())
	for _, class := range []string{"word", "phrase", "faceted", "number"} {
		o, f := lat["congbao "+class], lat["fts5 "+class]
		b.Logf("%-8s congbao p50 %6.2f ms p99 %6.2f ms | fts5 p50 %6.2f ms p99 %6.2f ms", class, Ms(Pct(o, 50)), Ms(Pct(o, 99)), Ms(Pct(f, 50)), Ms(Pct(f, 99)))
		b.ReportMetric(Ms(Pct(o, 99)), class+"-p99-ms")
		b.ReportMetric(Ms(Pct(f, 99)), class+"-fts5-p99-ms")
	}
}
