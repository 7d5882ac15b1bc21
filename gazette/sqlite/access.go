package sqlite

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"congbao/gazette"
)

// tokenPrefix marks congbao tokens, so that a leaked one is recognisable.
const tokenPrefix = "cb_"

func hashToken(value string) string {
	h := sha256.Sum256([]byte(value))
	return hex.EncodeToString(h[:])
}

// CreateToken makes a token with a role and returns its value, which is
// stored only as a hash: it cannot be shown again.
// An agency token names the issuer codes it publishes for (issuers);
// other roles take none.
func (db *DB) CreateToken(ctx context.Context, actor, name string, role gazette.Role, issuers ...string) (string, *gazette.Token, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", nil, fmt.Errorf("token name is empty: %w", gazette.ErrInvalid)
	}
	if _, ok := gazette.ParseRole(string(role)); !ok {
		return "", nil, fmt.Errorf("role %q: want clerk, admin or agency: %w", role, gazette.ErrInvalid)
	}
	var codes []string
	for _, c := range issuers {
		for _, c := range strings.Split(c, ",") {
			if c = strings.TrimSpace(c); c != "" {
				codes = append(codes, c)
			}
		}
	}
	switch {
	case role == gazette.RoleAgency && len(codes) == 0:
		return "", nil, fmt.Errorf("an agency token names the issuer codes it publishes for (--issuer BTC): %w", gazette.ErrInvalid)
	case role != gazette.RoleAgency && len(codes) > 0:
		return "", nil, fmt.Errorf("only agency tokens name issuers; a %s token may act for every issuer: %w", role, gazette.ErrInvalid)
	}
	var raw [32]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", nil, err
	}
	value := tokenPrefix + base64.RawURLEncoding.EncodeToString(raw[:])
	t := &gazette.Token{Name: name, Role: role, Issuers: codes, CreatedAt: db.now()}
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO tokens (name, role, hash, issuers, created_at) VALUES (?,?,?,?,?)`,
			name, string(role), hashToken(value), strings.Join(codes, ","), t.CreatedAt.Format(time.RFC3339Nano))
		if err != nil {
			if strings.Contains(err.Error(), "UNIQUE") {
				return fmt.Errorf("a token named %q exists: %w", name, gazette.ErrConflict)
			}
			return err
		}
		t.ID, _ = res.LastInsertId()
		return db.audit(ctx, tx, actor, "create", "token", fmt.Sprint(t.ID), nil, t)
	})
	if err != nil {
		return "", nil, fmt.Errorf("create token %q: %w", name, err)
	}
	return value, t, nil
}

// TokenByValue finds the live token with this value. The lookup is by the
// value's hash, and the stored hash is compared in constant time.
func (db *DB) TokenByValue(ctx context.Context, value string) (*gazette.Token, error) {
	if !strings.HasPrefix(value, tokenPrefix) {
		return nil, fmt.Errorf("token: %w", gazette.ErrNotFound)
	}
	h := hashToken(value)
	var t gazette.Token
	var stored, role, created, issuers string
	var revoked sql.NullString
	err := db.read.QueryRowContext(ctx, `SELECT id, name, role, hash, issuers, created_at, revoked_at FROM tokens WHERE hash = ?`, h).
		Scan(&t.ID, &t.Name, &role, &stored, &issuers, &created, &revoked)
	if errors.Is(err, sql.ErrNoRows) || err == nil && (subtle.ConstantTimeCompare([]byte(stored), []byte(h)) != 1 || revoked.Valid) {
		return nil, fmt.Errorf("token: %w", gazette.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("token: %w", err)
	}
	t.Role, t.Issuers = gazette.Role(role), splitCodes(issuers)
	t.CreatedAt, _ = time.Parse(time.RFC3339Nano, created)
	return &t, nil
}

// splitCodes reads the stored issuer codes of a token.
func splitCodes(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// RevokeToken ends a token by name; it stays listed, revoked.
func (db *DB) RevokeToken(ctx context.Context, actor, name string) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM tokens WHERE name = ? AND revoked_at IS NULL`, name).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("no live token named %q: %w", name, gazette.ErrNotFound)
		}
		if err != nil {
			return err
		}
		at := db.now().Format(time.RFC3339Nano)
		if _, err := tx.ExecContext(ctx, `UPDATE tokens SET revoked_at = ? WHERE id = ?`, at, id); err != nil {
			return err
		}
		return db.audit(ctx, tx, actor, "revoke", "token", fmt.Sprint(id), map[string]string{"name": name}, map[string]string{"revoked_at": at})
	})
}

