package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"congbao/cmd/congbao/internal/golden"
)

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
	golden.Check(t, "../../testdata/golden/sample-metadata.tsv", []byte(head+strings.Join(lines, "\n")+"\n"), *golden.Update)
}
