package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"congbao/gazette"
	"congbao/gazette/sqlite"
	"congbao/indexer"
)

// TestImportLegacyText imports the vbpl sample, whose page of Quyết định
// 1408/QĐ-BXD keeps the TCVN3 bytes of 2008: the import converts that one
// text, says so, and stores it in Unicode, searchable and citable.
func TestImportLegacyText(t *testing.T) {
	t.Parallel() // long and independent: runs beside the others (go test kills a package after 11 minutes)
	ctx := context.Background()
	db, sum, stderr := importInto(t, "../../testdata/sample/vbpl_documents_2026-04.jsonl.gz")
	if sum.Legacy != 1 || !strings.Contains(stderr, "TCVN3 legacy font encoding, converted to Unicode") {
		t.Errorf("legacy texts converted: %d, stderr %q", sum.Legacy, stderr)
	}
	found := false
	err := db.EachDocument(ctx, true, func(d *gazette.Document) error {
		if strings.ContainsAny(d.Text, "®§µ") && strings.Contains(d.Text, "QuyÕt") {
			t.Errorf("document %d (%s) stored in TCVN3", d.ID, d.Number)
		}
		if strings.Contains(d.Text, "Đính chính Quyết định số 29/2007/QĐ-BXD") {
			found = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !found {
		t.Error("the converted text of 1408/QĐ-BXD is not stored")
	}
	docs, err := db.CitedBy(ctx, "29/2007/QĐ-BXD")
	if err != nil || len(docs) == 0 {
		t.Errorf("29/2007/QĐ-BXD is cited by %d documents (%v), want the correction 1408/QĐ-BXD", len(docs), err)
	}
}

// importInto imports files into a new store in a temporary folder, as
// `congbao import` does, and returns the store, the summary and what the
// import wrote on standard error.
func importInto(t *testing.T, files ...string) (*sqlite.DB, indexer.ImportSummary, string) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	db, err := sqlite.Open(ctx, filepath.Join(dir, "c.db"), filepath.Join(dir, "o"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	var errb bytes.Buffer
	sum, _, err := importFiles(ctx, &env{dataDir: dir, stderr: &errb}, db, files)
	if err != nil {
		t.Fatal(err)
	}
	return db, sum, errb.String()
}

// sample is the whole bundled sample imported once, for the tests that
// only read it: each import of it costs 15–20 s of the package's 11
// minutes.
var sample struct {
	once sync.Once
	dir  string
	db   *sqlite.DB
	err  error
}

// sampleDB returns the shared import of the whole sample. Its tests must
// not write to it.
func sampleDB(t *testing.T) *sqlite.DB {
	t.Helper()
	sample.once.Do(func() {
		ctx := context.Background()
		if sample.dir, sample.err = os.MkdirTemp("", "congbao-sample-"); sample.err != nil {
			return
		}
		if sample.db, sample.err = sqlite.Open(ctx, filepath.Join(sample.dir, "c.db"), filepath.Join(sample.dir, "o")); sample.err != nil {
			return
		}
		files, _ := filepath.Glob("../../testdata/sample/*.gz")
		_, _, sample.err = importFiles(ctx, &env{dataDir: sample.dir, stderr: io.Discard}, sample.db, files)
	})
	if sample.err != nil {
		t.Fatalf("importing the sample: %v", sample.err)
	}
	return sample.db
}

// closeSample removes the shared import (TestMain, after the tests).
func closeSample() {
	if sample.db != nil {
		sample.db.Close()
	}
	if sample.dir != "" {
		os.RemoveAll(sample.dir)
	}
}
