// Package indexer is the ingest pipeline: it walks files and folders,
// stores each original before anything is derived from it, extracts page
// text in parallel workers (isolated in child processes), splits gazette
// issues into documents, and hands each file to one writer that commits it
// in one transaction. It is idempotent by SHA-256: the same bytes twice add
// nothing.
package indexer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"congbao/gazette"
	"congbao/gazette/read"
	"congbao/gazette/vntext"
	"congbao/indexer/pdftext"
)

// Store is what the pipeline needs from storage.
type Store interface {
	PutOriginal(ctx context.Context, name string, r io.Reader) (gazette.SourceFile, bool, error)
	IngestStatus(ctx context.Context, sha string) (status, errText string, docs []int64, err error)
	Ingest(ctx context.Context, actor string, in gazette.IngestInput) ([]gazette.Stored, error)
}

// Index is the search index the writer updates after each commit.
type Index interface {
	Update(ctx context.Context, ids []int64) error
}

// Extractor turns PDF bytes into page text (pdftext.Isolated in
// production, pdftext.Extract in tests of trusted files).
type Extractor interface {
	Extract(ctx context.Context, data []byte) (*pdftext.Result, error)
}

// ExtractFunc adapts a function to Extractor.
type ExtractFunc func(ctx context.Context, data []byte) (*pdftext.Result, error)

// Extract calls f.
func (f ExtractFunc) Extract(ctx context.Context, data []byte) (*pdftext.Result, error) {
	return f(ctx, data)
}

// Result statuses of one file.
const (
	Added   = "added"
	Present = "present" // the same bytes were ingested before
	Failed  = "failed"
)

// FileResult is the outcome for one file.
type FileResult struct {
	Path      string   `json:"path"`
	SHA256    string   `json:"sha256,omitempty"`
	Status    string   `json:"status"`
	Error     string   `json:"error,omitempty"`
	Documents []int64  `json:"documents,omitempty"`
	Pages     int      `json:"pages,omitempty"`
	NeedsOCR  bool     `json:"needs_ocr,omitempty"`
	Repairs   []string `json:"repairs,omitempty"`
	Notes     []string `json:"notes,omitempty"` // revisions of published documents, documents held as state secrets
}

// Summary counts the results of a run.
type Summary struct {
	Files     int     `json:"files"`
	Added     int     `json:"added"`
	Present   int     `json:"present"`
	Failed    int     `json:"failed"`
	Pages     int     `json:"pages"`
	Documents int     `json:"documents"` // distinct documents added or extended
	Seconds   float64 `json:"seconds"`
}

// Pipeline ingests files.
type Pipeline struct {
	Store     Store
	Extractor Extractor
	Workers   int           // parallel extractions (default 2)
	Actor     string        // who the audit log names
	State     gazette.State // state of new documents
	MaxBytes  int64         // largest file accepted (default 1 GiB)
	Index     Index         // updated after each file's commit; nil for none
	// Progress, if set, is called after each file with the count done and
	// the total.
	Progress func(done, total int)
}

// Batch GC settings: a run of many files spends a fifth of its CPU
// collecting garbage at Go's default GOGC of 100 (docs/PERFORMANCE.md,
// "Ingest"), a rebuild of the index about as much; a batch command trades
// memory for it, within a soft limit.
const (
	BatchGCPercent = 400
	// IngestMemorySoft is congbao ingest's soft limit.
	IngestMemorySoft = 1 << 30
	// ReindexMemorySoft is congbao reindex's: its peak RSS, file pages of
	// the segments it writes included, is to stay within 1 GiB.
	ReindexMemorySoft = 640 << 20
)

// BatchGC sets the collector for a batch run (congbao ingest and reindex,
// the bench's ingest row) and returns what restores it: BatchGCPercent and
// a soft memory limit of soft bytes, unless GOGC or GOMEMLIMIT say
// otherwise. A server keeps Go's defaults: its memory is its budget.
func BatchGC(soft int64) (restore func()) {
	gc, mem := int64(-2), int64(-2)
	if os.Getenv("GOGC") == "" {
		gc = int64(debug.SetGCPercent(BatchGCPercent))
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		mem = debug.SetMemoryLimit(soft)
	}
	return func() {
		if gc != -2 {
			debug.SetGCPercent(int(gc))
		}
		if mem != -2 {
			debug.SetMemoryLimit(mem)
		}
	}
}

