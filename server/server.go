// Package server serves congbao over HTTP with Echo: the JSON API, and in
// time the HTML pages and feeds. Handlers are thin: bind, validate, one call
// to a store or searcher, respond. One error handler maps error kinds to
// status codes; a 5xx body says "internal error" and the log says why.
package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"congbao/gazette"
)

// Store is what the server needs from storage.
type Store interface {
	CountPublished(ctx context.Context) (int, error) // documents the public can see
	DocumentByID(ctx context.Context, id int64) (*gazette.Document, error)
	// DocumentsMeta loads documents without their texts, in one query.
	DocumentsMeta(ctx context.Context, ids []int64) ([]*gazette.Document, error)
	// PublishedDocument is DocumentByID for the public: a draft is not found.
	PublishedDocument(ctx context.Context, id int64) (*gazette.Document, error)
	DocumentsByNumber(ctx context.Context, number string, drafts bool) ([]*gazette.Document, error)
	DocumentsByNumbers(ctx context.Context, numbers []string) (map[string][]*gazette.Document, error)
	DocumentsByTitle(ctx context.Context, title string) ([]*gazette.Document, error)
	Parts(ctx context.Context, id int64) ([]gazette.DocPart, error)
	Articles(ctx context.Context, id int64) ([]gazette.Article, error)
	Citations(ctx context.Context, id int64) ([]gazette.Citation, error)
	CitedBy(ctx context.Context, number string) ([]gazette.CitingDocument, error)
	// Dossier is a document with what its pages show, in one read (drafts:
	// a clerk may see a draft; else a draft is not found).
	Dossier(ctx context.Context, id int64, drafts bool) (*gazette.Dossier, error)
	// AmendmentsBy lists the amendments parsed from a document's text.
	AmendmentsBy(ctx context.Context, id int64) ([]gazette.Amendment, error)
}

// Searcher runs full-text searches.
type Searcher interface {
	Search(ctx context.Context, r gazette.SearchRequest) (*gazette.SearchResult, error)
}

// Desk is what clerks and admins use: tokens, review, correction,
// publication and the audit log.
type Desk interface {
	TokenByValue(ctx context.Context, value string) (*gazette.Token, error)
	// CreateSession, SessionByValue and EndSession keep the sign-ins of the pages.
	CreateSession(ctx context.Context, tokenID int64, ttl time.Duration) (value, csrf string, err error)
	SessionByValue(ctx context.Context, value string) (*gazette.Token, string, error)
	EndSession(ctx context.Context, value string) error
	Drafts(ctx context.Context, limit int) ([]*gazette.Document, error)
	// Correct changes a draft, or the draft revision of a published document.
	Correct(ctx context.Context, actor string, id int64, edit func(*gazette.Document) error) (*gazette.Document, error)
	// Publish makes a draft public; override is the reason to publish over its blockers.
	Publish(ctx context.Context, actor string, id int64, override string) (*gazette.Document, error)
	// Declassify lifts the hold of a document marked as a state secret (admins).
	Declassify(ctx context.Context, actor string, id int64, reason string) (*gazette.Document, error)
	// Withdraw takes a published document out of the public record (admins).
	Withdraw(ctx context.Context, actor string, id int64, reason string) (*gazette.Document, error)
	AuditLog(ctx context.Context, entity, id string) ([]gazette.AuditEntry, error)
	// ReviewAmendment records a clerk's confirmation or rejection of a
	// machine-drafted amendment.
	ReviewAmendment(ctx context.Context, actor string, id int64, review string) (*gazette.Amendment, error)
}

// Library is the public catalogue beyond single documents: feeds, gazette
// issues and original files.
type Library interface {
	Published(ctx context.Context, typ, issuer string, limit int) ([]*gazette.Document, error)
	GazetteIssues(ctx context.Context, typ, issuer string, limit int) ([]gazette.IssueSummary, error)
	GazetteIssue(ctx context.Context, id int64) (*gazette.IssueSummary, []*gazette.Document, error)
	OriginalPath(sha string) string
	// OriginalPublic reports whether every document in an original is published.
	OriginalPublic(ctx context.Context, sha string) (bool, error)
	// PublicChanges lists the public change feed after a sequence number.
	PublicChanges(ctx context.Context, after int64, limit int) ([]gazette.FeedRow, error)
}

// Uploader stores uploaded files and ingests them in the background.
type Uploader interface {
	Submit(ctx context.Context, actor, name string, r io.Reader) (*gazette.Job, error)
	Job(ctx context.Context, id int64) (*gazette.Job, error)
	Jobs(ctx context.Context, limit int) ([]*gazette.Job, error)
}

