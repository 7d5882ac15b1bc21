package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestJoinedIssue builds a multi-document gazette issue from the real
// single-document extracts of one issue (Công báo số 302 of 02-06-2026:
// Chỉ thị 21/CT-TTg and Văn bản hợp nhất 112/VBHN-VPQH), joined with
// poppler's pdfunite, and checks that the split finds each document with
// the gazette pages the manifest verified, then that ingest stores them so.
func TestJoinedIssue(t *testing.T) {
	unite, err := exec.LookPath("pdfunite")
	if err != nil {
		t.Skip("pdfunite (Debian poppler-utils) not installed: the joined issue is built with it")
	}
	f, err := os.Open(filepath.Join(sharedCorpus, "pdf2", "manifest.jsonl"))
	if err != nil {
		t.Skipf("corpus absent: %s/pdf2/manifest.jsonl (the real-corpus tests need ../shared beside the repo)", sharedCorpus)
	}
	defer f.Close()
	type doc struct {
		Number       string `json:"number"`
		GazettePages string `json:"gazette_pages"`
	}
	want := map[string]string{} // number -> gazette pages
	var files []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var r struct {
			Path         string `json:"path"`
			GazetteIssue string `json:"gazette_issue"`
			Documents    []doc  `json:"documents"`
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		if r.GazetteIssue == "302" {
			files = append(files, filepath.Join(sharedCorpus, r.Path))
			for _, d := range r.Documents {
				want[d.Number] = d.GazettePages
			}
		}
	}
	if len(files) < 2 {
		t.Fatalf("the manifest has %d extracts of issue 302, want 2", len(files))
	}
	joined := filepath.Join(t.TempDir(), "cong-bao-302.pdf")
	if out, err := exec.Command(unite, append(files, joined)...).CombinedOutput(); err != nil {
		t.Fatalf("pdfunite: %v %s", err, out)
	}
	code, out, errs := run(t, "", "extract", "--documents", "--in-process", joined)
	if code != 0 {
		t.Fatalf("extract: %d %s", code, errs)
	}
	var preview struct {
		Issue     string
		Documents []struct {
			Part struct {
				FirstPage, LastPage int
				ContinuedIn         string
			}
			Claims struct {
				Number string `json:"number"`
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &preview); err != nil {
		t.Fatal(err)
	}
	if preview.Issue != "302" {
		t.Errorf("issue %q, want 302", preview.Issue)
	}
	got := map[string]string{}
	for _, d := range preview.Documents {
		got[d.Claims.Number] = fmt.Sprintf("%d-%d", d.Part.FirstPage, d.Part.LastPage)
	}
	if len(got) != len(want) {
		t.Errorf("the joined issue splits into %v, want %v", got, want)
	}
	for n, pages := range want {
		if got[n] != pages {
			t.Errorf("%s: gazette pages %q, want %q", n, got[n], pages)
		}
	}
	// ingest stores each with its part in issue 302
	data := t.TempDir()
	if code, _, errs := run(t, "", "--data", data, "ingest", "--in-process", joined); code != 0 {
		t.Fatalf("ingest: %s", errs)
	}
	docs := exportAll(t, data)
	if len(docs) != len(want) {
		t.Fatalf("%d documents stored, want %d", len(docs), len(want))
	}
	for _, d := range docs {
		if _, ok := want[str(d.Number)]; !ok || d.Gazette == nil || d.Gazette.Issue != "302" {
			t.Errorf("stored %s in gazette %+v, want one of %v in issue 302", str(d.Number), d.Gazette, want)
		}
	}
}
