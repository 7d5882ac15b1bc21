package search

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2"

	"congbao/gazette"
	"congbao/gazette/number"
)

// DocumentID is the index id of a document's own entry.
func DocumentID(id int64) string { return DocumentIDOf(strconv.FormatInt(id, 10)) }

// DocumentIDOf is the index id of the entry of the document with this id.
func DocumentIDOf(docID string) string { return "d:" + docID }

// articleEntryID is the index id of a document's article entry.
func articleEntryID(docID, article string) string { return "a:" + docID + ":" + article }

// parseEntryID reads what an entry id says: "d:<doc>" is a document's
// entry, "a:<doc>:<article>" one of its articles. Search reads hits this
// way instead of loading stored fields, which would decompress each hit's
// stored text.
func parseEntryID(id string) (kind, docID, article string) {
	switch {
	case strings.HasPrefix(id, "d:"):
		return "document", id[2:], ""
	case strings.HasPrefix(id, "a:"):
		docID, article, _ = strings.Cut(id[2:], ":")
		return "article", docID, article
	}
	return "", id, ""
}

// Entries returns the index entries of a published document: one for the
// document (title and whole text) and one per article. A draft has none.
func Entries(d *gazette.Document, arts []gazette.Article) []Entry {
	if d.State != gazette.StatePublished || d.NeedsOCR || d.TranslationOf != 0 {
		return nil // a translation is a language version of a document indexed in its own language
	}
	docID := strconv.FormatInt(d.ID, 10)
	year := 0 // unknown: no year facet (a zero date is year 1)
	if !d.IssueDate.IsZero() {
		year = d.IssueDate.Year()
	}
	if n, err := number.Parse(d.Number); err == nil && n.Year > 0 {
		year = n.Year
	}
	base := Entry{DocID: docID, Number: d.Number, Type: d.TypeName, Issuer: d.IssuerName, Effect: EffectOf(d),
		Gazette: d.Gazette.Issue, Year: year, IssueDate: d.IssueDate.Time, Effective: d.EffectiveDate.Time}
	// the version changes when the document is written, and when what its
	// effect rests on (another document that ends or amends it) does
	base.Version = d.UpdatedAt.UTC().Format("2006-01-02T15:04:05.000000000Z") + " " + base.Effect.String()
	doc := base
	doc.ID, doc.Kind, doc.Title, doc.Text = DocumentID(d.ID), "document", documentTitle(d), d.Text
	if len(arts) > 0 && arts[0].Start > 0 && arts[0].Start <= len(d.Text) {
		// the articles carry the body; the document keeps its header and preamble
		doc.Text = d.Text[:arts[0].Start]
	}
	out := []Entry{doc}
	for _, a := range arts {
		if a.Start < 0 || a.End > len(d.Text) || a.Start >= a.End {
			continue
		}
		e := base
		e.ID, e.Kind, e.Article = articleEntryID(docID, a.Number), "article", a.Number
		e.Title = strings.TrimSpace("Điều " + a.Number + ". " + a.Title)
		e.Text = d.Text[a.Start:a.End]
		out = append(out, e)
	}
	return out
}

// documentTitle names a document as people search it: "Nghị định
// 43/2011/NĐ-CP Quy định ...", "Bộ luật hình sự".
func documentTitle(d *gazette.Document) string {
	parts := []string{}
	if d.TypeName != "" && !strings.HasPrefix(strings.ToLower(d.Title), strings.ToLower(d.TypeName)) {
		parts = append(parts, d.TypeName)
	}
	if d.Number != "" {
		parts = append(parts, d.Number)
	}
	parts = append(parts, d.Title)
	return strings.Join(parts, " ")
}

// DocSource is what the index reads documents from (the SQLite store).
type DocSource interface {
	DocumentByID(ctx context.Context, id int64) (*gazette.Document, error)
	Articles(ctx context.Context, id int64) ([]gazette.Article, error)
}

// Update re-indexes the documents with these ids from src, in one batch:
// their old entries go, their new ones (none for a draft) come.
func (ix *Index) Update(ctx context.Context, src DocSource, ids []int64) error {
	var entries []Entry
	var deletes []string
	for _, id := range ids {
		old, err := ix.idsOf(strconv.FormatInt(id, 10))
		if err != nil {
			return err
		}
		deletes = append(deletes, old...)
		d, err := src.DocumentByID(ctx, id)
		if errors.Is(err, gazette.ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		arts, err := src.Articles(ctx, id)
		if err != nil {
			return err
		}
		entries = append(entries, Entries(d, arts)...)
	}
	return ix.Apply(entries, deletes)
}

// documentCount is how many documents (not articles) the index holds.
func (ix *Index) documentCount(ctx context.Context) (uint64, error) {
	kind := bleve.NewTermQuery("document")
	kind.SetField(FieldKind)
	res, err := ix.search(ctx, bleve.NewSearchRequestOptions(kind, 0, 0, false))
	if err != nil {
		return 0, err
	}
	return res.Total, nil
}

// Versions returns the version indexed for each document id, read from
// the document keys' dictionaries (docKey).
func (ix *Index) Versions(ctx context.Context) (map[string]string, error) {
	out := map[string]string{}
	for _, b := range ix.shards {
		adv, err := b.Advanced()
		if err != nil {
			return nil, err
		}
		r, err := adv.Reader()
		if err != nil {
			return nil, err
		}
		docs, err := liveDocs(ctx, r)
		r.Close()
		if err != nil {
			return nil, fmt.Errorf("read the versions of the search index: %w", err)
		}
		for _, d := range docs {
			out[d.id] = d.version
		}
	}
	return out, nil
}
