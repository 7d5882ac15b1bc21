package measure

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	_ "modernc.org/sqlite"

	"congbao/indexer/search"
)

type evalArticle struct {
	DocID     string `json:"doc_id"`
	ArticleID string `json:"article_id"`
	Text      string `json:"text"`
}

type evalQuery struct {
	QID      string `json:"qid"`
	Text     string `json:"text"`
	Relevant []struct {
		DocID     string `json:"doc_id"`
		ArticleID string `json:"article_id"`
	} `json:"relevant"`
}

// Scores are the figures of one engine.
type Scores struct {
	Engine     string  `json:"engine"`
	Queries    int     `json:"queries"`
	Recall     float64 `json:"recall@K"`
	MRR        float64 `json:"mrr@K"`
	NDCG       float64 `json:"ndcg@K"`
	Hit1       float64 `json:"hit@1"`
	MsPerQuery float64 `json:"ms_per_query"`
}

// EvalConfig is one evaluation: the files, the cut-off rank and the options.
type EvalConfig struct {
	Corpus, Queries string // article corpus and questions, JSON Lines (gzip when .gz)
	K               int    // cut-off rank
	StripDiacritics bool   // remove diacritics (and map đ to d) from the questions first
	Peer            bool   // also measure SQLite FTS5 BM25 on the same articles and questions
	Weights         search.Weights
}

// Eval indexes an article-level corpus ({"doc_id","article_id","text"} per
// line) in a temporary index, runs the questions ({"qid","text","relevant":
// [{"doc_id","article_id"}]} per line) and returns congbao's scores, then
// the peer's when asked. Questions whose relevant articles are all absent
// from the corpus are skipped.
func Eval(ctx context.Context, c EvalConfig) ([]Scores, error) {
	if c.K <= 0 {
		return nil, fmt.Errorf("eval: cut-off rank %d: want a positive number", c.K)
	}
	arts, err := readJSONL[evalArticle](c.Corpus)
	if err != nil {
		return nil, err
	}
	qs, err := readJSONL[evalQuery](c.Queries)
	if err != nil {
		return nil, err
	}
	present := map[string]bool{}
	for _, a := range arts {
		present[a.DocID+"#"+a.ArticleID] = true
	}
	var kept []evalQuery
	for _, q := range qs {
		for _, r := range q.Relevant {
			if present[r.DocID+"#"+r.ArticleID] {
				kept = append(kept, q)
				break
			}
		}
	}
	if c.StripDiacritics {
		for i := range kept {
			kept[i].Text = search.Fold(kept[i].Text)
		}
	}
	ours, err := evalCongbao(ctx, arts, kept, present, c.K, c.Weights)
	if err != nil {
		return nil, err
	}
	results := []Scores{ours}
	if c.Peer {
		fts, err := evalFTS5(ctx, arts, kept, present, c.K)
		if err != nil {
			return nil, err
		}
		results = append(results, fts)
	}
	return results, nil
}

// ParseWeights reads query part boosts for tuning
// ("fold=1,exact=0.4,bigram=1,title=0.5,title_bigram=0.5") over the defaults.
func ParseWeights(s string) (search.Weights, error) {
	w := search.DefaultWeights
	if s == "" {
		return w, nil
	}
	for _, kv := range strings.Split(s, ",") {
		k, v, ok := strings.Cut(kv, "=")
		f, err := strconv.ParseFloat(v, 64)
		if !ok || err != nil {
			return w, fmt.Errorf("--weights: %q is not name=number", kv)
		}
		switch k {
		case "fold":
			w.Fold = f
		case "exact":
			w.Exact = f
		case "bigram":
			w.Bigram = f
		case "title":
			w.Title = f
		case "title_bigram":
			w.TitleBigram = f
		default:
			return w, fmt.Errorf("--weights: unknown part %q", k)
		}
	}
	return w, nil
}

func readJSONL[T any](path string) ([]T, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		defer zr.Close()
		r = zr
	}
	var out []T
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for n := 1; sc.Scan(); n++ {
		var v T
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		out = append(out, v)
	}
	return out, sc.Err()
}

