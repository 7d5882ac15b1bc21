package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"congbao/gazette/sqlite"
	"congbao/indexer/measure"
)

const benchUsage = `usage: congbao bench [--docs N] [--pdf DIR] [--laws FILE] [--scans DIR] [--concurrent-for D]

Measures congbao on this machine in one run and prints a table (Markdown)
with, on each row, the peer it is measured against and the ratio:
  - PDF text extraction, pages/s, against poppler's pdftotext;
  - ingest end to end (isolated extraction, SQLite, index), pages/s;
  - index build from SQLite ("reindex"), documents/s, against SQLite FTS5;
  - search p50/p99 by query class, against SQLite FTS5 on the same corpus;
  - numbers resolved per second in process and over HTTP, against a bare
    Echo handler answering a constant;
  - search under 32 concurrent clients, queries/s, against FTS5 with 32
    connections;
  - first search with hits after "congbao serve" on a new data folder
    (the sample of the --laws folder), against the whole sample imported
    and indexed;
  - peak RSS of "congbao serve" holding the corpus, against its data on disk;
  - OCR of the scanned pages, pages/s, against pdftoppm and tesseract run
    page by page.
The corpus is the real law texts scaled to N documents with variation.
Takes a few minutes with the defaults (100,000 documents).
`

func runBench(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "bench", benchUsage)
	n := fs.Int("docs", 100000, "documents in the scaled corpus")
	pdfDir := fs.String("pdf", "", "folder of PDFs (default ../shared/corpus/pdf, else testdata/pdf)")
	laws := fs.String("laws", "testdata/sample/uts_vlc_laws.jsonl.gz", "law texts the corpus is scaled from")
	concurrentFor := fs.Duration("concurrent-for", 15*time.Second, "how long each side of the concurrent search row runs")
	scanDir := fs.String("scans", "", "folder of more PDFs whose scanned pages the OCR row reads (default ../shared/corpus/pdf2 when there)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *scanDir == "" {
		if _, err := os.Stat("../shared/corpus/pdf2"); err == nil {
			*scanDir = "../shared/corpus/pdf2"
		}
	}
	if *pdfDir == "" {
		*pdfDir = "testdata/pdf"
		if _, err := os.Stat("../shared/corpus/pdf"); err == nil {
			*pdfDir = "../shared/corpus/pdf"
		}
	}
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("bench: find own executable for serve: %w", err)
	}
	iso, err := pooledExtractor(2 * time.Minute)
	if err != nil {
		return err
	}
	defer iso.Pool.Close()
	iso.OCR = false // the OCR row measures it
	var scans []string
	if *scanDir != "" {
		if scans, err = filepath.Glob(filepath.Join(*scanDir, "*.pdf")); err != nil {
			return usageError{fmt.Sprintf("--scans %q: %v", *scanDir, err)}
		}
	}
	return measure.Bench(ctx, measure.BenchConfig{Docs: *n, PDFDir: *pdfDir, Laws: *laws, Exe: exe, Extractor: iso, ScanFiles: scans, Sample: filepath.Dir(*laws), ConcurrentFor: *concurrentFor,
		OpenData: func(ctx context.Context, dir string) (*sqlite.DB, error) {
			de := *e
			de.dataDir = dir
			return de.openStore(ctx)
		},
		IndexDir: func(dir string) string { de := *e; de.dataDir = dir; return de.indexPath() },
		Out:      e.stdout, Log: e.stderr})
}
