package search

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"

	"congbao/gazette"
)

// numbers is the index's table of document numbers, held in memory: the
// number of every document entry and its facet values. A number alone is
// what people type most, and answering it from the table costs a map
// lookup, where a search (query, searcher, collector, a dictionary per
// shard read from disk) cost ten to a hundred times more. It is read from
// the index when the index opens (0.33 s for 100,000 documents)
// and kept in step by Apply.
type numbers struct {
	mu       sync.RWMutex
	byNumber map[string][]numbered // canonical number → its document entries
	numberOf map[string]string     // document entry id → its number
}

// numbered is one document entry in the table.
type numbered struct {
	entry  string   // "d:12"
	facets []string // its facet values, as in the facet field
}

// load reads the table from the shards' number field and doc values.
func (n *numbers) load(shards []bleve.Index) error {
	byNumber, numberOf := map[string][]numbered{}, map[string]string{}
	for _, b := range shards {
		if err := loadShard(b, byNumber, numberOf); err != nil {
			return fmt.Errorf("read the document numbers of the search index: %w", err)
		}
	}
	n.mu.Lock()
	n.byNumber, n.numberOf = byNumber, numberOf
	n.mu.Unlock()
	return nil
}

func loadShard(b bleve.Index, byNumber map[string][]numbered, numberOf map[string]string) error {
	adv, err := b.Advanced()
	if err != nil {
		return err
	}
	r, err := adv.Reader()
	if err != nil {
		return err
	}
	defer r.Close()
	docs, err := liveDocs(context.Background(), r)
	if err != nil {
		return err
	}
	dvr, err := r.DocValueReader([]string{FieldFacets})
	if err != nil {
		return err
	}
	for _, d := range docs {
		if d.number == "" {
			continue
		}
		e := numbered{entry: DocumentIDOf(d.id)}
		if err := dvr.VisitDocValues(d.at, func(_ string, term []byte) { e.facets = append(e.facets, string(term)) }); err != nil {
			return err
		}
		byNumber[d.number] = append(byNumber[d.number], e)
		numberOf[e.entry] = d.number
	}
	return nil
}

// apply brings the table in step with a batch Apply has written: the
// deleted entries go, the document entries indexed come (an entry indexed
// again replaces itself).
func (n *numbers) apply(entries []Entry, deletes []string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	for _, id := range deletes {
		n.remove(id)
	}
	for _, e := range entries {
		n.remove(e.ID)
		if e.Kind == "document" && e.Number != "" {
			n.byNumber[e.Number] = append(n.byNumber[e.Number], numbered{entry: e.ID, facets: e.facetValues()})
			n.numberOf[e.ID] = e.Number
		}
	}
}

// remove drops an entry; n.mu is held.
func (n *numbers) remove(id string) {
	num, ok := n.numberOf[id]
	if !ok {
		return
	}
	delete(n.numberOf, id)
	list := n.byNumber[num]
	for i, e := range list {
		if e.entry == id {
			list = append(list[:i:i], list[i+1:]...)
			break
		}
	}
	if len(list) == 0 {
		delete(n.byNumber, num)
	} else {
		n.byNumber[num] = list
	}
}

// lookupNumber answers a query that is only a document number from the
// table. Every hit scores the same, so they come in entry id order, as the
// search's tie-break puts them.
func (ix *Index) lookupNumber(number string, facets bool, asOf time.Time) ([]gazette.DocHit, uint64, map[string][]gazette.FacetCount) {
	ix.nums.mu.RLock()
	found := ix.nums.byNumber[number]
	hits := make([]gazette.DocHit, 0, len(found))
	t := newTally(asOf)
	for _, e := range found {
		_, docID, _ := parseEntryID(e.entry)
		hits = append(hits, gazette.DocHit{DocID: docID, Score: 1, Entry: e.entry})
		if facets {
			for _, v := range e.facets {
				t.add(v, 1)
			}
		}
	}
	ix.nums.mu.RUnlock()
	sort.Slice(hits, func(i, j int) bool { return hits[i].Entry < hits[j].Entry })
	var fc map[string][]gazette.FacetCount
	if facets {
		fc = t.facets()
	}
	return hits, uint64(len(hits)), fc
}
