package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"congbao/indexer"
	"congbao/indexer/search"
)

const reindexUsage = `usage: congbao reindex [--data DIR]

Rebuilds the search index from SQLite into a new folder and swaps it in.
The server must not be running (one process holds the index for writing):
while it runs, reindex says which process holds it and stops.
`

func runReindex(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "reindex", reindexUsage)
	e.dataFlag(fs)
	db, err := e.storeCommand(ctx, fs, args)
	if err != nil {
		return err
	}
	defer db.Close()
	// a server holding the index would go on writing the folder swapped out
	if _, err := os.Stat(e.indexPath()); err == nil {
		ix, err := search.Open(e.indexPath())
		if errors.Is(err, search.ErrLocked) {
			return fmt.Errorf("%w; stop it first (its index is rebuilt on its own when damaged or outdated)", err)
		}
		if err == nil {
			ix.Close()
		}
	}
	start := time.Now()
	defer indexer.BatchGC(indexer.ReindexMemorySoft)()
	n, err := search.Rebuild(ctx, e.indexPath(), db)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(e.stdout, "indexed %d published documents in %.1fs\n", n, time.Since(start).Seconds())
	return err
}
