package pdftext

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"

	"congbao/indexer/pdftext/ocr"
	"congbao/indexer/pdftext/repair"
)

// OCRPage is a page whose text was read from its picture.
type OCRPage struct {
	Page       int     `json:"page"`       // 1-based
	Confidence float64 `json:"confidence"` // Tesseract's, 0..1
	Words      int     `json:"words"`
}

// MaxOCRPages bounds the pages of one file read by OCR (some 10 minutes of
// work on two cores); the pages past it stay unread, and the result says so.
const MaxOCRPages = 300

// ReadScans reads the pictures of res.Scans with e, workers pages at a
// time, and puts their text into res (ApplyOCR). data is the PDF.
func ReadScans(ctx context.Context, e ocr.Engine, data []byte, res *Result, workers int) error {
	if res == nil || len(res.Scans) == 0 {
		return nil
	}
	f, err := os.CreateTemp("", "congbao-scan-*.pdf")
	if err != nil {
		return fmt.Errorf("OCR: %w", err)
	}
	defer os.Remove(f.Name())
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("OCR: %w", err)
	}
	pages := slices.Sorted(func(yield func(int) bool) {
		for p := range res.Scans {
			if !yield(p) {
				return
			}
		}
	})
	if len(pages) > MaxOCRPages {
		res.Repairs = append(res.Repairs, fmt.Sprintf("%d pictures of pages not read by OCR: at most %d pages of a file are (pages %d to %d left)", len(pages)-MaxOCRPages, MaxOCRPages, pages[MaxOCRPages], pages[len(pages)-1]))
		pages = pages[:MaxOCRPages]
	}
	read := make(map[int]ocr.Page, len(pages))
	var mu sync.Mutex
	var first error
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < max(1, min(workers, len(pages))); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range next {
				pg, err := e.Page(ctx, f.Name(), p)
				mu.Lock()
				if err != nil && first == nil {
					first = fmt.Errorf("OCR of page %d: %w", p, err)
				}
				if err == nil {
					read[p] = pg
				}
				mu.Unlock()
			}
		}()
	}
	for _, p := range pages {
		if ctx.Err() != nil {
			break
		}
		next <- p
	}
	close(next)
	wg.Wait()
	ApplyOCR(res, read)
	if err := ctx.Err(); err != nil {
		return err
	}
	return first
}

// ApplyOCR puts the text read from the pictures of pages into res: what
// shows on the page as text (a running header) stays above it, and an
// invisible text layer another program's OCR left is replaced.
func ApplyOCR(res *Result, read map[int]ocr.Page) {
	for _, p := range slices.Sorted(func(yield func(int) bool) {
		for p := range read {
			if !yield(p) {
				return
			}
		}
	}) {
		if p < 1 || p > len(res.Pages) {
			continue
		}
		pg := read[p]
		visible := strings.TrimSpace(res.Scans[p])
		text := pg.Text
		if visible != "" {
			text = visible + "\n" + text
		}
		res.Pages[p-1] = text
		delete(res.Scans, p)
		res.OCR = append(res.OCR, OCRPage{Page: p, Confidence: pg.Confidence, Words: pg.Words})
	}
	if len(res.Scans) == 0 {
		res.Scans = nil
	}
}

// ExtractWithOCR extracts the text of data and reads the pictures of its
// scanned pages with e. A file that had no text layer but whose pictures
// were read is no longer an ErrNoText; what OCR could not do is noted in
// the result's repairs.
func ExtractWithOCR(ctx context.Context, data []byte, opt Options, e ocr.Engine) (*Result, error) {
	opt.defaults()
	res, err := Extract(ctx, data, opt)
	var pe *Error
	if res == nil && errors.As(err, &pe) {
		res = pe.Partial
	}
	if res == nil || len(res.Scans) == 0 {
		return res, err
	}
	// signatures are evidence, not text: a file whose signatures pdfcpu
	// cannot read is read without them
	res.Signatures, _ = repair.Signatures(data)
	if oerr := ReadScans(ctx, e, data, res, opt.Workers); oerr != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		res.Repairs = append(res.Repairs, oerr.Error())
	}
	if errors.Is(err, ErrNoText) && len(res.OCR) > 0 {
		err = nil
	}
	return res, err
}
