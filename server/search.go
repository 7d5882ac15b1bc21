package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"

	"congbao/gazette"
)

// searchHit is a result with the document's metadata.
type searchHit struct {
	gazette.DocHit
	Document *gazette.Document `json:"document"`
	Effect   gazette.Effect    `json:"effect"` // its status at as_of (today by default), by the one rule
}

// search answers GET /api/v1/search?q=...&from=&size=&sort=date.
func (s *Server) search(c echo.Context) error {
	if s.Searcher == nil {
		return echo.NewHTTPError(http.StatusServiceUnavailable, "search is not available")
	}
	q := c.QueryParam("q")
	from, err := pageParam(c, "from", 0, gazette.MaxFrom)
	if err != nil {
		return err
	}
	size, err := pageParam(c, "size", 10, gazette.MaxSize)
	if err != nil {
		return err
	}
	if size < 1 {
		return echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf("size=%d: want 1 to %d", size, gazette.MaxSize))
	}
	asOf, err := asOfParam(c)
	if err != nil {
		return err
	}
	byDate, oldest, err := sortParam(c.QueryParam("sort"))
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	res, err := s.runSearch(ctx, gazette.SearchRequest{Query: q, From: from, Size: size, ByDate: byDate, Oldest: oldest, Facets: true, Snippets: true, AsOf: asOf})
	if err != nil {
		return err
	}
	docs, err := s.hitDocuments(ctx, res.Hits)
	if err != nil {
		return err
	}
	hits := make([]searchHit, 0, len(res.Hits))
	for _, h := range res.Hits {
		if d := docs[h.DocID]; d != nil {
			hits = append(hits, searchHit{DocHit: h, Document: d, Effect: d.EffectAt(asOf)})
		}
	}
	out := map[string]any{"query": q, "total": res.Total, "number": res.Number, "hits": hits,
		"facets": res.Facets, "took_ms": res.TookMs}
	if res.Building != nil {
		out["building"] = res.Building
	}
	if len(res.Warnings) > 0 {
		out["warnings"] = res.Warnings
	}
	return c.JSON(http.StatusOK, out)
}

// asOfParam reads the as_of parameter (YYYY-MM-DD), today when absent.
func asOfParam(c echo.Context) (time.Time, error) {
	q := c.QueryParam("as_of")
	if q == "" {
		return time.Now(), nil
	}
	day, err := gazette.ParseDate(q)
	if err != nil || day.Year() < 1900 || day.Year() > 2200 {
		return time.Time{}, echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf("as_of=%q: want a date YYYY-MM-DD between 1900 and 2200", q))
	}
	return day.Time, nil
}

// SearchBudget is the default longest a search or a resolve may run
// (Options.Budget); past it the work is stopped and answered 503. It also
// stops when its client goes. The costliest allowed query takes 0.3 s
// alone on the bundled sample.
const SearchBudget = 10 * time.Second

// pageParam reads a non-negative integer query parameter up to max; a
// value that is not one is 400, saying which parameter and what it was.
func pageParam(c echo.Context, name string, def, max int) (int, error) {
	v := c.QueryParam(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > max {
		return 0, echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf("%s=%q: want a whole number from 0 to %d", name, v, max))
	}
	return n, nil
}

// runSearch checks r against the limits (400 beyond them), then runs it
// in one of a few slots: searches are CPU-bound, and more at once than the
// machine has cores only makes each slower and the slowest much slower;
// waiting requests are served in turn. Each runs within the budget and
// with the request's context, so that it stops when the client goes.
func (s *Server) runSearch(ctx context.Context, r gazette.SearchRequest) (*gazette.SearchResult, error) {
	if err := r.Validate(); err != nil {
		return nil, echo.NewHTTPError(http.StatusBadRequest, err.Error())
	}
	release, err := acquire(ctx, s.searchSlots)
	if err != nil {
		return nil, err
	}
	defer release()
	ctx, cancel := context.WithTimeout(ctx, s.budget)
	defer cancel()
	res, err := s.Searcher.Search(ctx, r)
	return res, s.searchFailure(err)
}

// searchFailure gives a search error its status: 400 for a query to
// change, 503 for an index not yet built or a search over its budget, and
// anything else is the server's fault (500).
func (s *Server) searchFailure(err error) error {
	if err == nil {
		return nil
	}
	switch {
	case errors.Is(err, gazette.ErrUnavailable):
		return echo.NewHTTPError(http.StatusServiceUnavailable, err.Error())
	case errors.Is(err, gazette.ErrBadQuery):
		return echo.NewHTTPError(http.StatusBadRequest, err.Error())
	case errors.Is(err, context.DeadlineExceeded):
		return echo.NewHTTPError(http.StatusServiceUnavailable, fmt.Sprintf("the search ran past its budget of %s and was stopped: narrow it (fewer words, a filter)", s.budget))
	case errors.Is(err, context.Canceled):
		return echo.NewHTTPError(http.StatusServiceUnavailable, "the search was stopped: the request was given up")
	}
	return err
}

// slots bound the work of one kind run at once (a few per core), and the
// requests waiting for it: past maxWaiting, a request is answered 503 at
// once instead of queueing (each waiting request holds its body and a
// connection).
type slots struct {
	run     chan struct{}
	waiting atomic.Int64
}

// maxWaiting is how many requests may wait for the slots of one kind.
const maxWaiting = 256

func newSlots(n int) *slots { return &slots{run: make(chan struct{}, n)} }

// acquire takes a slot, waiting in turn; a request given up meanwhile, or
// one past the waiting line's length, is answered 503.
func acquire(ctx context.Context, s *slots) (release func(), err error) {
	if s.waiting.Add(1) > maxWaiting {
		s.waiting.Add(-1)
		return nil, echo.NewHTTPError(http.StatusServiceUnavailable, fmt.Sprintf("the server is busy (%d requests waiting); try again", maxWaiting))
	}
	defer s.waiting.Add(-1)
	select {
	case s.run <- struct{}{}:
		return func() { <-s.run }, nil
	case <-ctx.Done():
		return nil, echo.NewHTTPError(http.StatusServiceUnavailable, "the server is busy; try again")
	}
}

// hitDocuments loads the published documents of hits, without texts, in
// one query; a hit whose document is not published (the index lags a
// change) is left out: never show what is not published.
func (s *Server) hitDocuments(ctx context.Context, hits []gazette.DocHit) (map[string]*gazette.Document, error) {
	ids := make([]int64, 0, len(hits))
	for _, h := range hits {
		if id, err := strconv.ParseInt(h.DocID, 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	docs, err := s.Store.DocumentsMeta(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := map[string]*gazette.Document{}
	for _, d := range docs {
		if d.State == gazette.StatePublished {
			out[strconv.FormatInt(d.ID, 10)] = d
		}
	}
	return out, nil
}

// sortParam reads sort=: relevance (the default), date or newest (newest
// issue date first), oldest.
func sortParam(v string) (byDate, oldest bool, err error) {
	switch v {
	case "", "relevance":
		return false, false, nil
	case "date", "newest":
		return true, false, nil
	case "oldest":
		return true, true, nil
	}
	return false, false, echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf("sort=%s: want relevance, newest (or date) or oldest", v))
}
