package fulltext

import (
	"context"
	"fmt"
	"sort"

	index "github.com/blevesearch/bleve_index_api"
)

// lookupNumber answers a query that is only a document number: the
// documents with that number read straight from each shard's postings of
// the number field, their facet values from doc values. A number lookup is
// what people type most, and Bleve's query, searcher and collector cost
// several times the lookup itself. Every hit scores the same, so they come
// in entry id order, as the search's tie-break puts them.
func (ix *Index) lookupNumber(ctx context.Context, number string, facets bool) ([]DocHit, uint64, map[string][]FacetCount, error) {
	var hits []DocHit
	counts := map[string]int{}
	for _, b := range ix.shards {
		adv, err := b.Advanced()
		if err != nil {
			return nil, 0, nil, err
		}
		r, err := adv.Reader()
		if err != nil {
			return nil, 0, nil, err
		}
		err = lookupIn(ctx, r, number, facets, &hits, counts)
		if cerr := r.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return nil, 0, nil, fmt.Errorf("look up %s: %w", number, err)
		}
	}
	sort.Slice(hits, func(i, j int) bool { return hits[i].entry < hits[j].entry })
	var fc map[string][]FacetCount
	if facets {
		t := newTally()
		for term, n := range counts {
			t.add(term, n)
		}
		fc = t.facets()
	}
	return hits, uint64(len(hits)), fc, nil
}

func lookupIn(ctx context.Context, r index.IndexReader, number string, facets bool, hits *[]DocHit, counts map[string]int) error {
	tfr, err := r.TermFieldReader(ctx, []byte(number), FieldDocNumber, false, false, false)
	if err != nil {
		return err
	}
	defer tfr.Close()
	var dvr index.DocValueReader
	if facets {
		if dvr, err = r.DocValueReader([]string{FieldFacets}); err != nil {
			return err
		}
	}
	for {
		d, err := tfr.Next(nil)
		if err != nil || d == nil {
			return err
		}
		id, err := r.ExternalID(d.ID)
		if err != nil {
			return err
		}
		_, docID, _ := parseEntryID(id)
		*hits = append(*hits, DocHit{DocID: docID, Score: 1, entry: id})
		if dvr != nil {
			if err := dvr.VisitDocValues(d.ID, func(_ string, term []byte) { counts[string(term)]++ }); err != nil {
				return err
			}
		}
	}
}
