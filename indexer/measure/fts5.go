package measure

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	_ "modernc.org/sqlite" // the FTS5 peer
)

// FTS5 is the peer both measures compare with: SQLite FTS5 on the same
// texts (unicode61 tokenizer, remove_diacritics 2, BM25), with a side
// table of numbers and types for the number and faceted queries.
type FTS5 struct {
	db *sql.DB
}

// BuildFTS5 loads docs into a new FTS5 database in dir and returns how
// long the load took.
func BuildFTS5(ctx context.Context, dir string, docs []Doc) (*FTS5, time.Duration, error) {
	start := time.Now()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "fts.db")+"?_pragma=journal_mode(WAL)&_pragma=synchronous(OFF)")
	if err != nil {
		return nil, 0, err
	}
	if err := load(ctx, db, docs); err != nil {
		db.Close()
		return nil, 0, fmt.Errorf("fts5: %w", err)
	}
	return &FTS5{db}, time.Since(start), nil
}

func load(ctx context.Context, db *sql.DB, docs []Doc) error {
	for _, s := range []string{`CREATE VIRTUAL TABLE f USING fts5(id UNINDEXED, text, tokenize='unicode61 remove_diacritics 2')`,
		`CREATE TABLE d (id TEXT PRIMARY KEY, number TEXT, type TEXT)`, `CREATE INDEX d_number ON d(number)`} {
		if _, err := db.ExecContext(ctx, s); err != nil {
			return err
		}
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, d := range docs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO f (id, text) VALUES (?, ?)`, d.ID, d.Text); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO d (id, number, type) VALUES (?, ?, ?)`, d.ID, d.Number, d.Type); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// Close closes the peer's database.
func (f *FTS5) Close() error { return f.db.Close() }

// Query runs the peer's version of a query of the bench mix: facets as
// GROUP BY counts, numbers by the indexed column.
func (f *FTS5) Query(q Query) error {
	var rows *sql.Rows
	var err error
	switch {
	case q.Number != "":
		rows, err = f.db.Query(`SELECT id FROM d WHERE number = ?`, q.Number)
	case q.Type != "":
		if rows, err = f.db.Query(`SELECT d.type, count(*) FROM f JOIN d ON d.id = f.id WHERE f MATCH ? GROUP BY d.type`, q.FTS); err == nil {
			for rows.Next() {
			}
			rows.Close()
		}
		if err == nil {
			rows, err = f.db.Query(`SELECT f.id FROM f JOIN d ON d.id = f.id WHERE f MATCH ? AND d.type = ? ORDER BY bm25(f) LIMIT 10`, q.FTS, q.Type)
		}
	default:
		rows, err = f.db.Query(`SELECT id FROM f WHERE f MATCH ? ORDER BY bm25(f) LIMIT 10`, q.FTS)
	}
	if err != nil {
		return err
	}
	for rows.Next() {
	}
	return rows.Close()
}

// Top ORs the words of a question and returns the ids of the k best texts
// by BM25.
func (f *FTS5) Top(ctx context.Context, text string, k int) ([]string, error) {
	words := strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if len(words) == 0 {
		return nil, nil
	}
	for i, w := range words {
		words[i] = `"` + strings.ReplaceAll(w, `"`, `""`) + `"`
	}
	rows, err := f.db.QueryContext(ctx, `SELECT id FROM f WHERE f MATCH ? ORDER BY bm25(f) LIMIT ?`, strings.Join(words, " OR "), k)
	if err != nil {
		return nil, fmt.Errorf("fts5 query %q: %w", text, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
