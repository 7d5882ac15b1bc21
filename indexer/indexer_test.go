package indexer

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"congbao/gazette"
	"congbao/indexer/pdftext"
)

// memStore is a Store in memory.
type memStore struct {
	mu      sync.Mutex
	files   map[string][]byte
	done    map[string]gazette.IngestInput
	nextID  int64
	updates [][]int64
}

func (m *memStore) PutOriginal(_ context.Context, name string, r io.Reader) (gazette.SourceFile, bool, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return gazette.SourceFile{}, false, err
	}
	sum := sha256.Sum256(b)
	sha := hex.EncodeToString(sum[:])
	m.mu.Lock()
	defer m.mu.Unlock()
	_, seen := m.files[sha]
	m.files[sha] = b
	return gazette.SourceFile{SHA256: sha, Name: filepath.Base(name), Size: int64(len(b))}, !seen, nil
}

func (m *memStore) IngestStatus(_ context.Context, sha string) (string, string, []int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if in, ok := m.done[sha]; ok {
		if in.Failure != "" {
			return "failed", in.Failure, nil, nil
		}
		return "done", "", []int64{1}, nil
	}
	return "", "", nil, nil
}

func (m *memStore) Ingest(_ context.Context, _ string, in gazette.IngestInput) ([]gazette.Stored, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.done[in.SHA256] = in
	if in.Failure != "" {
		return nil, nil
	}
	if in.SHA256 == "mixed" { // an issue ending with the first part of a code
		return []gazette.Stored{{ID: 7, Created: true}, {ID: 100, Created: true, Incomplete: true}}, nil
	}
	if strings.HasPrefix(in.SHA256, "part") { // parts of one continued document, complete with "part-last"
		return []gazette.Stored{{ID: 100, Created: in.SHA256 == "part1", Incomplete: in.SHA256 != "part-last"}}, nil
	}
	m.nextID++
	return []gazette.Stored{{ID: m.nextID, Created: true}}, nil
}

func (m *memStore) Update(_ context.Context, ids []int64) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.updates = append(m.updates, ids)
	return nil
}

// fakeExtractor answers by the file's first bytes.
func fakeExtractor(_ context.Context, data []byte) (*pdftext.Result, error) {
	switch {
	case bytes.HasPrefix(data, []byte("SCAN")):
		return &pdftext.Result{Pages: []string{""}}, &pdftext.Error{Kind: pdftext.ErrNoText, Detail: "0 bytes"}
	case bytes.HasPrefix(data, []byte("BAD")):
		return nil, &pdftext.Error{Kind: pdftext.ErrNotPDF, Detail: "no header"}
	case bytes.HasPrefix(data, []byte("BROKEN")): // as the isolated worker answers: the pages it tried, all failed
		res := &pdftext.Result{Pages: []string{"", ""}, PageErrors: map[int]string{1: "flate: corrupt input", 2: "flate: corrupt input"}}
		return res, &pdftext.Error{Kind: pdftext.ErrDamaged, Detail: "no page could be read (page 1: flate: corrupt input)", Partial: res}
	}
	return &pdftext.Result{Pages: []string{"CHÍNH PHỦ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 43/2011/NĐ-CP\nNGHỊ ĐỊNH\nVề một việc\nĐiều 1. Phạm vi"}}, nil
}