// scorer accumulates the metrics over queries.
type scorer struct {
	k                       int
	n                       int
	recall, mrr, ndcg, hit1 float64
	elapsed                 time.Duration
}

func (s *scorer) add(q evalQuery, present map[string]bool, ranked []string, took time.Duration) {
	rel := map[string]bool{}
	for _, r := range q.Relevant {
		if key := r.DocID + "#" + r.ArticleID; present[key] {
			rel[key] = true
		}
	}
	s.n++
	s.elapsed += took
	found, dcg := 0, 0.0
	first := 0
	for i, id := range ranked {
		if i >= s.k {
			break
		}
		if rel[id] {
			found++
			dcg += 1 / math.Log2(float64(i+2))
			if first == 0 {
				first = i + 1
			}
		}
	}
	idcg := 0.0
	for i := 0; i < min(len(rel), s.k); i++ {
		idcg += 1 / math.Log2(float64(i+2))
	}
	s.recall += float64(found) / float64(len(rel))
	s.ndcg += dcg / idcg
	if first > 0 {
		s.mrr += 1 / float64(first)
	}
	if first == 1 {
		s.hit1++
	}
}

func (s *scorer) scores(engine string) Scores {
	n := float64(max(s.n, 1))
	return Scores{Engine: engine, Queries: s.n, Recall: s.recall / n, MRR: s.mrr / n, NDCG: s.ndcg / n, Hit1: s.hit1 / n,
		MsPerQuery: float64(s.elapsed.Microseconds()) / 1000 / n}
}

func evalCongbao(ctx context.Context, arts []evalArticle, qs []evalQuery, present map[string]bool, k int, w search.Weights) (Scores, error) {
	dir, err := os.MkdirTemp("", "congbao-eval-")
	if err != nil {
		return Scores{}, err
	}
	defer os.RemoveAll(dir)
	ix, err := search.Create(filepath.Join(dir, "index"))
	if err != nil {
		return Scores{}, err
	}
	defer ix.Close()
	var batch []search.Entry
	for _, a := range arts {
		title, _, _ := strings.Cut(a.Text, "\n")
		batch = append(batch, search.Entry{ID: a.DocID + "#" + a.ArticleID, Kind: "article", DocID: a.DocID, Article: a.ArticleID, Title: title, Text: a.Text})
		if len(batch) == 1000 {
			if err := ix.Apply(batch, nil); err != nil {
				return Scores{}, err
			}
			batch = batch[:0]
		}
	}
	if err := ix.Apply(batch, nil); err != nil {
		return Scores{}, err
	}
	s := scorer{k: k}
	for _, q := range qs {
		start := time.Now()
		hits, _, err := ix.SearchIDs(ctx, search.TextQuery(q.Text, w), k)
		if err == nil {
			hits, err = ix.PreferTyped(ctx, q.Text, hits) // as Search ranks for users
		}
		if err != nil {
			return Scores{}, err
		}
		took := time.Since(start)
		ranked := make([]string, len(hits))
		for i, h := range hits {
			ranked[i] = h.ID
		}
		s.add(q, present, ranked, took)
	}
	return s.scores("congbao"), nil
}

// evalFTS5 measures the peer: SQLite FTS5 with BM25 over the same articles.
func evalFTS5(ctx context.Context, arts []evalArticle, qs []evalQuery, present map[string]bool, k int) (Scores, error) {
	dir, err := os.MkdirTemp("", "congbao-fts5-")
	if err != nil {
		return Scores{}, err
	}
	defer os.RemoveAll(dir)
	docs := make([]Doc, len(arts))
	for i, a := range arts {
		docs[i] = Doc{ID: a.DocID + "#" + a.ArticleID, Text: a.Text}
	}
	fts, _, err := BuildFTS5(ctx, dir, docs)
	if err != nil {
		return Scores{}, err
	}
	defer fts.Close()
	s := scorer{k: k}
	for _, q := range qs {
		start := time.Now()
		ranked, err := fts.Top(ctx, q.Text, k)
		if err != nil {
			return Scores{}, err
		}
		s.add(q, present, ranked, time.Since(start))
	}
	return s.scores("fts5"), nil
}
