package fulltext

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Weights are the boosts of the parts of a text query.
type Weights struct {
	Fold        float64 // folded words in the text
	Exact       float64 // words with their diacritics, as typed
	Bigram      float64 // folded syllable pairs (words) in the text
	Title       float64 // folded words in the title
	TitleBigram float64 // syllable pairs in the title
}

// DefaultWeights were tuned on the shared ALQAC and Zalo question sets
// (congbao eval): syllable bigrams count double, and title parts are off
// for articles (an article's title is the start of its text, and counting
// it twice lowered MRR@10 by 0.04 to 0.10). See docs/search.md.
var DefaultWeights = Weights{Fold: 1, Exact: 0.4, Bigram: 2}

// DocumentWeights rank whole documents, whose titles name them.
var DocumentWeights = Weights{Fold: 1, Exact: 0.4, Bigram: 2, Title: 2, TitleBigram: 2}

// TextQuery builds the query for free text: every part is an OR of the
// query's terms, so a document needs not hold them all, and the parts add up.
func TextQuery(text string, w Weights) query.Query {
	var parts []query.Query
	add := func(field, analyzer string, boost float64) {
		if boost <= 0 {
			return
		}
		m := bleve.NewMatchQuery(text)
		m.SetField(field)
		if analyzer != "" {
			m.Analyzer = analyzer
		}
		m.SetBoost(boost)
		parts = append(parts, m)
	}
	add(FieldTextF, QueryAnalyzer, w.Fold)
	add(FieldText, "", w.Exact)
	add(FieldTextB, "", w.Bigram)
	add(FieldTitleF, QueryAnalyzer, w.Title)
	add(FieldTitleB, "", w.TitleBigram)
	return bleve.NewDisjunctionQuery(parts...)
}

// Hit is one result.
type Hit struct {
	ID      string
	Kind    string
	DocID   string
	Article string
	Score   float64
	Snippet []string
}

