package main

import (
	"context"
	"errors"
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

// indexDiff compares the index with the store: published documents
// missing from it, documents indexed at another version (or no longer
// published), and index entries of documents the store does not hold.
type indexDiff struct {
	Missing, Stale []int64
	Gone           []string
	Published      int
}

func diffIndex(ctx context.Context, db *sqlite.DB, ix *fulltext.Index) (*indexDiff, error) {
	versions, err := ix.Versions(ctx)
	if err != nil {
		return nil, err
	}
	var d indexDiff
	err = db.EachDocument(ctx, false, func(doc *gazette.Document) error {
		want := fulltext.Entries(doc, nil)
		key := fmt.Sprint(doc.ID)
		got, ok := versions[key]
		delete(versions, key)
		switch {
		case len(want) == 0:
			if ok {
				d.Stale = append(d.Stale, doc.ID) // indexed, not published
			}
		case !ok:
			d.Missing = append(d.Missing, doc.ID)
		case got != want[0].Version:
			d.Stale = append(d.Stale, doc.ID)
		}
		if len(want) > 0 {
			d.Published++
		}
		return nil
	})
	for id := range versions {
		d.Gone = append(d.Gone, id)
	}
	return &d, err
}

// syncIndex brings the index up to date with the store: after a crash
// between a commit and its index update, the documents committed are
// indexed now. It returns how many entries it fixed.
func syncIndex(ctx context.Context, db *sqlite.DB, ix *fulltext.Index) (int, error) {
	d, err := diffIndex(ctx, db, ix)
	if err != nil {
		return 0, fmt.Errorf("compare search index with the database: %w", err)
	}
	ids := append(append([]int64{}, d.Missing...), d.Stale...)
	for len(ids) > 0 {
		n := min(len(ids), 500)
		if err := ix.Update(ctx, db, ids[:n]); err != nil {
			return 0, fmt.Errorf("update search index: %w", err)
		}
		ids = ids[n:]
	}
	for _, id := range d.Gone {
		if err := ix.DeleteDocument(id); err != nil {
			return 0, fmt.Errorf("update search index: %w", err)
		}
	}
	return len(d.Missing) + len(d.Stale) + len(d.Gone), nil
}

// openIndex opens the search index, building it from the store when it is
// missing (a new data folder, or one from before the index existed),
// outdated or damaged, and brings it up to date with the store (a crash
// may have left it behind). While another process holds it, the error is
// fulltext.ErrLocked, naming that process, within seconds.
func openIndex(ctx context.Context, e *env, db *sqlite.DB) (*fulltext.Index, error) {
	ix, err := openSynced(ctx, e, db, func(msg string) { fmt.Fprintln(e.stderr, "congbao: "+msg) })
	if err != nil || ix != nil {
		return ix, err
	}
	return rebuildOpen(ctx, e, db)
}

// openSynced opens the index on disk and brings it up to date with the
// store. It returns no index and no error when the index is to be built:
// missing, built by an older congbao, or damaged (moved aside first: it is
// derived data), and says which with say. Another process holding it is
// fulltext.ErrLocked.
func openSynced(ctx context.Context, e *env, db *sqlite.DB, say func(string)) (*fulltext.Index, error) {
	if _, err := os.Stat(e.indexPath()); err != nil {
		return nil, nil
	}
	ix, err := fulltext.Open(e.indexPath())
	switch {
	case errors.Is(err, fulltext.ErrLocked):
		return nil, err
	case errors.Is(err, fulltext.ErrOutdated):
		say("the search index was built by an older congbao; rebuilding it")
		return nil, nil
	case err != nil:
		aside, merr := fulltext.MoveAside(e.indexPath())
		if merr != nil {
			return nil, errors.Join(err, merr)
		}
		say(fmt.Sprintf("%v; moved it aside to %s; rebuilding it from the database", err, aside))
		return nil, nil
	}
	n, err := syncIndex(ctx, db, ix)
	if err != nil {
		ix.Close()
		return nil, err
	}
	if n > 0 {
		say(fmt.Sprintf("brought %d search index entries up to date with the database", n))
	}
	return ix, nil
}

func rebuildOpen(ctx context.Context, e *env, db *sqlite.DB) (*fulltext.Index, error) {
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
	if err == nil {
		err = ix.Compact(ctx)
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

// updateIndex brings the search index up to date with changed documents,
// building it from the store when it is missing. While a server holds the
// index, nothing is done here: the server follows the database's changes
// and indexes them within seconds (serve's follower), and a note says so.
func (e *env) updateIndex(ctx context.Context, db *sqlite.DB, ids []int64) error {
	ix, err := openIndex(ctx, e, db)
	if errors.Is(err, fulltext.ErrLocked) {
		fmt.Fprintf(e.stderr, "congbao: %v; that server indexes the %d documents changed within seconds\n", err, len(ids))
		return nil
	}
	if err != nil {
		return err
	}
	defer ix.Close()
	for len(ids) > 0 {
		n := min(len(ids), 500)
		if err := ix.Update(ctx, db, ids[:n]); err != nil {
			return fmt.Errorf("update search index: %w", err)
		}
		ids = ids[n:]
	}
	return nil
}
