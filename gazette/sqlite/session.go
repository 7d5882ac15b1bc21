package sqlite

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"time"

	"congbao/gazette"
)

// sessionPrefix marks the value of a sign-in cookie (never an API token).
const sessionPrefix = "cbs_"

func randomValue(prefix string) (string, error) {
	var raw [32]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", err
	}
	return prefix + base64.RawURLEncoding.EncodeToString(raw[:]), nil
}

// CreateSession signs a token's holder in for ttl: it returns the cookie's
// value and the session's form (CSRF) token. Only the value's hash is kept.
func (db *DB) CreateSession(ctx context.Context, tokenID int64, ttl time.Duration) (value, csrf string, err error) {
	if value, err = randomValue(sessionPrefix); err != nil {
		return "", "", fmt.Errorf("create session: %w", err)
	}
	if csrf, err = randomValue(""); err != nil {
		return "", "", fmt.Errorf("create session: %w", err)
	}
	now := db.now()
	_, err = db.write.ExecContext(ctx, `INSERT INTO sessions (hash, token_id, csrf, created_at, expires_at) VALUES (?,?,?,?,?)`,
		hashToken(value), tokenID, csrf, now.Format(time.RFC3339Nano), now.Add(ttl).Format(time.RFC3339Nano))
	if err != nil {
		return "", "", fmt.Errorf("create session: %w", err)
	}
	return value, csrf, nil
}

// SessionByValue returns the token and form token of a live session: not
// expired, not signed out, its token not revoked; else gazette.ErrNotFound.
func (db *DB) SessionByValue(ctx context.Context, value string) (*gazette.Token, string, error) {
	var t gazette.Token
	var role, issuers, created, expires, csrf string
	err := db.read.QueryRowContext(ctx, `SELECT t.id, t.name, t.role, t.issuers, t.created_at, s.expires_at, s.csrf
		FROM sessions s JOIN tokens t ON t.id = s.token_id
		WHERE s.hash = ? AND s.revoked_at IS NULL AND t.revoked_at IS NULL`, hashToken(value)).
		Scan(&t.ID, &t.Name, &role, &issuers, &created, &expires, &csrf)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", fmt.Errorf("session: %w", gazette.ErrNotFound)
	}
	if err != nil {
		return nil, "", fmt.Errorf("session: %w", err)
	}
	if exp, err := time.Parse(time.RFC3339Nano, expires); err != nil || !db.now().Before(exp) {
		return nil, "", fmt.Errorf("session expired: %w", gazette.ErrNotFound)
	}
	t.Role, t.Issuers = gazette.Role(role), splitCodes(issuers)
	t.CreatedAt, _ = time.Parse(time.RFC3339Nano, created)
	return &t, csrf, nil
}

// EndSession signs a session out (the cookie's value no longer works).
func (db *DB) EndSession(ctx context.Context, value string) error {
	_, err := db.write.ExecContext(ctx, `UPDATE sessions SET revoked_at = ? WHERE hash = ? AND revoked_at IS NULL`,
		db.now().Format(time.RFC3339Nano), hashToken(value))
	if err != nil {
		return fmt.Errorf("end session: %w", err)
	}
	return nil
}
