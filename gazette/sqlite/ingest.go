package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"congbao/gazette"
	"congbao/gazette/cite"
	"congbao/gazette/number"
	"congbao/gazette/read"
	"congbao/gazette/vntext"
)

// IngestStatus tells whether an original was processed, and with what result.
func (db *DB) IngestStatus(ctx context.Context, sha string) (status, errText string, docs []int64, err error) {
	var raw string
	err = db.read.QueryRowContext(ctx, `SELECT status, error, documents FROM ingests WHERE sha256 = ?`, sha).Scan(&status, &errText, &raw)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", nil, nil
	}
	if err != nil {
		return "", "", nil, fmt.Errorf("ingest status of %s: %w", sha, err)
	}
	if raw != "" {
		err = json.Unmarshal([]byte(raw), &docs)
	}
	return status, errText, docs, err
}

// Ingest stores what one original holds, in one transaction: each part is
// attached to the document it belongs to (found by number, by the issue it
// continues, or by its gazette issue), or starts a new one; every touched
// document is re-read from its joined parts and merged with what its
// source record states. A crash leaves either all of it or none.
func (db *DB) Ingest(ctx context.Context, actor string, in gazette.IngestInput) ([]gazette.Stored, error) {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("ingest %s: %w", in.FileName, err)
	}
	defer tx.Rollback()
	var ids []int64
	var stored []gazette.Stored
	status := "done"
	switch {
	case in.Failure != "":
		status = "failed"
	case in.NeedsOCR:
		d := &gazette.Document{Title: in.FileName, NeedsOCR: true, SourceSHA256: in.SHA256, State: gazette.StateDraft, Complete: true,
			Gazette: gazette.Placement{Issue: in.Issue.Numbers, Date: in.Issue.Date}}
		if err := admit(in, d); err != nil {
			return nil, err
		}
		if err := db.createDocument(ctx, tx, actor, d); err != nil {
			return nil, fmt.Errorf("ingest %s: %w", in.FileName, err)
		}
		ids = append(ids, d.ID)
		stored = append(stored, gazette.Stored{ID: d.ID, Created: true})
	default:
		for _, p := range in.Parts {
			st, err := db.placePart(ctx, tx, actor, in, p)
			if err != nil {
				return nil, fmt.Errorf("ingest %s: %w", in.FileName, err)
			}
			ids = append(ids, st.ID)
			stored = append(stored, st)
		}
	}
	docs, _ := json.Marshal(ids)
	if _, err := tx.ExecContext(ctx, `INSERT INTO ingests (sha256, status, error, documents, finished_at) VALUES (?,?,?,?,?)
		ON CONFLICT (sha256) DO UPDATE SET status = excluded.status, error = excluded.error, documents = excluded.documents,
		finished_at = excluded.finished_at`, in.SHA256, status, in.Failure, string(docs), db.now().Format(time.RFC3339Nano)); err != nil {
		return nil, fmt.Errorf("ingest %s: %w", in.FileName, err)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("ingest %s: commit: %w", in.FileName, err)
	}
	return stored, nil
}

// admit asks in.Admit about d; its refusal says "refused" (the caller names the file).
func admit(in gazette.IngestInput, d *gazette.Document) error {
	if in.Admit == nil {
		return nil
	}
	if err := in.Admit(d); err != nil {
		return fmt.Errorf("refused: %w", err)
	}
	return nil
}

