package acceptance

import (
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"congbao/cmd/congbao/internal/golden"
)

// goldenPDFs are the real PDFs the tests use: the fixtures in testdata,
// and the shared corpus when it is there.
func goldenPDFs() (files []string, corpus bool) {
	files, _ = filepath.Glob(filepath.Join(testdata, "pdf", "*.pdf"))
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
	for _, root := range []string{testdata + "/", sharedCorpus + "/"} {
		if rel, ok := strings.CutPrefix(path, root); ok {
			return strings.ReplaceAll(strings.TrimSuffix(rel, ".pdf"), "/", "__") + ".json"
		}
	}
	return filepath.Base(path) + ".json"
}

// TestGoldenExtract pins what "extract --documents" reads of every real
// PDF the tests use: issue, parts and metadata of each document.
func TestGoldenExtract(t *testing.T) {
	t.Parallel()
	files, corpus := goldenPDFs()
	if !corpus {
		t.Logf("corpus absent: only the fixtures of testdata are checked (the shared corpus sits at %s)", sharedCorpus)
	}
	if len(files) == 0 {
		t.Fatalf("no PDF in %s/pdf: the core fixtures are missing", testdata)
	}
	for _, f := range files {
		// one subtest a file, in parallel: extraction reads a file on one core
		t.Run(filepath.Base(f), func(t *testing.T) {
			t.Parallel()
			code, out, errs := run(t, "extract", "--documents", "--in-process", f)
			if code != 0 {
				t.Fatalf("extract --documents %s: %d %s", f, code, errs)
			}
			golden.Check(t, filepath.Join(testdata, "golden", "extract", goldenName(f)), []byte(out), *golden.Update)
		})
	}
}
