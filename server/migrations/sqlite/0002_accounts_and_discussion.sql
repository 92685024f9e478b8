-- Accounts, sessions, invitations, the audit log, and discussion threads.
CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    -- Stored lowercased: the login identifier.
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    -- reader | editor | moderator | admin
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0,
    -- Secret in the user's private feed addresses (feed readers carry no cookies).
    feed_token TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_login_at INTEGER
);

-- Only the SHA-256 of a session token is stored: a copy of the database opens no session.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE invitations (
    token_hash TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    created_by INTEGER REFERENCES users (id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_by INTEGER REFERENCES users (id),
    used_at INTEGER
);

CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_by INTEGER REFERENCES users (id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
);

-- Failed logins, per account and per address, for throttling across app nodes.
CREATE TABLE login_failures (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    scope TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX login_failures_scope ON login_failures (scope, at);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    actor_id INTEGER,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    detail TEXT NOT NULL
);

-- A thread on a document (doc_slug) or in the general forum (doc_slug NULL).
CREATE TABLE threads (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_slug TEXT,
    title TEXT NOT NULL,
    author_id INTEGER NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL,
    last_activity_at INTEGER NOT NULL,
    locked INTEGER NOT NULL DEFAULT 0,
    pinned INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX threads_doc ON threads (doc_slug, last_activity_at);

CREATE TABLE posts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    thread_id INTEGER NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    author_id INTEGER NOT NULL REFERENCES users (id),
    reply_to INTEGER REFERENCES posts (id),
    body TEXT NOT NULL,
    html TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    edited_at INTEGER,
    -- visible | hidden (by a moderator) | deleted (by its author)
    state TEXT NOT NULL DEFAULT 'visible'
);
CREATE INDEX posts_thread ON posts (thread_id, id);
CREATE INDEX posts_author ON posts (author_id, created_at);

CREATE TABLE reports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    reporter_id INTEGER NOT NULL REFERENCES users (id),
    reason TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    resolved_by INTEGER REFERENCES users (id),
    resolved_at INTEGER
);

-- The last post each member has seen in a thread, for "my threads".
CREATE TABLE thread_visits (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    thread_id INTEGER NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    last_seen_post_id INTEGER NOT NULL,
    PRIMARY KEY (user_id, thread_id)
);
