package search

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"congbao/gazette/vntext"

	"github.com/blevesearch/bleve/v2"
)

// Snippets are highlighted on the folded text, so that a query typed
// without diacritics finds and marks "quyền sử dụng đất". A word typed
// with its diacritics must count, though: "sử dụng" marks "sử dụng", not
// "sự" or "dựng". tidySnippet takes the marks off words that match a
// query word only once folded when that word was typed with diacritics,
// and trims the words cut in half at a fragment's ends.

var markRe = regexp.MustCompile(`<mark>([^<]*)</mark>`)

// typedWords maps the folded form of each query word typed with
// diacritics to the word as typed, in lower case.
func typedWords(p Parsed) map[string]string {
	out := map[string]string{}
	add := func(s string) {
		for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			lw := strings.ToLower(vntext.NFC(w))
			if f := vntext.FoldLower(lw); f != lw {
				out[f] = lw
			}
		}
	}
	for _, w := range p.Words {
		add(w)
	}
	for _, ph := range p.Phrases {
		add(ph)
	}
	return out
}

// tidySnippet applies the rules above to one fragment.
func tidySnippet(frag string, typed map[string]string) string {
	if len(typed) > 0 {
		frag = markRe.ReplaceAllStringFunc(frag, func(m string) string {
			word := m[len("<mark>") : len(m)-len("</mark>")]
			lw := strings.ToLower(vntext.NFC(word))
			if w, ok := typed[vntext.FoldLower(lw)]; ok && w != lw {
				return word
			}
			return m
		})
	}
	return trimCutWords(frag)
}

// trimCutWords drops a partial word after a leading "…" and before a
// trailing one, unless it is marked.
func trimCutWords(frag string) string {
	const ell = "…"
	if rest, ok := strings.CutPrefix(frag, ell); ok {
		if r, _ := utf8.DecodeRuneInString(rest); unicode.IsLetter(r) || unicode.IsDigit(r) {
			if i := strings.IndexFunc(rest, unicode.IsSpace); i >= 0 && !strings.Contains(rest[:i], "<") {
				rest = rest[i:]
			}
		}
		frag = ell + " " + strings.TrimLeftFunc(rest, unicode.IsSpace)
	}
	if rest, ok := strings.CutSuffix(frag, ell); ok {
		if r, _ := utf8.DecodeLastRuneInString(rest); unicode.IsLetter(r) || unicode.IsDigit(r) {
			if i := strings.LastIndexFunc(rest, unicode.IsSpace); i >= 0 && !strings.Contains(rest[i:], ">") {
				rest = rest[:i]
			}
		}
		frag = strings.TrimRightFunc(rest, unicode.IsSpace) + " " + ell
	}
	return frag
}

// typedWordsOf is typedWords for free text (evaluation questions).
func typedWordsOf(text string) map[string]string {
	return typedWords(Parsed{Words: strings.Fields(text)})
}

// exactMatches returns which of the entries ids hold at least one of the
// typed words as typed (the unfolded text field).
func (ix *Index) exactMatches(ctx context.Context, typed map[string]string, ids []string) (map[string]bool, error) {
	words := make([]string, 0, len(typed))
	for _, w := range typed {
		words = append(words, w)
	}
	m := bleve.NewMatchQuery(strings.Join(words, " "))
	m.SetField(FieldText)
	tm := bleve.NewMatchQuery(strings.Join(words, " "))
	tm.SetField(FieldTitle)
	q := bleve.NewConjunctionQuery(bleve.NewDocIDQuery(ids), bleve.NewDisjunctionQuery(m, tm))
	res, err := ix.search(ctx, bleve.NewSearchRequestOptions(q, len(ids), 0, false))
	if err != nil {
		return nil, fmt.Errorf("typed words: %w", err)
	}
	out := make(map[string]bool, len(res.Hits))
	for _, h := range res.Hits {
		out[h.ID] = true
	}
	return out, nil
}

// typedOrder orders entries so that those holding a word typed with
// diacritics as typed come before those that match only once folded,
// keeping the order within each: "đãi ngộ" ranks the texts saying "đãi
// ngộ" above one about "nghi ngờ". It returns nil when the order stays (a
// query typed without diacritics, or entries all of one kind).
func (ix *Index) typedOrder(ctx context.Context, typed map[string]string, ids []string) ([]int, error) {
	if len(typed) == 0 || len(ids) < 2 {
		return nil, nil
	}
	exact, err := ix.exactMatches(ctx, typed, ids)
	if err != nil || len(exact) == 0 || len(exact) == len(ids) {
		return nil, err
	}
	order := make([]int, 0, len(ids))
	for _, first := range []bool{true, false} {
		for i, id := range ids {
			if exact[id] == first {
				order = append(order, i)
			}
		}
	}
	return order, nil
}

// permute returns xs in the given order.
func permute[T any](xs []T, order []int) []T {
	out := make([]T, len(order))
	for i, j := range order {
		out[i] = xs[j]
	}
	return out
}

// PreferTyped applies typedOrder to hits of free text (the evaluation's
// questions), so that eval measures the ranking users get.
func (ix *Index) PreferTyped(ctx context.Context, text string, hits []Hit) ([]Hit, error) {
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	order, err := ix.typedOrder(ctx, typedWordsOf(text), ids)
	if err != nil || order == nil {
		return hits, err
	}
	return permute(hits, order), nil
}
