-- Hardening: limits that are reserved atomically, and devices that signed in before.

-- Fixed-window counters behind every limit (sign-in failures per account, device and address;
-- posts per account). A window's count is raised with one INSERT ... ON CONFLICT DO UPDATE
-- ... RETURNING statement, so concurrent requests, on one node or several, each see a distinct
-- count and no more than the limit get through.
CREATE TABLE rate_counters (
    scope TEXT NOT NULL,
    window_start INTEGER NOT NULL,
    hits INTEGER NOT NULL,
    PRIMARY KEY (scope, window_start)
);

-- Replaced by rate_counters.
DROP TABLE login_failures;

-- Browsers that signed in to an account before (only the SHA-256 of the cookie is kept): their
-- correct password is not subject to the account's lock-out, so a stranger who guesses wrong on
-- purpose cannot lock the owner out.
CREATE TABLE known_devices (
    token_hash TEXT NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    PRIMARY KEY (token_hash, user_id)
);
CREATE INDEX known_devices_user ON known_devices (user_id);

-- Personal-data findings an author confirmed (kept, masked, for the reviewer of that revision).
CREATE TABLE privacy_confirmations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    revision_id INTEGER NOT NULL REFERENCES revisions (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    excerpt TEXT NOT NULL,
    line INTEGER NOT NULL,
    confirmed_by INTEGER REFERENCES users (id),
    at INTEGER NOT NULL
);
CREATE INDEX privacy_confirmations_revision ON privacy_confirmations (revision_id);
