-- Documents and their revisions. A document is one language version of a translation set;
-- the set is identified by its slug.
CREATE TABLE documents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL,
    language TEXT NOT NULL,
    kind TEXT NOT NULL,
    -- 1 for the original of its translation set (the file without a language suffix).
    is_original INTEGER NOT NULL DEFAULT 1,
    -- draft | review | published | archived
    status TEXT NOT NULL,
    -- Copies of the published revision's fields, so lists need no JSON.
    visibility TEXT NOT NULL,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    date TEXT,
    -- Path under the content folder, for documents that came from it.
    source_path TEXT,
    -- Hash of the file (and what it links to) at its last import: unchanged files are skipped
    -- even when the document was edited in the portal since.
    import_hash TEXT,
    current_revision_id INTEGER,
    published_revision_id INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (slug, language)
);
CREATE INDEX documents_kind ON documents (kind, status);

CREATE TABLE revisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    -- JSON: every front-matter field (title, kind, summary, date, authors, ... event, activities).
    meta TEXT NOT NULL,
    body TEXT NOT NULL,
    -- Sanitised HTML, table of contents (JSON) and plain-text sections (JSON) for search.
    html TEXT NOT NULL,
    toc TEXT NOT NULL,
    sections TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    author_id INTEGER,
    message TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (document_id, number)
);

-- Countries, areas, tags and authors of each document's published revision.
CREATE TABLE document_facets (
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    facet TEXT NOT NULL,
    value TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (document_id, facet, value)
);
CREATE INDEX document_facets_value ON document_facets (facet, value);

-- `doc:` links of each document's published revision, for "linked from".
CREATE TABLE document_links (
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    target_slug TEXT NOT NULL,
    PRIMARY KEY (document_id, target_slug)
);
CREATE INDEX document_links_target ON document_links (target_slug);

-- Files attached to a revision; the bytes live content-addressed in the data dir.
CREATE TABLE attachments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    revision_id INTEGER NOT NULL REFERENCES revisions (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    file_name TEXT NOT NULL,
    title TEXT NOT NULL,
    mime TEXT NOT NULL,
    size INTEGER NOT NULL
);
CREATE INDEX attachments_revision ON attachments (revision_id);

-- Every change that affects what readers see, in order: the search indexer follows it.
CREATE TABLE changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id INTEGER NOT NULL,
    at INTEGER NOT NULL
);
