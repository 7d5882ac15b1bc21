package sqlite

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"strings"
	"time"

	"congbao/gazette"
)

// Limits on what one token holder's watches may cost.
const (
	maxWatchesPerOwner = 200
	maxWatchQuery      = 500 // bytes
)

// CreateWatch records w (its owner, kind and target set by the caller)
// from the current end of the change log on, with a new secret, and
// fills in its id, secret and cursor.
func (db *DB) CreateWatch(ctx context.Context, w *gazette.Watch) error {
	switch w.Kind {
	case gazette.WatchDocument, gazette.WatchArticle:
		if w.DocumentID == 0 {
			return fmt.Errorf("a %s watch names a document: %w", w.Kind, gazette.ErrInvalid)
		}
		if w.Kind == gazette.WatchArticle && strings.TrimSpace(w.Article) == "" {
			return fmt.Errorf("an article watch names an article: %w", gazette.ErrInvalid)
		}
	case gazette.WatchQuery:
		if strings.TrimSpace(w.Query) == "" || len(w.Query) > maxWatchQuery {
			return fmt.Errorf("a query watch needs a query of 1 to %d bytes (got %d): %w", maxWatchQuery, len(w.Query), gazette.ErrInvalid)
		}
	default:
		return fmt.Errorf("watch kind %q: want document, article or query: %w", w.Kind, gazette.ErrInvalid)
	}
	if w.WebhookURL != "" {
		u, err := url.Parse(w.WebhookURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(w.WebhookURL) > 2048 {
			return fmt.Errorf("webhook_url %q: want an http(s) address: %w", w.WebhookURL, gazette.ErrInvalid)
		}
	}
	var raw [32]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return err
	}
	now := db.now()
	w.Secret, w.NextAt, w.CreatedAt = hex.EncodeToString(raw[:]), now, now
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM watches WHERE owner = ? AND removed_at IS NULL`, w.Owner).Scan(&n); err != nil {
			return err
		}
		if n >= maxWatchesPerOwner {
			return fmt.Errorf("%s has %d watches, the most one may keep; remove one first: %w", w.Owner, n, gazette.ErrConflict)
		}
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(seq), 0) FROM public_changes`).Scan(&w.Cursor); err != nil {
			return err
		}
		var doc any
		if w.DocumentID != 0 {
			doc = w.DocumentID
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO watches (owner, kind, document_id, article, query, webhook_url, secret, cursor, next_at, created_at)
			VALUES (?,?,?,?,?,?,?,?,?,?)`, w.Owner, w.Kind, doc, w.Article, w.Query, w.WebhookURL, w.Secret, w.Cursor,
			now.Format(time.RFC3339Nano), now.Format(time.RFC3339Nano))
		if err != nil {
			return fmt.Errorf("create watch: %w", err)
		}
		w.ID, _ = res.LastInsertId()
		return db.audit(ctx, tx, w.Owner, "create", "watch", fmt.Sprint(w.ID), nil,
			map[string]any{"kind": w.Kind, "document_id": w.DocumentID, "article": w.Article, "query": w.Query, "webhook_url": w.WebhookURL})
	})
}

const watchColumns = `w.id, w.owner, w.kind, coalesce(w.document_id, 0), coalesce(d.number, ''), w.article, w.query, w.webhook_url,
	w.secret, w.cursor, w.delivered, (SELECT coalesce(max(e.id), 0) FROM watch_events e WHERE e.watch_id = w.id), w.attempts, w.next_at, w.created_at`

func scanWatches(rows *sql.Rows) ([]gazette.Watch, error) {
	defer rows.Close()
	out := []gazette.Watch{}
	for rows.Next() {
		var w gazette.Watch
		var next, created string
		if err := rows.Scan(&w.ID, &w.Owner, &w.Kind, &w.DocumentID, &w.Number, &w.Article, &w.Query, &w.WebhookURL,
			&w.Secret, &w.Cursor, &w.Delivered, &w.LastEvent, &w.Attempts, &next, &created); err != nil {
			return nil, err
		}
		w.NextAt, _ = time.Parse(time.RFC3339Nano, next)
		w.CreatedAt, _ = time.Parse(time.RFC3339Nano, created)
		out = append(out, w)
	}
	return out, rows.Err()
}

// Watches lists the live watches of owner ("" for every owner's), with
// their secrets.
func (db *DB) Watches(ctx context.Context, owner string) ([]gazette.Watch, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+watchColumns+` FROM watches w LEFT JOIN documents d ON d.id = w.document_id
		WHERE w.removed_at IS NULL AND (? = '' OR w.owner = ?) ORDER BY w.id`, owner, owner)
	if err != nil {
		return nil, fmt.Errorf("list watches: %w", err)
	}
	return scanWatches(rows)
}

// WatchByID returns a live watch, with its secret.
func (db *DB) WatchByID(ctx context.Context, id int64) (*gazette.Watch, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+watchColumns+` FROM watches w LEFT JOIN documents d ON d.id = w.document_id
		WHERE w.id = ? AND w.removed_at IS NULL`, id)
	if err != nil {
		return nil, fmt.Errorf("watch %d: %w", id, err)
	}
	ws, err := scanWatches(rows)
	if err != nil {
		return nil, err
	}
	if len(ws) == 0 {
		return nil, fmt.Errorf("watch %d: %w", id, gazette.ErrNotFound)
	}
	return &ws[0], nil
}

// RemoveWatch ends a watch of owner (any owner's when owner is "").
func (db *DB) RemoveWatch(ctx context.Context, actor, owner string, id int64) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE watches SET removed_at = ? WHERE id = ? AND removed_at IS NULL AND (? = '' OR owner = ?)`,
			db.now().Format(time.RFC3339Nano), id, owner, owner)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("watch %d: %w", id, gazette.ErrNotFound)
		}
		return db.audit(ctx, tx, actor, "remove", "watch", fmt.Sprint(id), nil, nil)
	})
}

