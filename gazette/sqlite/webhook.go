package sqlite

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"time"

	"congbao/gazette"
)

// CreateWebhook subscribes url to the public change feed from now on and
// returns the hook with its secret.
func (db *DB) CreateWebhook(ctx context.Context, actor, target string) (*gazette.Webhook, error) {
	u, err := url.Parse(target)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(target) > 2048 {
		return nil, fmt.Errorf("webhook url %q: want an http(s) address: %w", target, gazette.ErrInvalid)
	}
	var raw [32]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return nil, err
	}
	now := db.now()
	h := &gazette.Webhook{URL: target, Secret: hex.EncodeToString(raw[:]), NextAt: now, CreatedAt: now}
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(seq), 0) FROM public_changes`).Scan(&h.Cursor); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO webhooks (url, secret, cursor, next_at, created_at) VALUES (?,?,?,?,?)`,
			h.URL, h.Secret, h.Cursor, now.Format(time.RFC3339Nano), now.Format(time.RFC3339Nano))
		if err != nil {
			return err
		}
		h.ID, _ = res.LastInsertId()
		return db.audit(ctx, tx, actor, "create", "webhook", fmt.Sprint(h.ID), nil, map[string]any{"url": h.URL, "cursor": h.Cursor})
	})
	if err != nil {
		return nil, fmt.Errorf("create webhook %s: %w", target, err)
	}
	return h, nil
}

// Webhooks lists the hooks not removed, with their secrets (the
// dispatcher signs with them; the API leaves them out).
func (db *DB) Webhooks(ctx context.Context) ([]gazette.Webhook, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, url, secret, cursor, attempts, next_at, created_at FROM webhooks WHERE removed_at IS NULL ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list webhooks: %w", err)
	}
	defer rows.Close()
	var out []gazette.Webhook
	for rows.Next() {
		var h gazette.Webhook
		var next, created string
		if err := rows.Scan(&h.ID, &h.URL, &h.Secret, &h.Cursor, &h.Attempts, &next, &created); err != nil {
			return nil, err
		}
		h.NextAt, _ = time.Parse(time.RFC3339Nano, next)
		h.CreatedAt, _ = time.Parse(time.RFC3339Nano, created)
		out = append(out, h)
	}
	return out, rows.Err()
}

// RemoveWebhook ends a subscription; its delivery log stays.
func (db *DB) RemoveWebhook(ctx context.Context, actor string, id int64) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE webhooks SET removed_at = ? WHERE id = ? AND removed_at IS NULL`, db.now().Format(time.RFC3339Nano), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("webhook %d: %w", id, gazette.ErrNotFound)
		}
		return db.audit(ctx, tx, actor, "remove", "webhook", fmt.Sprint(id), nil, nil)
	})
}

// PublicEvents lists every public change after seq, oldest first, none
// left out (webhooks deliver each event; the feed compacts).
func (db *DB) PublicEvents(ctx context.Context, after int64, limit int) ([]gazette.FeedRow, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT seq, kind, at, document_id, number FROM public_changes WHERE seq > ? ORDER BY seq LIMIT ?`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("public events after %d: %w", after, err)
	}
	return scanFeedRows(rows)
}

// RecordDelivery logs an attempt to deliver event seq to a hook and moves
// the hook on: past the event when it was delivered, else to its next
// attempt at next.
func (db *DB) RecordDelivery(ctx context.Context, hook int64, d gazette.Delivery, delivered bool, next time.Time) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO webhook_deliveries (webhook_id, seq, attempt, status, error, at) VALUES (?,?,?,?,?,?)`,
			hook, d.Seq, d.Attempt, d.Status, d.Error, d.At.Format(time.RFC3339Nano)); err != nil {
			return err
		}
		var err error
		if delivered {
			_, err = tx.ExecContext(ctx, `UPDATE webhooks SET cursor = ?, attempts = 0, next_at = ? WHERE id = ?`, d.Seq, next.Format(time.RFC3339Nano), hook)
		} else {
			_, err = tx.ExecContext(ctx, `UPDATE webhooks SET attempts = ?, next_at = ? WHERE id = ?`, d.Attempt, next.Format(time.RFC3339Nano), hook)
		}
		return err
	})
}

// Deliveries is a hook's delivery log, newest first.
func (db *DB) Deliveries(ctx context.Context, hook int64, limit int) ([]gazette.Delivery, error) {
	var exists int
	if err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM webhooks WHERE id = ?`, hook).Scan(&exists); err != nil {
		return nil, err
	}
	if exists == 0 {
		return nil, fmt.Errorf("webhook %d: %w", hook, gazette.ErrNotFound)
	}
	rows, err := db.read.QueryContext(ctx, `SELECT seq, attempt, status, error, at FROM webhook_deliveries WHERE webhook_id = ? ORDER BY id DESC LIMIT ?`, hook, limit)
	if err != nil {
		return nil, fmt.Errorf("deliveries of webhook %d: %w", hook, err)
	}
	defer rows.Close()
	out := []gazette.Delivery{}
	for rows.Next() {
		var d gazette.Delivery
		var at string
		if err := rows.Scan(&d.Seq, &d.Attempt, &d.Status, &d.Error, &at); err != nil {
			return nil, err
		}
		d.At, _ = time.Parse(time.RFC3339Nano, at)
		out = append(out, d)
	}
	return out, rows.Err()
}