// Files lists the PDFs under paths: a file is taken as given, a folder is
// walked for *.pdf. Paths are sorted for a stable order.
func Files(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !info.IsDir() {
			out = append(out, p)
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && strings.EqualFold(filepath.Ext(path), ".pdf") {
				out = append(out, path)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sort.Strings(out)
	return out, nil
}

// extracted is a file ready for the writer.
type extracted struct {
	res FileResult
	in  gazette.IngestInput
}

// Run ingests files, calling emit with each file's result as it is
// committed (in completion order), and returns the summary.
func (p *Pipeline) Run(ctx context.Context, files []string, emit func(FileResult)) Summary {
	start := time.Now()
	workers := p.Workers
	if workers <= 0 {
		workers = 2
	}
	jobs := make(chan string)
	ready := make(chan extracted, workers) // the workers extract on while the writer writes
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for path := range jobs {
				ready <- p.prepare(ctx, path)
			}
		}()
	}
	go func() {
		for _, f := range files {
			if ctx.Err() != nil {
				break
			}
			jobs <- f
		}
		close(jobs)
		wg.Wait()
		close(ready)
	}()
	sum := p.write(ctx, ready, len(files), emit)
	sum.Seconds = time.Since(start).Seconds()
	return sum
}

// write is the one writer: it commits the files prepared on ready until
// it is closed, and gives each file's result to emit.
//
// It stores each file as it comes and indexes what it stored when no
// other file is waiting: a run of files ready one after the other is
// indexed in one batch. A long run is still indexed every batchFiles
// files or batchAge, so that what is stored becomes searchable and
// progress is told as it goes. A document still missing a later part (a
// code continued over four gazette issues, Document.Complete false) waits
// for its next part rather than being indexed whole at each one: it is
// indexed when it is complete, when the run ends, or after heldAge. A
// file's result is given when all its documents are searchable.
func (p *Pipeline) write(ctx context.Context, ready <-chan extracted, files int, emit func(FileResult)) Summary {
	const batchFiles, batchAge, heldAge = 32, 2 * time.Second, 30 * time.Second
	sum := Summary{Files: files}
	docs := map[int64]bool{}       // a continued document receives several files: count it once
	dirty := map[int64]bool{}      // stored, not yet indexed: id → complete
	var waiting []FileResult       // results waiting for their documents to be indexed
	var heldSince time.Time        // when the oldest incomplete document in dirty was stored
	unindexed := map[int64]error{} // documents whose index update failed
	done, stored := 0, 0           // results given; files stored since the last flush
	flushed := time.Now()
	// flush indexes the dirty documents (the incomplete ones too when all)
	// and gives the results whose documents are all indexed.
	flush := func(all bool) {
		flushed, stored = time.Now(), 0
		var ids []int64
		for id, complete := range dirty {
			if all || complete {
				ids = append(ids, id)
			}
		}
		slices.Sort(ids)
		var failed error
		if p.Index != nil && len(ids) > 0 {
			failed = p.Index.Update(ctx, ids)
		}
		for _, id := range ids {
			delete(dirty, id)
			if failed != nil {
				unindexed[id] = failed
			}
		}
		if len(dirty) == 0 {
			heldSince = time.Time{}
		}
		kept := waiting[:0]
		for _, r := range waiting {
			if slices.ContainsFunc(r.Documents, func(id int64) bool { _, ok := dirty[id]; return ok }) {
				kept = append(kept, r)
				continue
			}
			for _, id := range r.Documents {
				if err := unindexed[id]; err != nil && r.Status == Added {
					// SQLite holds the documents; "congbao check" reports the gap and "reindex" closes it
					r.Error = "stored, but the search index was not updated: " + err.Error()
					break
				}
			}
			done++
			if emit != nil {
				emit(r)
			}
			if p.Progress != nil {
				p.Progress(done, files)
			}
		}
		waiting = kept
	}
	next, more := <-ready
	for more { // the one writer
		r, incomplete := p.store(ctx, p.Actor, next)
		switch r.Status {
		case Added:
			sum.Added++
			for _, id := range r.Documents {
				docs[id], dirty[id] = true, !incomplete[id]
			}
			if len(incomplete) > 0 && heldSince.IsZero() {
				heldSince = time.Now()
			}
			sum.Documents = len(docs)
			sum.Pages += r.Pages
		case Present:
			sum.Present++
		case Failed:
			sum.Failed++
		}
		waiting = append(waiting, r)
		stored++
		held := !heldSince.IsZero() && time.Since(heldSince) >= heldAge
		select {
		case next, more = <-ready:
			switch {
			case !more:
				flush(true)
			case stored >= batchFiles || time.Since(flushed) >= batchAge:
				flush(held)
			}
		default:
			flush(held)
			if next, more = <-ready; !more {
				flush(true)
			}
		}
	}
	return sum
}

// commit writes one prepared file (the writer's step) and updates the index.
func (p *Pipeline) commit(ctx context.Context, actor string, x extracted) FileResult {
	r, _ := p.store(ctx, actor, x)
	if r.Status == Added && p.Index != nil {
		if err := p.Index.Update(ctx, r.Documents); err != nil {
			// SQLite holds the document; "congbao check" reports the gap and "reindex" closes it
			r.Error = "stored, but the search index was not updated: " + err.Error()
		}
	}
	return r
}

