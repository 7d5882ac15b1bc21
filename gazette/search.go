package gazette

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
)

// ErrUnavailable marks a search that cannot run now (the index is being
// built, or another process holds it): the server answers 503.
var ErrUnavailable = errors.New("search unavailable")

// Limits of a SearchRequest: Validate refuses what is beyond them, so that no
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
func (r SearchRequest) Validate() error {
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

// SearchRequest is a search as the API and the CLI ask it.
type SearchRequest struct {
	Query    string
	From     int
	Size     int
	ByDate   bool // newest issue date first instead of relevance
	Oldest   bool // with ByDate: oldest first
	Facets   bool // count the documents matched and their types, issuers, years and statuses
	Snippets bool // highlighted fragments of the matching text
	// AsOf is the day the status filter and facet are read at (zero: today).
	AsOf time.Time
}

// DocHit is one document in the results, with the article that matched best.
type DocHit struct {
	DocID   string   `json:"id"`
	Score   float64  `json:"score"`
	Article string   `json:"article,omitempty"` // "32" for Điều 32
	Snippet []string `json:"snippet"`           // fragments with <mark> around matches, diacritics as in the document
	Entry   string   `json:"-"`                 // the index entry shown: its snippet is asked for
}

// FacetCount is one value of a facet.
type FacetCount struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// SearchResult is a page of results.
type SearchResult struct {
	Total  uint64                  `json:"total"`            // documents matched when facets are asked; else entries (documents and articles), at least the documents shown
	Number string                  `json:"number,omitempty"` // the number the query names, if any
	Hits   []DocHit                `json:"hits"`
	Facets map[string][]FacetCount `json:"facets"`
	TookMs float64                 `json:"took_ms"`
	// Building is set while the index is still being filled (serve on a
	// new data folder imports and indexes in the background): the result
	// holds only what is indexed so far.
	Building *IndexBuilding `json:"building,omitempty"`
	// Warnings say what in the query matched nothing at all (a filter
	// value no document carries), in Vietnamese.
	Warnings []string `json:"warnings,omitempty"`
}

// IndexBuilding says how far the search index is while it is filled.
type IndexBuilding struct {
	Documents uint64 `json:"documents"`           // documents indexed so far
	Waiting   int64  `json:"waiting"`             // documents written and not yet indexed
	Importing int    `json:"importing,omitempty"` // records read so far by the import running in the background
}

// QueryTokens splits a query of the search syntax (docs/search.md) on
// spaces, keeping "quoted phrases" and key:"quoted values" whole: the
// index parses the tokens, the pages show its filters as chips.
func QueryTokens(q string) []string {
	var out []string
	var b strings.Builder
	quoted := false
	for _, r := range q {
		switch {
		case r == '"':
			quoted = !quoted
			b.WriteRune(r)
		case unicode.IsSpace(r) && !quoted:
			if b.Len() > 0 {
				out = append(out, b.String())
				b.Reset()
			}
		default:
			b.WriteRune(r)
		}
	}
	if b.Len() > 0 {
		out = append(out, b.String())
	}
	return out
}
