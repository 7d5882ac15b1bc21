package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Backup writes a consistent copy of the database to dest/congbao.db and
// of every original it names to dest/originals, while the database stays
// in use. The database is copied first (VACUUM INTO reads one snapshot);
// originals are immutable and stored before they are recorded, so every
// original the copy names is on disk. It returns the count of originals.
// The copies are independent files (a backup that shares the data folder's
// disk blocks is no backup): with link, originals on the same file system
// are hard-linked instead, which saves the space but shares the disk.
func (db *DB) Backup(ctx context.Context, dest string, link bool) (int, error) {
	if entries, err := os.ReadDir(dest); err == nil && len(entries) > 0 {
		return 0, fmt.Errorf("backup: %s is not empty", dest)
	}
	if err := os.MkdirAll(filepath.Join(dest, "originals"), 0o700); err != nil {
		return 0, fmt.Errorf("backup: %w", err)
	}
	copyPath := filepath.Join(dest, "congbao.db")
	if _, err := db.read.ExecContext(ctx, `VACUUM INTO ?`, copyPath); err != nil {
		return 0, fmt.Errorf("backup: copy database to %s: %w", copyPath, err)
	}
	snap, err := sql.Open("sqlite", "file:"+copyPath+"?mode=ro")
	if err != nil {
		return 0, fmt.Errorf("backup: %w", err)
	}
	defer snap.Close()
	shas, err := originalsOf(ctx, snap)
	if err != nil {
		return 0, fmt.Errorf("backup: %w", err)
	}
	for _, sha := range shas {
		dst := filepath.Join(dest, "originals", sha[:2], sha)
		if err := copyFile(db.OriginalPath(sha), dst, link); err != nil {
			return 0, fmt.Errorf("backup: original %s: %w", sha, err)
		}
	}
	return len(shas), nil
}

func originalsOf(ctx context.Context, q *sql.DB) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT sha256 FROM source_files ORDER BY sha256`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		if len(s) < 2 {
			return nil, fmt.Errorf("bad original hash %q", s)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// copyFile copies src to dst durably, readable by the owner alone; with
// link, a hard link when both are on one file system (originals are never
// modified).
func copyFile(src, dst string, link bool) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
		return err
	}
	if link {
		if err := os.Link(src, dst); err == nil {
			return nil
		}
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst+".tmp", os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	return os.Rename(dst+".tmp", dst)
}

// Restore copies a backup made by Backup into an empty place: dbPath and
// originalsDir must not hold a database or originals yet. The search
// index is not part of a backup: rebuild it ("congbao reindex").
func Restore(ctx context.Context, src, dbPath, originalsDir string) (int, error) {
	if _, err := os.Stat(dbPath); err == nil {
		return 0, fmt.Errorf("restore: %s exists; restore into an empty data folder", dbPath)
	}
	from := filepath.Join(src, "congbao.db")
	snap, err := sql.Open("sqlite", "file:"+from+"?mode=ro")
	if err != nil {
		return 0, fmt.Errorf("restore: %w", err)
	}
	defer snap.Close()
	var ok string
	if err := snap.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
		return 0, fmt.Errorf("restore: %s is not a sound database (%v %s)", from, err, ok)
	}
	shas, err := originalsOf(ctx, snap)
	if err != nil {
		return 0, fmt.Errorf("restore: %s: %w", from, err)
	}
	for _, sha := range shas {
		if err := copyFile(filepath.Join(src, "originals", sha[:2], sha), filepath.Join(originalsDir, sha[:2], sha), false); err != nil {
			return 0, fmt.Errorf("restore: original %s: %w", sha, err)
		}
	}
	if err := copyFile(from, dbPath, false); err != nil {
		return 0, fmt.Errorf("restore: %w", err)
	}
	return len(shas), nil
}

// Check verifies the database: SQLite's integrity and foreign keys, every
// original it names on disk with the right hash, every ingest pointing at
// documents that exist, and no part left without its document. It returns
// the problems found.
func (db *DB) Check(ctx context.Context) ([]string, error) {
	var problems []string
	rows, err := db.read.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var s string
		rows.Scan(&s)
		if s != "ok" {
			problems = append(problems, "integrity: "+s)
		}
	}
	rows.Close()
	fk, err := db.read.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		return nil, err
	}
	for fk.Next() {
		var table, parent string
		var rowid sql.NullInt64
		var fkid int
		fk.Scan(&table, &rowid, &parent, &fkid)
		problems = append(problems, fmt.Sprintf("foreign key: %s row %d points at a missing %s", table, rowid.Int64, parent))
	}
	fk.Close()
	shas, err := originalsOf(ctx, db.read)
	if err != nil {
		return nil, err
	}
	for _, sha := range shas {
		got, err := hashFile(db.OriginalPath(sha))
		switch {
		case errors.Is(err, os.ErrNotExist):
			problems = append(problems, "original "+sha+" is recorded but not on disk")
		case err != nil:
			return nil, err
		case got != sha:
			problems = append(problems, "original "+sha+" on disk has hash "+got)
		}
	}
	for _, q := range []struct{ sql, what string }{
		{`SELECT count(*) FROM document_parts p LEFT JOIN documents d ON d.id = p.document_id WHERE d.id IS NULL`, "document parts without their document"},
		{`SELECT count(*) FROM ingests i WHERE i.status = 'done' AND i.documents != '' AND i.documents != '[]' AND EXISTS (
			SELECT 1 FROM json_each(i.documents) j LEFT JOIN documents d ON d.id = j.value WHERE d.id IS NULL)`, "finished ingests naming documents that do not exist"},
	} {
		var n int
		if err := db.read.QueryRowContext(ctx, q.sql).Scan(&n); err != nil {
			return nil, fmt.Errorf("check %s: %w", q.what, err)
		}
		if n > 0 {
			problems = append(problems, fmt.Sprintf("%d %s", n, q.what))
		}
	}
	return problems, nil
}

func hashFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
