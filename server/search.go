package server

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"congbao/gazette"
	"congbao/indexer/fulltext"
)

// searchHit is a result with the document's metadata.
type searchHit struct {
	fulltext.DocHit
	Document *gazette.Document `json:"document"`
}

// search answers GET /api/v1/search?q=...&from=&size=&sort=date.
func (s *Server) search(c echo.Context) error {
	if s.Searcher == nil {
		return echo.NewHTTPError(http.StatusServiceUnavailable, "search is not available")
	}
	q := c.QueryParam("q")
	from, err1 := atoiDefault(c.QueryParam("from"), 0)
	size, err2 := atoiDefault(c.QueryParam("size"), 10)
	if err1 != nil || err2 != nil || from < 0 || size < 1 || size > 100 {
		return echo.NewHTTPError(http.StatusBadRequest, "from must be >= 0 and size between 1 and 100")
	}
	ctx := c.Request().Context()
	res, err := s.runSearch(ctx, fulltext.Request{Query: q, From: from, Size: size, ByDate: c.QueryParam("sort") == "date", Facets: true, Snippets: true})
	if u, ok := s.Searcher.(interface{ Unavailable(error) bool }); ok && err != nil && u.Unavailable(err) {
		c.Response().Header().Set("Retry-After", "30")
		return echo.NewHTTPError(http.StatusServiceUnavailable, err.Error())
	}
	if err != nil {
		return fmt.Errorf("%w: %v", gazette.ErrInvalid, err)
	}
	docs, err := s.hitDocuments(ctx, res.Hits)
	if err != nil {
		return err
	}
	hits := make([]searchHit, 0, len(res.Hits))
	for _, h := range res.Hits {
		if d := docs[h.DocID]; d != nil {
			hits = append(hits, searchHit{DocHit: h, Document: d})
		}
	}
	return c.JSON(http.StatusOK, map[string]any{"query": q, "total": res.Total, "number": res.Number, "hits": hits,
		"facets": res.Facets, "took_ms": res.TookMs})
}

// runSearch runs a search in one of a few slots: searches are CPU-bound,
// and more at once than the machine has cores only makes each slower and
// the slowest much slower; waiting requests are served in turn.
func (s *Server) runSearch(ctx context.Context, r fulltext.Request) (*fulltext.Result, error) {
	release, err := acquire(ctx, s.searchSlots)
	if err != nil {
		return nil, err
	}
	defer release()
	return s.Searcher.Search(ctx, r)
}

// acquire takes a slot, waiting in turn; a request given up meanwhile is
// answered 503.
func acquire(ctx context.Context, slots chan struct{}) (release func(), err error) {
	select {
	case slots <- struct{}{}:
		return func() { <-slots }, nil
	case <-ctx.Done():
		return nil, echo.NewHTTPError(http.StatusServiceUnavailable, "the server is busy; try again")
	}
}

// hitDocuments loads the published documents of hits, without texts, in
// one query; a hit whose document is not published (the index lags a
// change) is left out: never show what is not published.
func (s *Server) hitDocuments(ctx context.Context, hits []fulltext.DocHit) (map[string]*gazette.Document, error) {
	ids := make([]int64, 0, len(hits))
	for _, h := range hits {
		if id, err := strconv.ParseInt(h.DocID, 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	var docs []*gazette.Document
	if m, ok := s.Store.(interface {
		DocumentsMeta(ctx context.Context, ids []int64) ([]*gazette.Document, error)
	}); ok {
		var err error
		if docs, err = m.DocumentsMeta(ctx, ids); err != nil {
			return nil, err
		}
	} else {
		for _, id := range ids {
			if d, err := s.Store.DocumentByID(ctx, id); err == nil {
				d.Text = ""
				docs = append(docs, d)
			}
		}
	}
	out := map[string]*gazette.Document{}
	for _, d := range docs {
		if d.State == gazette.StatePublished {
			out[strconv.FormatInt(d.ID, 10)] = d
		}
	}
	return out, nil
}

func atoiDefault(s string, def int) (int, error) {
	if s == "" {
		return def, nil
	}
	return strconv.Atoi(s)
}