// placePart finds or creates the document of one part and attaches it. A
// run that creates drafts (a clerk's upload, ingest --draft) puts a part
// of a published document in its draft revision: the public text stays as
// published until a clerk publishes the revision. Only the operator's
// publishing ingest extends a published document directly (the next
// issue of a code it published): it publishes what it reads anyway.
func (db *DB) placePart(ctx context.Context, tx *sql.Tx, actor string, in gazette.IngestInput, p gazette.Part) (gazette.Stored, error) {
	dp := read.PartOf(in.Issue, in.SHA256, p)
	var id int64
	var err error
	seed := read.Seed(p) // what we know of a document we must create
	if c := p.Continues; c != nil {
		if id, err = findByNumber(ctx, tx, c.Number, c.Date.Year()); err == nil && id == 0 {
			id, err = findPart(ctx, tx, `issue = ? AND continued_in = ?`, c.FromIssue, in.Issue.Numbers)
		}
	} else {
		if id, err = findByNumber(ctx, tx, seed.Number, seed.IssueDate.Year()); err == nil && id == 0 && p.ContinuedIn != "" {
			id, err = findPart(ctx, tx, `issue = ? AND continues_from = ?`, p.ContinuedIn, in.Issue.Numbers)
		}
		if err == nil && id == 0 && seed.Number == "" {
			id, err = findNumberless(ctx, tx, in.Issue.Numbers, in.Issue.Date.Year())
		}
	}
	if err != nil {
		return gazette.Stored{}, err
	}
	var st gazette.Stored
	if id == 0 {
		d := &gazette.Document{State: in.State, Extracted: &seed}
		d.Apply(seed)
		if err := db.createDocument(ctx, tx, actor, d); err != nil {
			return st, err
		}
		id, st.Created = d.ID, true
	} else if in.State != gazette.StatePublished {
		// a run that does not publish (an upload, ingest --draft) never
		// changes a published document: its part goes to a revision
		if id, st.RevisionOf, err = db.revisionOf(ctx, tx, actor, id); err != nil {
			return st, err
		}
	}
	st.ID = id
	d, err := db.attachPart(ctx, tx, actor, id, dp)
	if err != nil {
		return st, err
	}
	if err := admit(in, d); err != nil {
		return st, err
	}
	if d.Held() {
		st.Held = d.Classification
	}
	st.Incomplete = !d.Complete
	if st.RevisionOf == 0 {
		// a published document extended directly: its open revision, if
		// any, takes the part too, so that publishing the revision later
		// does not drop it
		if rev, err := openRevision(ctx, tx, id); err != nil {
			return st, err
		} else if rev != 0 {
			if _, err := db.attachPart(ctx, tx, actor, rev, dp); err != nil {
				return st, err
			}
		}
	}
	return st, nil
}

// partColumns are the columns of a part, after its document and number.
const partColumns = `gazette_issue_id, first_page, last_page, source_sha256, issue, issue_date, pdf_first_page, pdf_last_page,
	continues_from, continued_in, text, ocr, page_lines, signed`

// attachPart adds a part to a document and re-reads and stores the
// document, which it returns.
func (db *DB) attachPart(ctx context.Context, tx *sql.Tx, actor string, id int64, dp gazette.DocPart) (*gazette.Document, error) {
	if _, err := tx.ExecContext(ctx, `INSERT INTO document_parts (document_id, part, `+partColumns+`)
		VALUES (?, (SELECT coalesce(max(part), 0) + 1 FROM document_parts WHERE document_id = ?), NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id, id, nullInt(dp.FirstPage), nullInt(dp.LastPage), dp.SourceSHA256, dp.Issue, nullDate(dp.IssueDate.String()),
		dp.PDFFirstPage, dp.PDFLastPage, dp.ContinuesFrom, dp.ContinuedIn, dp.Text, ocrJSON(dp.OCR), linesJSON(dp.PageLines), signedJSON(dp.Signed)); err != nil {
		return nil, err
	}
	before, d, err := db.reread(ctx, tx, id, nil)
	if err != nil {
		return nil, err
	}
	return d, db.store(ctx, tx, actor, before, d)
}

// openRevision returns the draft revision of document id, 0 for none.
func openRevision(ctx context.Context, tx *sql.Tx, id int64) (int64, error) {
	var rev int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM documents WHERE revision_of = ? AND state = 'draft' ORDER BY id LIMIT 1`, id).Scan(&rev)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return rev, err
}

