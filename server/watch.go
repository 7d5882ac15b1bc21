package server

import (
	"bytes"
	"cmp"
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"golang.org/x/text/unicode/norm"

	"congbao/gazette"
	"congbao/gazette/number"
)

// Watches is where watches and what fired them are kept
// (gazette/sqlite.DB).
type Watches interface {
	CreateWatch(ctx context.Context, w *gazette.Watch) error
	Watches(ctx context.Context, owner string) ([]gazette.Watch, error)
	WatchByID(ctx context.Context, id int64) (*gazette.Watch, error)
	RemoveWatch(ctx context.Context, actor, owner string, id int64) error
	RecordWatch(ctx context.Context, id, cursor int64, events []gazette.WatchEvent) error
	WatchEvents(ctx context.Context, id, after int64, limit int) ([]gazette.WatchEvent, error)
	RecordWatchDelivery(ctx context.Context, watch, event int64, status int, errText string, delivered bool, attempts int, next time.Time) error
}

// tickWatches looks at the public changes each watch has not seen, records
// what fired, then delivers to each watch's webhook what is due.
func (d *Dispatcher) tickWatches(ctx context.Context) error {
	ws, err := d.Watches.Watches(ctx, "")
	if err != nil {
		return err
	}
	if len(ws) == 0 {
		return nil
	}
	// the changes after the watch that is furthest behind, read once for all
	from := ws[0].Cursor
	for _, w := range ws {
		from = min(from, w.Cursor)
	}
	events, err := d.Hooks.PublicEvents(ctx, from, 200)
	if err != nil {
		return err
	}
	docs := map[int64]*gazette.Document{} // each document and its citations read once a tick
	cites := map[int64][]gazette.Citation{}
	amends := map[int64][]gazette.Amendment{}
	look := func(ev gazette.FeedRow) (*gazette.Document, error) {
		if doc, ok := docs[ev.DocumentID]; ok || ev.Kind == gazette.FeedWithdraw {
			return doc, nil
		}
		doc, err := d.Store.PublishedDocument(ctx, ev.DocumentID)
		switch {
		case errors.Is(err, gazette.ErrNotFound):
			doc, err = nil, nil
		case err != nil:
			return nil, err
		case doc.Held():
			doc = nil
		default:
			if cites[doc.ID], err = d.Store.Citations(ctx, doc.ID); err != nil {
				return nil, err
			}
			if amends[doc.ID], err = d.Store.AmendmentsBy(ctx, doc.ID); err != nil {
				return nil, err
			}
		}
		docs[ev.DocumentID] = doc
		return doc, nil
	}
	for _, w := range ws {
		var fired []gazette.WatchEvent
		last := w.Cursor
		for _, ev := range events {
			if ev.Seq <= w.Cursor {
				continue
			}
			doc, err := look(ev)
			if err != nil {
				return err
			}
			fired = append(fired, w.Fires(ev, doc, cites[ev.DocumentID], amends[ev.DocumentID])...)
			last = ev.Seq
		}
		if last > w.Cursor {
			if err := d.Watches.RecordWatch(ctx, w.ID, last, fired); err != nil {
				return err
			}
			if len(fired) > 0 {
				w.LastEvent = max(w.LastEvent, 1+w.Delivered) // something new to deliver
			}
		}
		if w.WebhookURL != "" && w.LastEvent > w.Delivered && !d.now().Before(w.NextAt) {
			if err := d.deliverWatch(ctx, w); err != nil {
				return err
			}
		}
	}
	return nil
}

// WatchPayload is the JSON body a watch's webhook receives.
type WatchPayload struct {
	Watch int64 `json:"watch"`
	gazette.WatchEvent
	URL string `json:"url,omitempty"`
}

// deliverWatch sends a watch's undelivered events in order, stopping at
// the first failure (retried after 1 s, 2 s, 4 s, …).
func (d *Dispatcher) deliverWatch(ctx context.Context, w gazette.Watch) error {
	events, err := d.Watches.WatchEvents(ctx, w.ID, w.Delivered, 50)
	if err != nil {
		return err
	}
	for _, e := range events {
		p := WatchPayload{Watch: w.ID, WatchEvent: e}
		p.LastStatus, p.LastError = 0, ""
		if e.Action != gazette.WatchWithdrawn {
			p.URL = fmt.Sprintf("%s/van-ban/%d", d.BaseURL, e.DocumentID)
		}
		body, err := json.Marshal(p)
		if err != nil {
			return err
		}
		status, err := d.post(ctx, w.WebhookURL, w.Secret, "watch", fmt.Sprintf("watch-%d-%d", w.ID, e.ID), body)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			attempt := w.Attempts + 1
			return d.Watches.RecordWatchDelivery(ctx, w.ID, e.ID, status, err.Error(), false, attempt, d.now().Add(d.backoff(attempt)))
		}
		if err := d.Watches.RecordWatchDelivery(ctx, w.ID, e.ID, status, "", true, 0, d.now()); err != nil {
			return err
		}
		w.Attempts = 0
	}
	return nil
}

