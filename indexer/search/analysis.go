// Package search is congbao's Vietnamese full-text index on Bleve. It is
// derived from SQLite and can be rebuilt from it at any time.
//
// Each text field is indexed three ways: exact (unicode tokens, NFC, lower
// case), folded (diacritics stripped after NFD and đ mapped to d, so
// "nghi dinh" finds "nghị định") and folded syllable bigrams ("nghi_dinh":
// Vietnamese words are mostly two syllables, so a bigram match is a word
// match). Queries search all three; the exact field is boosted so that a
// query typed with diacritics ranks exact matches first. Scoring is Bleve's
// TF-IDF, which measured better than its BM25 on our question sets.
package search

import (
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
	"golang.org/x/text/unicode/norm"

	"congbao/gazette/vntext"
)

// FoldFilterName is the token filter that removes Vietnamese diacritics.
const FoldFilterName = "vi_fold"

// foldFilter folds each token on its own, so the token's byte offsets into
// the original text stay right (a char filter over the whole text moved
// them, and Bleve's asciifolding split UTF-8 bytes in highlights).
type foldFilter struct{}

// Fold lower-cases s, removes its diacritics and maps đ to d.
func Fold(s string) string { return vntext.FoldLower(s) }

// Filter folds each token in place: the filter runs on every token of
// every text indexed, three times per text, and a copy per token was a
// fifth of an index build (docs/PERFORMANCE.md).
func (foldFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, t := range input {
		t.Term = vntext.FoldLowerInPlace(t.Term)
	}
	return input
}

// nfcTokens puts each token in NFC, copying only a token that is not
// (Bleve's unicodenorm filter copies every one).
type nfcTokens struct{}

// nfcFilterType is the registered type of nfcTokens.
const nfcFilterType = "vi_nfc_tokens"

func (nfcTokens) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, t := range input {
		if !norm.NFC.IsNormal(t.Term) {
			t.Term = norm.NFC.Bytes(t.Term)
		}
	}
	return input
}

func init() {
	registry.RegisterTokenFilter(nfcFilterType, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return nfcTokens{}, nil
	})
	registry.RegisterTokenFilter(FoldFilterName, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return foldFilter{}, nil
	})
}

// stopWords are the function words of Vietnamese legal questions ("có ...
// không?", "bao nhiêu", "được ... hay không"), folded. They carry no topic;
// in an OR query they only add noise.
var stopWords = []string{
	"co", "khong", "duoc", "la", "gi", "nao", "bao", "nhieu", "thi", "va", "cua", "cac", "nhung", "cho", "voi",
	"trong", "theo", "khi", "neu", "hay", "hoac", "do", "de", "nay", "ma", "thế", "the", "sao", "o", "tai",
	"mot", "ve", "tu", "den", "nhu", "bi", "phai", "se", "da", "dang", "vay", "a", "u", "nhe", "ai",
}
