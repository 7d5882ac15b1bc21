package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"

	"congbao/gazette/sqlite"
	"congbao/indexer/search"
)

func (e *env) indexPath() string { return filepath.Join(e.dataDir, "index") }

// say prints a note of the index lifecycle on stderr.
func (e *env) say(msg string) { fmt.Fprintln(e.stderr, "congbao: "+msg) }

// openIndex opens the search index of the data folder, building it from
// the store when it is missing, outdated or damaged (search.OpenOrBuild).
func openIndex(ctx context.Context, e *env, db *sqlite.DB) (*search.Index, error) {
	return search.OpenOrBuild(ctx, e.indexPath(), db, e.say)
}

// updateIndex brings the search index up to date with changed documents,
// building it from the store when it is missing. While a server holds the
// index, nothing is done here: the server follows the database's changes
// and indexes them within seconds (search.Lazy), and a note says so.
func (e *env) updateIndex(ctx context.Context, db *sqlite.DB, ids []int64) error {
	ix, err := openIndex(ctx, e, db)
	if errors.Is(err, search.ErrLocked) {
		fmt.Fprintf(e.stderr, "congbao: %v; that server indexes the %d documents changed within seconds\n", err, len(ids))
		return nil
	}
	if err != nil {
		return err
	}
	defer ix.Close()
	return ix.UpdateAll(ctx, db, ids)
}
