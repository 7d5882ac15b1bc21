// Package sqlite stores congbao's documents in SQLite (modernc.org/sqlite,
// pure Go). SQLite is the source of truth; the search index is derived from
// it. The schema lives in embedded, numbered migrations (migration/*.sql),
// each applied once, in a transaction, and recorded in schema_migrations.
//
// Two connection pools share one file: a write pool of one connection whose
// transactions begin IMMEDIATE (so a read-then-write transaction never fails
// with "database is locked"), and a read pool. The pragmas are in the DSN so
// every pooled connection gets them.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"congbao/gazette/cite"
)

//go:embed migration/*.sql
var migrations embed.FS

const pragmas = "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(ON)&_pragma=synchronous(NORMAL)"

// DB is the congbao store: a SQLite database and the folder of originals.
type DB struct {
	Path      string // the database file
	Originals string // folder of original files, content-addressed by SHA-256

	write *sql.DB
	read  *sql.DB
	now   func() time.Time

	cautions cautionCache // documents cited and not held, by name (withEffects)
}

// Open opens (creating if needed) the database at path, applies pending
// migrations and keeps originals in originalsDir.
func Open(ctx context.Context, path, originalsDir string) (*DB, error) {
	// drafts, held documents and token hashes live here: the owner's alone
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	if err := os.MkdirAll(originalsDir, 0o700); err != nil {
		return nil, fmt.Errorf("open store: originals folder %s: %w", originalsDir, err)
	}
	if err := ownerOnly(path); err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	removeStaleUploads(originalsDir)
	base := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + pragmas
	db := &DB{Path: path, Originals: originalsDir, now: func() time.Time { return time.Now().UTC() }}
	var err error
	if db.write, err = sql.Open("sqlite", base+"&_txlock=immediate"); err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	db.write.SetMaxOpenConns(1)
	if db.read, err = sql.Open("sqlite", base); err != nil {
		db.write.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	db.read.SetMaxOpenConns(8)
	// DSN mistakes only surface at the first query.
	for _, p := range []*sql.DB{db.write, db.read} {
		if err := p.PingContext(ctx); err != nil {
			db.Close()
			return nil, fmt.Errorf("open store %s: %w", path, err)
		}
	}
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	if err := db.fillTitleKeys(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	if err := db.fillLaw(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	return db, nil
}

// ownerOnly creates the database file readable by its owner alone (0600),
// or makes an existing one so, with its WAL and shared-memory files
// (SQLite creates those with the database file's mode).
func ownerOnly(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	f.Close()
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Chmod(p, 0o600); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return nil
}

// staleUpload is the age past which an upload's temporary file is one a
// killed process left (an upload may take up to 10 minutes to arrive).
const staleUpload = time.Hour

// removeStaleUploads deletes the temporary files of uploads that a killed
// process left behind (a SIGKILL skips the deferred removal).
func removeStaleUploads(dir string) {
	tmps, _ := filepath.Glob(filepath.Join(dir, "upload-*.tmp"))
	for _, t := range tmps {
		if fi, err := os.Stat(t); err == nil && time.Since(fi.ModTime()) > staleUpload {
			os.Remove(t)
		}
	}
}

// Close closes both pools.
func (db *DB) Close() error {
	var errs []string
	for _, p := range []*sql.DB{db.write, db.read} {
		if p != nil {
			if err := p.Close(); err != nil {
				errs = append(errs, err.Error())
			}
		}
	}
	if errs != nil {
		return fmt.Errorf("close store %s: %s", db.Path, strings.Join(errs, "; "))
	}
	return nil
}

// migrate applies, in order, every embedded migration not yet recorded.
func (db *DB) migrate(ctx context.Context) error {
	if _, err := db.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	names, err := fs.Glob(migrations, "migration/*.sql")
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	sort.Strings(names)
	for _, name := range names {
		base := filepath.Base(name)
		v, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migrate: file %s does not start with a version number", base)
		}
		if err := db.applyMigration(ctx, v, name); err != nil {
			return fmt.Errorf("migrate %s: %w", base, err)
		}
	}
	return nil
}

func (db *DB) applyMigration(ctx context.Context, version int, name string) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, version).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	body, err := migrations.ReadFile(name)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
		version, filepath.Base(name), db.now().Format(time.RFC3339)); err != nil {
		return err
	}
	return tx.Commit()
}

// fillTitleKeys computes the title keys of rows written before migration 3.
func (db *DB) fillTitleKeys(ctx context.Context) error {
	rows, err := db.read.QueryContext(ctx, `SELECT id, title FROM documents WHERE title_key = '' AND title <> ''`)
	if err != nil {
		return err
	}
	keys := map[int64]string{}
	for rows.Next() {
		var id int64
		var title string
		if err := rows.Scan(&id, &title); err != nil {
			rows.Close()
			return err
		}
		keys[id] = cite.TitleKey(title)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(keys) == 0 {
		return err
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for id, k := range keys {
		if _, err := tx.ExecContext(ctx, `UPDATE documents SET title_key = ? WHERE id = ?`, k, id); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// SchemaVersion returns the highest applied migration.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := db.read.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&v)
	return v, err
}

// nullDate turns an empty date into SQL NULL.
func nullDate(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullInt(v int) any {
	if v == 0 {
		return nil
	}
	return v
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullInt64(v int64) any {
	if v == 0 {
		return nil
	}
	return v
}
