-- Initial schema. A shipped migration is never edited: add a new numbered file.
-- Dates are 'YYYY-MM-DD' text; timestamps are RFC 3339 text in UTC.

CREATE TABLE source_files (
    sha256   TEXT PRIMARY KEY,          -- the bytes live at originals/<sha[0:2]>/<sha>
    name     TEXT NOT NULL,             -- file name as uploaded
    size     INTEGER NOT NULL,
    added_at TEXT NOT NULL
);

CREATE TABLE gazette_issues (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL DEFAULT 'central',   -- 'central' or 'province:<name>'
    year         INTEGER NOT NULL,
    numbers      TEXT NOT NULL,                     -- as printed: '1263 + 1264'
    first_number INTEGER NOT NULL,
    date         TEXT,
    UNIQUE (kind, year, numbers)
);

CREATE TABLE documents (
    id              INTEGER PRIMARY KEY,
    number          TEXT NOT NULL DEFAULT '',  -- canonical; '' when the document has none
    number_printed  TEXT NOT NULL DEFAULT '',
    number_year     INTEGER,                   -- year in the number, or of the issue date
    type            TEXT NOT NULL DEFAULT '',
    type_name       TEXT NOT NULL DEFAULT '',
    issuer          TEXT NOT NULL DEFAULT '',
    issuer_name     TEXT NOT NULL DEFAULT '',
    title           TEXT NOT NULL DEFAULT '',
    place           TEXT NOT NULL DEFAULT '',
    issue_date      TEXT,
    signer          TEXT NOT NULL DEFAULT '',
    signer_title    TEXT NOT NULL DEFAULT '',
    effective_date  TEXT,
    effective_basis TEXT NOT NULL DEFAULT '',
    expiry_date     TEXT,
    effect_status   TEXT NOT NULL DEFAULT '',
    language        TEXT NOT NULL DEFAULT 'vi',
    gazette_issue_id INTEGER REFERENCES gazette_issues(id),
    gazette_first_page INTEGER,
    gazette_last_page  INTEGER,
    source_sha256   TEXT REFERENCES source_files(sha256),
    needs_ocr       INTEGER NOT NULL DEFAULT 0,
    state           TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'published')),
    text            TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX documents_number ON documents(number);
CREATE INDEX documents_state ON documents(state, id);
CREATE INDEX documents_source ON documents(source_sha256);

-- A document continued across gazette issues keeps one row per part.
CREATE TABLE document_parts (
    document_id      INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    part             INTEGER NOT NULL,
    gazette_issue_id INTEGER REFERENCES gazette_issues(id),
    first_page       INTEGER,
    last_page        INTEGER,
    source_sha256    TEXT REFERENCES source_files(sha256),
    PRIMARY KEY (document_id, part)
);

-- Outgoing references found in a document's text, with their spans.
CREATE TABLE citations (
    id                 INTEGER PRIMARY KEY,
    document_id        INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    target_number      TEXT NOT NULL DEFAULT '',
    target_document_id INTEGER REFERENCES documents(id) ON DELETE SET NULL,
    surface            TEXT NOT NULL,
    start_byte         INTEGER NOT NULL,
    end_byte           INTEGER NOT NULL,
    pinpoint           TEXT NOT NULL DEFAULT '',
    relation           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX citations_document ON citations(document_id);
CREATE INDEX citations_target_number ON citations(target_number);
CREATE INDEX citations_target ON citations(target_document_id);

-- Legal relations between documents (căn cứ, sửa đổi, thay thế, bãi bỏ, ...).
CREATE TABLE relations (
    id                 INTEGER PRIMARY KEY,
    source_document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    kind               TEXT NOT NULL,
    target_number      TEXT NOT NULL DEFAULT '',
    target_document_id INTEGER REFERENCES documents(id) ON DELETE SET NULL,
    pinpoint           TEXT NOT NULL DEFAULT '',
    basis              TEXT NOT NULL DEFAULT '',  -- the sentence that states it
    UNIQUE (source_document_id, kind, target_number, pinpoint)
);
CREATE INDEX relations_target_number ON relations(target_number);
CREATE INDEX relations_target ON relations(target_document_id);

-- Every change, written in the same transaction as the change itself.
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    before    TEXT,
    after     TEXT
);
CREATE INDEX audit_entity ON audit_log(entity, entity_id);
