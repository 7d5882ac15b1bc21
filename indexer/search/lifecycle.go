package search

import (
	"context"
	"errors"
	"fmt"
	"os"

	"congbao/gazette"
)

// The index is derived from the database: it is built from it, rebuilt
// aside and swapped in, and brought up to date with it on every open
// (a crash between a commit and its index update leaves it behind).

// Source is the database the index is built from and kept in step with.
type Source interface {
	DocSource
	EachDocument(ctx context.Context, withText bool, fn func(*gazette.Document) error) error
	// ChangeCount counts the document changes ever written (it only
	// grows): a change to a document, or to one whose effect it changes.
	ChangeCount(ctx context.Context) (int64, error)
}

// updateBatch is how many documents one index batch re-indexes.
const updateBatch = 500

// UpdateAll re-indexes the documents with these ids from src, in batches.
func (ix *Index) UpdateAll(ctx context.Context, src DocSource, ids []int64) error {
	for len(ids) > 0 {
		n := min(len(ids), updateBatch)
		if err := ix.Update(ctx, src, ids[:n]); err != nil {
			return fmt.Errorf("update search index: %w", err)
		}
		ids = ids[n:]
	}
	return nil
}

// Bound is an index with the database it reads documents from: the
// pipeline's and the server's narrow interfaces (Update, Search).
type Bound struct {
	Index  *Index
	Source DocSource
}

// Update re-indexes the documents with these ids.
func (b Bound) Update(ctx context.Context, ids []int64) error {
	return b.Index.UpdateAll(ctx, b.Source, ids)
}

// Search runs a search.
func (b Bound) Search(ctx context.Context, r gazette.SearchRequest) (*gazette.SearchResult, error) {
	return b.Index.Search(ctx, r)
}

// Diff compares the index with the database: published documents missing
// from it, documents indexed at another version (or no longer published),
// and index entries of documents the database does not hold.
type Diff struct {
	Missing, Stale []int64
	Gone           []string
	Published      int
}

// Compare finds what the index lacks or holds wrongly against src.
func Compare(ctx context.Context, src Source, ix *Index) (*Diff, error) {
	versions, err := ix.Versions(ctx)
	if err != nil {
		return nil, err
	}
	var d Diff
	err = src.EachDocument(ctx, false, func(doc *gazette.Document) error {
		want := Entries(doc, nil)
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

// Sync brings the index up to date with src: after a crash between a
// commit and its index update, the documents committed are indexed now. It
// returns how many entries it fixed.
func Sync(ctx context.Context, src Source, ix *Index) (int, error) {
	d, err := Compare(ctx, src, ix)
	if err != nil {
		return 0, fmt.Errorf("compare search index with the database: %w", err)
	}
	if err := ix.UpdateAll(ctx, src, append(append([]int64{}, d.Missing...), d.Stale...)); err != nil {
		return 0, err
	}
	for _, id := range d.Gone {
		if err := ix.DeleteDocument(id); err != nil {
			return 0, fmt.Errorf("update search index: %w", err)
		}
	}
	return len(d.Missing) + len(d.Stale) + len(d.Gone), nil
}

// OpenOrBuild opens the index at dir, building it from src when it is
// missing (a new data folder), outdated or damaged, and brings it up to
// date with src. While another process holds it, the error is ErrLocked,
// naming that process, within seconds.
func OpenOrBuild(ctx context.Context, dir string, src Source, say func(string)) (*Index, error) {
	ix, err := OpenSynced(ctx, dir, src, say)
	if err != nil || ix != nil {
		return ix, err
	}
	if _, err := Rebuild(ctx, dir, src); err != nil {
		return nil, err
	}
	return Open(dir)
}

// OpenSynced opens the index at dir and brings it up to date with src. It
// returns no index and no error when the index is to be built: missing,
// built by an older congbao, or damaged (moved aside first: it is derived
// data), and says which with say. Another process holding it is ErrLocked.
func OpenSynced(ctx context.Context, dir string, src Source, say func(string)) (*Index, error) {
	if _, err := os.Stat(dir); err != nil {
		return nil, nil
	}
	ix, err := Open(dir)
	switch {
	case errors.Is(err, ErrLocked):
		return nil, err
	case errors.Is(err, ErrOutdated):
		say("the search index was built by an older congbao; rebuilding it")
		return nil, nil
	case err != nil:
		aside, merr := MoveAside(dir)
		if merr != nil {
			return nil, errors.Join(err, merr)
		}
		say(fmt.Sprintf("%v; moved it aside to %s; rebuilding it from the database", err, aside))
		return nil, nil
	}
	count, err := src.ChangeCount(ctx)
	if err != nil {
		ix.Close()
		return nil, err
	}
	if at, ok := ix.SyncedAt(); ok && at == count {
		return ix, nil // nothing written since the index last held every document
	}
	n, err := Sync(ctx, src, ix)
	if err != nil {
		ix.Close()
		return nil, err
	}
	if n > 0 {
		say(fmt.Sprintf("brought %d search index entries up to date with the database", n))
	}
	if err := ix.SetSyncedAt(count); err != nil {
		ix.Close()
		return nil, err
	}
	return ix, nil
}

// buildBatch is how many entries of a shard a rebuild puts in one
// segment before the final merge (larger batches measured no faster and
// hold more in memory).
const buildBatch = 1000

// Rebuild builds a fresh index beside dir from src and swaps it in with
// renames (zoekt's builder does the same). It returns how many documents
// it indexed.
func Rebuild(ctx context.Context, dir string, src Source) (int, error) {
	tmp := dir + ".new"
	if err := RemoveAll(tmp); err != nil {
		return 0, err
	}
	count, err := src.ChangeCount(ctx) // before reading: what is written during the build is not covered
	if err != nil {
		return 0, fmt.Errorf("rebuild search index: %w", err)
	}
	n, err := build(ctx, tmp, src, count)
	if err != nil {
		RemoveAll(tmp)
		return 0, fmt.Errorf("rebuild search index: %w", err)
	}
	old := dir + ".old"
	RemoveAll(old)
	if _, err := os.Stat(dir); err == nil {
		if err := os.Rename(dir, old); err != nil {
			return 0, fmt.Errorf("rebuild search index: %w", err)
		}
	}
	if err := os.Rename(tmp, dir); err != nil {
		return 0, fmt.Errorf("rebuild search index: %w", err)
	}
	RemoveAll(old)
	return n, nil
}