func TestPipeline(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{"a.pdf": "GOOD 1", "sub/b.PDF": "SCAN", "c.pdf": "BAD", "d.pdf": "BROKEN", "notes.txt": "x"} {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(body), 0o644)
	}
	files, err := Files([]string{dir})
	if err != nil || len(files) != 4 {
		t.Fatalf("Files = %v, %v; want the 4 PDFs", files, err)
	}
	st := &memStore{files: map[string][]byte{}, done: map[string]gazette.IngestInput{}}
	p := &Pipeline{Store: st, Extractor: ExtractFunc(fakeExtractor), Index: st, Workers: 2}
	var results []FileResult
	sum := p.Run(context.Background(), files, func(r FileResult) { results = append(results, r) })
	if sum.Files != 4 || sum.Added != 2 || sum.Failed != 2 || len(results) != 4 {
		t.Fatalf("summary %+v, results %+v", sum, results)
	}
	sort.Slice(results, func(i, j int) bool { return results[i].Path < results[j].Path })
	if r := results[1]; r.Status != Failed || r.Error == "" {
		t.Errorf("c.pdf: %+v, want failed with the reason", r)
	}
	if r := results[2]; r.Status != Failed || r.NeedsOCR || !strings.Contains(r.Error, "no page could be read") {
		t.Errorf("d.pdf: %+v, want failed as damaged (a file with no readable page is no scan)", r)
	}
	if r := results[3]; !r.NeedsOCR || r.Status != Added {
		t.Errorf("sub/b.PDF: %+v, want added as needing OCR", r)
	}
	for sha, in := range st.done {
		if string(st.files[sha]) == "GOOD 1" && (len(in.Parts) != 1 || in.Parts[0].Text == "") {
			t.Errorf("a.pdf parts %+v", in.Parts)
		}
	}
	indexed := map[int64]bool{}
	for _, u := range st.updates {
		for _, id := range u {
			indexed[id] = true
		}
	}
	if len(indexed) != 2 || !indexed[1] || !indexed[2] {
		t.Errorf("index updated with %v, want both added documents", st.updates)
	}
	again := p.Run(context.Background(), files, nil)
	if again.Present != 4 || again.Added != 0 {
		t.Errorf("second run %+v, want 4 present (failed files are recorded too)", again)
	}
	if _, err := Files([]string{filepath.Join(dir, "missing")}); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Files(missing) error %v", err)
	}
}

func TestReadRecords(t *testing.T) {
	n := 0
	err := ReadRecords("../testdata/sample/vbpl_legacy_pages.json.gz", func(r gazette.Record) error {
		n++
		if r.Key == "vbpl-legacy:vbpl_thuoctinh.html" {
			if r.Stated.Number != "101/2015/QH13" || r.Stated.EffectiveDate.String() != "2018-01-01" || r.Stated.Gazette.Issue != "1271 + 1272" {
				t.Errorf("101/2015/QH13 record %+v", r.Stated)
			}
		}
		return nil
	})
	if err != nil || n != 4 {
		t.Errorf("ReadRecords(legacy pages) = %d records, %v; want 4", n, err)
	}
	var first gazette.Record
	err = ReadRecords("../testdata/sample/vbpl_documents_2026-04.jsonl.gz", func(r gazette.Record) error {
		if first.Key == "" {
			first = r
		}
		return nil
	})
	if err != nil || first.Stated.Number != "249/2025/NĐ-CP" || first.Stated.EffectiveDate.String() != "2025-09-19" ||
		!strings.HasPrefix(first.Stated.Title, "Quy định cơ chế") || first.Text == "" {
		t.Errorf("first vbpl record %+v, %v", first.Stated, err)
	}
	bad := filepath.Join(t.TempDir(), "bad.jsonl")
	os.WriteFile(bad, []byte("{\"foo\": 1}\n"), 0o644)
	if err := ReadRecords(bad, func(gazette.Record) error { return nil }); err == nil {
		t.Error("ReadRecords accepted a record of unknown format")
	}
}

// logStore logs what reaches the index; its first fail updates fail.
type logStore struct {
	*memStore
	log      []string
	fail     int
	onUpdate func() // called after each update
}

func (l *logStore) Update(ctx context.Context, ids []int64) error {
	l.log = append(l.log, fmt.Sprintf("index %v", ids))
	if l.onUpdate != nil {
		defer l.onUpdate()
	}
	if l.fail > 0 {
		l.fail--
		return errors.New("disk full")
	}
	return l.memStore.Update(ctx, ids)
}

// TestPipelineBatchesIndex: files waiting for the writer are stored one by
// one and indexed in one batch, and each file's result is given only once
// its document is in the index; a file that comes when none waits is
// indexed at once.
func TestPipelineBatchesIndex(t *testing.T) {
	st := &logStore{memStore: &memStore{files: map[string][]byte{}, done: map[string]gazette.IngestInput{}}}
	p := &Pipeline{Store: st, Index: st}
	emit := func(r FileResult) { st.log = append(st.log, "result "+r.Path) }
	ready := make(chan extracted, 2)
	for _, name := range []string{"a.pdf", "b.pdf"} {
		ready <- extracted{res: FileResult{Path: name}, in: gazette.IngestInput{SHA256: name}}
	}
	close(ready)
	if sum := p.write(context.Background(), ready, 2, emit); sum.Added != 2 {
		t.Fatalf("summary %+v, want 2 added", sum)
	}
	if got, want := strings.Join(st.log, "; "), "index [1 2]; result a.pdf; result b.pdf"; got != want {
		t.Errorf("writer did %q, want %q", got, want)
	}
	// a file that comes after the last was given: indexed before the next comes
	st.log = nil
	one, given := make(chan extracted), make(chan bool)
	go func() {
		for _, name := range []string{"c.pdf", "d.pdf"} {
			one <- extracted{res: FileResult{Path: name}, in: gazette.IngestInput{SHA256: name}}
			<-given
		}
		close(one)
	}()
	p.write(context.Background(), one, 2, func(r FileResult) { emit(r); given <- true })
	if got, want := strings.Join(st.log, "; "), "index [3]; result c.pdf; index [4]; result d.pdf"; got != want {
		t.Errorf("writer did %q, want %q", got, want)
	}
}