// IndexUpdater brings the search index up to date with changed documents.
type IndexUpdater interface {
	Update(ctx context.Context, ids []int64) error
}

// Options are the server's optional parts and limits; the zero value is a
// read-only public server.
type Options struct {
	Desk    Desk
	Library Library
	Uploads Uploader
	Index   IndexUpdater
	Hooks   Hooks   // webhooks (admins); nil: none
	Watches Watches // watches of token holders; nil: none
	// RatePerSecond limits public requests per client address (0: 20/s,
	// with bursts of 3 times that); requests with a token are not limited.
	RatePerSecond float64
	// BaseURL is the site's address as the public reaches it
	// ("https://congbao.example"): links in feeds, the origin that unsafe
	// requests must come from, and Secure cookies when https. Empty: the
	// host each request names.
	BaseURL string
	// TrustedProxies are the proxies whose X-Forwarded-For names the client
	// (none: the connection's address is the client).
	TrustedProxies []*net.IPNet
	// Budget is the longest a search or a resolve may run (0: SearchBudget).
	Budget time.Duration
	// BodyTimeout is how long a request may take to send its body (0: 20 s);
	// UploadTimeout the same for uploads (0: 10 minutes).
	BodyTimeout, UploadTimeout time.Duration
	Log                        *slog.Logger
}

// Server holds the routes and what they call.
type Server struct {
	Store    Store
	Searcher Searcher
	Desk     Desk
	Library  Library
	Uploads  Uploader
	Index    IndexUpdater
	Hooks    Hooks
	Watches  Watches
	BaseURL  string
	Log      *slog.Logger
	echo     *echo.Echo
	metrics  *metrics
	// searchSlots and resolveSlots bound the searches and resolves run at
	// once (a few per core), so that neither kind starves the other
	searchSlots, resolveSlots *slots
	budget                    time.Duration
}

// New returns a read-only public server with its routes registered.
func New(store Store, searcher Searcher, log *slog.Logger) *Server {
	return NewWith(store, searcher, Options{Log: log})
}

