package search

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/shingle"
	"github.com/blevesearch/bleve/v2/analysis/token/stop"
	"github.com/blevesearch/bleve/v2/analysis/tokenmap"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"
)

// Analyzer names.
const (
	ExactAnalyzer  = "vi_exact"
	FoldAnalyzer   = "vi_fold"
	BigramAnalyzer = "vi_bigram"
	QueryAnalyzer  = "vi_fold_query" // folded, without the function words of questions
	stopFilter     = "vi_stop"
	stopList       = "vi_stop_list"
	bigramFilter   = "vi_shingle"
)

// Field names of an indexed entry (a document or one of its articles).
const (
	FieldKind      = "kind"   // "document" or "article"
	FieldDocID     = "doc_id" // congbao document id, or the corpus doc id in eval
	FieldArticle   = "article"
	FieldNumber    = "number"     // canonical number, keyword
	FieldNumberKey = "number_k"   // folded number, keyword (43/2011/nd-cp)
	FieldDocNumber = "doc_number" // canonical number of a document entry only: number lookups
	FieldFacets    = "facets"     // "type\x1fLuật", "year\x1f2015", ...: document entries only
	FieldYear      = "year"
	FieldIssueDate = "issue_date"
	FieldEffective = "effective_date"
	FieldGazette   = "gazette"
	FieldTitle     = "title"
	FieldTitleF    = "title_f"
	FieldTitleB    = "title_b"
	FieldText      = "text"
	FieldTextF     = "text_f"
	FieldTextB     = "text_b"
	// FieldDocKey is a document entry's key: its document id, version and
	// number in one keyword term (docKey), so that what the index holds is
	// read from the field's dictionary when the index opens, without
	// loading stored fields
	FieldDocKey  = "doc_key"
	FieldTypeK   = "type_k" // folded keyword copies, for filters typed without diacritics
	FieldIssuerK = "issuer_k"
	// the first days a document is in force, partly expired and wholly
	// expired (2200-12-31: not yet known to end): the status filter at a
	// date is three date ranges on them
	FieldInForceFrom = "in_force_from"
	FieldPartFrom    = "part_expired_from"
	FieldExpiredFrom = "expired_from"
)

// NewMapping returns the index mapping: Vietnamese analysis, TF-IDF.
func NewMapping() (*mapping.IndexMappingImpl, error) {
	im := bleve.NewIndexMapping()
	// Bleve's TF-IDF with its coordination factor (a hit matching more of the
	// question's terms scores higher) measured 0.036 to 0.050 MRR@10 above
	// its BM25 on the shared ALQAC sets; see docs/search.md.
	im.ScoringModel = index.TFIDFScoring
	words := make([]interface{}, len(stopWords))
	for i, w := range stopWords {
		words[i] = w
	}
	if err := im.AddCustomTokenMap(stopList, map[string]interface{}{"type": tokenmap.Name, "tokens": words}); err != nil {
		return nil, err
	}
	if err := im.AddCustomTokenFilter(stopFilter, map[string]interface{}{"type": stop.Name, "stop_token_map": stopList}); err != nil {
		return nil, err
	}
	if err := im.AddCustomTokenFilter(bigramFilter, map[string]interface{}{"type": shingle.Name, "min": 2.0, "max": 2.0,
		"output_original": false, "separator": "_"}); err != nil {
		return nil, err
	}
	analyzers := map[string][]string{
		ExactAnalyzer:  {nfcFilterType, lowercase.Name},
		FoldAnalyzer:   {lowercase.Name, FoldFilterName},
		BigramAnalyzer: {lowercase.Name, FoldFilterName, stopFilter, bigramFilter},
		QueryAnalyzer:  {lowercase.Name, FoldFilterName, stopFilter},
	}
	for name, filters := range analyzers {
		fs := make([]interface{}, len(filters))
		for i, f := range filters {
			fs[i] = f
		}
		if err := im.AddCustomAnalyzer(name, map[string]interface{}{"type": custom.Name, "tokenizer": sharedTokenizerName, "token_filters": fs}); err != nil {
			return nil, err
		}
	}
	doc := bleve.NewDocumentMapping()
	text := func(analyzer string, store, vectors bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer, f.Store, f.IncludeTermVectors, f.IncludeInAll = analyzer, store, vectors, false
		f.DocValues = false // a text is never sorted or faceted on
		return f
	}
	kw := func() *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Analyzer, f.Store, f.IncludeInAll = keyword.Name, true, false
		f.DocValues = false // read from stored fields, never sorted or faceted on
		return f
	}
	for _, name := range []string{FieldKind, FieldDocID, FieldArticle, FieldNumber, FieldNumberKey, FieldDocNumber,
		FieldGazette, FieldTypeK, FieldIssuerK} {
		doc.AddFieldMappingsAt(name, kw())
	}
	key := bleve.NewKeywordFieldMapping()
	key.Store, key.IncludeInAll, key.DocValues = false, false, false
	doc.AddFieldMappingsAt(FieldDocKey, key)
	year := bleve.NewNumericFieldMapping()
	year.Store, year.IncludeInAll, year.DocValues = true, false, false
	doc.AddFieldMappingsAt(FieldYear, year)
	facets := bleve.NewKeywordFieldMapping()
	facets.Store, facets.IncludeInAll = false, false
	doc.AddFieldMappingsAt(FieldFacets, facets)
	for _, name := range []string{FieldIssueDate, FieldEffective, FieldInForceFrom, FieldPartFrom, FieldExpiredFrom} {
		d := bleve.NewDateTimeFieldMapping()
		// doc values only where a search sorts: by issue date
		d.Store, d.IncludeInAll, d.DocValues = true, false, name == FieldIssueDate
		doc.AddFieldMappingsAt(name, d)
	}
	// Term vectors make phrase queries work: phrases run on the folded field
	// (the exact field has none, to index faster). The folded fields store the
	// original text: a folded match is highlighted with the document's own
	// diacritics, since the filter folds each token in place.
	doc.AddFieldMappingsAt(FieldTitle, text(ExactAnalyzer, false, false))
	doc.AddFieldMappingsAt(FieldTitleF, text(FoldAnalyzer, true, true))
	doc.AddFieldMappingsAt(FieldTitleB, text(BigramAnalyzer, false, false))
	doc.AddFieldMappingsAt(FieldText, text(ExactAnalyzer, false, false))
	doc.AddFieldMappingsAt(FieldTextF, text(FoldAnalyzer, true, true))
	doc.AddFieldMappingsAt(FieldTextB, text(BigramAnalyzer, false, false))
	im.DefaultMapping = doc
	im.DefaultAnalyzer = FoldAnalyzer
	im.StoreDynamic, im.IndexDynamic = false, false
	return im, nil
}
