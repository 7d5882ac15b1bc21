package search

import (
	"context"
	"strings"
	"testing"

	"congbao/gazette"
)

// TestYearFacetAndUnknownFilters: a document without a date offered the
// year "1" (a zero date), whose link answered 400; a filter value no
// document carries gave 0 hits silently.
func TestYearFacetAndUnknownFilters(t *testing.T) {
	ix, err := NewMem()
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	var batch []Entry
	for _, d := range []*gazette.Document{
		{ID: 1, Title: "Quy định về đất đai", TypeName: "Nghị định", IssuerName: "Chính phủ", IssueDate: gazette.DateOf(2013, 5, 2), State: gazette.StatePublished, Text: "Điều 1. Đất đai"},
		{ID: 2, Title: "Văn bản không rõ ngày về đất đai", TypeName: "Quyết định", State: gazette.StatePublished, Text: "Điều 1. Đất đai"},
	} {
		batch = append(batch, Entries(d, nil)...)
	}
	if err := ix.Apply(batch, nil); err != nil {
		t.Fatal(err)
	}
	res, err := ix.Search(context.Background(), gazette.SearchRequest{Query: "đất đai", Facets: true, Size: 10})
	if err != nil {
		t.Fatal(err)
	}
	var years []string
	for _, v := range res.Facets["year"] {
		years = append(years, v.Value)
	}
	if strings.Join(years, ",") != "2013" {
		t.Errorf("year facet %q, want only 2013", years)
	}
	if len(res.Warnings) != 0 {
		t.Errorf("warnings on a query with hits: %q", res.Warnings)
	}
	res, err = ix.Search(context.Background(), gazette.SearchRequest{Query: "đất đai type:xyz", Facets: true, Size: 10})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 0 || len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "«xyz»") {
		t.Errorf("type:xyz: total %d, warnings %q; want 0 and one naming xyz", res.Total, res.Warnings)
	}
	res, err = ix.Search(context.Background(), gazette.SearchRequest{Query: "zzzz type:NĐ", Facets: true, Size: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) != 0 {
		t.Errorf("type:NĐ is carried by a document; warnings %q", res.Warnings)
	}
}
