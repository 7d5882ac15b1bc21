package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// update rewrites the golden files from what the code gives now:
//
//	go test ./cmd/congbao -run Golden -update
//
// then read the diff: every changed field of every document shows there.
var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

const goldenDir = "../../testdata/golden"

// goldenPDFs are the real PDFs the tests use: the fixtures in testdata,
// and the shared corpus when it is there.
func goldenPDFs(t *testing.T) (files []string, corpus bool) {
	files, _ = filepath.Glob("../../testdata/pdf/*.pdf")
	for _, pattern := range []string{"pdf/*/*.pdf", "pdf2/*.pdf"} {
		m, _ := filepath.Glob(filepath.Join(sharedCorpus, pattern))
		files = append(files, m...)
		corpus = corpus || len(m) > 0
	}
	sort.Strings(files)
	return files, corpus
}

// goldenName is the golden file of a PDF: its path below testdata or the
// corpus, with the folders joined by "__".
func goldenName(path string) string {
	for _, root := range []string{"../../testdata/", sharedCorpus + "/"} {
		if rel, ok := strings.CutPrefix(path, root); ok {
			return strings.ReplaceAll(strings.TrimSuffix(rel, ".pdf"), "/", "__") + ".json"
		}
	}
	return filepath.Base(path) + ".json"
}

// checkGolden compares got with the golden file name, or rewrites it.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join(goldenDir, name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%s: %v (write it with: go test ./cmd/congbao -run Golden -update)", path, err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s changed:\n%s\n(if the change is right: go test ./cmd/congbao -run Golden -update, and read the diff)", path, lineDiff(string(want), string(got)))
	}
}

// lineDiff lists the lines that differ, at most 40.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var out []string
	for i := 0; i < max(len(w), len(g)) && len(out) < 40; i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			out = append(out, fmt.Sprintf("line %d:\n  - %s\n  + %s", i+1, a, b))
		}
	}
	return strings.Join(out, "\n")
}

// TestGoldenExtract pins what "extract --documents" reads of every real
// PDF the tests use: issue, parts and metadata of each document.
func TestGoldenExtract(t *testing.T) {
	t.Parallel() // long and independent: runs beside the others (go test kills a package after 11 minutes)
	files, corpus := goldenPDFs(t)
	if !corpus {
		t.Logf("corpus absent: only the fixtures of testdata are checked (the shared corpus sits at %s)", sharedCorpus)
	}
	for _, f := range files {
		// one subtest a file, in parallel: extraction reads a file on one
		// core, and this test was the package's longest (280 s alone)
		t.Run(filepath.Base(f), func(t *testing.T) {
			t.Parallel()
			code, out, errs := run(t, "", "extract", "--documents", "--in-process", f)
			if code != 0 {
				t.Fatalf("extract --documents %s: %d %s", f, code, errs)
			}
			checkGolden(t, filepath.Join("extract", goldenName(f)), []byte(out))
		})
	}
}

// TestGoldenSample pins the metadata of the bundled sample as imported:
// one line per document, its key fields, in id order (the import reads the
// files and their records in a fixed order).
func TestGoldenSample(t *testing.T) {
	t.Parallel() // long and independent: runs beside the others (go test kills a package after 11 minutes)
	data := t.TempDir()
	files, _ := filepath.Glob("../../testdata/sample/*.gz")
	sort.Strings(files)
	if code, _, errs := run(t, "", append([]string{"--data", data, "import"}, files...)...); code != 0 {
		t.Fatalf("import: %s", errs)
	}
	code, out, errs := run(t, "", "--data", data, "export")
	if code != 0 {
		t.Fatalf("export: %s", errs)
	}
	var lines []string
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var d map[string]any
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			t.Fatal(err)
		}
		field := func(k string) string {
			if v, ok := d[k]; ok && v != nil {
				return strings.ReplaceAll(fmt.Sprint(v), "\t", " ")
			}
			return ""
		}
		lines = append(lines, strings.Join([]string{field("id"), field("number"), field("type"), field("type_name"),
			field("issuer_name"), field("title"), field("place"), field("issue_date"), field("signer"), field("signer_title"),
			field("effective_date"), field("record_effect_status"), field("language"), field("articles")}, "\t"))
	}
	head := "id\tnumber\ttype\ttype_name\tissuer_name\ttitle\tplace\tissue_date\tsigner\tsigner_title\teffective_date\trecord_effect_status\tlanguage\tarticles\n"
	checkGolden(t, "sample-metadata.tsv", []byte(head+strings.Join(lines, "\n")+"\n"))
}