// post sends a signed JSON body and returns the receiver's status (0 when
// it did not answer); a status outside 2xx is an error.
func (d *Dispatcher) post(ctx context.Context, target, secret, event, delivery string, body []byte) (int, error) {
	client := d.Client
	if client == nil {
		client = &http.Client{Timeout: 10 * time.Second}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "congbao-webhook")
	req.Header.Set("X-Congbao-Event", event)
	req.Header.Set("X-Congbao-Delivery", delivery)
	req.Header.Set(SignatureHeader, Sign(secret, body))
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp.StatusCode, fmt.Errorf("answered %d", resp.StatusCode)
	}
	return resp.StatusCode, nil
}

// watchRequest is the body that creates a watch: a document (its number,
// or its id) with perhaps an article, or a query; and perhaps a webhook.
type watchRequest struct {
	Document   string `json:"document"`
	DocumentID int64  `json:"document_id"`
	Article    string `json:"article"`
	Query      string `json:"query"`
	WebhookURL string `json:"webhook_url"`
}

// articleNumber is an article's number as watches take it ("5", "12a").
var articleNumber = regexp.MustCompile(`^\d{1,4}[a-zđ]?$`)

// watchView is a watch as its owner sees it: with the feed's address.
type watchView struct {
	gazette.Watch
	Atom string `json:"atom"`
}

func (s *Server) watchView(w gazette.Watch, withSecret bool) watchView {
	base := s.BaseURL
	if base == "" {
		base = defaultBaseURL
	}
	v := watchView{Watch: w, Atom: fmt.Sprintf("%s/api/v1/watches/%d/atom?key=%s", base, w.ID, w.Secret)}
	if !withSecret {
		v.Secret, v.Atom = "", ""
	}
	return v
}

// createWatch answers POST /api/v1/watches (any token): the watch, with
// its secret and the address of its Atom feed (shown here only).
func (s *Server) createWatch(c echo.Context) error {
	var req watchRequest
	if err := bindStrict(c, &req); err != nil {
		return err
	}
	ctx := c.Request().Context()
	w := &gazette.Watch{Owner: actorOf(c), Article: strings.TrimSpace(req.Article), Query: strings.TrimSpace(req.Query), WebhookURL: strings.TrimSpace(req.WebhookURL)}
	w.Article = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(norm.NFC.String(w.Article), "Điều"), "điều")))
	if w.Article != "" && !articleNumber.MatchString(w.Article) {
		return echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf("article %q: want an article number such as 5, 12a or Điều 5", req.Article))
	}
	switch {
	case w.Query != "" && (req.Document != "" || req.DocumentID != 0 || w.Article != ""):
		return echo.NewHTTPError(http.StatusBadRequest, "a watch follows a query, or a document (and perhaps an article), not both")
	case w.Query != "":
		w.Kind = gazette.WatchQuery
	default:
		w.Kind = gazette.WatchDocument
		if w.Article != "" {
			w.Kind = gazette.WatchArticle
		}
		d, err := s.watchedDocument(ctx, req)
		if err != nil {
			return err
		}
		w.DocumentID, w.Number = d.ID, d.Number
	}
	if err := s.Watches.CreateWatch(ctx, w); err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, s.watchView(*w, true))
}

// watchedDocument finds the published document a watch names.
func (s *Server) watchedDocument(ctx context.Context, req watchRequest) (*gazette.Document, error) {
	if req.DocumentID != 0 {
		return s.Store.PublishedDocument(ctx, req.DocumentID)
	}
	if strings.TrimSpace(req.Document) == "" {
		return nil, echo.NewHTTPError(http.StatusBadRequest, `a watch names "document" (a number such as 45/2013/QH13), "document_id", or "query"`)
	}
	num, err := number.Parse(req.Document)
	if err != nil {
		return nil, echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf("document %q is not a document number: %v", req.Document, err))
	}
	n := num.String()
	ds, err := s.Store.DocumentsByNumber(ctx, n, false)
	if err != nil {
		return nil, err
	}
	switch len(ds) {
	case 0:
		return nil, fmt.Errorf("no published document is numbered %s: %w", n, gazette.ErrNotFound)
	case 1:
		return ds[0], nil
	}
	ids := make([]string, len(ds))
	for i, d := range ds {
		ids[i] = strconv.FormatInt(d.ID, 10)
	}
	return nil, echo.NewHTTPError(http.StatusConflict, fmt.Sprintf("%d published documents are numbered %s (ids %s): name one by document_id", len(ds), n, strings.Join(ids, ", ")))
}

