package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"congbao/gazette"
)

type fakeStore struct {
	n   int
	err error
}

func (f fakeStore) CountPublished(context.Context) (int, error) { return f.n, f.err }

func (f fakeStore) DocumentByID(context.Context, int64) (*gazette.Document, error) {
	return nil, gazette.ErrNotFound
}

func (f fakeStore) PublishedDocument(context.Context, int64) (*gazette.Document, error) {
	return nil, gazette.ErrNotFound
}

func (f fakeStore) DocumentsByNumber(context.Context, string, bool) ([]*gazette.Document, error) {
	return nil, nil
}

func (f fakeStore) DocumentsByNumbers(context.Context, []string) (map[string][]*gazette.Document, error) {
	return nil, nil
}

func (f fakeStore) Dossier(ctx context.Context, id int64, drafts bool) (*gazette.Dossier, error) {
	return dossierOf(ctx, f, id, drafts)
}

// dossierOf builds a Dossier from a test store's single reads.
func dossierOf(ctx context.Context, st Store, id int64, drafts bool) (*gazette.Dossier, error) {
	get := st.PublishedDocument
	if drafts {
		get = st.DocumentByID
	}
	d, err := get(ctx, id)
	if err != nil {
		return nil, err
	}
	dos := &gazette.Dossier{Document: d}
	if dos.Parts, err = st.Parts(ctx, id); err != nil {
		return nil, err
	}
	if dos.Articles, err = st.Articles(ctx, id); err != nil {
		return nil, err
	}
	if dos.Citations, err = st.Citations(ctx, id); err != nil {
		return nil, err
	}
	if d.Number != "" {
		if dos.CitedBy, err = st.CitedBy(ctx, d.Number); err != nil {
			return nil, err
		}
	}
	return dos, nil
}

func (f fakeStore) DocumentsMeta(context.Context, []int64) ([]*gazette.Document, error) {
	return nil, f.err
}

func (f fakeStore) Citations(context.Context, int64) ([]gazette.Citation, error) { return nil, nil }

func (f fakeStore) CitedBy(context.Context, string) ([]gazette.CitingDocument, error) {
	return nil, nil
}

func (f fakeStore) DocumentsByTitle(context.Context, string) ([]*gazette.Document, error) {
	return nil, nil
}

func (f fakeStore) AmendmentsBy(context.Context, int64) ([]gazette.Amendment, error) { return nil, nil }

func (f fakeStore) Parts(context.Context, int64) ([]gazette.DocPart, error) { return nil, nil }

func (f fakeStore) Articles(context.Context, int64) ([]gazette.Article, error) { return nil, nil }

func TestHealthzAndErrors(t *testing.T) {
	tests := []struct {
		name, path  string
		store       fakeStore
		status      int
		body        string
		contentType string
	}{
		{"healthy", "/healthz", fakeStore{n: 3}, 200, `"documents":3`, "application/json"},
		{"store fails", "/healthz", fakeStore{err: errors.New("disk on fire")}, 500, `"detail":"internal error"`, "application/problem+json"},
		{"not found", "/nosuch", fakeStore{}, 404, `"status":404`, "application/problem+json"},
		{"not found kind", "/healthz", fakeStore{err: fmt.Errorf("document 7: %w", gazette.ErrNotFound)}, 404, `document 7: not found`, "application/problem+json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			New(tt.store, nil, nil).Handler().ServeHTTP(rec, httptest.NewRequest("GET", tt.path, nil))
			if rec.Code != tt.status || !strings.Contains(rec.Body.String(), tt.body) ||
				!strings.HasPrefix(rec.Header().Get("Content-Type"), tt.contentType) {
				t.Errorf("GET %s = %d %s %q, want %d %s containing %s", tt.path, rec.Code, rec.Header().Get("Content-Type"),
					rec.Body.String(), tt.status, tt.contentType, tt.body)
			}
			if strings.Contains(rec.Body.String(), "disk on fire") {
				t.Errorf("internal error text leaked to the client: %s", rec.Body.String())
			}
			var v map[string]any
			if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
				t.Errorf("body is not JSON: %v", err)
			}
		})
	}
}