// revisionOf returns where a change to document id goes: id itself when
// it is a draft, else the draft revision of the published document,
// created as a copy of it (fields and parts) when it has none. revOf is
// the published document when a revision is returned.
func (db *DB) revisionOf(ctx context.Context, tx *sql.Tx, actor string, id int64) (target, revOf int64, err error) {
	var state string
	if err := tx.QueryRowContext(ctx, `SELECT state FROM documents WHERE id = ?`, id).Scan(&state); err != nil {
		return 0, 0, err
	}
	if state != string(gazette.StatePublished) {
		return id, 0, nil
	}
	if target, err = openRevision(ctx, tx, id); err != nil || target != 0 {
		return target, id, err
	}
	pub, err := findDocumentByID(ctx, tx, id)
	if err != nil {
		return 0, 0, err
	}
	rev := *pub
	rev.State, rev.RevisionOf = gazette.StateDraft, id
	if err := db.createDocument(ctx, tx, actor, &rev); err != nil {
		return 0, 0, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO document_parts (document_id, part, `+partColumns+`)
		SELECT ?, part, `+partColumns+` FROM document_parts WHERE document_id = ?`, rev.ID, id); err != nil {
		return 0, 0, err
	}
	return rev.ID, id, nil
}

// ImportRecord stores what a source record states: on the document it
// names (by record key, by number and year, or by gazette issue for a
// document without a number), or as a new document. A record that would
// change a published document not created by its own batch goes to that
// document's draft revision; one that changes nothing writes nothing. A
// record whose text is marked as a state secret is stored held, never
// published.
func (db *DB) ImportRecord(ctx context.Context, actor string, rec gazette.Record) (gazette.Stored, error) {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return gazette.Stored{}, fmt.Errorf("import %s: %w", rec.Key, err)
	}
	defer tx.Rollback()
	st, changed, err := db.importRecord(ctx, tx, actor, rec)
	if err != nil || !changed {
		return st, err
	}
	if err := tx.Commit(); err != nil {
		return st, fmt.Errorf("import %s: commit: %w", rec.Key, err)
	}
	return st, nil
}

// importRecord is ImportRecord inside tx; changed is false when the record
// changes nothing (nothing to commit).
func (db *DB) importRecord(ctx context.Context, tx *sql.Tx, actor string, rec gazette.Record) (st gazette.Stored, changed bool, err error) {
	var id int64
	if rec.Key != "" {
		err = tx.QueryRowContext(ctx, `SELECT id FROM documents WHERE record_key = ? AND revision_of IS NULL LIMIT 1`, rec.Key).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			err = nil
		}
	}
	lang := rec.Stated.Language
	number, year := rec.Stated.Number, rec.Stated.IssueDate.Year()
	if number == "" && rec.Text != "" && lang != "en" {
		// a record that states no number (a law corpus) is matched by the number its text prints
		md := read.ExtractMetadata(rec.Text)
		number, year = md.Number, md.IssueDate.Year()
	}
	if err == nil && id == 0 && number != "" && lang != "en" {
		id, err = findByNumber(ctx, tx, number, year)
	}
	if err == nil && id == 0 && rec.Stated.Gazette.Issue != "" {
		id, err = findNumberless(ctx, tx, rec.Stated.Gazette.Issue, rec.Stated.Gazette.Date.Year())
	}
	if err != nil {
		return st, false, fmt.Errorf("import %s: %w", rec.Key, err)
	}
	stated := rec.Stated
	if id == 0 {
		d := &gazette.Document{State: rec.State, RecordKey: rec.Key, Text: vntext.CleanText(rec.Text), Stated: &stated, Complete: true}
		d.Apply(stated)
		d.Mark(read.Marks(d.Text)) // held from its creation: never stamped as published
		if err := db.createDocument(ctx, tx, actor, d); err != nil {
			return st, false, fmt.Errorf("import %s: %w", rec.Key, err)
		}
		if err := setBatch(ctx, tx, d.ID, rec.Batch); err != nil {
			return st, false, fmt.Errorf("import %s: %w", rec.Key, err)
		}
		id, st.Created = d.ID, true
	}
	// what this run created it may publish and change directly; anything
	// else is reviewed (a clerk's draft stays a draft, a published
	// document gets a revision)
	own := st.Created
	if !own {
		if own, err = inBatch(ctx, tx, id, rec.Batch); err != nil {
			return st, false, fmt.Errorf("import %s: %w", rec.Key, err)
		}
	}
	edit := func(d *gazette.Document) {
		d.Stated, d.RecordKey = &stated, rec.Key
		if rec.Text != "" && len(d.Parts) == 0 {
			d.Text = vntext.CleanText(rec.Text)
		}
		if rec.State == gazette.StatePublished && own {
			d.State = gazette.StatePublished
		}
	}
	before, d, err := db.reread(ctx, tx, id, edit)
	if err != nil {
		return st, false, fmt.Errorf("import %s: %w", rec.Key, err)
	}
	if !st.Created && sameDocument(before, d) {
		st.ID, st.Unchanged = id, true
		return st, false, nil // nothing to commit
	}
	if !own && before.State == gazette.StatePublished {
		if id, st.RevisionOf, err = db.revisionOf(ctx, tx, actor, id); err != nil {
			return st, false, fmt.Errorf("import %s: %w", rec.Key, err)
		}
		if before, d, err = db.reread(ctx, tx, id, edit); err != nil { // the revision is a draft: edit keeps it one
			return st, false, fmt.Errorf("import %s: %w", rec.Key, err)
		}
	}
	st.ID = id
	if d.Held() {
		st.Held = d.Classification
	}
	if err := db.store(ctx, tx, actor, before, d); err != nil {
		return st, false, fmt.Errorf("import %s: %w", rec.Key, err)
	}
	return st, true, nil
}

// setBatch records the run that created a document.
func setBatch(ctx context.Context, tx *sql.Tx, id int64, batch string) error {
	if batch == "" {
		return nil
	}
	_, err := tx.ExecContext(ctx, `UPDATE documents SET batch = ? WHERE id = ?`, batch, id)
	return err
}

// inBatch reports whether document id was created by the run batch (never
// for an upload, which has none).
func inBatch(ctx context.Context, tx *sql.Tx, id int64, batch string) (bool, error) {
	if batch == "" {
		return false, nil
	}
	var got string
	err := tx.QueryRowContext(ctx, `SELECT batch FROM documents WHERE id = ?`, id).Scan(&got)
	return got == batch, err
}

// sameDocument reports whether a re-read document says what it said: the
// same fields, text and articles, whatever the timestamps.
func sameDocument(before, after *gazette.Document) bool {
	a, b := *before, *after
	a.UpdatedAt, b.UpdatedAt, a.Parts, b.Parts = time.Time{}, time.Time{}, nil, nil
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb) && a.Text == b.Text && len(before.Articles) == len(after.Articles)
}

// findByNumber finds a Vietnamese document by canonical number; a number
// without a year also needs the year of the issue date (numbers restart
// every year).
func findByNumber(ctx context.Context, tx *sql.Tx, num string, year int) (int64, error) {
	if num == "" {
		return 0, nil
	}
	q := `SELECT id FROM documents WHERE number = ? AND language = 'vi' AND revision_of IS NULL`
	args := []any{num}
	if n, err := number.Parse(num); err == nil && n.Year == 0 && year > 0 {
		q += ` AND (number_year = ? OR number_year IS NULL)`
		args = append(args, year)
	}
	var id int64
	err := tx.QueryRowContext(ctx, q+` ORDER BY id LIMIT 1`, args...).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, err
}

// findPart finds the document of a part matching where (on document_parts).
func findPart(ctx context.Context, tx *sql.Tx, where string, args ...any) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT document_id FROM document_parts WHERE `+where+`
		AND document_id NOT IN (SELECT id FROM documents WHERE revision_of IS NOT NULL) ORDER BY document_id LIMIT 1`, args...).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, err
}