// TestPipelineHoldsIncompleteDocument: a document still missing a later
// part is not indexed at each part: it is indexed once it is complete, or
// when the run ends, and the results of its files are given then.
func TestPipelineHoldsIncompleteDocument(t *testing.T) {
	st := &logStore{memStore: &memStore{files: map[string][]byte{}, done: map[string]gazette.IngestInput{}}}
	p := &Pipeline{Store: st, Index: st}
	file := func(name string) extracted {
		return extracted{res: FileResult{Path: name}, in: gazette.IngestInput{SHA256: strings.TrimSuffix(name, ".pdf")}}
	}
	results := make(chan string, 8)
	emit := func(r FileResult) {
		st.log = append(st.log, "result "+r.Path)
		results <- r.Path
	}
	ready := make(chan extracted)
	go func() {
		// each complete file waits for its result, so that the writer is idle
		// (and indexes what it holds) before the next file comes
		ready <- file("a.pdf")
		<-results
		ready <- file("part1.pdf")
		ready <- file("b.pdf")
		<-results
		ready <- file("part-last.pdf")
		<-results
		<-results
		close(ready)
	}()
	if sum := p.write(context.Background(), ready, 4, emit); sum.Added != 4 || sum.Documents != 3 {
		t.Fatalf("summary %+v, want 4 files added, 3 documents", sum)
	}
	want := "index [1]; result a.pdf; index [2]; result b.pdf; index [100]; result part1.pdf; result part-last.pdf"
	if got := strings.Join(st.log, "; "); got != want {
		t.Errorf("writer did %q, want %q", got, want)
	}
	// a run that ends with the document still incomplete indexes it at its end
	st.log = nil
	st.done = map[string]gazette.IngestInput{}
	ready = make(chan extracted, 1)
	ready <- file("part1.pdf")
	close(ready)
	p.write(context.Background(), ready, 1, func(r FileResult) { st.log = append(st.log, "result "+r.Path) })
	if got, want := strings.Join(st.log, "; "), "index [100]; result part1.pdf"; got != want {
		t.Errorf("writer did %q, want %q", got, want)
	}
}

// TestPipelineTellsIndexFailureOfHeldFile: a file whose complete document
// failed to reach the index, and whose other document waited for its next
// part, says so when its result is given at last.
func TestPipelineTellsIndexFailureOfHeldFile(t *testing.T) {
	st := &logStore{memStore: &memStore{files: map[string][]byte{}, done: map[string]gazette.IngestInput{}}, fail: 1}
	p := &Pipeline{Store: st, Index: st}
	ready, next := make(chan extracted), make(chan bool)
	go func() {
		ready <- extracted{res: FileResult{Path: "mixed.pdf"}, in: gazette.IngestInput{SHA256: "mixed"}}
		<-next // indexed (and failed) what was complete before the next file comes
		ready <- extracted{res: FileResult{Path: "part-last.pdf"}, in: gazette.IngestInput{SHA256: "part-last"}}
		close(ready)
	}()
	var results []FileResult
	first := true
	st.onUpdate = func() {
		if first {
			first = false
			next <- true
		}
	}
	p.write(context.Background(), ready, 2, func(r FileResult) { results = append(results, r) })
	if len(results) != 2 || results[0].Path != "mixed.pdf" || !strings.Contains(results[0].Error, "disk full") || results[1].Error != "" {
		t.Fatalf("results %+v; want mixed.pdf with the index failure, part-last.pdf without (log %v)", results, st.log)
	}
}
