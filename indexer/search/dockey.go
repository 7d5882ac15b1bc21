package search

import (
	"context"
	"slices"
	"strings"

	index "github.com/blevesearch/bleve_index_api"
)

// docKey is what a document entry's FieldDocKey term says: the document,
// the version indexed (to find stale entries) and its number (the number
// table). Walking the field's dictionary reads them for every document at
// the cost of the dictionary alone: no stored field is loaded, so opening
// an index of 100,000 documents neither decompresses their stored text nor
// maps it into memory.
type docKey struct{ id, version, number string }

const docKeySep = "\x1f"

// String is the term: id, version and number joined by U+001F.
func (k docKey) String() string { return k.id + docKeySep + k.version + docKeySep + k.number }

// parseDocKey reads a term String wrote.
func parseDocKey(term string) (docKey, bool) {
	f := strings.SplitN(term, docKeySep, 3)
	if len(f) != 3 || f[0] == "" {
		return docKey{}, false
	}
	return docKey{id: f[0], version: f[1], number: f[2]}, true
}

// liveDoc is a document entry of a shard: where it is, what its key says.
type liveDoc struct {
	at index.IndexInternalID
	docKey
}

// liveDocs lists the document entries r holds, in index order (doc values
// are kept in chunks of consecutive entries: read in this order, each
// chunk is decompressed once). A segment's dictionary still holds the
// terms of entries deleted since it was written: a term counts only when
// its postings name an entry that is live.
func liveDocs(ctx context.Context, r index.IndexReader) ([]liveDoc, error) {
	dict, err := r.FieldDict(FieldDocKey)
	if err != nil {
		return nil, err
	}
	defer dict.Close()
	var out []liveDoc
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		de, err := dict.Next()
		if err != nil {
			return nil, err
		}
		if de == nil {
			break
		}
		k, ok := parseDocKey(de.Term)
		if !ok {
			continue
		}
		tfr, err := r.TermFieldReader(ctx, []byte(de.Term), FieldDocKey, false, false, false)
		if err != nil {
			return nil, err
		}
		d, err := tfr.Next(nil)
		if d != nil {
			out = append(out, liveDoc{at: append(index.IndexInternalID(nil), d.ID...), docKey: k})
		}
		tfr.Close()
		if err != nil {
			return nil, err
		}
	}
	slices.SortFunc(out, func(a, b liveDoc) int { return a.at.Compare(b.at) })
	return out, nil
}
