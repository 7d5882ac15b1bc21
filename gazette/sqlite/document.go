package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"congbao/gazette"
	"congbao/gazette/cite"
	"congbao/gazette/number"
)

// docColumns is the column list that scanDocument reads, in order.
const docColumns = `d.id, d.number, d.number_printed, d.type, d.type_name, d.issuer, d.issuer_name, d.title, d.place,
	coalesce(d.issue_date, ''), d.signer, d.signer_title, coalesce(d.effective_date, ''), d.effective_basis,
	coalesce(d.expiry_date, ''), d.effect_status, d.language, coalesce(g.numbers, ''), coalesce(g.date, ''),
	coalesce(d.gazette_first_page, 0), coalesce(d.gazette_last_page, 0), coalesce(d.source_sha256, ''),
	d.needs_ocr, d.state, d.text, d.created_at, d.updated_at, d.stated, d.extracted, d.disagreements, d.complete,
	d.source_url, d.record_key, d.classification, d.declassified, d.urgency, coalesce(d.revision_of, 0)`

// docColumnsNoText is docColumns with an empty text in place of the text.
var docColumnsNoText = strings.Replace(docColumns, "d.text,", "'' AS text,", 1)

const docFrom = ` FROM documents d LEFT JOIN gazette_issues g ON g.id = d.gazette_issue_id`

type rowScanner interface{ Scan(dest ...any) error }

func scanDocument(r rowScanner) (*gazette.Document, error) {
	var d gazette.Document
	var issue, eff, exp, gdate, created, updated, state, stated, extracted, dis string
	err := r.Scan(&d.ID, &d.Number, &d.NumberPrinted, &d.Type, &d.TypeName, &d.Issuer, &d.IssuerName, &d.Title, &d.Place,
		&issue, &d.Signer, &d.SignerTitle, &eff, &d.EffectiveBasis, &exp, &d.EffectStatus, &d.Language,
		&d.Gazette.Issue, &gdate, &d.Gazette.FirstPage, &d.Gazette.LastPage, &d.SourceSHA256,
		&d.NeedsOCR, &state, &d.Text, &created, &updated, &stated, &extracted, &dis, &d.Complete, &d.SourceURL, &d.RecordKey,
		&d.Classification, &d.Declassified, &d.Urgency, &d.RevisionOf)
	if err != nil {
		return nil, err
	}
	for _, j := range []struct {
		s   string
		dst any
	}{{stated, &d.Stated}, {extracted, &d.Extracted}, {dis, &d.Disagreements}} {
		if j.s != "" {
			if err := json.Unmarshal([]byte(j.s), j.dst); err != nil {
				return nil, fmt.Errorf("document %d: %w", d.ID, err)
			}
		}
	}
	d.State = gazette.State(state)
	for _, f := range []struct {
		s   string
		dst *gazette.Date
	}{{issue, &d.IssueDate}, {eff, &d.EffectiveDate}, {exp, &d.ExpiryDate}, {gdate, &d.Gazette.Date}} {
		if *f.dst, err = gazette.ParseDate(f.s); err != nil {
			return nil, fmt.Errorf("document %d: %w", d.ID, err)
		}
	}
	d.CreatedAt, _ = time.Parse(time.RFC3339Nano, created)
	d.UpdatedAt, _ = time.Parse(time.RFC3339Nano, updated)
	return &d, nil
}

// CreateDocument inserts d, sets its ID and timestamps, and records the
// change in the audit log in the same transaction.
func (db *DB) CreateDocument(ctx context.Context, actor string, d *gazette.Document) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("create document %s: %w", d.Number, err)
	}
	defer tx.Rollback()
	if err := db.createDocument(ctx, tx, actor, d); err != nil {
		return fmt.Errorf("create document %s: %w", d.Number, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("create document %s: commit: %w", d.Number, err)
	}
	return nil
}

