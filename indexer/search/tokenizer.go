package search

import (
	"bytes"
	"hash/maphash"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"
)

// sharedTokenizer is Bleve's Unicode tokenizer (UAX #29 words) that
// remembers its last few inputs: every text is indexed three ways (exact,
// folded, bigrams), each field tokenising the same bytes again, and word
// segmentation was a fifth of an index build. A repeat costs a hash and a
// comparison; its tokens are the first's spans over the new input (the
// filters after the tokenizer change a token's bytes in place, so tokens
// are never shared).
type sharedTokenizer struct {
	inner analysis.Tokenizer
	mu    sync.Mutex
	ring  [tokenCacheSize]tokenized
	next  int
}

// sharedTokenizerName is the tokenizer every analyzer of the mapping uses.
const sharedTokenizerName = "vi_unicode_shared"

const (
	tokenCacheSize = 8
	tokenCacheMin  = 256 // shorter texts are cheaper to tokenise than to remember
)

type tokenized struct {
	hash  uint64
	text  []byte
	spans []span
}

type span struct {
	start, end, pos int
	typ             analysis.TokenType
}

var tokenSeed = maphash.MakeSeed()

func (t *sharedTokenizer) Tokenize(input []byte) analysis.TokenStream {
	if len(input) < tokenCacheMin {
		return t.inner.Tokenize(input)
	}
	h := maphash.Bytes(tokenSeed, input)
	t.mu.Lock()
	for i := range t.ring {
		if c := &t.ring[i]; c.hash == h && bytes.Equal(c.text, input) {
			spans := c.spans
			t.mu.Unlock()
			toks := make([]analysis.Token, len(spans))
			out := make(analysis.TokenStream, len(spans))
			for j, s := range spans {
				toks[j] = analysis.Token{Term: input[s.start:s.end], Start: s.start, End: s.end, Position: s.pos, Type: s.typ}
				out[j] = &toks[j]
			}
			return out
		}
	}
	t.mu.Unlock()
	out := t.inner.Tokenize(input)
	spans := make([]span, len(out))
	for j, tok := range out {
		spans[j] = span{tok.Start, tok.End, tok.Position, tok.Type}
	}
	t.mu.Lock()
	t.ring[t.next] = tokenized{hash: h, text: bytes.Clone(input), spans: spans}
	t.next = (t.next + 1) % tokenCacheSize
	t.mu.Unlock()
	return out
}

func init() {
	shared := &sharedTokenizer{inner: unicode.NewUnicodeTokenizer()}
	registry.RegisterTokenizer(sharedTokenizerName, func(map[string]interface{}, *registry.Cache) (analysis.Tokenizer, error) {
		return shared, nil
	})
}
