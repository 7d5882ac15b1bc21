package measure

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"congbao/gazette"
	"congbao/indexer/search"
)

// Throughput is one engine's run of Concurrent.
type Throughput struct {
	PerSecond float64
	Errors    int64
	P50, P99  time.Duration
}

// Concurrent runs the bench's query mix from clients goroutines at once for
// d, each taking the next query of the mix, on congbao's index in process
// and then on FTS5 with as many connections, and returns queries/s, errors
// and latencies of both.
func Concurrent(ctx context.Context, ix *search.Index, fts *FTS5, docs []Doc, clients int, d time.Duration) (ours, peer Throughput, err error) {
	qs := Queries(docs)
	fts.db.SetMaxOpenConns(clients)
	fts.db.SetMaxIdleConns(clients)
	run := func(do func(Query) error) Throughput {
		var next, errs atomic.Int64
		var mu sync.Mutex
		var lat []time.Duration
		var wg sync.WaitGroup
		stop := time.Now().Add(d)
		start := time.Now()
		for c := 0; c < clients; c++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var mine []time.Duration
				for time.Now().Before(stop) && ctx.Err() == nil {
					q := qs[int(next.Add(1))%len(qs)]
					t0 := time.Now()
					if err := do(q); err != nil {
						errs.Add(1)
						continue
					}
					mine = append(mine, time.Since(t0))
				}
				mu.Lock()
				lat = append(lat, mine...)
				mu.Unlock()
			}()
		}
		wg.Wait()
		return Throughput{PerSecond: float64(len(lat)) / time.Since(start).Seconds(), Errors: errs.Load(), P50: Pct(lat, 50), P99: Pct(lat, 99)}
	}
	ours = run(func(q Query) error {
		_, err := ix.Search(ctx, gazette.SearchRequest{Query: q.Ours, Size: 10, Facets: q.Type != ""})
		return err
	})
	peer = run(fts.Query)
	if ctx.Err() != nil {
		return ours, peer, fmt.Errorf("concurrent search: %w", ctx.Err())
	}
	return ours, peer, nil
}
