// Package sample reads the bundled sample corpus (testdata/sample, see
// testdata/README.md) for the tests of the reading packages.
package sample

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// Dir is the directory of the bundled sample files.
func Dir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..", "testdata", "sample")
}

// Texts reads the full texts of a bundled sample file ("uts_vlc_laws.jsonl.gz"),
// keyed by title and file name ("title|source_file").
func Texts(name string) (map[string]string, error) {
	path := filepath.Join(Dir(), name)
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	out := map[string]string{}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for line := 1; sc.Scan(); line++ {
		var r struct {
			Title      string  `json:"title"`
			SourceFile string  `json:"source_file"`
			Text       *string `json:"text"`
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		if r.Text != nil && *r.Text != "" {
			out[r.Title+"|"+r.SourceFile] = *r.Text
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return out, nil
}

// MustTexts is Texts for a test: a missing or unreadable file fails it.
func MustTexts(tb testing.TB, name string) map[string]string {
	tb.Helper()
	texts, err := Texts(name)
	if err != nil {
		tb.Fatal(err)
	}
	return texts
}