// ownerFilter is "" for admins (every watch), else the caller.
func ownerFilter(c echo.Context) string {
	if roleOf(c) == gazette.RoleAdmin {
		return ""
	}
	return actorOf(c)
}

// watches answers GET /api/v1/watches: the caller's watches (an admin's:
// every one), without secrets.
func (s *Server) watches(c echo.Context) error {
	ws, err := s.Watches.Watches(c.Request().Context(), ownerFilter(c))
	if err != nil {
		return err
	}
	out := make([]watchView, len(ws))
	for i, w := range ws {
		out[i] = s.watchView(w, false)
	}
	return c.JSON(http.StatusOK, map[string]any{"watches": out})
}

// ownWatch returns the watch of the :id parameter if the caller may see it.
func (s *Server) ownWatch(c echo.Context) (*gazette.Watch, error) {
	id, err := parseID(c.Param("id"), "watch")
	if err != nil {
		return nil, err
	}
	w, err := s.Watches.WatchByID(c.Request().Context(), id)
	if err != nil {
		return nil, err
	}
	if o := ownerFilter(c); o != "" && w.Owner != o {
		return nil, fmt.Errorf("watch %d: %w", id, gazette.ErrNotFound) // another's watch is not shown
	}
	return w, nil
}

// removeWatch answers DELETE /api/v1/watches/:id.
func (s *Server) removeWatch(c echo.Context) error {
	w, err := s.ownWatch(c)
	if err != nil {
		return err
	}
	if err := s.Watches.RemoveWatch(c.Request().Context(), actorOf(c), ownerFilter(c), w.ID); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// watchEvents answers GET /api/v1/watches/:id/events: what fired, newest
// first, with the webhook's last answer for each.
func (s *Server) watchEvents(c echo.Context) error {
	w, err := s.ownWatch(c)
	if err != nil {
		return err
	}
	es, err := s.Watches.WatchEvents(c.Request().Context(), w.ID, -1, 200)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"watch": s.watchView(*w, false), "events": es})
}

// watchAtom answers GET /api/v1/watches/:id/atom?key=SECRET: the watch's
// events as an Atom feed, for a feed reader that sends no token; the key
// is the watch's secret.
func (s *Server) watchAtom(c echo.Context) error {
	id, err := parseID(c.Param("id"), "watch")
	if err != nil {
		return err
	}
	w, err := s.Watches.WatchByID(c.Request().Context(), id)
	if err != nil || subtle.ConstantTimeCompare([]byte(c.QueryParam("key")), []byte(w.Secret)) != 1 {
		return fmt.Errorf("watch %d with this key: %w", id, gazette.ErrNotFound) // a wrong key says no more than a missing watch
	}
	es, err := s.Watches.WatchEvents(c.Request().Context(), w.ID, -1, 50)
	if err != nil {
		return err
	}
	what := w.Query
	if w.Kind != gazette.WatchQuery {
		what = w.Number
		if w.Article != "" {
			what = "Điều " + w.Article + " " + what
		}
	}
	base, f := s.newFeed(c, "congbao: theo dõi "+what)
	f.Updated = w.CreatedAt.UTC().Format(time.RFC3339)
	for _, e := range es {
		if f.Updated < e.At.UTC().Format(time.RFC3339) {
			f.Updated = e.At.UTC().Format(time.RFC3339)
		}
		title := strings.TrimSpace(e.Number + " " + e.Title)
		entry := atomEntry{Title: cmp.Or(title, e.Reason), ID: fmt.Sprintf("%s/api/v1/watches/%d/events/%d", base, w.ID, e.ID),
			Updated: e.At.UTC().Format(time.RFC3339), Summary: e.Reason, Category: []atomCat{{Term: e.Action}}}
		if e.Action != gazette.WatchWithdrawn {
			entry.Link = []atomLink{{Href: fmt.Sprintf("%s/van-ban/%d", base, e.DocumentID)}}
		}
		f.Entries = append(f.Entries, entry)
	}
	return writeAtom(c, f)
}
