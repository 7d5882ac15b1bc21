package fulltext

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
)

// Entry is one indexed unit: a whole document, or one of its articles.
type Entry struct {
	ID        string // index id: "d:<doc>" or "a:<doc>:<article>"
	Kind      string // "document" or "article"
	DocID     string
	Article   string
	Number    string
	Type      string
	Issuer    string
	Status    string
	Gazette   string
	Year      int
	IssueDate time.Time
	Effective time.Time
	Title     string
	Text      string
	Version   string // the document's updated_at, to find stale entries
}

func (e Entry) fields() map[string]any {
	m := map[string]any{FieldKind: e.Kind, FieldDocID: e.DocID, FieldTitle: e.Title, FieldTitleF: e.Title, FieldTitleB: e.Title,
		FieldText: e.Text, FieldTextF: e.Text, FieldTextB: e.Text}
	for k, v := range map[string]string{FieldArticle: e.Article, FieldNumber: e.Number, FieldType: e.Type,
		FieldIssuer: e.Issuer, FieldStatus: e.Status, FieldGazette: e.Gazette, FieldVersion: e.Version,
		FieldTypeK: Fold(e.Type), FieldIssuerK: Fold(e.Issuer), FieldStatusK: Fold(e.Status)} {
		if v != "" {
			m[k] = v
		}
	}
	if e.Number != "" {
		m[FieldNumberKey] = Fold(e.Number)
	}
	if e.Year > 0 {
		m[FieldYear] = float64(e.Year)
	}
	if !e.IssueDate.IsZero() {
		m[FieldIssueDate] = e.IssueDate
	}
	if !e.Effective.IsZero() {
		m[FieldEffective] = e.Effective
	}
	return m
}

// Index is a Bleve index with congbao's mapping.
type Index struct {
	b bleve.Index
}

// Open opens the index at path, creating it when absent.
func Open(path string) (*Index, error) {
	b, err := bleve.Open(path)
	if errors.Is(err, bleve.ErrorIndexPathDoesNotExist) {
		m, merr := NewMapping()
		if merr != nil {
			return nil, merr
		}
		b, err = bleve.New(path, m)
	}
	if err != nil {
		return nil, fmt.Errorf("open search index %s: %w", path, err)
	}
	return &Index{b: b}, nil
}

// Create makes a new index at path, which must not exist.
func Create(path string) (*Index, error) {
	m, err := NewMapping()
	if err != nil {
		return nil, err
	}
	b, err := bleve.New(path, m)
	if err != nil {
		return nil, fmt.Errorf("create search index %s: %w", path, err)
	}
	return &Index{b: b}, nil
}

// NewMem returns an index held in memory (evaluation, tests).
func NewMem() (*Index, error) {
	m, err := NewMapping()
	if err != nil {
		return nil, err
	}
	b, err := bleve.NewMemOnly(m)
	if err != nil {
		return nil, err
	}
	return &Index{b: b}, nil
}

// Close closes the index.
func (ix *Index) Close() error { return ix.b.Close() }

// Count returns the number of indexed entries.
func (ix *Index) Count() (uint64, error) { return ix.b.DocCount() }

// Apply indexes entries and removes the ids in deletes, in one batch.
func (ix *Index) Apply(entries []Entry, deletes []string) error {
	batch := ix.b.NewBatch()
	for _, id := range deletes {
		batch.Delete(id)
	}
	for _, e := range entries {
		if err := batch.Index(e.ID, e.fields()); err != nil {
			return fmt.Errorf("index %s: %w", e.ID, err)
		}
	}
	if err := ix.b.Batch(batch); err != nil {
		return fmt.Errorf("index batch of %d: %w", len(entries), err)
	}
	return nil
}

// DeleteDocument removes a document's entries (its own and its articles').
func (ix *Index) DeleteDocument(docID string) error {
	ids, err := ix.idsOf(docID)
	if err != nil {
		return err
	}
	return ix.Apply(nil, ids)
}

func (ix *Index) idsOf(docID string) ([]string, error) {
	q := bleve.NewTermQuery(docID)
	q.SetField(FieldDocID)
	req := bleve.NewSearchRequestOptions(q, 100000, 0, false)
	res, err := ix.b.Search(req)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	return ids, nil
}

// RemoveAll deletes the index folder at path.
func RemoveAll(path string) error {
	if path == "" || path == "/" || strings.TrimSpace(path) == "" {
		return fmt.Errorf("refusing to remove index path %q", path)
	}
	return os.RemoveAll(path)
}
