package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"time"

	"congbao/gazette/read"
	"congbao/indexer"
	"congbao/indexer/pdftext"
	"congbao/indexer/pdftext/ocr"
)

const extractUsage = `usage: congbao extract [--json | --documents] [--in-process] [--timeout D] FILE.pdf

Prints the text of each page of a PDF, pages separated by a form feed, as
ingest sees it before any header stripping. Extraction runs in a child
process with a deadline and a memory limit unless --in-process is given.
`

// workerName is the hidden subcommand that runs one isolated extraction.
const workerName = "pdftext-worker"

func runExtract(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "extract", extractUsage)
	asJSON := fs.Bool("json", false, "print {\"pages\": [...]} as JSON")
	docs := fs.Bool("documents", false, "print the gazette issue and the documents found, with their metadata, as JSON")
	inProcess := fs.Bool("in-process", false, "extract in this process (trusted files only)")
	timeout := fs.Duration("timeout", 2*time.Minute, "deadline for the file")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError{"want one FILE.pdf"}
	}
	path := fs.Arg(0)
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var res *pdftext.Result
	if *inProcess {
		res, err = extractInProcess(ctx, data, pdftext.Options{})
	} else {
		iso, ierr := isolatedExtractor(*timeout)
		if ierr != nil {
			return ierr
		}
		res, err = iso.Extract(ctx, data)
	}
	if err != nil && res == nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "congbao extract: %s: %v\n", path, err)
	}
	if *docs {
		return printDocuments(e, res)
	}
	if *asJSON {
		return json.NewEncoder(e.stdout).Encode(res)
	}
	for i, p := range res.Pages {
		if i > 0 {
			fmt.Fprint(e.stdout, "\f")
		}
		fmt.Fprint(e.stdout, p)
	}
	return nil
}

// isolatedExtractor re-executes this binary as the extraction worker; it
// reads the pictures of scanned pages when OCR is installed (ocrNote).
func isolatedExtractor(timeout time.Duration) (pdftext.Isolated, error) {
	exe, err := os.Executable()
	if err != nil {
		return pdftext.Isolated{}, fmt.Errorf("find own executable for the extraction worker: %w", err)
	}
	_, ocrErr := ocr.Find()
	return pdftext.Isolated{Command: []string{exe, workerName}, Timeout: timeout, MemoryLimit: 2 << 30, OCR: ocrErr == nil}, nil
}

// pooledExtractor is isolatedExtractor with workers kept between files
// (pdftext.Pool), for runs of many files and the server; the caller
// closes its Pool.
func pooledExtractor(timeout time.Duration) (pdftext.Isolated, error) {
	iso, err := isolatedExtractor(timeout)
	iso.Pool = pdftext.NewPool()
	return iso, err
}

// extractInProcess extracts in this process, with OCR when it is installed.
func extractInProcess(ctx context.Context, data []byte, opt pdftext.Options) (*pdftext.Result, error) {
	if e, err := ocr.Find(); err == nil {
		return pdftext.ExtractWithOCR(ctx, data, opt, e)
	}
	return pdftext.Extract(ctx, data, opt)
}

// ocrNote says what is missing when OCR is not installed, or "".
func ocrNote() string {
	if _, err := ocr.Find(); err != nil {
		return err.Error() + "; scanned pages are stored as needing OCR"
	}
	return ""
}

// runWorker is the child side of isolatedExtractor.
func runWorker(ctx context.Context, e *env, args []string) error {
	mem, _ := strconv.ParseInt(os.Getenv("CONGBAO_PDFTEXT_MEMORY"), 10, 64)
	workers, _ := strconv.Atoi(os.Getenv("CONGBAO_PDFTEXT_WORKERS"))
	err := pdftext.RunWorker(ctx, e.stdin, e.stdout, mem, pdftext.Options{Workers: workers})
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

// printDocuments shows what ingest stores of the pages (read.Preview).
func printDocuments(e *env, res *pdftext.Result) error {
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(read.PreviewPages(res.Pages, indexer.OCRPages(res), indexer.FileSignatures(res)))
}
