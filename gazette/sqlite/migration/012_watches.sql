-- Watches (issue 19): a document, an article of one, or a query, watched
-- by a token holder; fired when a published document amends, replaces or
-- repeals the watched one (or that article), when the watched document is
-- revised or withdrawn, or when a new published document matches the
-- query. Each watch keeps its own cursor into public_changes; what fired
-- is kept in watch_events, read by the watch's Atom feed (addressed by its
-- secret) and delivered to its webhook, if it has one, in order, signed,
-- retried with exponential backoff.
CREATE TABLE watches (
    id          INTEGER PRIMARY KEY,
    owner       TEXT NOT NULL,               -- the token's actor ("clerk:lan")
    kind        TEXT NOT NULL CHECK (kind IN ('document', 'article', 'query')),
    document_id INTEGER REFERENCES documents(id),
    article     TEXT NOT NULL DEFAULT '',
    query       TEXT NOT NULL DEFAULT '',
    webhook_url TEXT NOT NULL DEFAULT '',
    secret      TEXT NOT NULL,               -- signs deliveries; keys the Atom feed
    cursor      INTEGER NOT NULL,            -- the last public_changes seq looked at
    delivered   INTEGER NOT NULL DEFAULT 0,  -- the last watch_events id delivered to the webhook
    attempts    INTEGER NOT NULL DEFAULT 0,
    next_at     TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    removed_at  TEXT
);
CREATE TABLE watch_events (
    id          INTEGER PRIMARY KEY,
    watch_id    INTEGER NOT NULL REFERENCES watches(id),
    seq         INTEGER NOT NULL,            -- the public change that fired it
    document_id INTEGER NOT NULL,
    number      TEXT NOT NULL DEFAULT '',
    title       TEXT NOT NULL DEFAULT '',
    action      TEXT NOT NULL,               -- sửa đổi, bổ sung | thay thế | bãi bỏ | ... | revised | withdrawn | matched
    reason      TEXT NOT NULL,
    at          TEXT NOT NULL,
    last_status INTEGER NOT NULL DEFAULT 0,  -- the webhook's last answer for it
    last_error  TEXT NOT NULL DEFAULT '',
    UNIQUE (watch_id, seq, action)
);
CREATE INDEX watch_events_watch ON watch_events(watch_id, id);
