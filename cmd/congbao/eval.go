package main

import (
	"bufio"
	"compress/gzip"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode"

	_ "modernc.org/sqlite"

	"congbao/indexer/search"
)

const evalUsage = `usage: congbao eval --corpus CORPUS.jsonl[.gz] --queries QUERIES.jsonl [--k K] [--json] [--strip-diacritics] [--peer=false]

Indexes an article-level corpus ({"doc_id","article_id","text"} per line) in
a temporary index, runs the questions ({"qid","text","relevant":[{"doc_id",
"article_id"}]} per line) and prints recall@K, MRR@K, nDCG@K, hit@1 and the
milliseconds per query. Questions whose relevant articles are all absent from
the corpus are skipped. --strip-diacritics removes the diacritics (and maps
đ to d) from the questions first. Unless --peer=false, SQLite FTS5 BM25
(unicode61 remove_diacritics 2, the question's words OR-ed) is measured on
the same articles and questions in the same run.
`

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

// evalScores are the figures of one engine.
type evalScores struct {
	Engine     string  `json:"engine"`
	Queries    int     `json:"queries"`
	Recall     float64 `json:"recall@K"`
	MRR        float64 `json:"mrr@K"`
	NDCG       float64 `json:"ndcg@K"`
	Hit1       float64 `json:"hit@1"`
	MsPerQuery float64 `json:"ms_per_query"`
}

func runEval(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "eval", evalUsage)
	corpus := fs.String("corpus", "", "article corpus, JSON Lines (gzip when .gz)")
	queries := fs.String("queries", "", "questions with relevant articles, JSON Lines")
	k := fs.Int("k", 10, "cut-off rank")
	asJSON := fs.Bool("json", false, "print one JSON object")
	strip := fs.Bool("strip-diacritics", false, "remove diacritics from the questions first")
	peer := fs.Bool("peer", true, "also measure SQLite FTS5 BM25 on the same articles and questions")
	weights := fs.String("weights", "", "query part boosts for tuning, e.g. fold=1,exact=0.4,bigram=1,title=0.5,title_bigram=0.5")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *corpus == "" || *queries == "" || *k <= 0 {
		return usageError{"want --corpus, --queries and a positive --k"}
	}
	w, err := parseWeights(*weights)
	if err != nil {
		return usageError{err.Error()}
	}
	arts, err := readJSONL[evalArticle](*corpus)
	if err != nil {
		return err
	}
	qs, err := readJSONL[evalQuery](*queries)
	if err != nil {
		return err
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
	if *strip {
		for i := range kept {
			kept[i].Text = search.Fold(kept[i].Text)
		}
	}
	ours, err := evalCongbao(ctx, arts, kept, present, *k, w)
	if err != nil {
		return err
	}
	results := []evalScores{ours}
	if *peer {
		fts, err := evalFTS5(ctx, arts, kept, present, *k)
		if err != nil {
			return err
		}
		results = append(results, fts)
	}
	if *asJSON {
		out := map[string]any{"queries": ours.Queries, "recall@" + strconv.Itoa(*k): ours.Recall, "mrr@" + strconv.Itoa(*k): ours.MRR,
			"ndcg@" + strconv.Itoa(*k): ours.NDCG, "hit@1": ours.Hit1, "ms_per_query": ours.MsPerQuery}
		if len(results) > 1 {
			p := results[1]
			out["peer"] = map[string]any{"engine": p.Engine, "queries": p.Queries, "recall@" + strconv.Itoa(*k): p.Recall,
				"mrr@" + strconv.Itoa(*k): p.MRR, "ndcg@" + strconv.Itoa(*k): p.NDCG, "hit@1": p.Hit1, "ms_per_query": p.MsPerQuery}
		}
		return json.NewEncoder(e.stdout).Encode(out)
	}
	fmt.Fprintf(e.stdout, "%-8s %7s %9s %9s %9s %7s %9s\n", "engine", "queries", "recall@"+strconv.Itoa(*k), "mrr@"+strconv.Itoa(*k), "ndcg@"+strconv.Itoa(*k), "hit@1", "ms/query")
	for _, r := range results {
		fmt.Fprintf(e.stdout, "%-8s %7d %9.3f %9.3f %9.3f %7.3f %9.2f\n", r.Engine, r.Queries, r.Recall, r.MRR, r.NDCG, r.Hit1, r.MsPerQuery)
	}
	return nil
}

