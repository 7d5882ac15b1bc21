-- The public change feed (GET /api/v1/changes): every publish, revision
-- and withdrawal of a published document, in order, written by triggers in
-- the transaction that makes the change, so that no path (publish, import,
-- ingest, a revision, a withdrawal) can change the public record without
-- an entry. seq is the feed's cursor; it only grows (AUTOINCREMENT never
-- reuses a value). Drafts never appear.
CREATE TABLE public_changes (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('publish', 'revise', 'withdraw')),
    number      TEXT NOT NULL DEFAULT '',
    at          TEXT NOT NULL
);
CREATE INDEX public_changes_document ON public_changes(document_id, seq);

CREATE TRIGGER public_change_insert AFTER INSERT ON documents WHEN NEW.state = 'published' BEGIN
    INSERT INTO public_changes (document_id, kind, number, at) VALUES (NEW.id, 'publish', NEW.number, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;
CREATE TRIGGER public_change_publish AFTER UPDATE OF state ON documents WHEN NEW.state = 'published' AND OLD.state != 'published' BEGIN
    INSERT INTO public_changes (document_id, kind, number, at) VALUES (NEW.id, 'publish', NEW.number, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;
CREATE TRIGGER public_change_withdraw AFTER UPDATE OF state ON documents WHEN OLD.state = 'published' AND NEW.state != 'published' BEGIN
    INSERT INTO public_changes (document_id, kind, number, at) VALUES (NEW.id, 'withdraw', OLD.number, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;
CREATE TRIGGER public_change_revise AFTER UPDATE ON documents
    WHEN OLD.state = 'published' AND NEW.state = 'published' AND OLD.updated_at IS NOT NEW.updated_at BEGIN
    INSERT INTO public_changes (document_id, kind, number, at) VALUES (NEW.id, 'revise', NEW.number, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;
CREATE TRIGGER public_change_delete AFTER DELETE ON documents WHEN OLD.state = 'published' BEGIN
    INSERT INTO public_changes (document_id, kind, number, at) VALUES (OLD.id, 'withdraw', OLD.number, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- what was published before the feed existed, in the order it was
INSERT INTO public_changes (document_id, kind, number, at)
    SELECT id, 'publish', number, coalesce(published_at, created_at) FROM documents
    WHERE state = 'published' ORDER BY coalesce(published_at, created_at), id;

-- congbao sync: where the feed of each source instance was read up to,
-- written in the transaction that stores what was read.
CREATE TABLE sync_cursors (
    instance   TEXT PRIMARY KEY,  -- the source's base URL
    cursor     TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
