package search

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"congbao/gazette"
	"congbao/gazette/number"
	"congbao/gazette/vntext"
)

// Parsed is a user query (docs/bsearch.md): free words, "phrases", -exclusions,
// OR (the default between words), and filters type: issuer: year: status:
// number: kind: issued:FROM..TO effective:FROM..TO.
type Parsed struct {
	Words    []string
	Phrases  []string
	Excluded []string
	Type     string
	Issuer   string
	Status   string
	Kind     string
	Number   string // canonical, from number: or a query that is a number
	// NumberOnly is set when the free words are just a number ("nghị định
	// 43/2011"): the number is looked up, the words are not searched.
	NumberOnly                 bool
	Year                       int
	IssuedFrom, IssuedTo       time.Time
	EffectiveFrom, EffectiveTo time.Time
	// AsOf is the day the status filter is read at (zero: today).
	AsOf time.Time
}

// ParseQuery reads the query syntax; a malformed filter is an error that
// says which and wraps ErrBadQuery.
func ParseQuery(q string) (Parsed, error) {
	var p Parsed
	for _, tok := range tokens(q) {
		neg := strings.HasPrefix(tok, "-") && len(tok) > 1
		if neg {
			tok = tok[1:]
		}
		if strings.HasPrefix(tok, `"`) {
			phrase := strings.Trim(tok, `"`)
			if phrase == "" {
				continue
			}
			if neg {
				p.Excluded = append(p.Excluded, phrase)
			} else {
				p.Phrases = append(p.Phrases, phrase)
			}
			continue
		}
		if key, val, ok := strings.Cut(tok, ":"); ok && !neg && isFilter(key) {
			if err := p.filter(strings.ToLower(key), strings.Trim(val, `"`)); err != nil {
				return p, fmt.Errorf("%w: %w", gazette.ErrBadQuery, err)
			}
			continue
		}
		if tok == "OR" {
			continue // words are OR-ed already; kept for users who type it
		}
		if neg {
			p.Excluded = append(p.Excluded, tok)
		} else {
			p.Words = append(p.Words, tok)
		}
	}
	if p.Number == "" {
		if n, err := number.Parse(strings.Join(p.Words, " ")); err == nil && len(p.Words) <= 4 {
			p.Number, p.NumberOnly = n.String(), len(p.Phrases) == 0
		}
	}
	return p, nil
}

// lookup reports whether the query is a document number and nothing else:
// no filter, phrase or exclusion.
func (p Parsed) lookup() bool {
	return p.NumberOnly && p.Type == "" && p.Issuer == "" && p.Status == "" && p.Kind == "" && p.Year == 0 &&
		p.IssuedFrom.IsZero() && p.IssuedTo.IsZero() && p.EffectiveFrom.IsZero() && p.EffectiveTo.IsZero() &&
		len(p.Phrases) == 0 && len(p.Excluded) == 0
}

func isFilter(k string) bool {
	switch strings.ToLower(k) {
	case "type", "issuer", "year", "status", "number", "kind", "issued", "effective":
		return true
	}
	return false
}

func (p *Parsed) filter(key, val string) error {
	switch key {
	case "type":
		p.Type = typeName(val)
	case "issuer":
		p.Issuer = issuerName(val)
	case "status":
		if p.Status = statusOf(val); p.Status == "" {
			return fmt.Errorf("status:%s: want one of %q, %q, %q, %q (or in_force, not_yet, partly_expired, expired)", val,
				gazette.StatusInForce, gazette.StatusNotYet, gazette.StatusPartExpired, gazette.StatusExpired)
		}
	case "kind":
		if val != "document" && val != "article" {
			return fmt.Errorf("kind:%s: want kind:document or kind:article", val)
		}
		p.Kind = val
	case "year":
		y, err := strconv.Atoi(val)
		if err != nil || y < 1900 || y > 2200 {
			return fmt.Errorf("year:%s: want a year such as year:2015", val)
		}
		p.Year = y
	case "number":
		n, err := number.Parse(val)
		if err != nil {
			return fmt.Errorf("number:%s: %w", val, err)
		}
		p.Number = n.String()
	case "issued", "effective":
		from, to, err := dateRange(val)
		if err != nil {
			return fmt.Errorf("%s:%s: %w", key, val, err)
		}
		if key == "issued" {
			p.IssuedFrom, p.IssuedTo = from, to
		} else {
			p.EffectiveFrom, p.EffectiveTo = from, to
		}
	}
	return nil
}

// dateRange reads FROM..TO (either may be empty) or one date.
func dateRange(v string) (from, to time.Time, err error) {
	a, b, isRange := strings.Cut(v, "..")
	if !isRange {
		b = a
	}
	parse := func(s string) (time.Time, error) {
		if s == "" {
			return time.Time{}, nil
		}
		if len(s) == 4 { // a year
			y, err := strconv.Atoi(s)
			if err != nil {
				return time.Time{}, err
			}
			return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), nil
		}
		return time.Parse(time.DateOnly, s)
	}
	if from, err = parse(a); err != nil {
		return from, to, fmt.Errorf("want YYYY-MM-DD..YYYY-MM-DD")
	}
	if to, err = parse(b); err != nil {
		return from, to, fmt.Errorf("want YYYY-MM-DD..YYYY-MM-DD")
	}
	if len(b) == 4 && !to.IsZero() {
		to = to.AddDate(1, 0, 0).Add(-time.Nanosecond)
	} else if !to.IsZero() {
		to = to.Add(24*time.Hour - time.Nanosecond)
	}
	return from, to, nil
}

