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

// inTx runs fn in a write transaction, committed if fn returns nil.
func (db *DB) inTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// Drafts lists documents not yet published (revisions of published
// documents among them), newest first, without texts.
func (db *DB) Drafts(ctx context.Context, limit int) ([]*gazette.Document, error) {
	docs, err := db.queryDocuments(ctx, `d.state = 'draft' ORDER BY d.id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("list drafts: %w", err)
	}
	return docs, nil
}

// Publish makes a draft public, with an audit row; publishing a published
// document changes nothing. A document marked as a state secret is never
// published (ErrConflict with the reason in Vietnamese); one with
// blockers (no number, a part missing, a check on a field as printed)
// only with an override, a reason that the audit log keeps. A draft
// revision is published into the document it revises: that document
// takes its fields, text, parts and articles, keeps its id, and the
// revision row is gone (its audit rows stay).
func (db *DB) Publish(ctx context.Context, actor string, id int64, override string) (*gazette.Document, error) {
	var d *gazette.Document
	override = strings.TrimSpace(override)
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if d, err = findDocumentByID(ctx, tx, id); err != nil {
			return err
		}
		if d.State == gazette.StatePublished {
			return nil
		}
		if d.NeedsOCR {
			return fmt.Errorf("document %d has no text (it needs OCR) and cannot be published: %w", id, gazette.ErrConflict)
		}
		if d.Held() {
			return fmt.Errorf("%s: %w", d.HeldReason(), gazette.ErrConflict)
		}
		if d.Parts, err = loadParts(ctx, tx, id); err != nil {
			return err
		}
		blockers := d.Blockers()
		if len(blockers) > 0 && override == "" {
			return fmt.Errorf("document %d: %s: %w", id, gazette.BlockersText(blockers), gazette.ErrConflict)
		}
		after := map[string]any{"state": gazette.StatePublished}
		if len(blockers) > 0 {
			after["override"], after["overridden"] = override, blockers
		}
		if d.RevisionOf != 0 {
			if d, err = db.publishRevision(ctx, tx, actor, d); err != nil {
				return err
			}
			after["revision"] = id
		} else {
			now := db.now().Format(time.RFC3339Nano)
			if _, err := tx.ExecContext(ctx, `UPDATE documents SET state = 'published', published_at = coalesce(published_at, ?), updated_at = ? WHERE id = ?`,
				now, now, id); err != nil {
				return err
			}
			d.State = gazette.StatePublished
		}
		d.Parts = nil
		return db.audit(ctx, tx, actor, "publish", "document", fmt.Sprint(d.ID),
			map[string]string{"state": string(gazette.StateDraft)}, after)
	})
	if err != nil {
		return nil, fmt.Errorf("publish document %d: %w", id, err)
	}
	return d, nil
}

// publishRevision moves a revision into the published document it
// revises, inside tx, and returns that document as it now is.
func (db *DB) publishRevision(ctx context.Context, tx *sql.Tx, actor string, rev *gazette.Document) (*gazette.Document, error) {
	pub, err := findDocumentByID(ctx, tx, rev.RevisionOf)
	if err != nil {
		return nil, fmt.Errorf("revision %d of document %d: %w", rev.ID, rev.RevisionOf, err)
	}
	next := *rev
	next.ID, next.State, next.RevisionOf, next.CreatedAt, next.UpdatedAt, next.Parts = pub.ID, gazette.StatePublished, 0, pub.CreatedAt, db.now(), nil
	issueID, err := upsertIssue(ctx, tx, next.Gazette)
	if err != nil {
		return nil, err
	}
	if err := updateDocument(ctx, tx, &next, issueID); err != nil {
		return nil, err
	}
	for _, t := range []struct{ table, col string }{
		{"document_parts", "document_id"}, {"articles", "document_id"}, {"citations", "document_id"}, {"relations", "source_document_id"},
	} {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+t.table+` WHERE `+t.col+` = ?`, pub.ID); err != nil {
			return nil, err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE `+t.table+` SET `+t.col+` = ? WHERE `+t.col+` = ?`, pub.ID, rev.ID); err != nil {
			return nil, err
		}
	}
	for _, t := range []string{"citations", "relations"} {
		if _, err := tx.ExecContext(ctx, `UPDATE `+t+` SET target_document_id = ? WHERE target_document_id = ?`, pub.ID, rev.ID); err != nil {
			return nil, err
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM documents WHERE id = ?`, rev.ID); err != nil {
		return nil, err
	}
	b, a := *pub, next
	b.Text, a.Text = "", ""
	if err := db.audit(ctx, tx, actor, "publish revision", "document", fmt.Sprint(pub.ID), &b, &a); err != nil {
		return nil, err
	}
	if err := db.audit(ctx, tx, actor, "published into", "document", fmt.Sprint(rev.ID), nil, map[string]int64{"document": pub.ID}); err != nil {
		return nil, err
	}
	return &next, nil
}

// Declassify lifts the hold of a document marked as a state secret (giải
// mật): an admin's act, with a reason the audit log keeps. The document
// stays a draft until it is published.
func (db *DB) Declassify(ctx context.Context, actor string, id int64, reason string) (*gazette.Document, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, fmt.Errorf("declassify document %d: give the reason (the decision that declassified it): %w", id, gazette.ErrInvalid)
	}
	var d *gazette.Document
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if d, err = findDocumentByID(ctx, tx, id); err != nil {
			return err
		}
		if !d.Held() {
			return fmt.Errorf("document %d is not held (no classification mark, or declassified already): %w", id, gazette.ErrConflict)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE documents SET declassified = 1, updated_at = ? WHERE id = ?`, db.now().Format(time.RFC3339Nano), id); err != nil {
			return err
		}
		d.Declassified = true
		return db.audit(ctx, tx, actor, "declassify", "document", fmt.Sprint(id),
			map[string]any{"classification": d.Classification, "declassified": false},
			map[string]any{"classification": d.Classification, "declassified": true, "reason": reason})
	})
	if err != nil {
		return nil, fmt.Errorf("declassify document %d: %w", id, err)
	}
	d.Text = ""
	return d, nil
}

