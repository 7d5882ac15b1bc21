package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"congbao/indexer/measure"
)

const evalUsage = `usage: congbao eval --corpus CORPUS.jsonl[.gz] --queries QUERIES.jsonl [--k K] [--json] [--strip-diacritics] [--peer=false]
                    [--weights W]

Indexes an article-level corpus ({"doc_id","article_id","text"} per line) in
a temporary index, runs the questions ({"qid","text","relevant":[{"doc_id",
"article_id"}]} per line) and prints recall@K, MRR@K, nDCG@K, hit@1 and the
milliseconds per query. Questions whose relevant articles are all absent from
the corpus are skipped. --strip-diacritics removes the diacritics (and maps
đ to d) from the questions first. Unless --peer=false, SQLite FTS5 BM25
(unicode61 remove_diacritics 2, the question's words OR-ed) is measured on
the same articles and questions in the same run.
`

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
	w, err := measure.ParseWeights(*weights)
	if err != nil {
		return usageError{err.Error()}
	}
	results, err := measure.Eval(ctx, measure.EvalConfig{Corpus: *corpus, Queries: *queries, K: *k, StripDiacritics: *strip, Peer: *peer, Weights: w})
	if err != nil {
		return err
	}
	ours := results[0]
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
