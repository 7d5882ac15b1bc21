package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"congbao/gazette"
)

// writeCitations replaces a document's outgoing citations and the
// relations they state (all but plain references), inside tx. The
// document's own number (its header "Số: 26/2012/TT-BTTTT") is not a
// citation: a document does not cite itself.
func writeCitations(ctx context.Context, tx *sql.Tx, id int64, own, text string, cits []gazette.Citation) error {
	for _, q := range []string{`DELETE FROM citations WHERE document_id = ?`, `DELETE FROM relations WHERE source_document_id = ?`} {
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return err
		}
	}
	for _, c := range cits {
		if c.Self || c.Malformed != "" || own != "" && c.Number == own {
			continue
		}
		year := c.Year
		if year == 0 && !c.Date.IsZero() {
			year = c.Date.Year()
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO citations (document_id, target_number, surface, start_byte, end_byte, pinpoint, relation, year)
			VALUES (?,?,?,?,?,?,?,?)`, id, c.Number, c.Surface, c.Start, c.End, c.Pinpoint, c.Relation, year); err != nil {
			return err
		}
		if c.Number == "" || c.Relation == gazette.RelReference {
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO relations (source_document_id, kind, target_number, pinpoint, basis)
			VALUES (?,?,?,?,?) ON CONFLICT DO NOTHING`, id, c.Relation, c.Number, c.Pinpoint, sentenceOf(text, c.Start)); err != nil {
			return err
		}
	}
	return nil
}

// sentenceOf returns the line holding byte i, at most 400 bytes of it.
func sentenceOf(text string, i int) string {
	s := strings.LastIndexByte(text[:i], '\n') + 1
	e := strings.IndexByte(text[i:], '\n')
	if e < 0 {
		e = len(text)
	} else {
		e += i
	}
	line := strings.TrimSpace(text[s:e])
	if len(line) > 400 {
		line = line[:400]
	}
	return line
}

// Citations returns a document's outgoing citations in text order.
func (db *DB) Citations(ctx context.Context, id int64) ([]gazette.Citation, error) {
	return loadCitations(ctx, db.read, id)
}

func loadCitations(ctx context.Context, q querier, id int64) ([]gazette.Citation, error) {
	rows, err := q.QueryContext(ctx, `SELECT target_number, surface, start_byte, end_byte, pinpoint, relation
		FROM citations WHERE document_id = ? ORDER BY start_byte`, id)
	if err != nil {
		return nil, fmt.Errorf("citations of document %d: %w", id, err)
	}
	defer rows.Close()
	out := []gazette.Citation{}
	for rows.Next() {
		var c gazette.Citation
		if err := rows.Scan(&c.Number, &c.Surface, &c.Start, &c.End, &c.Pinpoint, &c.Relation); err != nil {
			return nil, fmt.Errorf("citations of document %d: %w", id, err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// CitedBy lists the published documents that cite a number ("cited by"),
// one row per citation.
func (db *DB) CitedBy(ctx context.Context, number string) ([]gazette.CitingDocument, error) {
	return citingDocuments(ctx, db.read, number)
}

func citingDocuments(ctx context.Context, q querier, number string) ([]gazette.CitingDocument, error) {
	rows, err := q.QueryContext(ctx, `SELECT d.id, d.number, d.type_name, d.title, c.relation, c.pinpoint
		FROM citations c JOIN documents d ON d.id = c.document_id
		WHERE c.target_number = ? AND d.state = 'published' ORDER BY d.issue_date, d.id, c.start_byte`, number)
	if err != nil {
		return nil, fmt.Errorf("documents citing %s: %w", number, err)
	}
	defer rows.Close()
	out := []gazette.CitingDocument{}
	for rows.Next() {
		var c gazette.CitingDocument
		if err := rows.Scan(&c.DocumentID, &c.Number, &c.TypeName, &c.Title, &c.Relation, &c.Pinpoint); err != nil {
			return nil, fmt.Errorf("documents citing %s: %w", number, err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Endings lists the published documents that replace, repeal or declare
// expired the documents with this number.
func (db *DB) Endings(ctx context.Context, number string) ([]gazette.Ending, error) {
	m, err := endingsFor(ctx, db.read, []string{number})
	return m[number], err
}

// Dossier reads a document with what its pages show, in one read
// transaction, so that a publication between the reads cannot mix two
// versions: its parts, articles, citations, the documents that end it and
// those that cite it. Without drafts, only a published document is found
// (one query, which cannot tell a draft from a missing id).
func (db *DB) Dossier(ctx context.Context, id int64, drafts bool) (*gazette.Dossier, error) {
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("document %d: %w", id, err)
	}
	defer tx.Rollback()
	where := ` WHERE d.id = ? AND d.state = 'published'`
	if drafts {
		where = ` WHERE d.id = ?`
	}
	d, err := scanDocument(tx.QueryRowContext(ctx, `SELECT `+docColumns+docFrom+where, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("document %d: %w", id, gazette.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("document %d: %w", id, err)
	}
	dos := &gazette.Dossier{Document: d, CitedBy: []gazette.CitingDocument{}}
	if dos.Parts, err = loadParts(ctx, tx, id); err != nil {
		return nil, fmt.Errorf("parts of document %d: %w", id, err)
	}
	if dos.Articles, err = loadArticles(ctx, tx, id); err != nil {
		return nil, fmt.Errorf("articles of document %d: %w", id, err)
	}
	if dos.Citations, err = loadCitations(ctx, tx, id); err != nil {
		return nil, err
	}
	in, err := db.withEffects(ctx, tx, []*gazette.Document{d})
	if err != nil {
		return nil, err
	}
	dos.Endings, dos.Amendments = in.endings[d.Number], in.amendments[d.Number]
	if d.Number != "" {
		if dos.CitedBy, err = citingDocuments(ctx, tx, d.Number); err != nil {
			return nil, err
		}
	}
	return dos, nil
}
