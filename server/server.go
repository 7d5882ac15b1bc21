// Package server serves congbao over HTTP with Echo: the JSON API, and in
// time the HTML pages and feeds. Handlers are thin: bind, validate, one call
// to a store or searcher, respond. One error handler maps error kinds to
// status codes; a 5xx body says "internal error" and the log says why.
package server

import (
	"context"
	"errors"
	"log/slog"
	"net/http"

	"github.com/labstack/echo/v4"

	"congbao/gazette"
	"congbao/indexer/fulltext"
)

// Store is what the server needs from storage.
type Store interface {
	CountDocuments(ctx context.Context) (int, error)
	DocumentByID(ctx context.Context, id int64) (*gazette.Document, error)
	DocumentsByNumber(ctx context.Context, number string, drafts bool) ([]*gazette.Document, error)
	DocumentsByNumbers(ctx context.Context, numbers []string) (map[string][]*gazette.Document, error)
	DocumentsByTitle(ctx context.Context, title string) ([]*gazette.Document, error)
	Parts(ctx context.Context, id int64) ([]gazette.DocPart, error)
	Articles(ctx context.Context, id int64) ([]gazette.Article, error)
	Citations(ctx context.Context, id int64) ([]gazette.Citation, error)
	CitedBy(ctx context.Context, number string) ([]gazette.CitingDocument, error)
	Endings(ctx context.Context, number string) ([]gazette.Ending, error)
}

// Searcher runs full-text searches.
type Searcher interface {
	Search(ctx context.Context, r fulltext.Request) (*fulltext.Result, error)
}

// Server holds the routes and what they call.
type Server struct {
	Store    Store
	Searcher Searcher
	Log      *slog.Logger
	echo     *echo.Echo
}

// New returns a server with its routes registered.
func New(store Store, searcher Searcher, log *slog.Logger) *Server {
	if log == nil {
		log = slog.Default()
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	s := &Server{Store: store, Searcher: searcher, Log: log, echo: e}
	e.HTTPErrorHandler = s.handleError
	e.GET("/healthz", s.healthz)
	e.GET("/", s.home)
	api := e.Group("/api/v1")
	api.GET("/documents", s.documentsByNumber)
	api.GET("/documents/:id", s.document)
	api.GET("/documents/:id/text", s.documentText)
	api.GET("/documents/:id/citations", s.documentCitations)
	api.GET("/documents/:id/cited-by", s.documentCitedBy)
	api.GET("/search", s.search)
	api.POST("/resolve", s.resolve)
	return s
}

// Handler returns the HTTP handler.
func (s *Server) Handler() http.Handler { return s.echo }

func (s *Server) healthz(c echo.Context) error {
	n, err := s.Store.CountDocuments(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"status": "ok", "documents": n})
}

// problem is an RFC 9457 problem document.
type problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail,omitempty"`
}

// handleError maps error kinds to status codes and writes problem+json.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	status, detail := http.StatusInternalServerError, "internal error"
	var he *echo.HTTPError
	switch {
	case errors.As(err, &he):
		status = he.Code
		if m, ok := he.Message.(string); ok {
			detail = m
		} else {
			detail = http.StatusText(status)
		}
	case errors.Is(err, gazette.ErrNotFound):
		status, detail = http.StatusNotFound, err.Error()
	case errors.Is(err, gazette.ErrInvalid):
		status, detail = http.StatusBadRequest, err.Error()
	case errors.Is(err, gazette.ErrConflict):
		status, detail = http.StatusConflict, err.Error()
	}
	if status == http.StatusInternalServerError { // other statuses are answers, not faults
		s.Log.Error("request failed", "method", c.Request().Method, "path", c.Request().URL.Path, "err", err)
	}
	c.Response().Header().Set(echo.HeaderContentType, "application/problem+json")
	c.Response().WriteHeader(status)
	_ = jsonEncode(c, problem{Type: "about:blank", Title: http.StatusText(status), Status: status, Detail: detail})
}