// findNumberless finds a document without a number published in a gazette
// issue (a Hiến pháp; a consolidated text whose number is not printed).
func findNumberless(ctx context.Context, tx *sql.Tx, issue string, year int) (int64, error) {
	if issue == "" {
		return 0, nil
	}
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT d.id FROM documents d LEFT JOIN gazette_issues g ON g.id = d.gazette_issue_id
		WHERE (d.number = '' OR d.source_sha256 IS NULL) AND d.revision_of IS NULL AND g.numbers = ? AND (g.year = ? OR ? = 0) ORDER BY d.id LIMIT 1`,
		issue, year, year).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, err
}

// reread re-reads a document from its joined parts (or its record text)
// and merges what its record states with what the text says, without
// writing: before is the document as stored, d as it would be. edit, if
// given, changes the document first.
func (db *DB) reread(ctx context.Context, tx *sql.Tx, id int64, edit func(*gazette.Document)) (before, d *gazette.Document, err error) {
	if before, err = findDocumentByID(ctx, tx, id); err != nil {
		return nil, nil, err
	}
	if before.Articles, err = loadArticles(ctx, tx, id); err != nil {
		return nil, nil, err
	}
	next := *before
	d = &next
	if d.Parts, err = loadParts(ctx, tx, id); err != nil {
		return nil, nil, err
	}
	if edit != nil {
		edit(d)
	}
	read.Assemble(d, before)
	return before, d, nil
}

// store writes a re-read document with its articles, citations and an
// audit row.
func (db *DB) store(ctx context.Context, tx *sql.Tx, actor string, before, d *gazette.Document) error {
	issueID, err := upsertIssue(ctx, tx, d.Gazette)
	if err != nil {
		return err
	}
	d.UpdatedAt = db.now()
	if err := updateDocument(ctx, tx, d, issueID); err != nil {
		return err
	}
	if err := writeArticles(ctx, tx, d.ID, d.Articles); err != nil {
		return err
	}
	if err := writeCitations(ctx, tx, d.ID, d.Number, d.Text, cite.FindCitations(d.Text)); err != nil {
		return err
	}
	if err := writeAmendments(ctx, tx, d); err != nil {
		return err
	}
	b, a := *before, *d
	b.Text, a.Text, b.Articles, a.Articles = "", "", nil, nil
	return db.audit(ctx, tx, actor, "update", "document", strconv.FormatInt(d.ID, 10), &b, &a)
}

func loadParts(ctx context.Context, q querier, id int64) ([]gazette.DocPart, error) {
	rows, err := q.QueryContext(ctx, `SELECT part, issue, coalesce(issue_date, ''), coalesce(first_page, 0), coalesce(last_page, 0),
		coalesce(pdf_first_page, 0), coalesce(pdf_last_page, 0), coalesce(source_sha256, ''), continues_from, continued_in, text, ocr, page_lines, signed
		FROM document_parts WHERE document_id = ?`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var parts []gazette.DocPart
	for rows.Next() {
		var p gazette.DocPart
		var date, ocr, pageLines, signed string
		if err := rows.Scan(&p.Part, &p.Issue, &date, &p.FirstPage, &p.LastPage, &p.PDFFirstPage, &p.PDFLastPage, &p.SourceSHA256,
			&p.ContinuesFrom, &p.ContinuedIn, &p.Text, &ocr, &pageLines, &signed); err != nil {
			return nil, err
		}
		if signed != "" {
			if err := json.Unmarshal([]byte(signed), &p.Signed); err != nil {
				return nil, fmt.Errorf("part %d of document %d: signature %q: %w", p.Part, id, signed, err)
			}
		}
		if ocr != "" {
			if err := json.Unmarshal([]byte(ocr), &p.OCR); err != nil {
				return nil, fmt.Errorf("part %d of document %d: OCR pages %q: %w", p.Part, id, ocr, err)
			}
		}
		if pageLines != "" {
			if err := json.Unmarshal([]byte(pageLines), &p.PageLines); err != nil {
				return nil, fmt.Errorf("part %d of document %d: page lines %q: %w", p.Part, id, pageLines, err)
			}
		}
		p.IssueDate, _ = gazette.ParseDate(date)
		parts = append(parts, p)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	sortParts(parts)
	return parts, nil
}

// sortParts orders parts as the gazette printed them: by issue date, then
// issue number, then page; the chain of continuations decides ties.
func sortParts(parts []gazette.DocPart) {
	first := func(issue string) int {
		n, _ := strconv.Atoi(strings.TrimSpace(strings.Split(issue, "+")[0]))
		return n
	}
	sort.SliceStable(parts, func(i, j int) bool {
		a, b := parts[i], parts[j]
		if a.IssueDate != b.IssueDate {
			return a.IssueDate.Before(b.IssueDate.Time)
		}
		if first(a.Issue) != first(b.Issue) {
			return first(a.Issue) < first(b.Issue)
		}
		return a.PDFFirstPage < b.PDFFirstPage
	})
	for i := range parts {
		parts[i].Part = i + 1
	}
}

func writeArticles(ctx context.Context, tx *sql.Tx, id int64, arts []gazette.Article) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM articles WHERE document_id = ?`, id); err != nil {
		return err
	}
	for i, a := range arts {
		if _, err := tx.ExecContext(ctx, `INSERT INTO articles (document_id, seq, number, title, part, chapter, section, start_byte, end_byte)
			VALUES (?,?,?,?,?,?,?,?,?)`, id, i+1, a.Number, a.Title, a.Part, a.Chapter, a.Section, a.Start, a.End); err != nil {
			return err
		}
	}
	return nil
}

