package search

import (
	"context"
	"math"
	"sort"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
)

// phraseIn matches a "phrase" in a folded field. Bleve's phrase searcher
// checks term positions in every document holding all the phrase's words,
// and in the legal corpus that is most documents ("cơ quan điều tra": every
// law has "cơ", "quan", "điều" and "tra"). Here the phrase's syllable pairs
// must first all be in the field's bigram twin: a posting-list
// intersection without positions ("co_quan", "quan_dieu", "dieu_tra") that
// leaves few candidates, and positions are read only there. A document
// holding the phrase holds its pairs, so no match is lost; the score is
// the one Bleve's phrase searcher gives.
func phraseIn(phrase, field, bigrams string) query.Query {
	var pairs []query.Query
	seen := map[string]bool{}
	for _, t := range analyze(BigramAnalyzer, phrase) {
		if !seen[t.term] {
			seen[t.term] = true
			q := bleve.NewTermQuery(t.term)
			q.SetField(bigrams)
			pairs = append(pairs, q)
		}
	}
	words := analyze(FoldAnalyzer, phrase)
	if len(words) == 1 { // one word needs no positions
		m := bleve.NewMatchQuery(phrase)
		m.SetField(field)
		return m
	}
	if len(pairs) == 0 {
		ph := bleve.NewMatchPhraseQuery(phrase)
		ph.SetField(field)
		return ph
	}
	return phraseQuery{gate: bleve.NewConjunctionQuery(pairs...), words: words, field: field}
}

// phraseQuery is phraseIn's query: the words at their relative positions,
// checked in the documents the gate matches.
type phraseQuery struct {
	gate  query.Query
	words []token
	field string
}

// Searcher implements query.Query.
func (q phraseQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, opts bsearch.SearcherOptions) (bsearch.Searcher, error) {
	gate, err := q.gate.Searcher(ctx, r, m, bsearch.SearcherOptions{Score: "none"})
	if err != nil {
		return nil, err
	}
	withVectors := opts
	withVectors.IncludeTermVectors = true
	var terms []bsearch.Searcher
	closeAll := func() {
		gate.Close()
		for _, t := range terms {
			t.Close()
		}
	}
	for _, w := range q.words { // one per position, as in Bleve: a repeated word scores twice
		t, err := searcher.NewTermSearcher(ctx, r, w.term, q.field, 1.0, withVectors)
		if err != nil {
			closeAll()
			return nil, err
		}
		terms = append(terms, t)
	}
	must, err := searcher.NewConjunctionSearcher(ctx, r, terms, withVectors)
	if err != nil {
		closeAll()
		return nil, err
	}
	must.SetQueryNorm(1 / math.Sqrt(must.Weight())) // as Bleve's phrase searcher does
	return &phraseSearcher{gate: gate, must: must, words: q.words, field: q.field}, nil
}

// phraseSearcher walks the gate's candidates and moves the words'
// conjunction only by Advance, to each candidate in turn: Bleve's own
// phrase searcher steps its conjunction on after every hit, reading the
// positions of one more document each time.
type phraseSearcher struct {
	gate, must bsearch.Searcher
	words      []token
	field      string
	at         [][]int // per word, its occurrences in the current match
	keep       []int   // the occurrences on phrase paths
}

func (s *phraseSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	g, err := s.gate.Next(ctx)
	if err != nil || g == nil {
		return nil, err
	}
	return s.from(ctx, g)
}

func (s *phraseSearcher) Advance(ctx *bsearch.SearchContext, id index.IndexInternalID) (*bsearch.DocumentMatch, error) {
	g, err := s.gate.Advance(ctx, id)
	if err != nil || g == nil {
		return nil, err
	}
	return s.from(ctx, g)
}

// from returns the first phrase match at or after the gate's candidate g
// (already taken from the gate).
func (s *phraseSearcher) from(ctx *bsearch.SearchContext, g *bsearch.DocumentMatch) (*bsearch.DocumentMatch, error) {
	for {
		m, err := s.must.Advance(ctx, g.IndexInternalID)
		if err != nil || m == nil {
			ctx.DocumentMatchPool.Put(g)
			return nil, err
		}
		if !m.IndexInternalID.Equals(g.IndexInternalID) {
			// the candidate lacks a word: the gate moves on to the words' next document
			ctx.DocumentMatchPool.Put(g)
			if g, err = s.gate.Advance(ctx, m.IndexInternalID); err != nil || g == nil {
				ctx.DocumentMatchPool.Put(m)
				return nil, err
			}
			if !g.IndexInternalID.Equals(m.IndexInternalID) {
				ctx.DocumentMatchPool.Put(m)
				continue
			}
		}
		ctx.DocumentMatchPool.Put(g)
		if s.keepPhrase(m) {
			return m, nil
		}
		ctx.DocumentMatchPool.Put(m)
		if g, err = s.gate.Next(ctx); err != nil || g == nil {
			return nil, err
		}
	}
}

// keepPhrase reports whether the words stand at their relative positions
// in m, and keeps only those occurrences as m's locations (the highlighter
// marks the phrase, not every lone word). It reads m's flat list of
// locations as the term searchers left it, in position order per term.
func (s *phraseSearcher) keepPhrase(m *bsearch.DocumentMatch) bool {
	ftls := m.FieldTermLocations
	if len(s.at) != len(s.words) {
		s.at = make([][]int, len(s.words))
	}
	for i := range s.at {
		s.at[i] = s.at[i][:0]
	}
	for j, l := range ftls {
		if l.Field != s.field {
			continue
		}
		for i, w := range s.words {
			if w.term == l.Term {
				s.at[i] = append(s.at[i], j)
			}
		}
	}
	keep := s.keep[:0]
	for _, j := range s.at[0] {
		start := int(ftls[j].Location.Pos) - s.words[0].pos
		n := len(keep)
		for i, w := range s.words {
			want := uint64(start + w.pos)
			at := s.at[i]
			k := sort.Search(len(at), func(k int) bool { return ftls[at[k]].Location.Pos >= want })
			if k == len(at) || ftls[at[k]].Location.Pos != want {
				keep = keep[:n]
				break
			}
			keep = append(keep, at[k])
		}
	}
	s.keep = keep
	if len(keep) == 0 {
		return false
	}
	sort.Ints(keep)
	n := 0
	for i, j := range keep { // in place: keep is ascending, so ftls[n] is never read again
		if i == 0 || j != keep[i-1] {
			ftls[n] = ftls[j]
			n++
		}
	}
	m.FieldTermLocations = ftls[:n]
	return true
}

func (s *phraseSearcher) Close() error {
	err := s.gate.Close()
	if e := s.must.Close(); err == nil {
		err = e
	}
	return err
}

func (s *phraseSearcher) Weight() float64        { return s.must.Weight() }
func (s *phraseSearcher) SetQueryNorm(n float64) { s.must.SetQueryNorm(n) }
func (s *phraseSearcher) Count() uint64          { return min(s.gate.Count(), s.must.Count()) }
func (s *phraseSearcher) Min() int               { return 0 }
func (s *phraseSearcher) Size() int              { return s.gate.Size() + s.must.Size() }
func (s *phraseSearcher) DocumentMatchPoolSize() int {
	return s.gate.DocumentMatchPoolSize() + s.must.DocumentMatchPoolSize() + 1
}
