package search

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// TestPhraseSameAsBleve checks the gated phrase query against Bleve's own
// phrase query on real documents: the same entries, the same scores, and
// highlights on the phrase only. Phrases with stop words, punctuation in
// the text, repeated words, one syllable and none found are among them.
func TestPhraseSameAsBleve(t *testing.T) {
	ix, _ := sampleIndex(t)
	ctx := context.Background()
	run := func(q query.Query) map[string]float64 {
		req := bleve.NewSearchRequestOptions(q, 100000, 0, false)
		res, err := ix.search(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]float64{}
		for _, h := range res.Hits {
			out[h.ID] = h.Score
		}
		return out
	}
	for _, phrase := range []string{"cơ quan điều tra", "hợp đồng lao động", "quyền và nghĩa vụ", "ngày ký", "có hiệu lực thi hành",
		"tổ chức, cá nhân", "nghị định này", "bảo hiểm xã hội", "uỷ ban nhân dân", "ủy ban nhân dân", "đất", "trách nhiệm của",
		"co quan nha nuoc", "theo quy định của pháp luật", "lao động lao động", "xe máy chuyên dùng bay"} {
		ours := run(phraseIn(phrase, FieldTextF, FieldTextB))
		ref := bleve.NewMatchPhraseQuery(phrase)
		ref.SetField(FieldTextF)
		want := run(ref)
		if len(ours) != len(want) {
			t.Errorf("%q: %d entries, Bleve's phrase query %d", phrase, len(ours), len(want))
		}
		for id, s := range want {
			if got, ok := ours[id]; !ok {
				t.Errorf("%q: %s missing", phrase, id)
			} else if math.Abs(got-s) > 1e-9*math.Max(1, s) {
				t.Errorf("%q: %s score %g, Bleve's %g", phrase, id, got, s)
			}
		}
		t.Logf("%q: %d entries", phrase, len(want))
	}

	// the highlight marks the phrase, not each of its words elsewhere
	req := bleve.NewSearchRequestOptions(phraseIn("hợp đồng lao động", FieldTextF, FieldTextB), 5, 0, false)
	req.Highlight = bleve.NewHighlightWithStyle("html")
	req.Highlight.AddField(FieldTextF)
	res, err := ix.search(ctx, req)
	if err != nil || len(res.Hits) == 0 {
		t.Fatalf("highlight: %v, %d hits", err, len(res.Hits))
	}
	for _, h := range res.Hits {
		for _, f := range h.Fragments[FieldTextF] {
			for _, m := range marked(f) {
				if Fold(m) != "hop" && Fold(m) != "dong" && Fold(m) != "lao" {
					t.Errorf("%s: marked %q in %q", h.ID, m, f)
				}
			}
		}
	}
}

// marked returns the texts between <mark> and </mark> in an HTML fragment.
func marked(f string) []string {
	var out []string
	for {
		i := strings.Index(f, "<mark>")
		if i < 0 {
			return out
		}
		f = f[i+len("<mark>"):]
		j := strings.Index(f, "</mark>")
		if j < 0 {
			return out
		}
		out = append(out, f[:j])
		f = f[j:]
	}
}