func parseWeights(s string) (search.Weights, error) {
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

func (s *scorer) scores(engine string) evalScores {
	n := float64(max(s.n, 1))
	return evalScores{Engine: engine, Queries: s.n, Recall: s.recall / n, MRR: s.mrr / n, NDCG: s.ndcg / n, Hit1: s.hit1 / n,
		MsPerQuery: float64(s.elapsed.Microseconds()) / 1000 / n}
}

func evalCongbao(ctx context.Context, arts []evalArticle, qs []evalQuery, present map[string]bool, k int, w search.Weights) (evalScores, error) {
	dir, err := os.MkdirTemp("", "congbao-eval-")
	if err != nil {
		return evalScores{}, err
	}
	defer os.RemoveAll(dir)
	ix, err := search.Create(filepath.Join(dir, "index"))
	if err != nil {
		return evalScores{}, err
	}
	defer ix.Close()
	var batch []search.Entry
	for _, a := range arts {
		title, _, _ := strings.Cut(a.Text, "\n")
		batch = append(batch, search.Entry{ID: a.DocID + "#" + a.ArticleID, Kind: "article", DocID: a.DocID, Article: a.ArticleID, Title: title, Text: a.Text})
		if len(batch) == 1000 {
			if err := ix.Apply(batch, nil); err != nil {
				return evalScores{}, err
			}
			batch = batch[:0]
		}
	}
	if err := ix.Apply(batch, nil); err != nil {
		return evalScores{}, err
	}
	s := scorer{k: k}
	for _, q := range qs {
		start := time.Now()
		hits, _, err := ix.SearchIDs(ctx, search.TextQuery(q.Text, w), k)
		if err != nil {
			return evalScores{}, err
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
func evalFTS5(ctx context.Context, arts []evalArticle, qs []evalQuery, present map[string]bool, k int) (evalScores, error) {
	dir, err := os.MkdirTemp("", "congbao-fts5-")
	if err != nil {
		return evalScores{}, err
	}
	defer os.RemoveAll(dir)
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "fts.db")+"?_pragma=journal_mode(WAL)&_pragma=synchronous(OFF)")
	if err != nil {
		return evalScores{}, err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `CREATE VIRTUAL TABLE a USING fts5(id UNINDEXED, text, tokenize='unicode61 remove_diacritics 2')`); err != nil {
		return evalScores{}, fmt.Errorf("fts5: %w", err)
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return evalScores{}, err
	}
	for _, a := range arts {
		if _, err := tx.ExecContext(ctx, `INSERT INTO a (id, text) VALUES (?, ?)`, a.DocID+"#"+a.ArticleID, a.Text); err != nil {
			tx.Rollback()
			return evalScores{}, err
		}
	}
	if err := tx.Commit(); err != nil {
		return evalScores{}, err
	}
	s := scorer{k: k}
	for _, q := range qs {
		start := time.Now()
		ranked, err := fts5Search(ctx, db, q.Text, k)
		if err != nil {
			return evalScores{}, err
		}
		s.add(q, present, ranked, time.Since(start))
	}
	return s.scores("fts5"), nil
}

// fts5Search ORs the words of text and ranks by BM25.
func fts5Search(ctx context.Context, db *sql.DB, text string, k int) ([]string, error) {
	words := strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if len(words) == 0 {
		return nil, nil
	}
	for i, w := range words {
		words[i] = `"` + strings.ReplaceAll(w, `"`, `""`) + `"`
	}
	rows, err := db.QueryContext(ctx, `SELECT id FROM a WHERE a MATCH ? ORDER BY bm25(a) LIMIT ?`, strings.Join(words, " OR "), k)
	if err != nil {
		return nil, fmt.Errorf("fts5 query %q: %w", text, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