func (db *DB) createDocument(ctx context.Context, tx *sql.Tx, actor string, d *gazette.Document) error {
	if d.State == "" {
		d.State = gazette.StateDraft
	}
	if d.Language == "" {
		d.Language = "vi"
	}
	issueID, err := upsertIssue(ctx, tx, d.Gazette)
	if err != nil {
		return err
	}
	now := db.now()
	d.CreatedAt, d.UpdatedAt = now, now
	cols, vals := docFields(d, issueID)
	cols = append(cols, "created_at")
	vals = append(vals, d.CreatedAt.Format(time.RFC3339Nano))
	if d.State == gazette.StatePublished {
		cols = append(cols, "published_at")
		vals = append(vals, d.CreatedAt.Format(time.RFC3339Nano))
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO documents (`+strings.Join(cols, ", ")+`) VALUES (?`+strings.Repeat(", ?", len(cols)-1)+`)`, vals...)
	if err != nil {
		return err
	}
	if d.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	return db.audit(ctx, tx, actor, "create", "document", strconv.FormatInt(d.ID, 10), nil, d)
}

// docFields lists the stored columns of d (all but id and created_at) with their values.
func docFields(d *gazette.Document, issueID any) ([]string, []any) {
	year := d.IssueDate.Year()
	if n, err := number.Parse(d.Number); err == nil && n.Year > 0 {
		year = n.Year
	}
	js := func(v any, empty bool) string {
		if empty {
			return ""
		}
		b, _ := json.Marshal(v)
		return string(b)
	}
	pairs := []struct {
		col string
		val any
	}{
		{"number", d.Number}, {"number_printed", d.NumberPrinted}, {"number_year", nullInt(year)}, {"type", d.Type},
		{"type_name", d.TypeName}, {"issuer", d.Issuer}, {"issuer_name", d.IssuerName}, {"title", d.Title}, {"place", d.Place},
		{"issue_date", nullDate(d.IssueDate.String())}, {"signer", d.Signer}, {"signer_title", d.SignerTitle},
		{"effective_date", nullDate(d.EffectiveDate.String())}, {"effective_basis", d.EffectiveBasis},
		{"expiry_date", nullDate(d.ExpiryDate.String())}, {"effect_status", d.EffectStatus}, {"language", d.Language},
		{"gazette_issue_id", issueID}, {"gazette_first_page", nullInt(d.Gazette.FirstPage)}, {"gazette_last_page", nullInt(d.Gazette.LastPage)},
		{"source_sha256", nullString(d.SourceSHA256)}, {"needs_ocr", d.NeedsOCR}, {"state", string(d.State)}, {"text", d.Text},
		{"updated_at", d.UpdatedAt.Format(time.RFC3339Nano)}, {"stated", js(d.Stated, d.Stated == nil)},
		{"extracted", js(d.Extracted, d.Extracted == nil)}, {"disagreements", js(d.Disagreements, len(d.Disagreements) == 0)},
		{"complete", d.Complete}, {"source_url", d.SourceURL}, {"record_key", d.RecordKey},
		{"title_key", cite.TitleKey(d.Title)}, {"classification", d.Classification}, {"declassified", d.Declassified},
		{"urgency", d.Urgency}, {"revision_of", nullInt64(d.RevisionOf)},
	}
	cols, vals := make([]string, len(pairs)), make([]any, len(pairs))
	for i, p := range pairs {
		cols[i], vals[i] = p.col, p.val
	}
	return cols, vals
}

// upsertIssue returns the id of the gazette issue of p, creating it, or
// nil when p names no issue.
func upsertIssue(ctx context.Context, tx *sql.Tx, p gazette.Placement) (any, error) {
	if p.Issue == "" {
		return nil, nil
	}
	first, err := strconv.Atoi(strings.TrimSpace(strings.Split(p.Issue, "+")[0]))
	if err != nil {
		return nil, fmt.Errorf("gazette issue %q: want numbers such as \"1263 + 1264\": %w", p.Issue, gazette.ErrInvalid)
	}
	var id int64
	err = tx.QueryRowContext(ctx, `INSERT INTO gazette_issues (kind, year, numbers, first_number, date) VALUES ('central', ?, ?, ?, ?)
		ON CONFLICT (kind, year, numbers) DO UPDATE SET date = coalesce(gazette_issues.date, excluded.date) RETURNING id`,
		p.Date.Year(), p.Issue, first, nullDate(p.Date.String())).Scan(&id)
	return id, err
}

// UpdateDocument replaces the stored fields of d (by d.ID) and records the
// values before and after in the audit log, in one transaction. It writes
// what it is given (bulk loads, tests); a clerk's correction goes through
// Correct, which keeps published documents as they are.
func (db *DB) UpdateDocument(ctx context.Context, actor string, d *gazette.Document) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("update document %d: %w", d.ID, err)
	}
	defer tx.Rollback()
	before, err := findDocumentByID(ctx, tx, d.ID)
	if err != nil {
		return fmt.Errorf("update document %d: %w", d.ID, err)
	}
	issueID, err := upsertIssue(ctx, tx, d.Gazette)
	if err != nil {
		return fmt.Errorf("update document %d: %w", d.ID, err)
	}
	d.CreatedAt, d.UpdatedAt = before.CreatedAt, db.now()
	if err := updateDocument(ctx, tx, d, issueID); err != nil {
		return fmt.Errorf("update document %d: %w", d.ID, err)
	}
	if err := db.audit(ctx, tx, actor, "update", "document", strconv.FormatInt(d.ID, 10), before, d); err != nil {
		return fmt.Errorf("update document %d: audit: %w", d.ID, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("update document %d: commit: %w", d.ID, err)
	}
	return nil
}

// Correct applies a clerk's correction to a document: to the document
// itself when it is a draft, or to the draft revision of a published one
// (created when it has none), so that the public record changes only when
// the revision is published. It returns the document corrected (a
// revision names what it revises). The classification mark and the hold
// are not a correction's to change.
func (db *DB) Correct(ctx context.Context, actor string, id int64, edit func(*gazette.Document) error) (*gazette.Document, error) {
	var d *gazette.Document
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		target, _, err := db.revisionOf(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		before, err := findDocumentByID(ctx, tx, target)
		if err != nil {
			return err
		}
		next := *before
		if err := edit(&next); err != nil {
			return err
		}
		next.ID, next.RevisionOf, next.State, next.CreatedAt, next.UpdatedAt = before.ID, before.RevisionOf, before.State, before.CreatedAt, db.now()
		next.Classification, next.Declassified = before.Classification, before.Declassified
		issueID, err := upsertIssue(ctx, tx, next.Gazette)
		if err != nil {
			return err
		}
		if err := updateDocument(ctx, tx, &next, issueID); err != nil {
			return err
		}
		b, a := *before, next
		b.Text, a.Text = "", ""
		d = &next
		return db.audit(ctx, tx, actor, "update", "document", strconv.FormatInt(target, 10), &b, &a)
	})
	if err != nil {
		return nil, fmt.Errorf("correct document %d: %w", id, err)
	}
	return d, nil
}

func updateDocument(ctx context.Context, tx *sql.Tx, d *gazette.Document, issueID any) error {
	cols, vals := docFields(d, issueID)
	for i := range cols {
		cols[i] += " = ?"
	}
	if _, err := tx.ExecContext(ctx, `UPDATE documents SET `+strings.Join(cols, ", ")+` WHERE id = ?`, append(vals, d.ID)...); err != nil {
		return err
	}
	// the first time it is public, for feeds
	_, err := tx.ExecContext(ctx, `UPDATE documents SET published_at = ? WHERE id = ? AND state = 'published' AND published_at IS NULL`,
		d.UpdatedAt.Format(time.RFC3339Nano), d.ID)
	return err
}

// DocumentByID returns one document, drafts included; a missing id is
// gazette.ErrNotFound.
func (db *DB) DocumentByID(ctx context.Context, id int64) (*gazette.Document, error) {
	d, err := findDocumentByID(ctx, db.read, id)
	if err == nil {
		_, err = db.withEffects(ctx, db.read, []*gazette.Document{d})
	}
	if err != nil {
		return nil, fmt.Errorf("document %d: %w", id, err)
	}
	return d, nil
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func findDocumentByID(ctx context.Context, q querier, id int64) (*gazette.Document, error) {
	d, err := scanDocument(q.QueryRowContext(ctx, `SELECT `+docColumns+docFrom+` WHERE d.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, gazette.ErrNotFound
	}
	return d, err
}

