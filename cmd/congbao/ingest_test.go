package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"congbao/cmd/congbao/internal/export"
	"congbao/indexer/pdftext/ocr"
)

const sharedCorpus = "../../../shared/corpus"

// TestMain lets the test binary serve as the isolated extraction worker
// (the real binary re-executes itself the same way).
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == workerName || os.Getenv("CONGBAO_TEST_MAIN") == "1" {
		// the test binary stands in for congbao: the extraction worker, and
		// the processes the crash test kills
		os.Exit(Main(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	// the scans are read by OCR in several tests: each picture once
	cache, err := os.MkdirTemp("", "congbao-ocr-cache-")
	if err == nil {
		os.Setenv("CONGBAO_OCR_CACHE", cache)
	}
	// this package ingests the whole shared corpus several times, OCR
	// included. go test's default 10-minute limit is a hang guard, not a
	// speed target (speed lives in the bench): raised here unless set by
	// hand. The go command itself still kills the package at its own
	// -timeout plus a minute (11 minutes by default), so the long tests run
	// in parallel (t.Parallel) to stay well under it.
	flag.Parse()
	if f := flag.Lookup("test.timeout"); f != nil && f.Value.String() == (10*time.Minute).String() {
		flag.Set("test.timeout", (40 * time.Minute).String())
	}
	code := m.Run()
	closeSample()
	os.RemoveAll(cache)
	os.Exit(code)
}

type manifestDoc struct {
	Number        *string `json:"number"`
	Type          string  `json:"type"`
	Issuer        string  `json:"issuer"`
	IssueDate     string  `json:"issue_date"`
	EffectiveDate string  `json:"effective_date"`
	Signer        string  `json:"signer"`
}

type manifestRow struct {
	Path         string        `json:"path"`
	Kind         string        `json:"kind"`
	TextLayer    bool          `json:"text_layer"`
	GazetteIssue string        `json:"gazette_issue"`
	GazetteDate  string        `json:"gazette_date"`
	Documents    []manifestDoc `json:"documents"`
}

func readManifest(t *testing.T) []manifestRow {
	t.Helper()
	f, err := os.Open(filepath.Join(sharedCorpus, "files_manifest.jsonl"))
	if err != nil {
		t.Skipf("corpus absent: %s/files_manifest.jsonl (the real-corpus tests need ../shared beside the repo)", sharedCorpus)
	}
	defer f.Close()
	var rows []manifestRow
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var r manifestRow
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(r.Path, ".pdf") {
			rows = append(rows, r)
		}
	}
	return rows
}

// exported is a document as `congbao export` prints it.
type exported = export.Document

var str = export.Str

// exportAll reads every document of the data folder data.
func exportAll(t *testing.T, data string) []exported {
	t.Helper()
	return export.All(t, data, func(args ...string) (int, string, string) { return run(t, "", args...) })
}

// TestIngestManifest is the acceptance test of ingest against the
// hand-verified metadata of files_manifest.jsonl, with the files ingested
// one run each in a shuffled order (continued codes must join whatever the
// order) and vbpl's legacy attribute pages imported.
func TestIngestManifest(t *testing.T) {
	t.Parallel() // long and independent: runs beside the others (go test kills a package after 11 minutes)
	rows := readManifest(t)
	for _, seed := range []int64{1, 2} {
		t.Run(fmt.Sprintf("order %d", seed), func(t *testing.T) {
			data := t.TempDir()
			order := rand.New(rand.NewSource(seed)).Perm(len(rows))
			imported := false
			for k, i := range order {
				if k == len(order)/2 { // records arrive in the middle of the PDFs
					code, out, errs := run(t, "", "--data", data, "import", "--json", filepath.Join(sharedCorpus, "vbpl", "vbpl_legacy_pages.json"))
					if code != 0 {
						t.Fatalf("import: %s", errs)
					}
					// what they change of documents already published waits as revisions; a clerk publishes them
					var sum struct {
						Revisions int
						Waiting   []int64
					}
					if err := json.Unmarshal([]byte(out), &sum); err != nil || sum.Revisions == 0 || len(sum.Waiting) < sum.Revisions {
						t.Fatalf("import summary %s (%v): want revisions of the documents already published", out, err)
					}
					args := []string{"--data", data, "publish", "--override", "the test ingests the other parts next"}
					for _, id := range sum.Waiting {
						args = append(args, fmt.Sprint(id))
					}
					if code, out, errs := run(t, "", args...); code != 0 {
						t.Fatalf("publish the revisions: %s %s", out, errs)
					}
					imported = true
				}
				if code, _, errs := run(t, "", "--data", data, "ingest", "--json", filepath.Join(sharedCorpus, rows[i].Path)); code != 0 {
					t.Fatalf("ingest %s: %d %s", rows[i].Path, code, errs)
				}
			}
			if !imported {
				t.Fatal("records not imported")
			}
			checkManifest(t, rows, exportAll(t, data))
			// the same bytes again add nothing
			code, out, _ := run(t, "", "--data", data, "ingest", "--json", filepath.Join(sharedCorpus, "pdf"))
			if code != 0 || strings.Contains(out, `"status":"added"`) || !strings.Contains(out, `"present":19`) {
				t.Errorf("second ingest: %d %s", code, out)
			}
		})
	}
}

func checkManifest(t *testing.T, rows []manifestRow, docs []exported) {
	t.Helper()
	byFile := map[string][]exported{}
	for _, d := range docs {
		if d.Source != nil {
			byFile[d.Source.File] = append(byFile[d.Source.File], d)
		}
	}
	find := func(r manifestRow, m manifestDoc) *exported {
		for i := range docs {
			d := &docs[i]
			if m.Number != nil && str(d.Number) == *m.Number {
				return d
			}
			if m.Number == nil && d.Gazette != nil && d.Gazette.Issue == r.GazetteIssue && str(d.TypeName) == m.Type {
				return d
			}
			if m.Number == nil && r.GazetteIssue == "" && d.NeedsOCR && d.Source != nil && d.Source.File == filepath.Base(r.Path) {
				return d
			}
		}
		return nil
	}
	checked := 0
	_, ocrErr := ocr.Find()
	for _, r := range rows {
		for _, m := range r.Documents {
			d := find(r, m)
			if d == nil {
				if !r.TextLayer {
					// the scan: one document marked as needing OCR
					if len(byFile[filepath.Base(r.Path)]) != 1 || !byFile[filepath.Base(r.Path)][0].NeedsOCR {
						t.Errorf("%s: the scan is not stored as one document needing OCR: %+v", r.Path, byFile[filepath.Base(r.Path)])
					}
					continue
				}
				t.Errorf("%s: document %v (%s) not found", r.Path, str(m.Number), m.Type)
				continue
			}
			checked++
			if !r.TextLayer && ocrErr == nil && !d.HasCheck("ocr") {
				t.Errorf("%s: %s was read by OCR without the check asking to verify its number and dates", r.Path, str(m.Number))
			}
			for _, c := range d.Checks { // the verified documents are consistent: a check on one is a false alarm
				if c.Code == "ocr" && !r.TextLayer {
					continue // but a scan read by OCR is always to be verified
				}
				t.Errorf("%s: %s: check %s raised on a verified document: %s", r.Path, str(m.Number), c.Code, c.Message)
			}
			want := map[string]string{"type": m.Type, "issuer": m.Issuer, "issue_date": m.IssueDate, "effective_date": m.EffectiveDate, "signer": m.Signer}
			got := map[string]string{"type": str(d.TypeName), "issuer": str(d.IssuerName), "issue_date": str(d.IssueDate), "effective_date": str(d.EffectiveDate), "signer": str(d.Signer)}
			for k, w := range want {
				if w != "" && got[k] != w {
					t.Errorf("%s: %s %s = %q, want %q", r.Path, str(m.Number), k, got[k], w)
				}
			}
			if r.GazetteIssue != "" {
				in := false
				for _, p := range d.Parts {
					in = in || p.Issue == r.GazetteIssue
				}
				if !in {
					t.Errorf("%s: %s has no part in gazette issue %s", r.Path, str(m.Number), r.GazetteIssue)
				}
			}
		}
	}
	for _, num := range []struct {
		number string
		parts  int
	}{{"100/2015/QH13", 4}, {"101/2015/QH13", 3}, {"23/VBHN-VPQH", 2}} {
		n := 0
		for _, d := range docs {
			if str(d.Number) == num.number {
				n++
				if len(d.Parts) != num.parts {
					t.Errorf("%s has %d parts, want %d", num.number, len(d.Parts), num.parts)
				}
			}
		}
		if n != 1 {
			t.Errorf("%s is %d documents, want 1", num.number, n)
		}
	}
	t.Logf("%d manifest documents checked against %d stored documents", checked, len(docs))
}
