package search

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"congbao/gazette"
	"congbao/gazette/number"
	"congbao/gazette/read"
	"congbao/gazette/vntext"
)

// sampleIndex indexes the first 150 Vietnamese full texts of the bundled
// sample (real vbpl.vn records), reading metadata from their text as ingest does.
func sampleIndex(t *testing.T) (*Index, map[string]*gazette.Document) {
	t.Helper()
	f, err := os.Open("../../testdata/sample/vbpl_documents_2026-04.jsonl.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := Create(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	docs := map[string]*gazette.Document{}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	var entries []Entry
	for id := int64(1); sc.Scan() && len(docs) < 150; {
		var r struct {
			Title, Language, Kind string
			Text                  *string
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		if r.Language != "vi" || r.Kind != "fulltext" || r.Text == nil {
			continue
		}
		d := &gazette.Document{ID: id, State: gazette.StatePublished, Text: vntext.CleanText(*r.Text)}
		md := read.ExtractMetadata(d.Text)
		d.Apply(md.Claims())
		if n, err := number.Parse(r.Title); err == nil {
			d.Number = n.String()
		}
		docs[strconv.FormatInt(id, 10)] = d
		entries = append(entries, Entries(d, md.Articles)...)
		id++
	}
	if err := ix.Apply(entries, nil); err != nil {
		t.Fatal(err)
	}
	return ix, docs
}

type searchCase struct {
	Comment   string `json:"comment"`
	Query     string `json:"query"`
	WantFirst string `json:"want_first"`
	WantInTop *struct {
		Number string `json:"number"`
		K      int    `json:"k"`
	} `json:"want_in_top"`
	WantAbsent    string `json:"want_absent"`
	WantMinTotal  uint64 `json:"want_min_total"`
	WantAllType   string `json:"want_all_type"`
	WantAllIssuer string `json:"want_all_issuer"`
	WantFacet     *struct {
		Name, Value string
	} `json:"want_facet"`
}

func TestSearches(t *testing.T) {
	ix, docs := sampleIndex(t)
	b, err := os.ReadFile("testdata/searches.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []searchCase
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		res, err := ix.Search(context.Background(), gazette.SearchRequest{Query: c.Query, Size: 50, Facets: true, Snippets: true})
		if err != nil {
			t.Errorf("%s: Search(%q): %v", c.Comment, c.Query, err)
			continue
		}
		var numbers []string
		for _, h := range res.Hits {
			numbers = append(numbers, docs[h.DocID].Number)
		}
		if c.WantFirst != "" && (len(numbers) == 0 || numbers[0] != c.WantFirst) {
			t.Errorf("%s: Search(%q) first %v, want %s", c.Comment, c.Query, head(numbers, 3), c.WantFirst)
		}
		if c.WantInTop != nil && !contains(head(numbers, c.WantInTop.K), c.WantInTop.Number) {
			t.Errorf("%s: Search(%q) top %d %v lacks %s", c.Comment, c.Query, c.WantInTop.K, head(numbers, c.WantInTop.K), c.WantInTop.Number)
		}
		if c.WantAbsent != "" && contains(numbers, c.WantAbsent) {
			t.Errorf("%s: Search(%q) holds %s", c.Comment, c.Query, c.WantAbsent)
		}
		if res.Total < c.WantMinTotal || c.WantMinTotal > 0 && len(res.Hits) == 0 {
			t.Errorf("%s: Search(%q) total %d, want >= %d", c.Comment, c.Query, res.Total, c.WantMinTotal)
		}
		for _, h := range res.Hits {
			d := docs[h.DocID]
			if c.WantAllType != "" && d.TypeName != c.WantAllType {
				t.Errorf("%s: Search(%q) holds %s of type %q", c.Comment, c.Query, d.Number, d.TypeName)
			}
			if c.WantAllIssuer != "" && d.IssuerName != c.WantAllIssuer {
				t.Errorf("%s: Search(%q) holds %s of issuer %q", c.Comment, c.Query, d.Number, d.IssuerName)
			}
		}
		if c.WantFacet != nil {
			found := false
			for _, fc := range res.Facets[c.WantFacet.Name] {
				found = found || fc.Value == c.WantFacet.Value && fc.Count > 0
			}
			if !found {
				t.Errorf("%s: Search(%q) facet %s = %v, want %s", c.Comment, c.Query, c.WantFacet.Name, res.Facets[c.WantFacet.Name], c.WantFacet.Value)
			}
		}
	}
}

func TestSnippetKeepsDiacritics(t *testing.T) {
	ix, _ := sampleIndex(t)
	res, err := ix.Search(context.Background(), gazette.SearchRequest{Query: "kiem soat noi bo", Size: 3, Snippets: true})
	if err != nil || len(res.Hits) == 0 || len(res.Hits[0].Snippet) == 0 {
		t.Fatalf("Search: %v %+v", err, res)
	}
	s := res.Hits[0].Snippet[0]
	if !strings.Contains(s, "<mark>") || !strings.Contains(s, "ể") {
		t.Errorf("snippet %q: want marks around the matches and the document's diacritics", s)
	}
}

func head(s []string, n int) []string { return s[:min(n, len(s))] }

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// TestShardsAgree: a query run on the shards in turn gives what the alias
// gives in parallel (the same entries in the same order, total and
// facets), and the facets count documents, each once, whatever number of
// its articles match.
func TestShardsAgree(t *testing.T) {
	ix, _ := sampleIndex(t)
	if len(ix.shards) < 2 {
		t.Fatalf("%d shards, want %d", len(ix.shards), Shards)
	}
	ctx := context.Background()
	for _, text := range []string{"59/2026/nd-cp", "nghị định 66/2026", "quy định", `"kiểm soát nội bộ"`, "thuế type:luat", "trách nhiệm", "43/2099/nd-cp"} {
		p, err := ParseQuery(text)
		if err != nil {
			t.Fatal(err)
		}
		q := p.Query(DefaultWeights, false)
		r := gazette.SearchRequest{Query: text, Facets: true}
		inTurn, err := ix.hits(ctx, q, r, 30, true)
		if err != nil {
			t.Fatal(err)
		}
		together, err := ix.hits(ctx, q, r, 30, false)
		if err != nil {
			t.Fatal(err)
		}
		if inTurn.Total != together.Total || len(inTurn.Hits) != len(together.Hits) {
			t.Fatalf("%q: in turn %d of %d, together %d of %d", text, len(inTurn.Hits), inTurn.Total, len(together.Hits), together.Total)
		}
		for i := range inTurn.Hits {
			if inTurn.Hits[i].ID != together.Hits[i].ID {
				t.Errorf("%q: hit %d is %s in turn, %s together", text, i, inTurn.Hits[i].ID, together.Hits[i].ID)
			}
		}
		nt, ft, err := ix.countDocuments(ctx, q, inTurn, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		ng, fg, err := ix.countDocuments(ctx, q, together, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if nt != ng || fmt.Sprint(ft) != fmt.Sprint(fg) {
			t.Errorf("%q: facets in turn %d %v, together %d %v", text, nt, ft, ng, fg)
		}
		if !p.lookup() {
			continue
		}
		// a number alone is read from the postings: the same documents, order and facets
		res, err := ix.Search(ctx, gazette.SearchRequest{Query: text, Size: 30, Facets: true})
		if err != nil {
			t.Fatal(err)
		}
		want := groupHits(together)
		if res.Total != ng || len(res.Hits) != len(want) || fmt.Sprint(res.Facets) != fmt.Sprint(fg) {
			t.Errorf("%q: lookup %d of %d %v, search %d of %d %v", text, len(res.Hits), res.Total, res.Facets, len(want), ng, fg)
		}
		for i := range min(len(res.Hits), len(want)) {
			if res.Hits[i].DocID != want[i].DocID {
				t.Errorf("%q: lookup hit %d is %s, search's %s", text, i, res.Hits[i].DocID, want[i].DocID)
			}
		}
	}

}

// TestTotalCountsDocuments: the total and the facets count documents,
// each once, whether their own entry (title, preamble) or only some of
// their articles match: against a count made by reading every text.
func TestTotalCountsDocuments(t *testing.T) {
	ix, docs := sampleIndex(t)
	ctx := context.Background()
	for _, phrase := range []string{"hợp đồng lao động", "bảo hiểm xã hội", "ủy ban nhân dân", "kiểm soát nội bộ", "quyền sử dụng đất"} {
		words := strings.Fields(Fold(phrase))
		re := regexp.MustCompile(`(^|[^\pL\pN])` + strings.Join(words, `[^\pL\pN]+`) + `($|[^\pL\pN])`)
		want, byType := 0, map[string]int{}
		for _, d := range docs {
			if re.MatchString(Fold(d.Text)) {
				want++
				byType[d.TypeName]++
			}
		}
		res, err := ix.Search(ctx, gazette.SearchRequest{Query: `"` + phrase + `"`, Size: 10, Facets: true})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]int{}
		for _, fc := range res.Facets["type"] {
			got[fc.Value] = fc.Count
		}
		delete(byType, "")
		if res.Total != uint64(want) || fmt.Sprint(got) != fmt.Sprint(byType) {
			t.Errorf("%q: total %d, types %v; the texts: %d documents, types %v", phrase, res.Total, got, want, byType)
		}
		t.Logf("%q: %d documents, by type %v", phrase, res.Total, got)
	}
}

// TestNumberTableFollowsIndex: the in-memory table of numbers that number
// lookups read follows what Apply writes (a deletion, an entry indexed
// again with another number) and is read back the same when the index
// opens again.
func TestNumberTableFollowsIndex(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "index")
	ix, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	doc := func(id, number, typ string) Entry {
		return Entry{ID: "d:" + id, Kind: "document", DocID: id, Number: number, Type: typ, Year: 2011, Title: "Nghị định " + number, Text: "quy định"}
	}
	art := Entry{ID: "a:1:1", Kind: "article", DocID: "1", Article: "1", Number: "43/2011/NĐ-CP", Title: "Điều 1", Text: "quy định"}
	if err := ix.Apply([]Entry{doc("1", "43/2011/NĐ-CP", "Nghị định"), art, doc("2", "43/2011/NĐ-CP", "Nghị định"), doc("3", "01/2012/TT-BTC", "Thông tư")}, nil); err != nil {
		t.Fatal(err)
	}
	look := func(ix *Index, q string) (string, uint64, string) {
		res, err := ix.Search(ctx, gazette.SearchRequest{Query: q, Facets: true})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, h := range res.Hits {
			ids = append(ids, h.DocID)
		}
		return strings.Join(ids, ","), res.Total, fmt.Sprint(res.Facets["type"])
	}
	check := func(ix *Index, q, wantIDs string, wantTotal uint64, wantTypes string) {
		t.Helper()
		if ids, total, types := look(ix, q); ids != wantIDs || total != wantTotal || types != wantTypes {
			t.Errorf("%s: %q, total %d, types %s; want %q, %d, %s", q, ids, total, types, wantIDs, wantTotal, wantTypes)
		}
	}
	check(ix, "43/2011/nd-cp", "1,2", 2, "[{Nghị định 2}]")
	if err := ix.DeleteDocument("2"); err != nil {
		t.Fatal(err)
	}
	check(ix, "43/2011/nd-cp", "1", 1, "[{Nghị định 1}]")
	if err := ix.Apply([]Entry{doc("3", "02/2012/TT-BTC", "Thông tư")}, []string{"d:3"}); err != nil { // renumbered
		t.Fatal(err)
	}
	check(ix, "1/2012/tt-btc", "", 0, "[]")
	check(ix, "2/2012/tt-btc", "3", 1, "[{Thông tư 1}]")
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if ix, err = Open(path); err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	check(ix, "43/2011/nd-cp", "1", 1, "[{Nghị định 1}]")
	check(ix, "2/2012/tt-btc", "3", 1, "[{Thông tư 1}]")
	check(ix, "1/2012/tt-btc", "", 0, "[]")
}