// metaColumns are docColumns without the text: lookups list documents,
// they do not serve their texts.
var metaColumns = strings.Replace(docColumns, "d.text,", "'',", 1)

// queryDocuments runs a query on metaColumns and scans every row.
func (db *DB) queryDocuments(ctx context.Context, where string, args ...any) ([]*gazette.Document, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+metaColumns+docFrom+` WHERE `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*gazette.Document
	for rows.Next() {
		d, err := scanDocument(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	_, err = db.withEffects(ctx, db.read, out)
	return out, err
}

// The lookups by a key. A unary + before a term keeps SQLite from using
// an index for it: without statistics the planner took an index on state
// for "state = 'published'" over the one on the numbers of a list or on a
// source's key, and read every published document to find a few (a
// rebuild read them all for every 500 documents it indexed).
// TestLookupPlans holds each lookup to its index.
const (
	whereNumber          = `d.number = ? ORDER BY d.issue_date, d.id`
	whereNumberPublished = `d.number = ? AND +d.state = 'published' ORDER BY d.issue_date, d.id`
	whereTitlePublished  = `d.title_key = ? AND +d.state = 'published' AND d.language = 'vi'
		ORDER BY d.issue_date DESC, d.id DESC LIMIT 50`
)

// whereNumbersPublished looks up the published documents of a batch of
// numbers (marks: "?,?,…").
func whereNumbersPublished(marks string) string {
	return `+d.state = 'published' AND d.number IN (` + marks + `) ORDER BY d.issue_date, d.id`
}

// DocumentsByNumber returns every document whose canonical number is
// number, without texts, oldest issue date first: numbers without a year
// repeat every year, and local numbers repeat across provinces. Drafts are
// left out unless drafts is true.
func (db *DB) DocumentsByNumber(ctx context.Context, number string, drafts bool) ([]*gazette.Document, error) {
	where := whereNumber
	if !drafts {
		where = whereNumberPublished
	}
	docs, err := db.queryDocuments(ctx, where, number)
	if err != nil {
		return nil, fmt.Errorf("documents by number %s: %w", number, err)
	}
	return docs, nil
}

// DocumentsByNumbers looks many numbers up in few queries and returns the
// published documents of each, without their text (citation lookup).
func (db *DB) DocumentsByNumbers(ctx context.Context, numbers []string) (map[string][]*gazette.Document, error) {
	out := map[string][]*gazette.Document{}
	err := inBatches(numbers, func(args []any, marks string) error {
		docs, err := db.queryDocuments(ctx, whereNumbersPublished(marks), args...)
		if err != nil {
			return fmt.Errorf("documents by numbers: %w", err)
		}
		for _, d := range docs {
			out[d.Number] = append(out[d.Number], d)
		}
		return nil
	})
	return out, err
}

// DocumentsByTitle returns the published Vietnamese documents whose title
// folds to the same key as title ("Luật Đất đai" finds "Luật đất đai"),
// newest first, without texts.
func (db *DB) DocumentsByTitle(ctx context.Context, title string) ([]*gazette.Document, error) {
	docs, err := db.queryDocuments(ctx, whereTitlePublished, cite.TitleKey(title))
	if err != nil {
		return nil, fmt.Errorf("documents titled %q: %w", title, err)
	}
	return docs, nil
}

// CountDocuments returns the number of stored documents.
func (db *DB) CountDocuments(ctx context.Context) (int, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM documents`).Scan(&n)
	return n, err
}

// audit writes one audit row inside tx; before and after are stored as JSON.
func (db *DB) audit(ctx context.Context, tx *sql.Tx, actor, action, entity, id string, before, after any) error {
	enc := func(v any) (any, error) {
		if v == nil {
			return nil, nil
		}
		b, err := json.Marshal(v)
		return string(b), err
	}
	b, err := enc(before)
	if err != nil {
		return err
	}
	a, err := enc(after)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO audit_log (at, actor, action, entity, entity_id, before, after) VALUES (?,?,?,?,?,?,?)`,
		db.now().Format(time.RFC3339Nano), actor, action, entity, id, b, a)
	return err
}

// AuditLog returns the audit rows of one entity, oldest first.
func (db *DB) AuditLog(ctx context.Context, entity, id string) ([]gazette.AuditEntry, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, at, actor, action, entity, entity_id, coalesce(before, ''), coalesce(after, '')
		FROM audit_log WHERE entity = ? AND entity_id = ? ORDER BY id`, entity, id)
	if err != nil {
		return nil, fmt.Errorf("audit log of %s %s: %w", entity, id, err)
	}
	defer rows.Close()
	var out []gazette.AuditEntry
	for rows.Next() {
		var e gazette.AuditEntry
		var at string
		if err := rows.Scan(&e.ID, &at, &e.Actor, &e.Action, &e.Entity, &e.EntityID, &e.Before, &e.After); err != nil {
			return nil, fmt.Errorf("audit log of %s %s: %w", entity, id, err)
		}
		e.At, _ = time.Parse(time.RFC3339Nano, at)
		out = append(out, e)
	}
	return out, rows.Err()
}

// Changes returns the documents written since change seq after (at most
// limit, oldest first), and the last change's seq: what a follower of the
// database has to bring up to date. A document written several times is
// listed once.
func (db *DB) Changes(ctx context.Context, after int64, limit int) (ids []int64, last int64, err error) {
	rows, err := db.read.QueryContext(ctx, `SELECT seq, document_id FROM document_changes WHERE seq > ? ORDER BY seq LIMIT ?`, after, limit)
	if err != nil {
		return nil, after, fmt.Errorf("document changes: %w", err)
	}
	defer rows.Close()
	last = after
	seen := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&last, &id); err != nil {
			return nil, after, fmt.Errorf("document changes: %w", err)
		}
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	return ids, last, rows.Err()
}

// LastChange returns the seq of the newest document change (0 for none).
func (db *DB) LastChange(ctx context.Context) (int64, error) {
	var seq int64
	err := db.read.QueryRowContext(ctx, `SELECT coalesce(max(seq), 0) FROM document_changes`).Scan(&seq)
	return seq, err
}

// ChangeCount counts the document changes ever written: the change
// list's counter, which only grows (the followers delete the rows they
// have read, so the newest row's seq would not do).
func (db *DB) ChangeCount(ctx context.Context) (int64, error) {
	var n int64
	err := db.read.QueryRowContext(ctx, changeCount).Scan(&n)
	return n, err
}

// changeCount is ChangeCount's query.
const changeCount = `SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'document_changes'), 0)`

// ForgetChanges drops the changes up to seq, once followed.
func (db *DB) ForgetChanges(ctx context.Context, upTo int64) error {
	_, err := db.write.ExecContext(ctx, `DELETE FROM document_changes WHERE seq <= ?`, upTo)
	return err
}
