package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"congbao/gazette"
	"congbao/indexer/search"
)

// TestOutdatedIndexRebuilt: a data folder whose index an older congbao
// built (one Bleve index at DATA/index, before shards) is rebuilt from
// SQLite on open, and `congbao check` names the problem until then.
func TestOutdatedIndexRebuilt(t *testing.T) {
	data := t.TempDir()
	if code, _, errOut := run(t, "", "--data", data, "ingest", "../../testdata/pdf/nd-49-2026-nd-cp.signed.pdf"); code != 0 {
		t.Fatalf("ingest: exit %d: %s", code, errOut)
	}
	index := filepath.Join(data, "index")
	if err := os.RemoveAll(index); err != nil {
		t.Fatal(err)
	}
	m, err := search.NewMapping()
	if err != nil {
		t.Fatal(err)
	}
	old, err := bleve.New(index, m) // the layout of before
	if err != nil {
		t.Fatal(err)
	}
	old.Close()

	if code, _, errOut := run(t, "", "--data", data, "check"); code == 0 || !strings.Contains(errOut, "older congbao") {
		t.Errorf("check on an outdated index: exit %d, %q; want an error naming it", code, errOut)
	}

	code, out, errOut := run(t, "", "--data", data, "search", "--json", "49/2026/nđ-cp")
	if code != 0 {
		t.Fatalf("search: exit %d: %s", code, errOut)
	}
	if !strings.Contains(errOut, "older congbao") {
		t.Errorf("search did not say it rebuilt the index: %q", errOut)
	}
	var res gazette.SearchResult
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 1 || res.Total != 1 {
		t.Fatalf("after the rebuild: %d hits, total %d, want the one document", len(res.Hits), res.Total)
	}
	if _, err := search.Open(index); err != nil {
		t.Errorf("the rebuilt index does not open: %v", err)
	}
}
