-- Agency tokens (issue 19): a ministry or province pushes its own
-- documents. The role check gains 'agency', and a token names the issuer
-- codes it speaks for. SQLite cannot change a CHECK in place: the table is
-- rebuilt; sign-ins (sessions) end with the upgrade.
PRAGMA defer_foreign_keys = ON;
CREATE TABLE tokens_new (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    role       TEXT NOT NULL CHECK (role IN ('clerk', 'admin', 'agency')),
    hash       TEXT NOT NULL UNIQUE,
    issuers    TEXT NOT NULL DEFAULT '',  -- an agency's issuer codes, comma-separated ("BTC", "UBND-HN")
    created_at TEXT NOT NULL,
    revoked_at TEXT,
    CHECK (role != 'agency' OR issuers != '')
);
INSERT INTO tokens_new (id, name, role, hash, created_at, revoked_at)
    SELECT id, name, role, hash, created_at, revoked_at FROM tokens;
DELETE FROM sessions;
DROP TABLE tokens;
ALTER TABLE tokens_new RENAME TO tokens;
