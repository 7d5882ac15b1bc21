package search

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"congbao/gazette"
)

// TestTypedDiacriticsRankFirst: "đãi ngộ" ranked a text about "nghi ngờ"
// above texts saying "đãi ngộ", and "thuế" ranked "cho thuê" above
// "thuế": a word typed with its diacritics must count. On the sample, no
// hit that holds none of the typed words as typed may rank above one that
// holds them all.
func TestTypedDiacriticsRankFirst(t *testing.T) {
	ix, docs := sampleIndex(t)
	for _, q := range []string{"đãi ngộ", "thuế", "sử dụng đất", "đất đai", "cho thuê", "hồ sơ", "mức phạt", "bảo hiểm xã hội"} {
		res, err := ix.Search(context.Background(), gazette.SearchRequest{Query: q, Size: 30})
		if err != nil {
			t.Fatal(err)
		}
		words := strings.Fields(q)
		lastAll, firstNone := -1, -1
		for i, h := range res.Hits {
			text := strings.ToLower(docs[h.DocID].Text + " " + docs[h.DocID].Title)
			n := 0
			for _, w := range words {
				if regexp.MustCompile(`(^|[^\p{L}])` + regexp.QuoteMeta(w) + `($|[^\p{L}])`).MatchString(text) {
					n++
				}
			}
			if n == len(words) {
				lastAll = i
			} else if n == 0 && firstNone < 0 {
				firstNone = i
			}
		}
		if firstNone >= 0 && firstNone < lastAll {
			t.Errorf("%q: hit %d holds none of the words as typed, yet ranks above hit %d that holds them all", q, firstNone+1, lastAll+1)
		}
	}
}
