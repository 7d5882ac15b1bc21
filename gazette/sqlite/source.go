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
	"time"

	"congbao/gazette"
)

// OriginalPath is where the bytes with this SHA-256 are kept.
func (db *DB) OriginalPath(sha string) string {
	if len(sha) < 2 {
		return filepath.Join(db.Originals, "invalid")
	}
	return filepath.Join(db.Originals, sha[:2], sha)
}

// PutOriginal stores the bytes of r durably (written to a temporary file,
// synced, renamed into place) before it records them, so that a file the
// database names is always on disk. Storing the same bytes again adds
// nothing: created is false and the first record is returned.
func (db *DB) PutOriginal(ctx context.Context, name string, r io.Reader) (f gazette.SourceFile, created bool, err error) {
	tmp, err := os.CreateTemp(db.Originals, "upload-*.tmp")
	if err != nil {
		return f, false, fmt.Errorf("store original %s: %w", name, err)
	}
	defer func() {
		if tmp != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	h := sha256.New()
	size, err := io.Copy(io.MultiWriter(tmp, h), r)
	if err != nil {
		return f, false, fmt.Errorf("store original %s: read: %w", name, err)
	}
	if err := tmp.Sync(); err != nil {
		return f, false, fmt.Errorf("store original %s: sync: %w", name, err)
	}
	if err := tmp.Close(); err != nil {
		return f, false, fmt.Errorf("store original %s: %w", name, err)
	}
	sha := hex.EncodeToString(h.Sum(nil))
	if existing, err := db.SourceFile(ctx, sha); err == nil {
		return *existing, false, nil
	}
	dst := db.OriginalPath(sha)
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return f, false, fmt.Errorf("store original %s: %w", name, err)
	}
	if err := os.Rename(tmp.Name(), dst); err != nil {
		return f, false, fmt.Errorf("store original %s: %w", name, err)
	}
	tmp = nil
	syncDir(filepath.Dir(dst))
	f = gazette.SourceFile{SHA256: sha, Name: filepath.Base(name), Size: size, AddedAt: db.now()}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return f, false, fmt.Errorf("store original %s: %w", name, err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `INSERT INTO source_files (sha256, name, size, added_at) VALUES (?,?,?,?) ON CONFLICT DO NOTHING`,
		f.SHA256, f.Name, f.Size, f.AddedAt.Format(time.RFC3339Nano))
	if err != nil {
		return f, false, fmt.Errorf("store original %s: %w", name, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		existing, err := db.SourceFile(ctx, sha)
		if err != nil {
			return f, false, fmt.Errorf("store original %s: %w", name, err)
		}
		return *existing, false, nil
	}
	if err := db.audit(ctx, tx, "system", "create", "source_file", sha, nil, f); err != nil {
		return f, false, fmt.Errorf("store original %s: audit: %w", name, err)
	}
	if err := tx.Commit(); err != nil {
		return f, false, fmt.Errorf("store original %s: commit: %w", name, err)
	}
	return f, true, nil
}

// syncDir makes a rename durable; errors are ignored on systems that cannot
// sync a directory.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// SourceFile returns the record of an original by its SHA-256.
func (db *DB) SourceFile(ctx context.Context, sha string) (*gazette.SourceFile, error) {
	var f gazette.SourceFile
	var at string
	err := db.read.QueryRowContext(ctx, `SELECT sha256, name, size, added_at FROM source_files WHERE sha256 = ?`, sha).
		Scan(&f.SHA256, &f.Name, &f.Size, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("source file %s: %w", sha, gazette.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("source file %s: %w", sha, err)
	}
	f.AddedAt, _ = time.Parse(time.RFC3339Nano, at)
	return &f, nil
}
