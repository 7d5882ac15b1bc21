package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"congbao/gazette"
	"congbao/indexer/search"
)

const searchUsage = `usage: congbao search [--data DIR] [--json] [--limit N] [--by-date] QUERY

Searches the documents: words with or without diacritics, "phrases",
-exclusions, filters type: issuer: year: status: number: kind:, and date
ranges issued:2020-01-01..2021-12-31 (docs/search.md). A query that is a
document number in any spelling puts that document first.
`

func runSearch(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "search", searchUsage)
	e.dataFlag(fs)
	asJSON := fs.Bool("json", false, "print the result as JSON")
	limit := fs.Int("limit", 10, "documents to show")
	byDate := fs.Bool("by-date", false, "newest first instead of by relevance")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageError{"want a QUERY"}
	}
	db, err := e.openStore(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	ix, err := openIndex(ctx, e, db)
	if errors.Is(err, search.ErrLocked) {
		return fmt.Errorf("%w; search through that server's API (GET /api/v1/search?q=...) while it runs", err)
	}
	if err != nil {
		return err
	}
	defer ix.Close()
	res, err := ix.Search(ctx, gazette.SearchRequest{Query: strings.Join(fs.Args(), " "), Size: *limit, ByDate: *byDate, Facets: true, Snippets: true})
	if err != nil {
		return err
	}
	if *asJSON {
		return json.NewEncoder(e.stdout).Encode(res)
	}
	fmt.Fprintf(e.stdout, "%d documents (%.1f ms)\n", res.Total, res.TookMs)
	for _, h := range res.Hits {
		var id int64
		fmt.Sscan(h.DocID, &id)
		d, err := db.DocumentByID(ctx, id)
		if err != nil {
			return err
		}
		where := ""
		if h.Article != "" {
			where = " — Điều " + h.Article
		}
		fmt.Fprintf(e.stdout, "\n[%d] %s %s%s\n    %s\n", d.ID, d.TypeName, d.Number, where, d.Title)
		for _, s := range h.Snippet {
			s = strings.NewReplacer("<mark>", "[", "</mark>", "]", "\n", " ").Replace(s)
			fmt.Fprintf(e.stdout, "    … %s …\n", s)
		}
	}
	return nil
}
