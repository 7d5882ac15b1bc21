package server

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"congbao/gazette"
)

// Webhooks: admins subscribe URLs to the public change feed; a
// Dispatcher delivers every event to each, in order, signed.

// Hooks is the store of webhooks and their delivery log.
type Hooks interface {
	CreateWebhook(ctx context.Context, actor, url string) (*gazette.Webhook, error)
	Webhooks(ctx context.Context) ([]gazette.Webhook, error)
	RemoveWebhook(ctx context.Context, actor string, id int64) error
	Deliveries(ctx context.Context, hook int64, limit int) ([]gazette.Delivery, error)
	PublicEvents(ctx context.Context, after int64, limit int) ([]gazette.FeedRow, error)
	RecordDelivery(ctx context.Context, hook int64, d gazette.Delivery, delivered bool, next time.Time) error
}

// SignatureHeader carries "sha256=" and the hex HMAC-SHA256 of the body
// under the hook's secret; a receiver recomputes it to trust the payload.
const SignatureHeader = "X-Congbao-Signature"

// Sign is the signature of body under secret, as SignatureHeader carries it.
func Sign(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// Event is what a webhook receives: one change of the public record.
type Event struct {
	ID         string        `json:"id"` // the event's cursor in the change feed
	Kind       string        `json:"kind"`
	At         time.Time     `json:"at"`
	DocumentID int64         `json:"document_id"`
	Number     string        `json:"number,omitempty"`
	Document   *gazette.View `json:"document,omitempty"` // the document now, when it is public
	URL        string        `json:"url,omitempty"`      // its page
}

// Dispatcher delivers the public change feed to every webhook: each event
// in order, at least once; a failure is retried after 1 s, 2 s, 4 s, …
// (at most MaxBackoff), and every attempt is logged.
type Dispatcher struct {
	Hooks      Hooks
	Store      Store
	BaseURL    string
	Client     *http.Client
	Log        *slog.Logger
	Now        func() time.Time // the clock (tests move it)
	MaxBackoff time.Duration    // 0: 10 minutes
	// Watches, when set, are matched against the same changes and their
	// events delivered to their webhooks (watch.go).
	Watches Watches
}

func (d *Dispatcher) now() time.Time {
	if d.Now != nil {
		return d.Now()
	}
	return time.Now()
}

// Run delivers until ctx ends, looking for new events five times a second.
func (d *Dispatcher) Run(ctx context.Context) {
	t := time.NewTicker(200 * time.Millisecond)
	defer t.Stop()
	for {
		if err := d.Tick(ctx); err != nil && ctx.Err() == nil && d.Log != nil {
			d.Log.Error("webhooks", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Tick delivers what is due: for each hook whose next attempt has come,
// its next events in order, stopping at the first failure.
func (d *Dispatcher) Tick(ctx context.Context) error {
	hooks, err := d.Hooks.Webhooks(ctx)
	if err != nil {
		return err
	}
	for _, h := range hooks {
		if d.now().Before(h.NextAt) {
			continue
		}
		events, err := d.Hooks.PublicEvents(ctx, h.Cursor, 50)
		if err != nil {
			return err
		}
		for _, ev := range events {
			ok, err := d.deliver(ctx, h, ev)
			if err != nil {
				return err
			}
			if !ok {
				break
			}
			h.Attempts = 0
		}
	}
	if d.Watches != nil {
		return d.tickWatches(ctx)
	}
	return nil
}

// deliver sends one event to a hook and logs the attempt.
func (d *Dispatcher) deliver(ctx context.Context, h gazette.Webhook, ev gazette.FeedRow) (bool, error) {
	body, err := d.payload(ctx, ev)
	if err != nil {
		return false, err
	}
	attempt := h.Attempts + 1
	rec := gazette.Delivery{Seq: ev.Seq, Attempt: attempt, At: d.now()}
	var err2 error
	rec.Status, err2 = d.post(ctx, h.URL, h.Secret, ev.Kind, fmt.Sprintf("%d-%d", h.ID, ev.Seq), body)
	err = err2
	if err != nil {
		rec.Error = err.Error()
		if ctx.Err() != nil {
			return false, ctx.Err()
		}
		return false, d.Hooks.RecordDelivery(ctx, h.ID, rec, false, d.now().Add(d.backoff(attempt)))
	}
	return true, d.Hooks.RecordDelivery(ctx, h.ID, rec, true, d.now())
}

// backoff is the wait before attempt n+1: 1 s, 2 s, 4 s, … up to the most.
func (d *Dispatcher) backoff(n int) time.Duration {
	most := d.MaxBackoff
	if most == 0 {
		most = 10 * time.Minute
	}
	if n > 30 {
		return most
	}
	return min(time.Duration(1<<(n-1))*time.Second, most)
}

// payload is the JSON body of an event: the document as it is now when it
// is public (a withdrawal carries none).
func (d *Dispatcher) payload(ctx context.Context, ev gazette.FeedRow) ([]byte, error) {
	e := Event{ID: fmt.Sprint(ev.Seq), Kind: ev.Kind, At: ev.At, DocumentID: ev.DocumentID, Number: ev.Number}
	if ev.Kind != gazette.FeedWithdraw {
		doc, err := d.Store.PublishedDocument(ctx, ev.DocumentID)
		if err == nil && !doc.Held() {
			v := gazette.NewView(doc, nil, 0, "")
			e.Document, e.URL = &v, fmt.Sprintf("%s/van-ban/%d", d.BaseURL, doc.ID)
		}
	}
	return json.Marshal(e)
}

// webhookRequest is the body that subscribes a URL.
type webhookRequest struct {
	URL string `json:"url"`
}

// createWebhook answers POST /api/v1/webhooks (admins): the hook, with the
// secret that signs its deliveries (shown here only).
func (s *Server) createWebhook(c echo.Context) error {
	var req webhookRequest
	if err := bindStrict(c, &req); err != nil {
		return err
	}
	h, err := s.Hooks.CreateWebhook(c.Request().Context(), actorOf(c), req.URL)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, h)
}

// webhooks answers GET /api/v1/webhooks (admins), without secrets.
func (s *Server) webhooks(c echo.Context) error {
	hs, err := s.Hooks.Webhooks(c.Request().Context())
	if err != nil {
		return err
	}
	for i := range hs {
		hs[i].Secret = ""
	}
	if hs == nil {
		hs = []gazette.Webhook{}
	}
	return c.JSON(http.StatusOK, map[string]any{"webhooks": hs})
}

// removeWebhook answers DELETE /api/v1/webhooks/{id} (admins).
func (s *Server) removeWebhook(c echo.Context) error {
	id, err := parseID(c.Param("id"), "webhook")
	if err != nil {
		return err
	}
	if err := s.Hooks.RemoveWebhook(c.Request().Context(), actorOf(c), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// webhookDeliveries answers GET /api/v1/webhooks/{id}/deliveries (admins):
// the delivery log, newest first.
func (s *Server) webhookDeliveries(c echo.Context) error {
	id, err := parseID(c.Param("id"), "webhook")
	if err != nil {
		return err
	}
	ds, err := s.Hooks.Deliveries(c.Request().Context(), id, 200)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"webhook": id, "deliveries": ds})
}
