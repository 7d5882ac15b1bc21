-- Webhooks (issue 19): admins subscribe a URL to the public change feed.
-- Each hook keeps its own cursor into public_changes and delivers every
-- event in order, signed with its secret (HMAC-SHA256); a failed delivery
-- is retried with exponential backoff, and every attempt is logged.
CREATE TABLE webhooks (
    id         INTEGER PRIMARY KEY,
    url        TEXT NOT NULL,
    secret     TEXT NOT NULL,
    cursor     INTEGER NOT NULL,            -- the last public_changes seq delivered
    attempts   INTEGER NOT NULL DEFAULT 0,  -- failed attempts at the next event
    next_at    TEXT NOT NULL,               -- when the next attempt is due
    created_at TEXT NOT NULL,
    removed_at TEXT
);
CREATE TABLE webhook_deliveries (
    id         INTEGER PRIMARY KEY,
    webhook_id INTEGER NOT NULL REFERENCES webhooks(id),
    seq        INTEGER NOT NULL,            -- the event (public_changes seq)
    attempt    INTEGER NOT NULL,
    status     INTEGER NOT NULL,            -- the receiver's HTTP status; 0 when it did not answer
    error      TEXT NOT NULL DEFAULT '',
    at         TEXT NOT NULL
);
CREATE INDEX webhook_deliveries_hook ON webhook_deliveries(webhook_id, id);
