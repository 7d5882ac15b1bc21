// Package export reads what `congbao export` prints, one JSON object per
// document, for the command's tests and its acceptance tests: the fields
// they compare with the hand-verified manifests.
package export

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// Document is what the tests read of one exported document.
type Document struct {
	ID            int64   `json:"id"`
	Number        *string `json:"number"`
	TypeName      *string `json:"type_name"`
	IssuerName    *string `json:"issuer_name"`
	Place         *string `json:"place"`
	IssueDate     *string `json:"issue_date"`
	EffectiveDate *string `json:"effective_date"`
	Signer        *string `json:"signer"`
	NeedsOCR      bool    `json:"needs_ocr"`
	Gazette       *struct {
		Issue string  `json:"issue"`
		Date  *string `json:"date"`
	} `json:"gazette"`
	Parts []struct {
		Issue string `json:"issue"`
	} `json:"parts"`
	Source *struct {
		File string `json:"file"`
	} `json:"source"`
	Checks []struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"checks"`
	Sources []struct {
		Field      string  `json:"field"`
		Page       int     `json:"page"`
		Line       int     `json:"line"`
		Confidence float64 `json:"confidence"`
		OCR        bool    `json:"ocr"`
	} `json:"sources"`
}

// HasCheck reports whether the document carries the check with this code.
func (d *Document) HasCheck(code string) bool {
	for _, c := range d.Checks {
		if c.Code == code {
			return true
		}
	}
	return false
}

// Parse reads the lines of `congbao export`.
func Parse(out string) ([]Document, error) {
	var docs []Document
	for i, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if l == "" {
			continue
		}
		var d Document
		if err := json.Unmarshal([]byte(l), &d); err != nil {
			return nil, fmt.Errorf("export line %d %.80q: %w", i+1, l, err)
		}
		docs = append(docs, d)
	}
	return docs, nil
}

// All runs `congbao --data DATA export` with run (the test's way of
// running the command: in process or the built binary) and reads every
// document it prints; it fails t on an exit code other than 0.
func All(t testing.TB, data string, run func(args ...string) (code int, stdout, stderr string)) []Document {
	t.Helper()
	code, out, errs := run("--data", data, "export")
	if code != 0 {
		t.Fatalf("export: %d %s", code, errs)
	}
	docs, err := Parse(out)
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

// Str is the value of an optional field, "" when absent.
func Str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
