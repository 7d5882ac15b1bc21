package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

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
