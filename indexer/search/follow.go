package search

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"congbao/gazette"
)

// ErrBuilding is returned while the search index is built in the
// background; it is a gazette.ErrUnavailable (the server answers 503).
var ErrBuilding = fmt.Errorf("the search index is being built; try again in a minute: %w", gazette.ErrUnavailable)

// Followed is a database whose writes a server follows: every document
// written, by any process, is in its change list until forgotten.
type Followed interface {
	Source
	LastChange(ctx context.Context) (int64, error)
	Changes(ctx context.Context, after int64, limit int) (ids []int64, last int64, err error)
	ForgetChanges(ctx context.Context, upTo int64) error
}

// Lazy lets serve answer at once on a new data folder: the index is
// built from SQLite in the background, and search says so until it is
// ready. Once ready, it follows the database: documents written by any
// process (import, ingest, publish while serving; a correction made while
// the index was built) are indexed within a second or two.
type Lazy struct {
	db    Followed
	log   *slog.Logger
	mu    sync.RWMutex
	ix    *Index
	note  string // who holds the index, for other processes ("congbao serve on ...")
	ready chan struct{}
	stop  context.CancelFunc
	done  chan struct{}
	// importing is how many records an import running in the background
	// has read (0: none runs); indexedUpTo is the last change the follower
	// has indexed: search says how far the index is while either lags
	importing   atomic.Int64
	indexedUpTo atomic.Int64
}

// followEvery is how often the server looks for documents written by others.
const followEvery = time.Second

// Start opens the index at dir, or starts building it when it is missing,
// outdated or damaged (a damaged one is moved aside first). Another
// process holding it is an error that names that process, within seconds.
func Start(ctx context.Context, dir string, db Followed, log *slog.Logger) (*Lazy, error) {
	fctx, stop := context.WithCancel(context.WithoutCancel(ctx))
	l := &Lazy{db: db, log: log, ready: make(chan struct{}), stop: stop, done: make(chan struct{})}
	// what is written from here on is followed; what was written before,
	// the sync or the build below reads from the database
	from, err := db.LastChange(ctx)
	if err != nil {
		stop()
		return nil, err
	}
	l.indexedUpTo.Store(from)
	// a build runs in the background: search answers 503 until it is done
	ix, err := OpenSynced(ctx, dir, db, func(msg string) { log.Warn("search index: " + msg) })
	if err != nil {
		stop()
		return nil, fmt.Errorf("serve: %w", err)
	}
	if ix != nil {
		l.ix = ix
		close(l.ready)
		go l.follow(fctx, from)
		return l, nil
	}
	go func() {
		defer close(l.ready)
		n, err := Rebuild(ctx, dir, db)
		if err != nil {
			log.Error("build search index", "err", err)
			close(l.done)
			return
		}
		ix, err := Open(dir)
		if err != nil {
			log.Error("open search index", "err", err)
			close(l.done)
			return
		}
		l.mu.Lock()
		l.ix = ix
		if l.note != "" {
			ix.Announce(l.note)
		}
		l.mu.Unlock()
		log.Info("search index ready", "documents", n)
		go l.follow(fctx, from)
	}()
	return l, nil
}

// follow indexes the documents written since change from, until ctx ends.
func (l *Lazy) follow(ctx context.Context, from int64) {
	start := from
	defer func() {
		// the index held every change when the follower began, and those
		// up to from since: on a stop, the next open need not compare
		// unless more was written (recorded once here, not after every
		// batch: each record is a write of the index)
		if from > start {
			if err := l.ix.SetSyncedAt(from); err != nil {
				l.log.Error("record how far the search index is", "err", err)
			}
		}
		close(l.done)
	}()
	if err := l.db.ForgetChanges(ctx, from); err != nil && ctx.Err() == nil {
		l.log.Error("forget followed document changes", "err", err)
	}
	tick := time.NewTicker(followEvery)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		for ctx.Err() == nil {
			ids, last, err := l.db.Changes(ctx, from, updateBatch)
			if err != nil || len(ids) == 0 {
				if err != nil && ctx.Err() == nil {
					l.log.Error("read document changes", "err", err)
				}
				break
			}
			if err := l.ix.Update(ctx, l.db, ids); err != nil {
				if ctx.Err() == nil {
					l.log.Error("index changed documents", "documents", len(ids), "err", err)
				}
				break // tried again on the next tick
			}
			if err := l.db.ForgetChanges(ctx, last); err != nil && ctx.Err() == nil {
				l.log.Error("forget followed document changes", "err", err)
			}
			from = last
			l.indexedUpTo.Store(last)
		}
	}
}

// Announce says who holds the index, for the message other processes get.
func (l *Lazy) Announce(note string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.note = note
	if l.ix != nil {
		l.ix.Announce(note)
	}
}

func (l *Lazy) get() (*Index, error) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	if l.ix == nil {
		return nil, ErrBuilding
	}
	return l.ix, nil
}

// Search runs a search once the index is ready. While an import runs in
// the background or the follower has documents still to index, the result
// says how far the index is (Building): it answers from what is there.
func (l *Lazy) Search(ctx context.Context, r gazette.SearchRequest) (*gazette.SearchResult, error) {
	ix, err := l.get()
	if err != nil {
		return nil, err
	}
	res, err := ix.Search(ctx, r)
	if err != nil {
		return nil, err
	}
	if b, err := l.building(ctx, ix); err == nil && b != nil {
		res.Building = b
	}
	return res, nil
}

// building is how far the index is, or nil when it holds every document
// written (then it costs one small query of the change list).
func (l *Lazy) building(ctx context.Context, ix *Index) (*gazette.IndexBuilding, error) {
	last, err := l.db.LastChange(ctx)
	if err != nil {
		return nil, err
	}
	waiting, importing := last-l.indexedUpTo.Load(), l.importing.Load()
	if waiting <= 0 && importing == 0 {
		return nil, nil
	}
	docs, err := ix.documentCount(ctx)
	if err != nil {
		return nil, err
	}
	return &gazette.IndexBuilding{Documents: docs, Waiting: max(waiting, 0), Importing: int(importing)}, nil
}

// CaughtUp says whether the index holds every document written so far.
func (l *Lazy) CaughtUp(ctx context.Context) bool {
	if _, err := l.get(); err != nil {
		return false
	}
	last, err := l.db.LastChange(ctx)
	return err == nil && last <= l.indexedUpTo.Load()
}

// Importing says that an import running in the background has read n
// records so far (n > 0), or that it has ended (n = 0): until then search
// results say the index is still being filled.
func (l *Lazy) Importing(n int) { l.importing.Store(int64(n)) }

// Compact merges the index's segments (after a background import, which
// indexes a little every second).
func (l *Lazy) Compact(ctx context.Context) error {
	ix, err := l.get()
	if err != nil {
		return err
	}
	return ix.Compact(ctx)
}

// Update re-indexes documents once the index is ready. Before that, the
// change is in the database's change list, which the follower reads once
// the build is done: no change made during a build is lost.
func (l *Lazy) Update(ctx context.Context, ids []int64) error {
	ix, err := l.get()
	if err != nil {
		return nil
	}
	return ix.UpdateAll(ctx, l.db, ids)
}

// Close stops following, waits for a build in progress, then closes the index.
func (l *Lazy) Close() error {
	l.stop()
	<-l.ready
	<-l.done
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
