package main

import (
	"context"
	"fmt"
	"time"
)

const reindexUsage = `usage: congbao reindex

Rebuilds the search index from SQLite into a new folder and swaps it in.
The server must not be running (one process holds the index for writing).
`

func runReindex(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "reindex", reindexUsage)
	db, err := e.storeCommand(ctx, fs, args)
	if err != nil {
		return err
	}
	defer db.Close()
	start := time.Now()
	n, err := rebuildIndex(ctx, e, db)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(e.stdout, "indexed %d published documents in %.1fs\n", n, time.Since(start).Seconds())
	return err
}
