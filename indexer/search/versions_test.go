package search

import (
	"context"
	"path/filepath"
	"strconv"
	"testing"
	"time"
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

// TestKeysAfterReindexAndDelete: an index reopened after a document was
// indexed again and another deleted says the new version alone, and
// neither the deleted document nor an old number, though the older
// segments' dictionaries still hold their terms.
func TestKeysAfterReindexAndDelete(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	ix, err := Create(dir)
	if err != nil {
		t.Fatal(err)
	}
	doc := func(id, version, number string) Entry {
		return Entry{ID: "d:" + id, Kind: "document", DocID: id, Version: version, Number: number, Type: "Nghị định", Title: "t"}
	}
	if err := ix.Apply([]Entry{doc("1", "v1", "1/2020/NĐ-CP"), doc("2", "v1", "2/2020/NĐ-CP")}, nil); err != nil {
		t.Fatal(err)
	}
	if err := ix.Apply([]Entry{doc("1", "v2", "10/2020/NĐ-CP")}, []string{"d:1"}); err != nil {
		t.Fatal(err)
	}
	if err := ix.DeleteDocument("2"); err != nil {
		t.Fatal(err)
	}
	if v, err := ix.Versions(context.Background()); err != nil || len(v) != 1 || v["1"] != "v2" {
		t.Fatalf("Versions before reopening = %v, %v; want only 1 at v2", v, err)
	}
	ix.Close()
	if ix, err = Open(dir); err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	v, err := ix.Versions(context.Background())
	if err != nil || len(v) != 1 || v["1"] != "v2" {
		t.Fatalf("Versions = %v, %v; want only 1 at v2", v, err)
	}
	for number, want := range map[string]int{"10/2020/NĐ-CP": 1, "1/2020/NĐ-CP": 0, "2/2020/NĐ-CP": 0} {
		if hits, n, _ := ix.lookupNumber(number, false, time.Now()); int(n) != want || len(hits) != want {
			t.Errorf("number %s: %d hits, want %d", number, len(hits), want)
		}
	}
}

// TestNumberTableSharesFacetSets: documents with the same facet values
// share one copy of them in the number table (its memory at 100,000
// documents), and each still counts its own.
func TestNumberTableSharesFacetSets(t *testing.T) {
	ix, err := NewMem()
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	var batch []Entry
	for i := 1; i <= 3; i++ {
		id := strconv.Itoa(i)
		batch = append(batch, Entry{ID: "d:" + id, Kind: "document", DocID: id, Number: id + "/2020/NĐ-CP", Type: "Nghị định", Year: 2020, Title: "t"})
	}
	if err := ix.Apply(batch, nil); err != nil {
		t.Fatal(err)
	}
	if err := ix.nums.load(ix.shards); err != nil { // as an open reads it
		t.Fatal(err)
	}
	a, b := ix.nums.byNumber["1/2020/NĐ-CP"], ix.nums.byNumber["2/2020/NĐ-CP"]
	if len(a) != 1 || len(b) != 1 || len(a[0].facets) == 0 || &a[0].facets[0] != &b[0].facets[0] {
		t.Fatalf("facet sets %v and %v: want one shared copy", a, b)
	}
	_, _, facets := ix.lookupNumber("3/2020/NĐ-CP", true, time.Now())
	if fs := facets["type"]; len(fs) != 1 || fs[0].Count != 1 {
		t.Errorf("type facet of one number: %+v, want one document", fs)
	}
}
