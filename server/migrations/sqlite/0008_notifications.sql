-- Notifications (in the portal and by e-mail) and the outbox of e-mail to send.

-- Each person's choices: e-mail per kind (1 on, 0 off); the digest ('off', 'daily' or
-- 'weekly'); the language of their e-mail (NULL: English until they choose); the key of their
-- one-click unsubscribe links (made with their first e-mail); and what the last digest
-- covered up to (NULL: since the account was made).
ALTER TABLE users ADD COLUMN mail_replies INTEGER NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN mail_reviews INTEGER NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN mail_mentions INTEGER NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN digest TEXT NOT NULL DEFAULT 'weekly';
ALTER TABLE users ADD COLUMN digest_at INTEGER;
ALTER TABLE users ADD COLUMN mail_language TEXT;
ALTER TABLE users ADD COLUMN unsubscribe_key TEXT;
-- Unsubscribe links find their member by it.
CREATE UNIQUE INDEX users_unsubscribe_key ON users (unsubscribe_key);

-- A member's own choice about a thread: 1 follows it (replies notify them), 0 stops
-- following a thread they took part in. Without a row, taking part is following.
CREATE TABLE thread_follows (
    thread_id INTEGER NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    following INTEGER NOT NULL,
    PRIMARY KEY (thread_id, user_id)
);

-- What happened that concerns one member: kind is reply | mention | review | approved |
-- returned. actor and title are names as they were; path is where it leads, after the
-- language (/threads/4#post-9). doc_slug names the document a thread is about, so both the
-- list and the e-mail can check the member may still read it. mailed: 0 until the mail
-- worker has turned it into e-mail (or decided not to); the worker claims it by setting 1.
CREATE TABLE notifications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    actor TEXT NOT NULL,
    title TEXT NOT NULL,
    path TEXT NOT NULL,
    doc_slug TEXT,
    created_at INTEGER NOT NULL,
    read_at INTEGER,
    mailed INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX notifications_user ON notifications (user_id, id);
CREATE INDEX notifications_unread ON notifications (user_id, read_at);
CREATE INDEX notifications_unmailed ON notifications (mailed, id);

-- E-mail waiting to be sent, and what became of it. A worker on any node claims a message
-- by moving claimed_until into the future (one UPDATE, so two nodes never both send it);
-- status is pending | sent | failed.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    recipient TEXT NOT NULL,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    text_body TEXT NOT NULL,
    html_body TEXT NOT NULL,
    unsubscribe_url TEXT,
    created_at INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    claimed_until INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'pending',
    last_error TEXT,
    sent_at INTEGER
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