// store writes one prepared file in one transaction. incomplete holds
// the documents it added to that still miss a later part.
func (p *Pipeline) store(ctx context.Context, actor string, x extracted) (r FileResult, incomplete map[int64]bool) {
	r = x.res
	if r.Status != "" {
		return r, nil
	}
	stored, err := p.Store.Ingest(ctx, actor, x.in)
	var ids []int64
	for _, st := range stored {
		ids = append(ids, st.ID)
		if n := st.Note(); n != "" {
			r.Notes = append(r.Notes, n)
		}
		if st.Incomplete {
			if incomplete == nil {
				incomplete = map[int64]bool{}
			}
			incomplete[st.ID] = true
		}
	}
	switch {
	case err != nil:
		r.Status, r.Error = Failed, err.Error()
	case x.in.Failure != "":
		r.Status = Failed
	default:
		r.Status, r.Documents = Added, ids
	}
	if r.Status != Added {
		incomplete = nil
	}
	return r, incomplete
}

// IngestFile ingests one file under a display name (an upload kept under
// its hash), as actor; admit, when not nil, may refuse the file for a
// document it holds (gazette.IngestInput.Admit).
func (p *Pipeline) IngestFile(ctx context.Context, path, name, actor string, admit func(*gazette.Document) error) FileResult {
	x := p.prepareNamed(ctx, path, name)
	x.in.Admit = admit
	return p.commit(ctx, actor, x)
}

// prepare stores the original, then extracts and splits it. A result with
// a status is final; one without goes to the writer.
func (p *Pipeline) prepare(ctx context.Context, path string) extracted {
	return p.prepareNamed(ctx, path, filepath.Base(path))
}

func (p *Pipeline) prepareNamed(ctx context.Context, path, name string) extracted {
	r := FileResult{Path: path}
	fail := func(err error) extracted {
		r.Status, r.Error = Failed, err.Error()
		return extracted{res: r}
	}
	max := p.MaxBytes
	if max <= 0 {
		max = 1 << 30
	}
	f, err := os.Open(path)
	if err != nil {
		return fail(err)
	}
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	f.Close()
	if err != nil {
		return fail(fmt.Errorf("read %s: %w", path, err))
	}
	if int64(len(data)) > max {
		return fail(fmt.Errorf("%s is larger than %d bytes", path, max))
	}
	src, _, err := p.Store.PutOriginal(ctx, name, bytes.NewReader(data))
	if err != nil {
		return fail(err)
	}
	r.SHA256 = src.SHA256
	status, errText, docs, err := p.Store.IngestStatus(ctx, src.SHA256)
	if err != nil {
		return fail(err)
	}
	if status != "" {
		r.Status, r.Error, r.Documents = Present, errText, docs
		return extracted{res: r}
	}
	in := gazette.IngestInput{SHA256: src.SHA256, FileName: name, State: p.State}
	res, err := p.Extractor.Extract(ctx, data)
	switch {
	case errors.Is(err, pdftext.ErrNoText):
		in.NeedsOCR, r.NeedsOCR = true, true
	case err != nil && (res == nil || len(res.PageErrors) == len(res.Pages)):
		// nothing recovered (the isolated worker returns the empty pages it
		// tried): a failure, not a scan waiting for OCR
		in.Failure, r.Error, res = err.Error(), err.Error(), nil
	case err != nil: // damaged, with pages recovered: keep them, say so
		r.Error = err.Error()
	}
	if res != nil {
		r.Pages, r.Repairs = len(res.Pages), res.Repairs
		if !in.NeedsOCR && in.Failure == "" {
			in.Issue, in.Parts = read.Pages(res.Pages)
			read.MarkOCR(in.Parts, OCRPages(res))
			read.MarkSigned(&in.Issue, in.Parts, FileSignatures(res))
			if in.Issue.Encoding != vntext.Unicode {
				r.Repairs = append(r.Repairs, "text typed in the "+string(in.Issue.Encoding)+" legacy font encoding, converted to Unicode")
			}
			in.Issue.Pages = nil
			if len(in.Parts) == 0 {
				in.NeedsOCR, r.NeedsOCR = true, true
			}
		}
	}
	return extracted{res: r, in: in}
}

// FileSignatures lists the digital signatures of the file res was read
// from, in the model's form.
func FileSignatures(res *pdftext.Result) []gazette.Signature {
	var out []gazette.Signature
	for _, s := range res.Signatures {
		out = append(out, gazette.Signature{By: []string{s.Signer}, At: s.At,
			Line: fmt.Sprintf("digital signature %q of the PDF, made %s", s.Field, s.At.Format(time.RFC3339))})
	}
	return out
}

// OCRPages lists the pages of res read by OCR, in the model's form.
func OCRPages(res *pdftext.Result) []gazette.PageOCR {
	var out []gazette.PageOCR
	for _, o := range res.OCR {
		out = append(out, gazette.PageOCR{Page: o.Page, Confidence: o.Confidence})
	}
	return out
}
