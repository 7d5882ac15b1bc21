package acceptance

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"congbao/cmd/congbao/internal/export"
	"congbao/indexer/pdftext/ocr"
)

// pdf2Doc is a hand-verified document of pdf2/manifest.jsonl.
type pdf2Doc struct {
	Number        string `json:"number"`
	Type          string `json:"type"`
	Issuer        string `json:"issuer"`
	Place         string `json:"place"`
	IssueDate     string `json:"issue_date"`
	Signer        string `json:"signer"`
	EffectiveDate string `json:"effective_date"`
}

type pdf2Row struct {
	Path      string    `json:"path"`
	Kind      string    `json:"kind"`
	TextLayer bool      `json:"text_layer"`
	Documents []pdf2Doc `json:"documents"`
}

// TestManifestFields ingests every PDF of ../shared/corpus/pdf2 and
// compares each hand-verified field of its manifest with what is stored,
// per field. Fields of pages with a text layer must all be right; fields
// read by OCR are reported, and the document must carry the OCR check.
func TestManifestFields(t *testing.T) {
	// not parallel: it runs first and reads the scans by OCR once; TestGoldenExtract
	// (parallel, so after it) then finds every picture in the shared cache
	f, err := os.Open(filepath.Join(sharedCorpus, "pdf2", "manifest.jsonl"))
	if err != nil {
		t.Skipf("corpus absent: %s/pdf2/manifest.jsonl (the real-corpus tests need ../shared beside the repo)", sharedCorpus)
	}
	defer f.Close()
	var rows []pdf2Row
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var r pdf2Row
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		rows = append(rows, r)
	}
	_, ocrErr := ocr.Find()
	data := t.TempDir()
	args := []string{"--data", data, "ingest", "--json", "--in-process"}
	for _, r := range rows {
		args = append(args, filepath.Join(sharedCorpus, r.Path))
	}
	if code, _, errs := run(t, args...); code != 0 {
		t.Fatalf("ingest pdf2: %d %s", code, errs)
	}
	byFile := map[string][]export.Document{}
	for _, d := range exportAll(t, data) {
		if d.Source != nil {
			byFile[d.Source.File] = append(byFile[d.Source.File], d)
		}
	}
	type tally struct{ right, all int }
	text, read := map[string]*tally{}, map[string]*tally{}
	var wrong []string
	// the confidence each field's source gives, for the fields right and wrong
	var confRight, confWrong []float64
	located, valued := 0, 0
	claim := map[string]string{"number": "number", "type": "type_name", "issuer": "issuer_name", "place": "place",
		"issue_date": "issue_date", "signer": "signer", "effective_date": "effective_date"}
	for _, r := range rows {
		docs := byFile[filepath.Base(r.Path)]
		for _, m := range r.Documents {
			var d *export.Document
			for i := range docs {
				if d == nil || m.Number != "" && export.Str(docs[i].Number) == m.Number {
					d = &docs[i]
				}
			}
			byOCR := !r.TextLayer || strings.Contains(r.Path, "imagebody") || d != nil && d.HasCheck("ocr")
			if byOCR && ocrErr != nil {
				t.Logf("%s: skipped, its text is in pictures and OCR is not installed (%v)", r.Path, ocrErr)
				continue
			}
			got := map[string]string{}
			if d != nil {
				got = map[string]string{"number": export.Str(d.Number), "type": export.Str(d.TypeName), "issuer": export.Str(d.IssuerName), "place": export.Str(d.Place),
					"issue_date": export.Str(d.IssueDate), "signer": export.Str(d.Signer), "effective_date": export.Str(d.EffectiveDate)}
			}
			want := map[string]string{"number": m.Number, "type": m.Type, "issuer": m.Issuer, "place": m.Place,
				"issue_date": m.IssueDate, "signer": m.Signer, "effective_date": m.EffectiveDate}
			into := text
			if byOCR {
				into = read
				if d != nil && !d.HasCheck("ocr") {
					t.Errorf("%s: read by OCR without the check asking to verify number and date", r.Path)
				}
			}
			for k, w := range want {
				if w == "" {
					continue
				}
				if into[k] == nil {
					into[k] = &tally{}
				}
				into[k].all++
				conf := -1.0
				if d != nil && got[k] != "" {
					valued++
					for _, src := range d.Sources {
						if src.Field == claim[k] {
							conf = src.Confidence
							located++
							if src.Page < 1 || src.Line < 1 {
								t.Errorf("%s: %s read from page %d line %d of a PDF", r.Path, k, src.Page, src.Line)
							}
						}
					}
				}
				if got[k] == w {
					into[k].right++
					if conf >= 0 {
						confRight = append(confRight, conf)
					}
					continue
				}
				if conf >= 0 {
					confWrong = append(confWrong, conf)
				}
				line := fmt.Sprintf("%s: %s = %q, want %q", r.Path, k, got[k], w)
				if byOCR {
					line += " (OCR)"
				}
				wrong = append(wrong, line)
			}
		}
	}
	report := func(name string, m map[string]*tally) (right, all int) {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var parts []string
		for _, k := range keys {
			parts = append(parts, fmt.Sprintf("%s %d/%d", k, m[k].right, m[k].all))
			right, all = right+m[k].right, all+m[k].all
		}
		t.Logf("%s: %d/%d fields right: %s", name, right, all, strings.Join(parts, ", "))
		return right, all
	}
	mean := func(xs []float64) float64 {
		sum := 0.0
		for _, x := range xs {
			sum += x
		}
		return sum / float64(max(1, len(xs)))
	}
	t.Logf("sources: %d of %d fields read name their page and line; mean confidence %.2f over %d right fields, %.2f over %d wrong ones",
		located, valued, mean(confRight), len(confRight), mean(confWrong), len(confWrong))
	if located*10 < valued*9 {
		t.Errorf("only %d of %d fields read name where they were read", located, valued)
	}
	tr, ta := report("text layer", text)
	report("read by OCR", read)
	for _, w := range wrong {
		t.Log(w)
	}
	if tr != ta {
		t.Errorf("%d of %d verified fields read from a text layer are wrong (listed above)", ta-tr, ta)
	}
}