// SearchIDs runs q and returns the top size hits (ids and stored kind,
// doc and article), used by evaluation and number lookups.
func (ix *Index) SearchIDs(ctx context.Context, q query.Query, size int) ([]Hit, time.Duration, error) {
	req := bleve.NewSearchRequestOptions(q, size, 0, false)
	req.Fields = []string{FieldKind, FieldDocID, FieldArticle}
	res, err := ix.search(ctx, req)
	if err != nil {
		return nil, 0, fmt.Errorf("search: %w", err)
	}
	hits := make([]Hit, len(res.Hits))
	for i, h := range res.Hits {
		hits[i] = Hit{ID: h.ID, Score: h.Score, Kind: str(h.Fields[FieldKind]), DocID: str(h.Fields[FieldDocID]), Article: str(h.Fields[FieldArticle])}
	}
	return hits, res.Took, nil
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

// Limits of a Request: Validate refuses what is beyond them, so that no
// request costs more than a bounded search.
const (
	MaxFrom       = 1000 // results beyond the first thousand: narrow the query with filters
	MaxSize       = 100  // results on one page
	MaxQueryBytes = 1024 // bytes of query text
	MaxQueryTerms = 32   // words, phrase words, exclusions and filters
)

// ErrBadQuery marks a request the caller must change (a malformed filter,
// a query or page beyond the limits): the server answers 400; any other
// search error is the server's own.
var ErrBadQuery = errors.New("bad query")

// Validate checks a request against the limits; the error says which
// limit and what was asked, and wraps ErrBadQuery.
func (r Request) Validate() error {
	switch {
	case r.From < 0 || r.From > MaxFrom:
		return fmt.Errorf("from=%d: want 0 to %d (narrow the query with filters to see further): %w", r.From, MaxFrom, ErrBadQuery)
	case r.Size < 0 || r.Size > MaxSize:
		return fmt.Errorf("size=%d: want 1 to %d: %w", r.Size, MaxSize, ErrBadQuery)
	case len(r.Query) > MaxQueryBytes:
		return fmt.Errorf("the query is %d bytes; the limit is %d: %w", len(r.Query), MaxQueryBytes, ErrBadQuery)
	}
	if n := countTerms(r.Query); n > MaxQueryTerms {
		return fmt.Errorf("the query has %d terms; the limit is %d: %w", n, MaxQueryTerms, ErrBadQuery)
	}
	return nil
}

// countTerms counts the space-separated terms of a query, the words of its
// phrases included.
func countTerms(q string) int { return len(strings.Fields(q)) }

// Request is a search as the API and the CLI ask it.
type Request struct {
	Query    string
	From     int
	Size     int
	ByDate   bool // newest issue date first instead of relevance
	Facets   bool // count the documents matched and their types, issuers, years and statuses
	Snippets bool // highlighted fragments of the matching text
}

// DocHit is one document in the results, with the article that matched best.
type DocHit struct {
	DocID   string   `json:"id"`
	Score   float64  `json:"score"`
	Article string   `json:"article,omitempty"` // "32" for Điều 32
	Snippet []string `json:"snippet"`           // fragments with <mark> around matches, diacritics as in the document
	entry   string   // the index entry shown: its snippet is asked for
}

// FacetCount is one value of a facet.
type FacetCount struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// Result is a page of results.
type Result struct {
	Total  uint64                  `json:"total"`            // documents matched when facets are asked; else entries (documents and articles), at least the documents shown
	Number string                  `json:"number,omitempty"` // the number the query names, if any
	Hits   []DocHit                `json:"hits"`
	Facets map[string][]FacetCount `json:"facets"`
	TookMs float64                 `json:"took_ms"`
}

// Search runs a user query: documents ranked by their best entry (the
// document or one of its articles), with a snippet, the matching article,
// the total and facets on type, issuer, year and status.
func (ix *Index) Search(ctx context.Context, r Request) (*Result, error) {
	start := time.Now()
	if r.Size == 0 {
		r.Size = 10
	}
	if err := r.Validate(); err != nil {
		return nil, err
	}
	p, err := ParseQuery(r.Query)
	if err != nil {
		return nil, err
	}
	w := DefaultWeights
	w.Title, w.TitleBigram = DocumentWeights.Title, DocumentWeights.TitleBigram
	want := r.From + r.Size
	var hres *bleve.SearchResult
	var hits []DocHit
	var q query.Query
	if p.lookup() && !r.ByDate {
		if r.Snippets {
			q = p.Query(w, false)
		}
		res := &Result{Number: p.Number}
		hits, res.Total, res.Facets = ix.lookupNumber(p.Number, r.Facets)
		if res.Facets == nil {
			res.Facets = map[string][]FacetCount{}
		}
		return ix.finish(ctx, r, q, res, hits, start)
	}
	// Short queries first ask for documents holding every word (cheap: only
	// those are scored); too few such documents, and the words are OR-ed.
	for _, allWords := range []bool{true, false} {
		if allWords && (len(p.Words) < 2 || len(p.Words) > 6 || p.NumberOnly) {
			continue
		}
		q = p.Query(w, allWords)
		// many articles of one document may fill the entries fetched: fetch
		// more until a page of documents is there or nothing is left
		for fetch := want; ; fetch *= 4 {
			size := fetch*3 + 10 // articles of one document may take several places
			if p.NumberOnly {
				size = fetch // a number lookup matches document entries only
			}
			if hres, err = ix.hits(ctx, q, r, size, p.NumberOnly); err != nil {
				return nil, err
			}
			if hits = groupHits(hres); len(hits) >= want || uint64(len(hres.Hits)) >= hres.Total || fetch >= 16*want {
				break
			}
		}
		if !allWords || len(hits) >= want {
			break
		}
	}
	res := &Result{Total: hres.Total, Number: p.Number, Facets: map[string][]FacetCount{}}
	if r.Facets { // documents, however they matched, and their facets
		if res.Total, res.Facets, err = ix.countDocuments(ctx, q, hres); err != nil {
			return nil, err
		}
	}
	res.Total = max(res.Total, uint64(len(hits)))
	return ix.finish(ctx, r, q, res, hits, start)
}

// finish cuts the page out of the ranked documents and adds its snippets.
func (ix *Index) finish(ctx context.Context, r Request, q query.Query, res *Result, hits []DocHit, start time.Time) (*Result, error) {
	want := r.From + r.Size
	if r.From < len(hits) {
		res.Hits = hits[r.From:min(len(hits), want)]
	}
	if r.Snippets {
		if err := ix.addSnippets(ctx, q, res.Hits); err != nil {
			return nil, err
		}
	}
	if res.Hits == nil {
		res.Hits = []DocHit{}
	}
	res.TookMs = float64(time.Since(start).Microseconds()) / 1000
	return res, nil
}

// facetSizes are the facets counted and how many values each shows.
var facetSizes = map[string]int{"type": 20, "issuer": 20, "status": 20, "year": 30}

// addFacets asks for the counts of every value of the one facet field
// (types, issuers, statuses, years and the documents matched).
func addFacets(req *bleve.SearchRequest) {
	req.AddFacet(FieldFacets, bleve.NewFacetRequest(FieldFacets, 1<<20))
}

// tally is what the facet field's counts say of a search: the documents
// matched by their own entry, those with a matching article, and the facet
// values of the former.
type tally struct {
	byEntry uint64          // documents whose own entry matched
	byArt   map[string]bool // documents with a matching article
	values  map[string]int  // "type␟Luật" → documents
}

func newTally() *tally { return &tally{byArt: map[string]bool{}, values: map[string]int{}} }

// add counts one facet term and its count.
func (t *tally) add(term string, n int) {
	name, value, _ := strings.Cut(term, "\x1f")
	switch name {
	case facetDocument:
		t.byEntry += uint64(n)
	case facetArticleOf:
		t.byArt[value] = true
	default:
		t.values[term] += n
	}
}

// addResult counts the facet field's terms of a search result.
func (t *tally) addResult(res *bleve.SearchResult) {
	if f := res.Facets[FieldFacets]; f != nil && f.Terms != nil {
		for _, term := range f.Terms.Terms() {
			t.add(term.Term, term.Count)
		}
	}
}

// facets are each facet's values most often matched, by count then by
// value as Bleve orders a facet (years: the newest first).
func (t *tally) facets() map[string][]FacetCount {
	terms := &search.TermFacets{}
	for term, n := range t.values {
		terms.Add(&search.TermFacet{Term: term, Count: n})
	}
	sort.Sort(terms)
	out := map[string][]FacetCount{}
	for name := range facetSizes {
		out[name] = []FacetCount{}
	}
	for _, tf := range terms.Terms() {
		name, value, _ := strings.Cut(tf.Term, "\x1f")
		if len(out[name]) < facetSizes[name] {
			out[name] = append(out[name], FacetCount{value, tf.Count})
		}
	}
	sort.SliceStable(out["year"], func(i, j int) bool { return out["year"][i].Value > out["year"][j].Value })
	return out
}

// countDocuments counts the documents the hit query q matched and their
// facets. Those matched by their own entry are counted with the hits; those
// matched by articles alone take one more search, over the entries of the
// documents with a matching article that q does not match.
func (ix *Index) countDocuments(ctx context.Context, q query.Query, hres *bleve.SearchResult) (uint64, map[string][]FacetCount, error) {
	t := newTally()
	t.addResult(hres)
	total := t.byEntry
	if len(t.byArt) > 0 {
		ids := make([]string, 0, len(t.byArt))
		for id := range t.byArt {
			ids = append(ids, DocumentIDOf(id))
		}
		rest := bleve.NewBooleanQuery()
		rest.AddMust(bleve.NewDocIDQuery(ids))
		rest.AddMustNot(q)
		req := bleve.NewSearchRequestOptions(rest, 0, 0, false)
		req.Score = "none"
		addFacets(req)
		res, err := ix.search(ctx, req)
		if err != nil {
			return 0, nil, fmt.Errorf("count documents: %w", err)
		}
		total += res.Total
		t.addResult(res)
	}
	return total, t.facets(), nil
}

// hits runs the hit query: documents and articles together.
// A cheap query runs on the shards in turn rather than in parallel.
func (ix *Index) hits(ctx context.Context, q query.Query, r Request, size int, cheap bool) (*bleve.SearchResult, error) {
	req := bleve.NewSearchRequestOptions(q, size, 0, false)
	// no stored fields: the entry id says document and article
	// ties are broken by entry id, so that the same index content ranks the
	// same way however its segments were built (a restored copy, a reindex)
	if r.ByDate {
		req.SortBy([]string{"-" + FieldIssueDate, "-_score", "_id"})
	} else {
		req.SortBy([]string{"-_score", "_id"})
	}
	if r.Facets {
		addFacets(req)
	}
	run := ix.search
	if cheap {
		run = ix.searchInTurn
	}
	res, err := run(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", r.Query, err)
	}
	return res, nil
}

// searchInTurn searches the shards one after the other in the caller's
// goroutine and merges what they found. For a cheap query (a number
// lookup: a few postings) this is several times faster than searching
// them in parallel, whose goroutine per shard costs more than the search.
func (ix *Index) searchInTurn(ctx context.Context, req *bleve.SearchRequest) (*bleve.SearchResult, error) {
	results := make([]*bleve.SearchResult, len(ix.shards))
	for i, b := range ix.shards {
		var err error
		if results[i], err = guardedSearch(ctx, b, req); err != nil {
			return nil, err
		}
	}
	return mergeResults(req, results), nil
}

// search runs req on every shard at once and merges what they found, as
// Bleve's index alias does, but in goroutines of its own that turn a panic
// into an error: no query, however odd, may end the process (a panic in
// the alias's goroutines did). Requests must ask from the first hit
// (From 0): pages are cut by the caller.
func (ix *Index) search(ctx context.Context, req *bleve.SearchRequest) (*bleve.SearchResult, error) {
	if len(ix.shards) == 1 {
		return guardedSearch(ctx, ix.shards[0], req)
	}
	results := make([]*bleve.SearchResult, len(ix.shards))
	errs := make([]error, len(ix.shards))
	var wg sync.WaitGroup
	for i, b := range ix.shards {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], errs[i] = guardedSearch(ctx, b, req)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return mergeResults(req, results), nil
}

// guardedSearch runs one shard's search, a panic in it returned as an error.
func guardedSearch(ctx context.Context, b bleve.Index, req *bleve.SearchRequest) (res *bleve.SearchResult, err error) {
	defer func() {
		if p := recover(); p != nil {
			res, err = nil, fmt.Errorf("search index %s failed on this query: %v", b.Name(), p)
		}
	}()
	return b.SearchInContext(ctx, req)
}

// mergeResults merges the shards' results of one request: counts added,
// facets summed and cut to size, hits sorted as asked and cut to size.
func mergeResults(req *bleve.SearchRequest, results []*bleve.SearchResult) *bleve.SearchResult {
	all := results[0]
	for _, res := range results[1:] {
		all.Merge(res)
	}
	for name, fr := range req.Facets { // merged counts are sorted again, as the alias does
		all.Facets.Fixup(name, fr.Size)
	}
	scoring, desc := req.Sort.CacheIsScore(), req.Sort.CacheDescending()
	sort.SliceStable(all.Hits, func(i, j int) bool { return req.Sort.Compare(scoring, desc, all.Hits[i], all.Hits[j]) < 0 })
	if len(all.Hits) > req.Size {
		all.Hits = all.Hits[:req.Size]
	}
	return all
}

// groupHits groups entries by document, in rank order, keeping the best
// matching article.
func groupHits(res *bleve.SearchResult) []DocHit {
	seen := map[string]int{}
	var hits []DocHit
	for _, h := range res.Hits {
		kind, id, article := parseEntryID(h.ID)
		if i, ok := seen[id]; ok {
			if hits[i].Article == "" && kind == "article" {
				hits[i].Article, hits[i].entry = article, h.ID
			}
			continue
		}
		seen[id] = len(hits)
		hits = append(hits, DocHit{DocID: id, Score: h.Score, Article: article, entry: h.ID})
	}
	return hits
}

// addSnippets highlights the entries shown, and only those: highlighting
// every entry fetched to rank documents cost more than the search.
func (ix *Index) addSnippets(ctx context.Context, q query.Query, hits []DocHit) error {
	if len(hits) == 0 {
		return nil
	}
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.entry
	}
	req := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(q, bleve.NewDocIDQuery(ids)), len(ids), 0, false)
	req.Highlight = bleve.NewHighlightWithStyle("html")
	req.Highlight.AddField(FieldTextF)
	req.Highlight.AddField(FieldTitleF)
	res, err := ix.search(ctx, req)
	if err != nil {
		return fmt.Errorf("snippets: %w", err)
	}
	frags := map[string][]string{}
	for _, h := range res.Hits {
		f := h.Fragments[FieldTextF]
		if len(f) == 0 {
			f = h.Fragments[FieldTitleF]
		}
		frags[h.ID] = f
	}
	for i := range hits {
		hits[i].Snippet = frags[hits[i].entry]
	}
	return nil
}
