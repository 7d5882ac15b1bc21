package server

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"congbao/gazette"
	"congbao/gazette/law"
)

// docStore holds a published and a draft document with the same number.
type docStore struct{ fakeStore }

var (
	published = &gazette.Document{ID: 1, Number: "43/2011/NĐ-CP", TypeName: "Nghị định", Title: "Về công khai", State: gazette.StatePublished, Text: "CHÍNH PHỦ\nSố: 43/2011/NĐ-CP", EffectiveDate: gazette.DateOf(2011, 7, 1), EffectStatus: gazette.StatusInForce}
	draft     = &gazette.Document{ID: 2, Number: "43/2011/NĐ-CP", Title: "BẢN NHÁP BÍ MẬT", State: gazette.StateDraft, Text: "nháp"}
)

func init() {
	tl := law.Derive(published, nil, nil, nil) // as the store gives it
	published.Timeline = &tl
}

func (docStore) DocumentByID(_ context.Context, id int64) (*gazette.Document, error) {
	switch id {
	case 1:
		d := *published
		return &d, nil
	case 2:
		d := *draft
		return &d, nil
	}
	return nil, gazette.ErrNotFound
}

func (s docStore) Dossier(ctx context.Context, id int64, drafts bool) (*gazette.Dossier, error) {
	return dossierOf(ctx, s, id, drafts)
}

func (s docStore) DocumentsMeta(ctx context.Context, ids []int64) ([]*gazette.Document, error) {
	var out []*gazette.Document
	for _, id := range ids {
		if d, err := s.DocumentByID(ctx, id); err == nil {
			d.Text = ""
			out = append(out, d)
		}
	}
	return out, nil
}

func (s docStore) PublishedDocument(ctx context.Context, id int64) (*gazette.Document, error) {
	d, err := s.DocumentByID(ctx, id)
	if err != nil || d.State != gazette.StatePublished {
		return nil, fmt.Errorf("document %d: %w", id, gazette.ErrNotFound)
	}
	return d, nil
}

func (docStore) DocumentsByNumber(_ context.Context, number string, drafts bool) ([]*gazette.Document, error) {
	if number != "43/2011/NĐ-CP" {
		return nil, nil
	}
	out := []*gazette.Document{published}
	if drafts {
		out = append(out, draft)
	}
	return out, nil
}

func (d docStore) DocumentsByNumbers(ctx context.Context, numbers []string) (map[string][]*gazette.Document, error) {
	out := map[string][]*gazette.Document{}
	for _, n := range numbers {
		docs, _ := d.DocumentsByNumber(ctx, n, false)
		if len(docs) > 0 {
			out[n] = docs
		}
	}
	return out, nil
}

func (docStore) DocumentsByTitle(context.Context, string) ([]*gazette.Document, error) {
	return nil, nil
}

// fakeSearcher returns both documents, as an index lagging a change could.
type fakeSearcher struct{ err error }

func (f fakeSearcher) Search(context.Context, gazette.SearchRequest) (*gazette.SearchResult, error) {
	if f.err != nil {
		return nil, f.err
	}
	return &gazette.SearchResult{Total: 2, Hits: []gazette.DocHit{{DocID: "1"}, {DocID: "2"}}}, nil
}

func TestRoutes(t *testing.T) {
	tests := []struct {
		name, path string
		searcher   Searcher
		status     int
		has, hasnt string
	}{
		{"number in any spelling", "/api/v1/documents?number=43/2011/nd-cp", fakeSearcher{}, 200, `"Về công khai"`, "BÍ MẬT"},
		{"number missing", "/api/v1/documents", fakeSearcher{}, 400, "is required", ""},
		{"not a number", "/api/v1/documents?number=QCVN%2006:2022/BXD", fakeSearcher{}, 400, "QCVN", ""},
		{"no match is an empty list", "/api/v1/documents?number=1/2000/NĐ-CP", fakeSearcher{}, 200, `"documents":[]`, ""},
		{"published by id", "/api/v1/documents/1", fakeSearcher{}, 200, `"number":"43/2011/NĐ-CP"`, ""},
		{"effect at a date", "/api/v1/documents/1?as_of=2011-06-30", fakeSearcher{}, 200, `"status":"Chưa có hiệu lực"`, ""},
		{"effect today", "/api/v1/documents/1", fakeSearcher{}, 200, `"status":"Còn hiệu lực"`, ""},
		{"bad as_of", "/api/v1/documents/1?as_of=2012-13-45", fakeSearcher{}, 400, "as_of", ""},
		{"draft by id is not found", "/api/v1/documents/2", fakeSearcher{}, 404, "not found", "BÍ MẬT"},
		{"draft text is not found", "/api/v1/documents/2/text", fakeSearcher{}, 404, "", "nháp"},
		{"bad id", "/api/v1/documents/abc", fakeSearcher{}, 400, "positive integer", ""},
		{"text", "/api/v1/documents/1/text", fakeSearcher{}, 200, "Số: 43/2011/NĐ-CP", ""},
		{"search leaves drafts out", "/api/v1/search?q=43/2011", fakeSearcher{}, 200, "Về công khai", "BÍ MẬT"},
		{"search size out of range", "/api/v1/search?q=x&size=1000", fakeSearcher{}, 400, "size", ""},
		{"search while the index builds", "/api/v1/search?q=x", fakeSearcher{fmt.Errorf("building: %w", gazette.ErrUnavailable)}, 503, "building", ""},
		{"search failing on disk", "/api/v1/search?q=x", fakeSearcher{errors.New("read segment: input/output error")}, 500, "internal error", "input/output"},
		{"bad query", "/api/v1/search?q=year:abc", fakeSearcher{fmt.Errorf("year:abc: want a year: %w", gazette.ErrBadQuery)}, 400, "year:abc", ""},
		{"index fails", "/api/v1/search?q=a", fakeSearcher{errors.New("read shard-0: input/output error")}, 500, "internal error", "input/output"},
		{"home page", "/", fakeSearcher{}, 200, "Tra số, ký hiệu", ""},
		{"citations", "/api/v1/documents/1/citations", fakeSearcher{}, 200, `"citations"`, ""},
		{"cited by", "/api/v1/documents/1/cited-by", fakeSearcher{}, 200, `"cited_by":[]`, ""},
		{"citations of a draft", "/api/v1/documents/2/citations", fakeSearcher{}, 404, "not found", "BÍ MẬT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			New(docStore{}, tt.searcher, nil).Handler().ServeHTTP(rec, httptest.NewRequest("GET", tt.path, nil))
			body := rec.Body.String()
			if rec.Code != tt.status || !strings.Contains(body, tt.has) || tt.hasnt != "" && strings.Contains(body, tt.hasnt) {
				t.Errorf("GET %s = %d %s; want %d containing %q without %q", tt.path, rec.Code, body, tt.status, tt.has, tt.hasnt)
			}
			if tt.status == 503 && rec.Header().Get("Retry-After") == "" {
				t.Errorf("503 without Retry-After")
			}
		})
	}
}