// NewWith returns a server with optional parts: clerks' desk, catalogue,
// uploads and index updates.
func NewWith(store Store, searcher Searcher, o Options) *Server {
	log := o.Log
	if log == nil {
		log = slog.Default()
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.IPExtractor = ipExtractor(o.TrustedProxies)
	s := &Server{Store: store, Searcher: searcher, Desk: o.Desk, Library: o.Library, Uploads: o.Uploads, Index: o.Index, Hooks: o.Hooks, Watches: o.Watches,
		BaseURL: strings.TrimSuffix(o.BaseURL, "/"), Log: log, echo: e, metrics: newMetrics(), searchSlots: newSlots(2 * runtime.GOMAXPROCS(0)),
		resolveSlots: newSlots(2 * runtime.GOMAXPROCS(0)), budget: o.Budget}
	if s.budget <= 0 {
		s.budget = SearchBudget
	}
	e.HTTPErrorHandler = s.handleError
	e.Use(middleware.RequestID())
	e.Use(securityHeaders)
	e.Use(s.logRequests())
	e.Use(s.metrics.middleware)
	// a panic in a handler is a 500 for that request, logged with its stack
	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{DisableErrorHandler: true, LogErrorFunc: func(c echo.Context, err error, stack []byte) error {
		s.Log.Error("handler panicked", "path", c.Request().URL.Path, "err", err, "stack", string(stack))
		return err
	}}))
	e.Use(bodyDeadline(o.BodyTimeout, o.UploadTimeout))
	e.Use(bodyLimit)
	e.Use(s.authenticate)
	e.Use(s.rateLimit(o.RatePerSecond))
	e.Use(rejectBadToken)
	e.Use(s.checkOrigin)

	e.GET("/healthz", s.healthz)
	e.GET("/metrics", s.metrics.handler)
	e.GET("/api/openapi.json", s.openAPI)
	e.GET("/api", s.apiPage)
	api := e.Group("/api/v1")
	api.GET("/documents", s.documentsByNumber)
	api.GET("/documents/:id", s.document)
	api.GET("/documents/:id/text", s.documentText)
	api.GET("/documents/:id/articles/:n", s.documentArticle)
	api.GET("/documents/:id/amendments", s.documentAmendments)
	api.GET("/documents/:id/original", s.original)
	api.GET("/documents/:id/citations", s.documentCitations)
	api.GET("/documents/:id/cited-by", s.documentCitedBy)
	api.GET("/documents/:id/relations", s.documentRelations)
	api.GET("/search", s.search)
	api.POST("/resolve", s.resolve)
	api.GET("/gazette-issues", s.gazetteIssues, s.needs(s.Library != nil))
	api.GET("/gazette-issues/:id", s.gazetteIssue, s.needs(s.Library != nil))
	clerk := require(gazette.RoleClerk)
	pusher := require(gazette.RoleClerk, gazette.RoleAgency) // agencies push their own documents
	api.POST("/uploads", s.upload, pusher)
	api.GET("/uploads", s.jobs, clerk)
	api.GET("/uploads/:id", s.job, pusher)
	api.GET("/drafts", s.drafts, clerk, s.needs(s.Desk != nil))
	api.PATCH("/documents/:id", s.correct, clerk, s.needs(s.Desk != nil))
	api.POST("/documents/:id/publish", s.publish, pusher, s.needs(s.Desk != nil))
	api.POST("/documents/:id/declassify", s.declassify, require(gazette.RoleAdmin), s.needs(s.Desk != nil))
	api.POST("/documents/:id/withdraw", s.withdraw, require(gazette.RoleAdmin), s.needs(s.Desk != nil))
	api.GET("/changes", s.changes, s.needs(s.Library != nil))
	admin := require(gazette.RoleAdmin)
	api.POST("/webhooks", s.createWebhook, admin, s.needs(s.Hooks != nil))
	api.GET("/webhooks", s.webhooks, admin, s.needs(s.Hooks != nil))
	api.DELETE("/webhooks/:id", s.removeWebhook, admin, s.needs(s.Hooks != nil))
	api.GET("/webhooks/:id/deliveries", s.webhookDeliveries, admin, s.needs(s.Hooks != nil))
	watcher := require(gazette.RoleClerk, gazette.RoleAgency) // any token holder
	api.POST("/watches", s.createWatch, watcher, s.needs(s.Watches != nil))
	api.GET("/watches", s.watches, watcher, s.needs(s.Watches != nil))
	api.DELETE("/watches/:id", s.removeWatch, watcher, s.needs(s.Watches != nil))
	api.GET("/watches/:id/events", s.watchEvents, watcher, s.needs(s.Watches != nil))
	api.GET("/watches/:id/atom", s.watchAtom, s.needs(s.Watches != nil)) // keyed by the watch's secret, for feed readers
	api.POST("/amendments/:id/review", s.reviewAmendment, clerk, s.needs(s.Desk != nil))
	api.GET("/audit", s.audit, require(gazette.RoleAdmin), s.needs(s.Desk != nil))
	e.GET("/feeds/van-ban.atom", s.documentsFeed, s.needs(s.Library != nil))
	e.GET("/feeds/cong-bao.atom", s.issuesFeed, s.needs(s.Library != nil))
	s.pageRoutes(e)
	return s
}

// needs answers 503 on a server built without the part a route uses.
func (s *Server) needs(present bool) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		if present {
			return next
		}
		return func(echo.Context) error {
			return echo.NewHTTPError(http.StatusServiceUnavailable, "this server was started without this feature")
		}
	}
}

// bodyDeadline gives each request a deadline to send its body: short
// everywhere, long only where uploads need it, so that a client sending
// its body slowly holds a connection for seconds, not minutes. Handlers
// read the body before they take a slot of the work they do.
func bodyDeadline(short, long time.Duration) echo.MiddlewareFunc {
	if short <= 0 {
		short = 20 * time.Second
	}
	if long <= 0 {
		long = 10 * time.Minute
	}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			r := c.Request()
			if r.Body == nil || r.Body == http.NoBody {
				return next(c) // nothing to send: the deadline would only cut the answer's wait
			}
			d := short
			if isUploadRoute(c.Path()) {
				d = long
			}
			// not every writer supports deadlines (a test recorder): then none is set
			rc := http.NewResponseController(c.Response())
			if rc.SetReadDeadline(time.Now().Add(d)) != nil {
				return next(c)
			}
			// the deadline is for the body alone: once it is read, a request
			// waiting for a slot must not be taken for a client gone
			r.Body = &deadlineBody{ReadCloser: r.Body, clear: func() { rc.SetReadDeadline(time.Time{}) }}
			defer rc.SetReadDeadline(time.Time{})
			return next(c)
		}
	}
}

// deadlineBody clears the connection's read deadline when the body has
// been read to its end.
type deadlineBody struct {
	io.ReadCloser
	clear func()
	done  bool
}

func (b *deadlineBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && !b.done {
		b.done = true
		b.clear()
	}
	return n, err
}

func isUploadRoute(path string) bool { return path == "/api/v1/uploads" || path == "/quan-ly/tai-len" }

// MaxBody is the largest request body outside uploads and resolve.
const MaxBody = 1 << 20

