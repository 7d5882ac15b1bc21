-- Trust: classification marks that hold a document back, draft revisions of
-- published documents, notes on upload jobs, and sign-in sessions.

ALTER TABLE documents ADD COLUMN classification TEXT NOT NULL DEFAULT ''; -- độ mật: 'MẬT', 'TỐI MẬT', 'TUYỆT MẬT'
ALTER TABLE documents ADD COLUMN declassified INTEGER NOT NULL DEFAULT 0; -- an admin lifted the hold (reason in the audit log)
ALTER TABLE documents ADD COLUMN urgency TEXT NOT NULL DEFAULT '';        -- độ khẩn: 'KHẨN', 'THƯỢNG KHẨN', 'HỎA TỐC'
-- A draft revision of a published document: the published row stays as it
-- is until the revision is published into it.
ALTER TABLE documents ADD COLUMN revision_of INTEGER REFERENCES documents(id) ON DELETE CASCADE;
CREATE INDEX documents_revision_of ON documents(revision_of);
ALTER TABLE documents ADD COLUMN batch TEXT NOT NULL DEFAULT ''; -- the import run that created it

ALTER TABLE jobs ADD COLUMN notes TEXT NOT NULL DEFAULT '[]'; -- JSON list: what the clerk should know of the result

-- A signed-in clerk's session: the cookie holds the session's secret, not
-- the API token; it expires and is revoked on sign-out.
CREATE TABLE sessions (
    hash       TEXT PRIMARY KEY,   -- hex sha256 of the cookie's value
    token_id   INTEGER NOT NULL REFERENCES tokens(id) ON DELETE CASCADE,
    csrf       TEXT NOT NULL,      -- the form token of this session
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    revoked_at TEXT
);

-- Every write to a document, in order: the process that holds the search
-- index (serve) follows it, so that what another process commits (import,
-- ingest, publish while serving) is searchable within seconds.
CREATE TABLE document_changes (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id INTEGER NOT NULL
);
CREATE TRIGGER documents_changed_insert AFTER INSERT ON documents BEGIN
    INSERT INTO document_changes (document_id) VALUES (NEW.id);
END;
CREATE TRIGGER documents_changed_update AFTER UPDATE ON documents BEGIN
    INSERT INTO document_changes (document_id) VALUES (NEW.id);
END;
CREATE TRIGGER documents_changed_delete AFTER DELETE ON documents BEGIN
    INSERT INTO document_changes (document_id) VALUES (OLD.id);
END;