// Tokens lists every token, live and revoked (never their values).
func (db *DB) Tokens(ctx context.Context) ([]gazette.Token, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, name, role, issuers, created_at, revoked_at FROM tokens ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list tokens: %w", err)
	}
	defer rows.Close()
	var out []gazette.Token
	for rows.Next() {
		var t gazette.Token
		var role, issuers, created string
		var revoked sql.NullString
		if err := rows.Scan(&t.ID, &t.Name, &role, &issuers, &created, &revoked); err != nil {
			return nil, err
		}
		t.Role, t.Issuers = gazette.Role(role), splitCodes(issuers)
		t.CreatedAt, _ = time.Parse(time.RFC3339Nano, created)
		if revoked.Valid {
			at, _ := time.Parse(time.RFC3339Nano, revoked.String)
			t.RevokedAt = &at
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// CreateJob records an upload whose original is already stored.
func (db *DB) CreateJob(ctx context.Context, j *gazette.Job) error {
	j.State, j.CreatedAt, j.UpdatedAt = gazette.JobQueued, db.now(), db.now()
	return db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO jobs (sha256, file_name, path, state, actor, created_at, updated_at) VALUES (?,?,?,?,?,?,?)`,
			j.SHA256, j.FileName, j.Path, j.State, j.Actor, j.CreatedAt.Format(time.RFC3339Nano), j.UpdatedAt.Format(time.RFC3339Nano))
		if err != nil {
			return fmt.Errorf("record upload %s: %w", j.FileName, err)
		}
		j.ID, _ = res.LastInsertId()
		return db.audit(ctx, tx, j.Actor, "upload", "job", fmt.Sprint(j.ID), nil, j)
	})
}

// UpdateJob saves a job's progress.
func (db *DB) UpdateJob(ctx context.Context, j *gazette.Job) error {
	j.UpdatedAt = db.now()
	docs, _ := json.Marshal(j.Documents)
	notes, _ := json.Marshal(j.Notes)
	return db.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE jobs SET state = ?, step = ?, error = ?, pages = ?, documents = ?, notes = ?, updated_at = ? WHERE id = ?`,
			j.State, j.Step, j.Error, j.Pages, string(docs), string(notes), j.UpdatedAt.Format(time.RFC3339Nano), j.ID)
		return err
	})
}

const jobColumns = `id, sha256, file_name, path, state, step, error, pages, documents, actor, created_at, updated_at, notes`

func scanJob(r rowScanner) (*gazette.Job, error) {
	var j gazette.Job
	var docs, created, updated, notes string
	if err := r.Scan(&j.ID, &j.SHA256, &j.FileName, &j.Path, &j.State, &j.Step, &j.Error, &j.Pages, &docs, &j.Actor, &created, &updated, &notes); err != nil {
		return nil, err
	}
	_ = json.Unmarshal([]byte(docs), &j.Documents)
	_ = json.Unmarshal([]byte(notes), &j.Notes)
	if j.Documents == nil {
		j.Documents = []int64{}
	}
	j.CreatedAt, _ = time.Parse(time.RFC3339Nano, created)
	j.UpdatedAt, _ = time.Parse(time.RFC3339Nano, updated)
	return &j, nil
}

// Job returns one upload job.
func (db *DB) Job(ctx context.Context, id int64) (*gazette.Job, error) {
	j, err := scanJob(db.read.QueryRowContext(ctx, `SELECT `+jobColumns+` FROM jobs WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("upload job %d: %w", id, gazette.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("upload job %d: %w", id, err)
	}
	return j, nil
}

// Jobs lists upload jobs, newest first; with states, only those.
func (db *DB) Jobs(ctx context.Context, limit int, states ...string) ([]*gazette.Job, error) {
	q, args := `SELECT `+jobColumns+` FROM jobs`, []any{}
	if len(states) > 0 {
		q += ` WHERE state IN (?` + strings.Repeat(",?", len(states)-1) + `)`
		for _, s := range states {
			args = append(args, s)
		}
	}
	q += ` ORDER BY id DESC LIMIT ?`
	args = append(args, limit)
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list upload jobs: %w", err)
	}
	defer rows.Close()
	var out []*gazette.Job
	for rows.Next() {
		j, err := scanJob(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, j)
	}
	return out, rows.Err()
}
