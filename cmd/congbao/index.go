package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"congbao/gazette"
	"congbao/gazette/sqlite"
	"congbao/indexer/fulltext"
)

func (e *env) indexPath() string { return filepath.Join(e.dataDir, "index") }

// storeIndex adapts the search index to the pipeline's and the server's
// narrow interfaces, reading documents from the store.
type storeIndex struct {
	ix *fulltext.Index
	db *sqlite.DB
}

func (s storeIndex) Update(ctx context.Context, ids []int64) error {
	return s.ix.Update(ctx, s.db, ids)
}

func (s storeIndex) Search(ctx context.Context, r fulltext.Request) (*fulltext.Result, error) {
	return s.ix.Search(ctx, r)
}

// openIndex opens the search index, building it from the store when it is
// missing (a new data folder, or one from before the index existed).
func openIndex(ctx context.Context, e *env, db *sqlite.DB) (*fulltext.Index, error) {
	if _, err := os.Stat(e.indexPath()); err == nil {
		return fulltext.Open(e.indexPath())
	}
	if _, err := rebuildIndex(ctx, e, db); err != nil {
		return nil, err
	}
	return fulltext.Open(e.indexPath())
}

// rebuildIndex builds a fresh index beside the current one from SQLite and
// swaps it in with renames (zoekt's builder does the same).
func rebuildIndex(ctx context.Context, e *env, db *sqlite.DB) (int, error) {
	tmp := e.indexPath() + ".new"
	if err := fulltext.RemoveAll(tmp); err != nil {
		return 0, err
	}
	ix, err := fulltext.Create(tmp)
	if err != nil {
		return 0, err
	}
	n := 0
	var batch []fulltext.Entry
	flush := func() error {
		err := ix.Apply(batch, nil)
		batch = batch[:0]
		return err
	}
	err = db.EachDocument(ctx, true, func(d *gazette.Document) error {
		arts, err := db.Articles(ctx, d.ID)
		if err != nil {
			return err
		}
		if es := fulltext.Entries(d, arts); len(es) > 0 {
			n++
			batch = append(batch, es...)
		}
		if len(batch) >= 2000 {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if cerr := ix.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		fulltext.RemoveAll(tmp)
		return 0, fmt.Errorf("rebuild search index: %w", err)
	}
	old := e.indexPath() + ".old"
	fulltext.RemoveAll(old)
	if _, err := os.Stat(e.indexPath()); err == nil {
		if err := os.Rename(e.indexPath(), old); err != nil {
			return 0, fmt.Errorf("rebuild search index: %w", err)
		}
	}
	if err := os.Rename(tmp, e.indexPath()); err != nil {
		return 0, fmt.Errorf("rebuild search index: %w", err)
	}
	fulltext.RemoveAll(old)
	return n, nil
}

const reindexUsage = `usage: congbao reindex

Rebuilds the search index from SQLite into a new folder and swaps it in.
The server must not be running (one process holds the index for writing).
`

func runReindex(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "reindex", reindexUsage)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	db, err := e.openStore(ctx)
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

const checkUsage = `usage: congbao check

Compares the search index with SQLite: published documents missing from the
index or indexed in an older version, and index entries of documents that are
no longer published. Exits 1 when it finds any; "congbao reindex" repairs.
`

func runCheck(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "check", checkUsage)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	db, err := e.openStore(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	ix, err := fulltext.Open(e.indexPath())
	if err != nil {
		return err
	}
	defer ix.Close()
	versions, err := ix.Versions(ctx)
	if err != nil {
		return err
	}
	var missing, stale, published int
	err = db.EachDocument(ctx, false, func(d *gazette.Document) error {
		want := fulltext.Entries(d, nil)
		key := fmt.Sprint(d.ID)
		got, ok := versions[key]
		delete(versions, key)
		switch {
		case len(want) == 0:
			if ok {
				stale++
				fmt.Fprintf(e.stdout, "stale: document %d is indexed but not published\n", d.ID)
			}
		case !ok:
			missing++
			fmt.Fprintf(e.stdout, "missing: document %d (%s) is not in the index\n", d.ID, d.Number)
		case got != want[0].Version:
			stale++
			fmt.Fprintf(e.stdout, "stale: document %d indexed at version %s, stored %s\n", d.ID, got, want[0].Version)
		}
		if len(want) > 0 {
			published++
		}
		return nil
	})
	if err != nil {
		return err
	}
	for id := range versions {
		stale++
		fmt.Fprintf(e.stdout, "stale: document %s is indexed but not in the database\n", id)
	}
	fmt.Fprintf(e.stdout, "%d published documents: %d missing from the index, %d stale entries\n", published, missing, stale)
	if missing+stale > 0 {
		return fmt.Errorf("the search index does not match the database; run congbao reindex")
	}
	return nil
}
