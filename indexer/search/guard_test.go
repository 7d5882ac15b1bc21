package search

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"congbao/gazette"
)

// TestShardPanicIsAnError: a request Bleve panics on (a size that
// overflows its collector) is an error of the search, not the end of the
// process: Bleve's alias ran each shard in a goroutine of its own, where a
// panic could not be recovered.
func TestShardPanicIsAnError(t *testing.T) {
	ix, err := NewMem()
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Apply([]Entry{{ID: DocumentID(1), Kind: "document", DocID: "1", Text: "thông tin"}}, nil); err != nil {
		t.Fatal(err)
	}
	req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), math.MaxInt, 1, false) // from+size overflows
	_, err = ix.search(context.Background(), req)
	if err == nil || !strings.Contains(err.Error(), "failed on this query") {
		t.Fatalf("search of from 1 and size MaxInt = %v, want an error saying the query failed", err)
	}
}

// TestRequestLimits: Validate refuses what is beyond each limit, saying
// which, and Search does too.
func TestRequestLimits(t *testing.T) {
	ix, err := NewMem()
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	for _, r := range []gazette.SearchRequest{
		{Query: "a", From: gazette.MaxFrom + 1}, {Query: "a", From: -1}, {Query: "a", Size: gazette.MaxSize + 1},
		{Query: strings.Repeat("x", gazette.MaxQueryBytes+1)}, {Query: strings.Repeat("a ", gazette.MaxQueryTerms+1)},
		{Query: "year:abc"},
	} {
		if _, err := ix.Search(context.Background(), r); !errors.Is(err, gazette.ErrBadQuery) {
			t.Errorf("Search(from %d, size %d, %d bytes) = %v, want ErrBadQuery", r.From, r.Size, len(r.Query), err)
		}
	}
	if _, err := ix.Search(context.Background(), gazette.SearchRequest{Query: strings.Repeat("a ", gazette.MaxQueryTerms), From: gazette.MaxFrom, Size: gazette.MaxSize}); err != nil {
		t.Errorf("a request at every limit: %v", err)
	}
}
