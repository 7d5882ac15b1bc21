package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"

	"congbao/gazette/sqlite"
	"congbao/indexer/fulltext"
)

// errIndexBuilding is returned while the search index is built in the background.
var errIndexBuilding = errors.New("the search index is being built; try again in a minute")

// lazyIndex lets serve answer at once on a new data folder: the index is
// built from SQLite in the background, and search says so until it is ready.
type lazyIndex struct {
	db    *sqlite.DB
	mu    sync.RWMutex
	ix    *fulltext.Index
	ready chan struct{}
}

// startIndex opens the index, or starts building it when it is missing.
func startIndex(ctx context.Context, e *env, db *sqlite.DB, log *slog.Logger) (*lazyIndex, error) {
	l := &lazyIndex{db: db, ready: make(chan struct{})}
	if _, err := os.Stat(e.indexPath()); err == nil {
		ix, err := fulltext.Open(e.indexPath())
		switch {
		case errors.Is(err, fulltext.ErrOutdated):
			log.Info("search index built by an older congbao: rebuilding it in the background")
		case err != nil:
			return nil, err
		default:
			if n, err := syncIndex(ctx, db, ix); err != nil { // a crash may have left it behind
				ix.Close()
				return nil, err
			} else if n > 0 {
				log.Info("search index brought up to date with the database", "entries", n)
			}
			l.ix = ix
			close(l.ready)
			return l, nil
		}
	}
	go func() {
		defer close(l.ready)
		n, err := rebuildIndex(ctx, e, db)
		if err != nil {
			log.Error("build search index", "err", err)
			return
		}
		ix, err := fulltext.Open(e.indexPath())
		if err != nil {
			log.Error("open search index", "err", err)
			return
		}
		l.mu.Lock()
		l.ix = ix
		l.mu.Unlock()
		log.Info("search index ready", "documents", n)
	}()
	return l, nil
}

func (l *lazyIndex) get() (*fulltext.Index, error) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	if l.ix == nil {
		return nil, errIndexBuilding
	}
	return l.ix, nil
}

// Search runs a search once the index is ready.
func (l *lazyIndex) Search(ctx context.Context, r fulltext.Request) (*fulltext.Result, error) {
	ix, err := l.get()
	if err != nil {
		return nil, err
	}
	return ix.Search(ctx, r)
}

// Update re-indexes documents once the index is ready (before that, the
// build reads them from SQLite anyway).
func (l *lazyIndex) Update(ctx context.Context, ids []int64) error {
	ix, err := l.get()
	if err != nil {
		return nil
	}
	return ix.Update(ctx, l.db, ids)
}

// Close waits for a build in progress, then closes the index.
func (l *lazyIndex) Close() error {
	<-l.ready
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ix == nil {
		return nil
	}
	if err := l.ix.Close(); err != nil {
		return fmt.Errorf("close search index: %w", err)
	}
	return nil
}

// Unavailable reports whether err means "not yet": the server answers 503.
func (l *lazyIndex) Unavailable(err error) bool { return errors.Is(err, errIndexBuilding) }
