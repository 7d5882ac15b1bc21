package search

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"congbao/gazette"
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
// it twice lowered MRR@10 by 0.04 to 0.10). See docs/bsearch.md.
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

// Search runs a user query: documents ranked by their best entry (the
// document or one of its articles), with a snippet, the matching article,
// the total and facets on type, issuer, year and status.
func (ix *Index) Search(ctx context.Context, r gazette.SearchRequest) (*gazette.SearchResult, error) {
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
	p.AsOf = r.AsOf
	w := DefaultWeights
	w.Title, w.TitleBigram = DocumentWeights.Title, DocumentWeights.TitleBigram
	want := r.From + r.Size
	var hres *bleve.SearchResult
	var hits []gazette.DocHit
	var q query.Query
	if p.lookup() && !r.ByDate {
		if r.Snippets {
			q = p.Query(w, false)
		}
		res := &gazette.SearchResult{Number: p.Number}
		hits, res.Total, res.Facets = ix.lookupNumber(p.Number, r.Facets, r.AsOf)
		if res.Facets == nil {
			res.Facets = map[string][]gazette.FacetCount{}
		}
		return ix.finish(ctx, r, q, res, hits, typedWords(p), start)
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
	typed := typedWords(p)
	if !r.ByDate && !p.NumberOnly { // once, on the entries fetched last
		ids := make([]string, len(hres.Hits))
		for i, h := range hres.Hits {
			ids[i] = h.ID
		}
		order, err := ix.typedOrder(ctx, typed, ids)
		if err != nil {
			return nil, err
		}
		if order != nil {
			hres.Hits = permute(hres.Hits, order)
			hits = groupHits(hres)
		}
	}
	res := &gazette.SearchResult{Total: hres.Total, Number: p.Number, Facets: map[string][]gazette.FacetCount{}}
	if r.Facets { // documents, however they matched, and their facets
		if res.Total, res.Facets, err = ix.countDocuments(ctx, q, hres, r.AsOf); err != nil {
			return nil, err
		}
	}
	res.Total = max(res.Total, uint64(len(hits)))
	if res.Total == 0 {
		if res.Warnings, err = ix.unknownFilters(ctx, p); err != nil {
			return nil, err
		}
	}
	return ix.finish(ctx, r, q, res, hits, typed, start)
}

// unknownFilters says which type: and issuer: values of a query that
// found nothing no document carries at all: "type:xyz" is a typo to
// correct, not an empty result to trust.
func (ix *Index) unknownFilters(ctx context.Context, p Parsed) ([]string, error) {
	var out []string
	for _, f := range []struct{ key, field, value, vi string }{
		{"type", FieldTypeK, p.Type, "loại văn bản"}, {"issuer", FieldIssuerK, p.Issuer, "cơ quan ban hành"}} {
		if f.value == "" {
			continue
		}
		tq := bleve.NewTermQuery(Fold(f.value))
		tq.SetField(f.field)
		res, err := ix.search(ctx, bleve.NewSearchRequestOptions(tq, 0, 0, false))
		if err != nil {
			return nil, fmt.Errorf("check %s:%s: %w", f.key, f.value, err)
		}
		if res.Total == 0 {
			out = append(out, fmt.Sprintf("Không có văn bản nào có %s «%s» (%s:%s); hãy chọn trong danh sách bên cạnh một kết quả tìm kiếm, hoặc xem docs/search.md.", f.vi, f.value, f.key, f.value))
		}
	}
	return out, nil
}

// finish cuts the page out of the ranked documents and adds its snippets,
// marked on the words typed (typedWords).
func (ix *Index) finish(ctx context.Context, r gazette.SearchRequest, q query.Query, res *gazette.SearchResult, hits []gazette.DocHit,
	typed map[string]string, start time.Time) (*gazette.SearchResult, error) {
	want := r.From + r.Size
	if r.From < len(hits) {
		res.Hits = hits[r.From:min(len(hits), want)]
	}
	if r.Snippets {
		if err := ix.addSnippets(ctx, q, res.Hits); err != nil {
			return nil, err
		}
		for i := range res.Hits {
			for j, f := range res.Hits[i].Snippet {
				res.Hits[i].Snippet[j] = tidySnippet(f, typed)
			}
		}
	}
	if res.Hits == nil {
		res.Hits = []gazette.DocHit{}
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
	asOf    time.Time       // the day the status facet counts at
}

func newTally(asOf time.Time) *tally {
	if asOf.IsZero() {
		asOf = time.Now()
	}
	return &tally{byArt: map[string]bool{}, values: map[string]int{}, asOf: asOf.UTC().Truncate(24 * time.Hour)}
}

// add counts one facet term and its count.
func (t *tally) add(term string, n int) {
	name, value, _ := strings.Cut(term, "\x1f")
	switch name {
	case facetDocument:
		t.byEntry += uint64(n)
	case facetArticleOf:
		t.byArt[value] = true
	case facetEffect:
		if e, ok := parseEffect(value); ok {
			t.values[facetValue("status", e.At(t.asOf))] += n
		}
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
func (t *tally) facets() map[string][]gazette.FacetCount {
	terms := &bsearch.TermFacets{}
	for term, n := range t.values {
		terms.Add(&bsearch.TermFacet{Term: term, Count: n})
	}
	sort.Sort(terms)
	out := map[string][]gazette.FacetCount{}
	for name := range facetSizes {
		out[name] = []gazette.FacetCount{}
	}
	for _, tf := range terms.Terms() {
		name, value, _ := strings.Cut(tf.Term, "\x1f")
		if len(out[name]) < facetSizes[name] {
			out[name] = append(out[name], gazette.FacetCount{Value: value, Count: tf.Count})
		}
	}
	years := out["year"][:0] // an index written before dates were checked holds year 1 for "no date"
	for _, v := range out["year"] {
		if len(v.Value) == 4 {
			years = append(years, v)
		}
	}
	out["year"] = years
	sort.SliceStable(out["year"], func(i, j int) bool { return out["year"][i].Value > out["year"][j].Value })
	return out
}

// countDocuments counts the documents the hit query q matched and their
// facets. Those matched by their own entry are counted with the hits; those
// matched by articles alone take one more search, over the entries of the
// documents with a matching article that q does not match.
func (ix *Index) countDocuments(ctx context.Context, q query.Query, hres *bleve.SearchResult, asOf time.Time) (uint64, map[string][]gazette.FacetCount, error) {
	t := newTally(asOf)
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
func (ix *Index) hits(ctx context.Context, q query.Query, r gazette.SearchRequest, size int, cheap bool) (*bleve.SearchResult, error) {
	req := bleve.NewSearchRequestOptions(q, size, 0, false)
	// no stored fields: the entry id says document and article
	// ties are broken by entry id, so that the same index content ranks the
	// same way however its segments were built (a restored copy, a reindex)
	if r.ByDate && r.Oldest {
		req.SortBy([]string{FieldIssueDate, "-_score", "_id"})
	} else if r.ByDate {
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
// them in parallel, whose goroutine per shard costs more than the bsearch.
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
func groupHits(res *bleve.SearchResult) []gazette.DocHit {
	seen := map[string]int{}
	var hits []gazette.DocHit
	for _, h := range res.Hits {
		kind, id, article := parseEntryID(h.ID)
		if i, ok := seen[id]; ok {
			if hits[i].Article == "" && kind == "article" {
				hits[i].Article, hits[i].Entry = article, h.ID
			}
			continue
		}
		seen[id] = len(hits)
		hits = append(hits, gazette.DocHit{DocID: id, Score: h.Score, Article: article, Entry: h.ID})
	}
	return hits
}

// addSnippets highlights the entries shown, and only those: highlighting
// every entry fetched to rank documents cost more than the bsearch.
func (ix *Index) addSnippets(ctx context.Context, q query.Query, hits []gazette.DocHit) error {
	if len(hits) == 0 {
		return nil
	}
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.Entry
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
		hits[i].Snippet = frags[hits[i].Entry]
	}
	return nil
}
