package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"congbao/gazette"
)

// PublicChanges lists the public change feed after seq, oldest first: the
// publishes, revisions and withdrawals the triggers of migration 009
// recorded. As in CouchDB's _changes, an entry superseded by a later
// change of the same document is left out (an import that creates a
// document and then completes it in one transaction wrote two): from any
// cursor, each document changed since appears once, at its latest change,
// and the entry carries the document as it is now.
func (db *DB) PublicChanges(ctx context.Context, after int64, limit int) ([]gazette.FeedRow, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT seq, kind, at, document_id, number FROM public_changes p
		WHERE seq > ? AND NOT EXISTS (SELECT 1 FROM public_changes q WHERE q.document_id = p.document_id AND q.seq > p.seq)
		ORDER BY seq LIMIT ?`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("public changes after %d: %w", after, err)
	}
	return scanFeedRows(rows)
}

// scanFeedRows reads rows of (seq, kind, at, document_id, number).
func scanFeedRows(rows *sql.Rows) ([]gazette.FeedRow, error) {
	defer rows.Close()
	var out []gazette.FeedRow
	for rows.Next() {
		var r gazette.FeedRow
		var at string
		if err := rows.Scan(&r.Seq, &r.Kind, &at, &r.DocumentID, &r.Number); err != nil {
			return nil, err
		}
		r.At, _ = time.Parse(time.RFC3339Nano, at)
		out = append(out, r)
	}
	return out, rows.Err()
}

// Withdraw takes a published document out of the public record (an
// error found after publication, a document that should never have been
// public): it goes back to a draft, the feed gets a tombstone, the audit
// log the reason.
func (db *DB) Withdraw(ctx context.Context, actor string, id int64, reason string) (*gazette.Document, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, fmt.Errorf("withdraw document %d: give the reason: %w", id, gazette.ErrInvalid)
	}
	var d *gazette.Document
	err := db.inTx(ctx, func(tx *sql.Tx) (err error) {
		d, err = db.withdraw(ctx, tx, actor, id, reason)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("withdraw document %d: %w", id, err)
	}
	d.Text = ""
	return d, nil
}

func (db *DB) withdraw(ctx context.Context, tx *sql.Tx, actor string, id int64, reason string) (*gazette.Document, error) {
	d, err := findDocumentByID(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if d.State != gazette.StatePublished {
		return nil, fmt.Errorf("document %d is not published: %w", id, gazette.ErrConflict)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE documents SET state = 'draft', updated_at = ? WHERE id = ?`, db.now().Format(time.RFC3339Nano), id); err != nil {
		return nil, err
	}
	d.State = gazette.StateDraft
	return d, db.audit(ctx, tx, actor, "withdraw", "document", fmt.Sprint(id),
		map[string]string{"state": string(gazette.StatePublished)}, map[string]string{"state": string(gazette.StateDraft), "reason": reason})
}

// SyncCursor is where the feed of a source instance was read up to ("" at
// first).
func (db *DB) SyncCursor(ctx context.Context, instance string) (string, error) {
	var c string
	err := db.read.QueryRowContext(ctx, `SELECT cursor FROM sync_cursors WHERE instance = ?`, instance).Scan(&c)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("sync cursor of %s: %w", instance, err)
	}
	return c, nil
}

func (db *DB) setSyncCursor(ctx context.Context, tx *sql.Tx, instance, cursor string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO sync_cursors (instance, cursor, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (instance) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at`,
		instance, cursor, db.now().Format(time.RFC3339Nano))
	return err
}

// SyncSkip moves the cursor of a source over an entry it does not take
// (another issuer's document, a tombstone of one never taken).
func (db *DB) SyncSkip(ctx context.Context, instance, cursor string) error {
	return db.inTx(ctx, func(tx *sql.Tx) error { return db.setSyncCursor(ctx, tx, instance, cursor) })
}

// SyncRecord stores a document read from another congbao's feed, as a
// record (gazette.Record: its key names the source instance and the
// remote id, its batch the instance), with its original (already stored
// and checked by sha256, or ""), and moves the cursor, in one
// transaction: a sync stopped at any point resumes where it was, and
// applying an entry twice changes nothing. A document this source gave
// before changes directly; one held from elsewhere (the same number, a
// different text) gets a draft revision for review, never an overwrite.
func (db *DB) SyncRecord(ctx context.Context, actor, instance, cursor string, rec gazette.Record, originalSHA string) (gazette.Stored, error) {
	var st gazette.Stored
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if st, _, err = db.importRecord(ctx, tx, actor, rec); err != nil {
			return err
		}
		if originalSHA != "" {
			if _, err := tx.ExecContext(ctx, `UPDATE documents SET source_sha256 = ? WHERE id = ? AND coalesce(source_sha256, '') = ''
				AND EXISTS (SELECT 1 FROM source_files WHERE sha256 = ?)`, originalSHA, st.ID, originalSHA); err != nil {
				return err
			}
		}
		return db.setSyncCursor(ctx, tx, instance, cursor)
	})
	if err != nil {
		return st, fmt.Errorf("sync %s from %s: %w", rec.Key, instance, err)
	}
	return st, nil
}

// SyncWithdraw applies a source's tombstone: the document that source gave
// under key leaves the public record here too. A document it did not give
// is left alone. It reports whether a document was withdrawn.
func (db *DB) SyncWithdraw(ctx context.Context, actor, instance, cursor, key, batch string) (bool, error) {
	withdrawn := false
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, sqlPublishedByRecord, key, batch).Scan(&id)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return err
		default:
			if _, err := db.withdraw(ctx, tx, actor, id, "withdrawn at its source "+instance); err != nil {
				return err
			}
			withdrawn = true
		}
		return db.setSyncCursor(ctx, tx, instance, cursor)
	})
	if err != nil {
		return false, fmt.Errorf("sync withdrawal of %s from %s: %w", key, instance, err)
	}
	return withdrawn, nil
}

// sqlPublishedByRecord finds the published document a source gave under a
// key (+: see whereNumber).
const sqlPublishedByRecord = `SELECT id FROM documents WHERE record_key = ? AND batch = ? AND revision_of IS NULL AND +state = 'published'`
