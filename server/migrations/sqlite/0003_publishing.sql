-- Publishing from the browser: the state of a document's working revision, reviews, and the
-- links of each revision (so approving it needs no re-rendering).

-- The working revision (current_revision_id) when it is not the published one:
-- 'draft' or 'review'; NULL when the document has no unpublished changes.
ALTER TABLE documents ADD COLUMN pending TEXT;
ALTER TABLE documents ADD COLUMN submitted_by INTEGER;
ALTER TABLE documents ADD COLUMN submitted_at INTEGER;

ALTER TABLE revisions ADD COLUMN links TEXT NOT NULL DEFAULT '[]';

CREATE TABLE reviews (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    revision_id INTEGER NOT NULL REFERENCES revisions (id) ON DELETE CASCADE,
    reviewer_id INTEGER NOT NULL REFERENCES users (id),
    -- approved | returned
    decision TEXT NOT NULL,
    comment TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX reviews_document ON reviews (document_id, id);
