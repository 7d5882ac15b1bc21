package search

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"github.com/blevesearch/bleve/v2"

	"congbao/gazette"
)

// build writes a new index at path from every published document of src
// with Bleve's offline builder, one per shard, each on its own goroutine
// fed by the one reading SQLite. The builder writes segments without the
// live index's snapshots, persister and merger, and merges them once at
// the end (docs/PERFORMANCE.md has what that bought). It returns how many
// documents it indexed.
func build(ctx context.Context, path string, src Source, synced int64) (int, error) {
	m, err := NewMapping()
	if err != nil {
		return 0, err
	}
	if err := os.MkdirAll(path, 0o755); err != nil {
		return 0, fmt.Errorf("create search index %s: %w", path, err)
	}
	feeds := make([]chan Entry, Shards)
	errs := make([]error, Shards)
	counts := make([]int, Shards)
	var wg sync.WaitGroup
	for i := range feeds {
		feeds[i] = make(chan Entry, 256)
		b, err := bleve.NewBuilder(shardDir(path, i), m, map[string]any{"batchSize": buildBatch, "buildPathPrefix": path})
		if err != nil {
			for j := 0; j < i; j++ {
				close(feeds[j])
			}
			wg.Wait()
			return 0, fmt.Errorf("create search index %s: %w", path, err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for e := range feeds[i] {
				if errs[i] == nil {
					if err := b.Index(e.ID, e.fields()); err != nil {
						errs[i] = fmt.Errorf("index %s: %w", e.ID, err)
					}
					counts[i]++
				}
			}
			if counts[i] == 0 {
				return // the builder cannot close empty: the shard is made below
			}
			if err := b.Close(); err != nil && errs[i] == nil {
				errs[i] = err
			}
		}()
	}
	n := 0
	rerr := src.EachDocument(ctx, true, func(d *gazette.Document) error {
		arts, err := src.Articles(ctx, d.ID)
		if err != nil {
			return err
		}
		es := Entries(d, arts)
		if len(es) == 0 {
			return nil
		}
		n++
		feed := feeds[shardFor(es[0].DocID, Shards)]
		for _, e := range es {
			select {
			case feed <- e:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		return nil
	})
	for _, f := range feeds {
		close(f)
	}
	wg.Wait()
	// an empty shard's builder was never closed: its scratch folder stays
	left, _ := filepath.Glob(filepath.Join(path, "scorch-offline-build*"))
	for _, d := range left {
		os.RemoveAll(d)
	}
	if err := errors.Join(append([]error{rerr}, errs...)...); err != nil {
		return 0, err
	}
	for i, c := range counts {
		if c > 0 {
			continue
		}
		os.RemoveAll(shardDir(path, i)) // the builder's meta file, no segment
		b, err := bleve.New(shardDir(path, i), m)
		if err != nil {
			return 0, fmt.Errorf("create search index %s: %w", path, err)
		}
		if err := b.Close(); err != nil {
			return 0, err
		}
	}
	first, err := bleve.Open(shardDir(path, 0))
	if err != nil {
		return 0, fmt.Errorf("open the search index built at %s: %w", path, err)
	}
	if err := first.SetInternal(layoutKey, []byte(Layout)); err != nil {
		first.Close()
		return 0, err
	}
	if err := setSyncedAt(first, synced); err != nil {
		first.Close()
		return 0, err
	}
	return n, first.Close()
}
