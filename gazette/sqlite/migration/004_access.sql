-- API tokens (hashed) and upload jobs.

CREATE TABLE tokens (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    role       TEXT NOT NULL CHECK (role IN ('clerk', 'admin')),
    hash       TEXT NOT NULL UNIQUE,      -- hex sha256 of the token value
    created_at TEXT NOT NULL,
    revoked_at TEXT
);

CREATE TABLE jobs (
    id         INTEGER PRIMARY KEY,
    sha256     TEXT NOT NULL REFERENCES source_files(sha256),
    file_name  TEXT NOT NULL,
    path       TEXT NOT NULL,             -- the stored upload the worker reads
    state      TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
    step       TEXT NOT NULL DEFAULT '',
    error      TEXT NOT NULL DEFAULT '',
    pages      INTEGER NOT NULL DEFAULT 0,
    documents  TEXT NOT NULL DEFAULT '[]', -- JSON list of document ids
    actor      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX jobs_state ON jobs(state);

-- when a document became public, for feeds
ALTER TABLE documents ADD COLUMN published_at TEXT;
UPDATE documents SET published_at = created_at WHERE state = 'published';
CREATE INDEX documents_published ON documents(state, published_at);
