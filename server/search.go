package server

import (
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
	res, err := s.Searcher.Search(ctx, fulltext.Request{Query: q, From: from, Size: size, ByDate: c.QueryParam("sort") == "date", Facets: true, Snippets: true})
	if u, ok := s.Searcher.(interface{ Unavailable(error) bool }); ok && err != nil && u.Unavailable(err) {
		c.Response().Header().Set("Retry-After", "30")
		return echo.NewHTTPError(http.StatusServiceUnavailable, err.Error())
	}
	if err != nil {
		return fmt.Errorf("%w: %v", gazette.ErrInvalid, err)
	}
	hits := make([]searchHit, 0, len(res.Hits))
	for _, h := range res.Hits {
		id, _ := strconv.ParseInt(h.DocID, 10, 64)
		d, err := s.Store.DocumentByID(ctx, id)
		if err != nil || d.State != gazette.StatePublished {
			continue // the index lags a change: never show what is not published
		}
		d.Text = ""
		hits = append(hits, searchHit{DocHit: h, Document: d})
	}
	return c.JSON(http.StatusOK, map[string]any{"query": q, "total": res.Total, "number": res.Number, "hits": hits,
		"facets": res.Facets, "took_ms": res.TookMs})
}

func atoiDefault(s string, def int) (int, error) {
	if s == "" {
		return def, nil
	}
	return strconv.Atoi(s)
}