// The lists, each read in its order from an index so that a page of a list
// costs its length, not the whole corpus (TestLookupPlans). Every published
// document has published_at: it is set whenever a document becomes
// public, and migration 004 filled it.
const (
	// wherePublished: issuer, issuer, issuer+"+%", "%+"+issuer, limit
	wherePublished = `d.state = 'published' AND (? = '' OR d.issuer = ? OR d.issuer LIKE ? OR d.issuer LIKE ?)
		ORDER BY d.published_at DESC, d.id DESC LIMIT ?`
	// wherePublishedOfType: the type, then wherePublished's arguments
	wherePublishedOfType = `d.state = 'published' AND d.type = ? AND (? = '' OR d.issuer = ? OR d.issuer LIKE ? OR d.issuer LIKE ?)
		ORDER BY d.published_at DESC, d.id DESC LIMIT ?`
	// sqlIssues walks the issues newest first and counts each one's
	// published documents (of the type and issuer), skipping the empty
	// ones, until it has limit: type, type, then wherePublished's arguments
	sqlIssues = `SELECT g.id, g.kind, g.year, g.numbers, coalesce(g.date, ''),
		(SELECT count(*) FROM documents d WHERE d.gazette_issue_id = g.id AND +d.state = 'published'
			AND (? = '' OR d.type = ?) AND (? = '' OR d.issuer = ? OR d.issuer LIKE ? OR d.issuer LIKE ?)) AS n
		FROM gazette_issues g WHERE n > 0 ORDER BY g.date DESC, g.first_number DESC LIMIT ?`
	whereIssuePublished = `d.gazette_issue_id = ? AND +d.state = 'published' ORDER BY d.gazette_first_page, d.id`
)

// Published lists published documents, most recently published first,
// optionally of one type code and one issuer code, without texts (feeds).
func (db *DB) Published(ctx context.Context, typ, issuer string, limit int) ([]*gazette.Document, error) {
	where, args := wherePublished, []any{issuer, issuer, issuer + "+%", "%+" + issuer, limit}
	if typ != "" {
		where, args = wherePublishedOfType, append([]any{typ}, args...)
	}
	docs, err := db.queryDocuments(ctx, where, args...)
	if err != nil {
		return nil, fmt.Errorf("list published documents: %w", err)
	}
	return docs, nil
}

