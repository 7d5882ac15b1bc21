// Command genmodel writes the syllable model OCR corrections use
// (indexer/pdftext/ocr/syllables.tsv.gz) from the 208 laws of the bundled
// sample (testdata/sample/uts_vlc_laws.jsonl.gz): each lower-case
// syllable with its count, and each pair of syllables seen side by side on
// a line at least twice. Run from the repository root:
//
//	go run ./indexer/pdftext/ocr/internal/genmodel
package main

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

const (
	in  = "testdata/sample/uts_vlc_laws.jsonl.gz"
	out = "indexer/pdftext/ocr/syllables.tsv.gz"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "genmodel:", err)
		os.Exit(1)
	}
}

func run() error {
	f, err := os.Open(in)
	if err != nil {
		return err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	uni, bi := map[string]int{}, map[string]int{}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 256<<20)
	for sc.Scan() {
		var rec struct {
			Text string `json:"text"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			return fmt.Errorf("%s: %w", in, err)
		}
		for _, line := range strings.Split(norm.NFC.String(strings.ToLower(rec.Text)), "\n") {
			words := strings.FieldsFunc(line, func(r rune) bool { return !unicode.IsLetter(r) })
			for i, w := range words {
				uni[w]++
				if i > 0 {
					bi[words[i-1]+" "+w]++
				}
			}
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	var lines []string
	for w, n := range uni {
		lines = append(lines, fmt.Sprintf("%s\t%d", w, n))
	}
	for p, n := range bi {
		if n >= 2 {
			lines = append(lines, fmt.Sprintf("%s\t%d", p, n))
		}
	}
	sort.Strings(lines)
	o, err := os.Create(out)
	if err != nil {
		return err
	}
	zw, _ := gzip.NewWriterLevel(o, gzip.BestCompression)
	for _, l := range lines {
		fmt.Fprintln(zw, l)
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return o.Close()
}
