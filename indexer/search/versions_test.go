package search

import (
	"context"
	"strconv"
	"testing"
)

// TestVersionsPages lists more document entries than one page holds.
func TestVersionsPages(t *testing.T) {
	ix, err := NewMem()
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	const n = 12001
	var batch []Entry
	for i := 1; i <= n; i++ {
		id := strconv.Itoa(i)
		batch = append(batch, Entry{ID: "d:" + id, Kind: "document", DocID: id, Version: "v" + id, Title: "t"})
	}
	if err := ix.Apply(batch, nil); err != nil {
		t.Fatal(err)
	}
	v, err := ix.Versions(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(v) != n || v["1"] != "v1" || v["12001"] != "v12001" || v["5000"] != "v5000" || v["5001"] != "v5001" {
		t.Fatalf("Versions: %d entries (want %d), 1=%q 5000=%q 5001=%q 12001=%q", len(v), n, v["1"], v["5000"], v["5001"], v["12001"])
	}
}