// GazetteIssues lists the gazette issues that hold published documents
// (of a type code and an issuer code, when given), newest first.
func (db *DB) GazetteIssues(ctx context.Context, typ, issuer string, limit int) ([]gazette.IssueSummary, error) {
	rows, err := db.read.QueryContext(ctx, sqlIssues, typ, typ, issuer, issuer, issuer+"+%", "%+"+issuer, limit)
	if err != nil {
		return nil, fmt.Errorf("list gazette issues: %w", err)
	}
	defer rows.Close()
	var out []gazette.IssueSummary
	for rows.Next() {
		var s gazette.IssueSummary
		var date string
		if err := rows.Scan(&s.ID, &s.Kind, &s.Year, &s.Issue, &date, &s.Documents); err != nil {
			return nil, err
		}
		s.Date, _ = gazette.ParseDate(date)
		out = append(out, s)
	}
	return out, rows.Err()
}

// GazetteIssue returns one issue and its published documents, by first page.
func (db *DB) GazetteIssue(ctx context.Context, id int64) (*gazette.IssueSummary, []*gazette.Document, error) {
	var s gazette.IssueSummary
	var date string
	err := db.read.QueryRowContext(ctx, `SELECT id, kind, year, numbers, coalesce(date, '') FROM gazette_issues WHERE id = ?`, id).
		Scan(&s.ID, &s.Kind, &s.Year, &s.Issue, &date)
	if err == sql.ErrNoRows {
		return nil, nil, fmt.Errorf("gazette issue %d: %w", id, gazette.ErrNotFound)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("gazette issue %d: %w", id, err)
	}
	s.Date, _ = gazette.ParseDate(date)
	docs, err := db.queryDocuments(ctx, whereIssuePublished, id)
	if err != nil {
		return nil, nil, fmt.Errorf("gazette issue %d: %w", id, err)
	}
	if len(docs) == 0 {
		return nil, nil, fmt.Errorf("gazette issue %d: %w", id, gazette.ErrNotFound)
	}
	s.Documents = len(docs)
	return &s, docs, nil
}

// CountPublished counts the documents the public can see.
func (db *DB) CountPublished(ctx context.Context) (int, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM documents WHERE state = 'published'`).Scan(&n)
	return n, err
}

// DocumentsMeta returns documents by id without their texts (search
// results), in the order of ids; ids not found are left out.
func (db *DB) DocumentsMeta(ctx context.Context, ids []int64) ([]*gazette.Document, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	args := make([]any, len(ids))
	marks := make([]string, len(ids))
	for i, id := range ids {
		args[i], marks[i] = id, "?"
	}
	docs, err := db.queryDocuments(ctx, `d.id IN (`+strings.Join(marks, ",")+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("documents by id: %w", err)
	}
	byID := map[int64]*gazette.Document{}
	for _, d := range docs {
		byID[d.ID] = d
	}
	out := make([]*gazette.Document, 0, len(ids))
	for _, id := range ids {
		if d := byID[id]; d != nil {
			out = append(out, d)
		}
	}
	return out, nil
}

// CreateDocuments stores many new documents in few transactions (5,000 a
// transaction), each with its audit row: bulk loads such as benchmarks.
func (db *DB) CreateDocuments(ctx context.Context, actor string, docs []*gazette.Document) error {
	for len(docs) > 0 {
		n := min(len(docs), 5000)
		err := db.inTx(ctx, func(tx *sql.Tx) error {
			for _, d := range docs[:n] {
				if err := db.createDocument(ctx, tx, actor, d); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("create documents: %w", err)
		}
		docs = docs[n:]
	}
	return nil
}

// OriginalPublic reports whether an original file may be served to the
// public: every document with a part in it is published (a gazette issue
// holding a draft, or a document held as a state secret, is not served
// whole). Draft revisions of published documents do not count: they copy
// the parts of what they revise.
func (db *DB) OriginalPublic(ctx context.Context, sha string) (bool, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM documents d WHERE d.state <> 'published' AND d.revision_of IS NULL
		AND (d.source_sha256 = ? OR d.id IN (SELECT document_id FROM document_parts WHERE source_sha256 = ?))`, sha, sha).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("documents in original %s: %w", sha, err)
	}
	return n == 0, nil
}

// PublishedDocument returns a published document by id; a draft is
// gazette.ErrNotFound, as a missing id is, and costs the same to answer
// (the row is rejected on its state, before its text is read).
func (db *DB) PublishedDocument(ctx context.Context, id int64) (*gazette.Document, error) {
	d, err := scanDocument(db.read.QueryRowContext(ctx, `SELECT `+docColumns+docFrom+` WHERE d.id = ? AND d.state = 'published'`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("document %d: %w", id, gazette.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("document %d: %w", id, err)
	}
	return d, nil
}
