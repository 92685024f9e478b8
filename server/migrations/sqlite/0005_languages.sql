-- Four languages all the way.

-- The time zone each reader's times are shown in (an IANA name); none: the language's default.
ALTER TABLE users ADD COLUMN time_zone TEXT;

-- When a revision was published (imports publish at once; the editor on approval), so a
-- translation can tell how many times, and since when, its original changed after it.
ALTER TABLE revisions ADD COLUMN published_at INTEGER;
UPDATE revisions SET published_at = created_at
    WHERE id IN (SELECT published_revision_id FROM documents WHERE published_revision_id IS NOT NULL);

-- Display names of tags per language; the tag itself is the stable key used in URLs.
CREATE TABLE tag_labels (
    tag TEXT NOT NULL,
    language TEXT NOT NULL,
    label TEXT NOT NULL,
    PRIMARY KEY (tag, language)
);