// RecordWatch stores what fired for a watch up to cursor and moves its
// cursor there, in one transaction: looked at twice, an event fires once.
func (db *DB) RecordWatch(ctx context.Context, id, cursor int64, events []gazette.WatchEvent) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		for _, e := range events {
			if _, err := tx.ExecContext(ctx, `INSERT INTO watch_events (watch_id, seq, document_id, number, title, action, reason, at)
				VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (watch_id, seq, action) DO NOTHING`,
				id, e.Seq, e.DocumentID, e.Number, e.Title, e.Action, e.Reason, e.At.Format(time.RFC3339Nano)); err != nil {
				return fmt.Errorf("record watch %d: %w", id, err)
			}
		}
		_, err := tx.ExecContext(ctx, `UPDATE watches SET cursor = ? WHERE id = ? AND cursor < ?`, cursor, id, cursor)
		return err
	})
}

// WatchEvents lists a watch's events: after the event id after, oldest
// first, or (after < 0) the newest first.
func (db *DB) WatchEvents(ctx context.Context, id, after int64, limit int) ([]gazette.WatchEvent, error) {
	q := `SELECT id, watch_id, seq, document_id, number, title, action, reason, at, last_status, last_error FROM watch_events
		WHERE watch_id = ? AND id > ? ORDER BY id LIMIT ?`
	if after < 0 {
		q = strings.Replace(q, "ORDER BY id", "ORDER BY id DESC", 1)
	}
	rows, err := db.read.QueryContext(ctx, q, id, after, limit)
	if err != nil {
		return nil, fmt.Errorf("events of watch %d: %w", id, err)
	}
	defer rows.Close()
	out := []gazette.WatchEvent{}
	for rows.Next() {
		var e gazette.WatchEvent
		var at string
		if err := rows.Scan(&e.ID, &e.WatchID, &e.Seq, &e.DocumentID, &e.Number, &e.Title, &e.Action, &e.Reason, &at, &e.LastStatus, &e.LastError); err != nil {
			return nil, err
		}
		e.At, _ = time.Parse(time.RFC3339Nano, at)
		out = append(out, e)
	}
	return out, rows.Err()
}

// RecordWatchDelivery logs an attempt to deliver a watch's event to its
// webhook and moves the watch on: past the event when delivered, else to
// its next attempt at next.
func (db *DB) RecordWatchDelivery(ctx context.Context, watch, event int64, status int, errText string, delivered bool, attempts int, next time.Time) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE watch_events SET last_status = ?, last_error = ? WHERE id = ?`, status, errText, event); err != nil {
			return err
		}
		var err error
		if delivered {
			_, err = tx.ExecContext(ctx, `UPDATE watches SET delivered = ?, attempts = 0, next_at = ? WHERE id = ?`, event, next.Format(time.RFC3339Nano), watch)
		} else {
			_, err = tx.ExecContext(ctx, `UPDATE watches SET attempts = ?, next_at = ? WHERE id = ?`, attempts, next.Format(time.RFC3339Nano), watch)
		}
		return err
	})
}