// typeName maps a type code or name, typed with or without diacritics,
// to the type's name ("nd" -> "Nghị định").
func typeName(v string) string {
	if c, ok := number.TypeCode(v); ok {
		return c.Name
	}
	if c, ok := number.RestoreType(v); ok { // "nd" -> NĐ, "tt" -> TT
		return c.Name
	}
	return v
}

func issuerName(v string) string {
	if name := number.IssuerName(strings.ToUpper(v)); name != "" {
		return name
	}
	if n, err := number.Parse("1/QĐ-" + v); err == nil {
		if name := n.IssuerName(); name != "" && name != n.Issuer() {
			return name
		}
	}
	return v
}

// tokens splits a query (NFC) as the search syntax does.
func tokens(q string) []string { return gazette.QueryTokens(vntext.NFC(q)) }

// Query builds the Bleve query of a parsed user query. With allWords, a
// document must hold every word (folded): the fast first pass for short
// queries, which ranks only those documents.
func (p Parsed) Query(w Weights, allWords bool) query.Query {
	var must, should, mustNot []query.Query
	text := strings.Join(p.Words, " ")
	if strings.TrimSpace(text) != "" && !p.NumberOnly {
		should = append(should, TextQuery(text, w))
		if allWords {
			all := bleve.NewMatchQuery(text)
			all.SetField(FieldTextF)
			all.Analyzer = QueryAnalyzer
			all.SetOperator(query.MatchQueryOperatorAnd)
			must = append(must, unscored{all})
		}
	}
	for _, ph := range p.Phrases {
		must = append(must, bleve.NewDisjunctionQuery(phraseIn(ph, FieldTextF, FieldTextB), phraseIn(ph, FieldTitleF, FieldTitleB)))
	}
	for _, ex := range p.Excluded {
		mustNot = append(mustNot, phraseIn(ex, FieldTextF, FieldTextB))
	}
	if p.Number != "" {
		num := bleve.NewTermQuery(p.Number)
		num.SetField(FieldNumber)
		num.SetBoost(1000) // the document a number names comes first
		if p.NumberOnly {
			// a lookup: the documents with that number, not their articles
			num.SetField(FieldDocNumber)
			must = append(must, num)
		} else {
			should = append(should, num)
		}
	}
	term := func(field, v string) {
		if v != "" {
			t := bleve.NewTermQuery(v)
			t.SetField(field)
			must = append(must, unscored{t})
		}
	}
	term(FieldTypeK, Fold(p.Type))
	term(FieldIssuerK, Fold(p.Issuer))
	if p.Status != "" {
		day := p.AsOf
		if day.IsZero() {
			day = time.Now()
		}
		must = append(must, unscored{statusQuery(p.Status, day.UTC().Truncate(24*time.Hour))})
	}
	term(FieldKind, p.Kind)
	if p.Year > 0 {
		y := float64(p.Year)
		incl := true
		r := bleve.NewNumericRangeInclusiveQuery(&y, &y, &incl, &incl)
		r.SetField(FieldYear)
		must = append(must, unscored{r})
	}
	dates := func(field string, from, to time.Time) {
		if from.IsZero() && to.IsZero() {
			return
		}
		r := bleve.NewDateRangeQuery(from, to)
		r.SetField(field)
		must = append(must, unscored{r})
	}
	dates(FieldIssueDate, p.IssuedFrom, p.IssuedTo)
	dates(FieldEffective, p.EffectiveFrom, p.EffectiveTo)
	b := bleve.NewBooleanQuery()
	if len(must) > 0 {
		b.AddMust(must...)
	}
	if len(should) > 0 {
		b.AddShould(should...)
	}
	if len(mustNot) > 0 {
		b.AddMustNot(mustNot...)
	}
	if len(must) == 0 && len(should) == 0 {
		b.AddMust(bleve.NewMatchAllQuery())
	}
	return b
}

var queryMapping struct {
	once sync.Once
	m    *mapping.IndexMappingImpl
	err  error
}

// token is one term of an analysed text and its position.
type token struct {
	term string
	pos  int
}

// analyze returns the terms the named analyzer of the index mapping makes
// of s; none if the analyzer cannot be built.
func analyze(analyzer, s string) []token {
	queryMapping.once.Do(func() { queryMapping.m, queryMapping.err = NewMapping() })
	if queryMapping.err != nil {
		return nil
	}
	a := queryMapping.m.AnalyzerNamed(analyzer)
	if a == nil {
		return nil
	}
	var out []token
	for _, t := range a.Analyze([]byte(s)) {
		out = append(out, token{string(t.Term), t.Position})
	}
	return out
}

// unscored matches what q matches without scoring it: a filter (type:,
// the all-words pass's requirement). Its term readers then skip the term
// frequencies and norms, and it adds nothing to the score (a filter added
// the same amount to every hit, and a zero boost was computed to be thrown
// away).
type unscored struct{ q query.Query }

// Searcher implements query.Query.
func (u unscored) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, opts bsearch.SearcherOptions) (bsearch.Searcher, error) {
	opts.Score = "none"
	return u.q.Searcher(ctx, r, m, opts)
}