// Parts returns the parts of a document in gazette order.
func (db *DB) Parts(ctx context.Context, id int64) ([]gazette.DocPart, error) {
	p, err := loadParts(ctx, db.read, id)
	if err != nil {
		return nil, fmt.Errorf("parts of document %d: %w", id, err)
	}
	return p, nil
}

// Articles returns the articles of a document in order.
func (db *DB) Articles(ctx context.Context, id int64) ([]gazette.Article, error) {
	arts, err := loadArticles(ctx, db.read, id)
	if err != nil {
		return nil, fmt.Errorf("articles of document %d: %w", id, err)
	}
	return arts, nil
}

func loadArticles(ctx context.Context, q querier, id int64) ([]gazette.Article, error) {
	rows, err := q.QueryContext(ctx, `SELECT number, title, part, chapter, section, start_byte, end_byte FROM articles
		WHERE document_id = ? ORDER BY seq`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []gazette.Article
	for rows.Next() {
		var a gazette.Article
		if err := rows.Scan(&a.Number, &a.Title, &a.Part, &a.Chapter, &a.Section, &a.Start, &a.End); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// EachDocument calls fn for every document in id order, without its text
// unless withText, reading in pages so that no transaction stays open.
func (db *DB) EachDocument(ctx context.Context, withText bool, fn func(*gazette.Document) error) error {
	var after int64
	cols := docColumns
	if !withText {
		cols = docColumnsNoText // the texts are most of the database: not read at all
	}
	for {
		rows, err := db.read.QueryContext(ctx, `SELECT `+cols+docFrom+` WHERE d.id > ? ORDER BY d.id LIMIT 500`, after)
		if err != nil {
			return err
		}
		var page []*gazette.Document
		for rows.Next() {
			d, err := scanDocument(rows)
			if err != nil {
				rows.Close()
				return err
			}
			page = append(page, d)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(page) == 0 {
			return nil
		}
		if _, err := db.withEffects(ctx, db.read, page); err != nil {
			return err
		}
		for _, d := range page {
			if err := fn(d); err != nil {
				return err
			}
			after = d.ID
		}
	}
}

// linesJSON is the stored form of a part's page lines: "" for none.
func linesJSON(lines []int) string {
	if len(lines) == 0 {
		return ""
	}
	b, _ := json.Marshal(lines)
	return string(b)
}

// signedJSON is the stored form of a part's file signature: "" for none.
func signedJSON(sig *gazette.Signature) string {
	if sig == nil {
		return ""
	}
	b, _ := json.Marshal(sig)
	return string(b)
}

// ocrJSON is the stored form of a part's OCR pages: "" for none.
func ocrJSON(pages []gazette.PageOCR) string {
	if len(pages) == 0 {
		return ""
	}
	b, _ := json.Marshal(pages)
	return string(b)
}
