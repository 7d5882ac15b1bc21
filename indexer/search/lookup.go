package search

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
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
	sets     map[string][]string   // facet values joined by NUL → one shared copy of them
}

// numbered is one document entry in the table.
type numbered struct {
	entry  string   // "d:12"
	facets []string // its facet values, as in the facet field; shared (facetSet): never changed
}

// facetSet returns the one copy of these facet values the table keeps:
// documents of one type, issuer, year and effect share it, which kept the
// table of 100,000 documents at 16 MB instead of 46 (heap profiles of
// serve). It sorts vals. n.mu is held, or n is not yet shared.
func (n *numbers) facetSet(vals []string) []string {
	slices.Sort(vals) // the order counts for nothing; one order shares one copy
	key := strings.Join(vals, "\x00")
	if set, ok := n.sets[key]; ok {
		return set
	}
	set := slices.Clone(vals)
	n.sets[key] = set
	return set
}

// load reads the table from the shards' number field and doc values.
func (n *numbers) load(shards []bleve.Index) error {
	t := &numbers{byNumber: map[string][]numbered{}, numberOf: map[string]string{}, sets: map[string][]string{}}
	for _, b := range shards {
		if err := t.loadShard(b); err != nil {
			return fmt.Errorf("read the document numbers of the search index: %w", err)
		}
	}
	n.mu.Lock()
	n.byNumber, n.numberOf, n.sets = t.byNumber, t.numberOf, t.sets
	n.mu.Unlock()
	return nil
}

// loadShard adds the document entries of shard b to n, which is not yet shared.
func (n *numbers) loadShard(b bleve.Index) error {
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
	var vals []string
	for _, d := range docs {
		if d.number == "" {
			continue
		}
		vals = vals[:0]
		if err := dvr.VisitDocValues(d.at, func(_ string, term []byte) { vals = append(vals, string(term)) }); err != nil {
			return err
		}
		// the number and id are copied out of the key's term, which holds the version too
		e, number := numbered{entry: DocumentIDOf(d.id), facets: n.facetSet(vals)}, strings.Clone(d.number)
		n.byNumber[number] = append(n.byNumber[number], e)
		n.numberOf[e.entry] = number
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
			n.byNumber[e.Number] = append(n.byNumber[e.Number], numbered{entry: e.ID, facets: n.facetSet(e.facetValues())})
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