// bodyLimit caps request bodies: uploads at MaxUpload, resolve at its text
// limit plus room for JSON, everything else at MaxBody. Beyond it: 413,
// saying which limit.
func bodyLimit(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		limit, what := int64(MaxBody), "1 MiB for this route"
		switch {
		case isUploadRoute(c.Path()):
			limit, what = MaxUpload, fmt.Sprintf("%d MiB for an upload", MaxUpload>>20)
		case c.Path() == "/api/v1/resolve":
			limit, what = MaxResolveBody, "the resolve limits (1 MiB of text, 5,000 numbers)"
		}
		r := c.Request()
		if r.ContentLength > limit {
			return echo.NewHTTPError(http.StatusRequestEntityTooLarge, fmt.Sprintf("request body of %d bytes is over the limit of %s", r.ContentLength, what))
		}
		if r.Body != nil {
			r.Body = http.MaxBytesReader(c.Response(), r.Body, limit)
		}
		err := next(c)
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return echo.NewHTTPError(http.StatusRequestEntityTooLarge, "request body is over the limit of "+what)
		}
		return err
	}
}

// logRequests logs each request with its request id (log/slog).
func (s *Server) logRequests() echo.MiddlewareFunc {
	return middleware.RequestLoggerWithConfig(middleware.RequestLoggerConfig{
		HandleError: true, LogStatus: true, LogURIPath: true, LogMethod: true, LogLatency: true, LogRequestID: true, LogRemoteIP: true,
		LogValuesFunc: func(c echo.Context, v middleware.RequestLoggerValues) error {
			s.Log.Info("request", "id", v.RequestID, "method", v.Method, "path", v.URIPath, "status", v.Status,
				"ms", float64(v.Latency.Microseconds())/1000, "ip", v.RemoteIP)
			return nil
		},
	})
}

// rateLimit limits public requests per client address; 429 carries
// Retry-After. Requests with a valid token are not limited.
func (s *Server) rateLimit(perSecond float64) echo.MiddlewareFunc {
	if perSecond <= 0 {
		perSecond = 20
	}
	store := newLimiterStore(perSecond, max(1, int(3*perSecond)), maxVisitors)
	return middleware.RateLimiterWithConfig(middleware.RateLimiterConfig{
		Skipper: func(c echo.Context) bool {
			return tokenOf(c) != nil || c.Path() == "/healthz" || c.Path() == "/metrics"
		},
		Store: store,
		DenyHandler: func(c echo.Context, id string, err error) error {
			c.Response().Header().Set("Retry-After", "1")
			return &echo.HTTPError{Code: http.StatusTooManyRequests, Message: fmt.Sprintf("more than %.0f requests a second from %s: slow down", perSecond, id)}
		},
	})
}

// Handler returns the HTTP handler.
func (s *Server) Handler() http.Handler { return s.echo }

func (s *Server) healthz(c echo.Context) error {
	c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
	n, err := s.Store.CountPublished(c.Request().Context())
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

// statusOf maps an error's kind to its status code and the detail shown
// to the client: an HTTP error as it says, the domain's kinds (not found,
// invalid, conflict) as theirs, anything else 500 "internal error".
func statusOf(err error) (int, string) {
	var he *echo.HTTPError
	switch {
	case errors.As(err, &he):
		if m, ok := he.Message.(string); ok {
			return he.Code, m
		}
		return he.Code, http.StatusText(he.Code)
	case errors.Is(err, gazette.ErrNotFound):
		return http.StatusNotFound, err.Error()
	case errors.Is(err, gazette.ErrInvalid):
		return http.StatusBadRequest, err.Error()
	case errors.Is(err, gazette.ErrConflict):
		return http.StatusConflict, err.Error()
	case errors.Is(err, gazette.ErrForbidden):
		return http.StatusForbidden, err.Error()
	}
	return http.StatusInternalServerError, "internal error"
}

// handleError maps error kinds to status codes and writes problem+json.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	status, detail := statusOf(err)
	if status == http.StatusInternalServerError { // other statuses are answers, not faults
		s.Log.Error("request failed", "method", c.Request().Method, "path", c.Request().URL.Path, "err", err)
	}
	if status == http.StatusServiceUnavailable && c.Response().Header().Get("Retry-After") == "" {
		c.Response().Header().Set("Retry-After", "30") // not yet, or busy: say when to come back
	}
	c.Response().Header().Set(echo.HeaderContentType, "application/problem+json")
	c.Response().WriteHeader(status)
	_ = jsonEncode(c, problem{Type: "about:blank", Title: http.StatusText(status), Status: status, Detail: detail})
}
