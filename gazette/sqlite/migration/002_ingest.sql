-- Ingest: parts of documents continued across issues, articles, what a
-- source record states beside what we extract, and one row per ingested file.

ALTER TABLE documents ADD COLUMN stated TEXT NOT NULL DEFAULT '';        -- JSON gazette.Claims from a record (vbpl, ...)
ALTER TABLE documents ADD COLUMN extracted TEXT NOT NULL DEFAULT '';     -- JSON gazette.Claims read from the text
ALTER TABLE documents ADD COLUMN disagreements TEXT NOT NULL DEFAULT ''; -- JSON []gazette.Disagreement
ALTER TABLE documents ADD COLUMN complete INTEGER NOT NULL DEFAULT 1;    -- 0 while parts are missing
ALTER TABLE documents ADD COLUMN source_url TEXT NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN record_key TEXT NOT NULL DEFAULT '';    -- identity of the source record (vbpl:186739)
CREATE INDEX documents_record_key ON documents(record_key);

ALTER TABLE document_parts ADD COLUMN issue TEXT NOT NULL DEFAULT '';          -- '1263 + 1264'
ALTER TABLE document_parts ADD COLUMN issue_date TEXT;
ALTER TABLE document_parts ADD COLUMN pdf_first_page INTEGER;
ALTER TABLE document_parts ADD COLUMN pdf_last_page INTEGER;
ALTER TABLE document_parts ADD COLUMN continues_from TEXT NOT NULL DEFAULT '';
ALTER TABLE document_parts ADD COLUMN continued_in TEXT NOT NULL DEFAULT '';
ALTER TABLE document_parts ADD COLUMN text TEXT NOT NULL DEFAULT '';
CREATE INDEX document_parts_issue ON document_parts(issue);

CREATE TABLE articles (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    number      TEXT NOT NULL,
    title       TEXT NOT NULL DEFAULT '',
    part        TEXT NOT NULL DEFAULT '',
    chapter     TEXT NOT NULL DEFAULT '',
    section     TEXT NOT NULL DEFAULT '',
    start_byte  INTEGER NOT NULL,
    end_byte    INTEGER NOT NULL,
    PRIMARY KEY (document_id, seq)
);

-- One row per original processed; a file without one was stored but not
-- finished (a crash) and is processed again.
CREATE TABLE ingests (
    sha256      TEXT PRIMARY KEY REFERENCES source_files(sha256),
    status      TEXT NOT NULL CHECK (status IN ('done', 'failed')),
    error       TEXT NOT NULL DEFAULT '',
    documents   TEXT NOT NULL DEFAULT '',  -- JSON list of document ids
    finished_at TEXT NOT NULL
);
