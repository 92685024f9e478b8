//! Documents, revisions, facets, links and attachments.

use std::collections::HashMap;

use app::model::{Kind, Lang, TocEntry, Visibility};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Store, now};
use crate::document::{DocMeta, Status, TextSection};

/// A document as lists and pages need it (no body).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DocumentRow {
    pub id: i64,
    pub slug: String,
    pub language: Lang,
    pub kind: Kind,
    pub is_original: bool,
    pub status: Status,
    pub visibility: Visibility,
    pub title: String,
    pub summary: String,
    pub date: Option<String>,
    pub source_path: Option<String>,
    pub current_revision_id: Option<i64>,
    pub published_revision_id: Option<i64>,
    pub updated_at: i64,
}

pub(super) const DOCUMENT_COLUMNS: &str = "id, slug, language, kind, is_original, status, visibility, title, summary, date, \
     source_path, current_revision_id, published_revision_id, updated_at";

pub(super) fn document_from_row(row: &AnyRow) -> Result<DocumentRow, sqlx::Error> {
    let decode_err = |col: &str, v: String| sqlx::Error::ColumnDecode {
        index: col.to_string(),
        source: format!("unexpected value `{v}`").into(),
    };
    let language: String = row.try_get("language")?;
    let kind: String = row.try_get("kind")?;
    let status: String = row.try_get("status")?;
    let visibility: String = row.try_get("visibility")?;
    Ok(DocumentRow {
        id: row.try_get("id")?,
        slug: row.try_get("slug")?,
        language: Lang::from_code(&language).ok_or_else(|| decode_err("language", language.clone()))?,
        kind: Kind::from_code(&kind).ok_or_else(|| decode_err("kind", kind.clone()))?,
        is_original: row.try_get::<i64, _>("is_original")? != 0,
        status: Status::from_code(&status).ok_or_else(|| decode_err("status", status.clone()))?,
        visibility: Visibility::from_code(&visibility).ok_or_else(|| decode_err("visibility", visibility.clone()))?,
        title: row.try_get("title")?,
        summary: row.try_get("summary")?,
        date: row.try_get("date")?,
        source_path: row.try_get("source_path")?,
        current_revision_id: row.try_get("current_revision_id")?,
        published_revision_id: row.try_get("published_revision_id")?,
        updated_at: row.try_get("updated_at")?,
    })
}

/// A stored revision with its rendering.
#[derive(Clone, Debug)]
pub struct RevisionRow {
    pub id: i64,
    pub document_id: i64,
    pub number: i64,
    pub meta: DocMeta,
    pub body: String,
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub sections: Vec<TextSection>,
    pub content_hash: String,
    pub author_id: Option<i64>,
    pub message: String,
    pub created_at: i64,
}

fn json_column<T: serde::de::DeserializeOwned>(row: &AnyRow, col: &str) -> Result<T, sqlx::Error> {
    let text: String = row.try_get(col)?;
    serde_json::from_str(&text).map_err(|e| sqlx::Error::ColumnDecode { index: col.to_string(), source: e.into() })
}

fn revision_from_row(row: &AnyRow) -> Result<RevisionRow, sqlx::Error> {
    Ok(RevisionRow {
        id: row.try_get("id")?,
        document_id: row.try_get("document_id")?,
        number: row.try_get("number")?,
        meta: json_column(row, "meta")?,
        body: row.try_get("body")?,
        html: row.try_get("html")?,
        toc: json_column(row, "toc")?,
        sections: json_column(row, "sections")?,
        content_hash: row.try_get("content_hash")?,
        author_id: row.try_get("author_id")?,
        message: row.try_get("message")?,
        created_at: row.try_get("created_at")?,
    })
}

/// Countries, areas, tags and authors of a document, in front-matter order.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Facets {
    pub countries: Vec<String>,
    pub areas: Vec<String>,
    pub tags: Vec<String>,
    pub authors: Vec<String>,
}

/// A published revision of an original, as translations are measured against it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublishedRevision {
    pub id: i64,
    pub document_id: i64,
    pub number: i64,
    pub content_hash: String,
    pub published_at: i64,
}

impl PublishedRevision {
    /// The short form people and files use: the first 12 hex digits of the content hash.
    pub fn fingerprint(&self) -> &str {
        &self.content_hash[..self.content_hash.len().min(12)]
    }
}

/// A stored attachment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttachmentRow {
    pub id: i64,
    pub revision_id: i64,
    pub sha256: String,
    pub file_name: String,
    pub title: String,
    pub mime: String,
    pub size: i64,
}

fn attachment_from_row(row: &AnyRow) -> Result<AttachmentRow, sqlx::Error> {
    Ok(AttachmentRow {
        id: row.try_get("id")?,
        revision_id: row.try_get("revision_id")?,
        sha256: row.try_get("sha256")?,
        file_name: row.try_get("file_name")?,
        title: row.try_get("title")?,
        mime: row.try_get("mime")?,
        size: row.try_get("size")?,
    })
}

/// An attachment about to be stored (its bytes are already in the blob store).
#[derive(Clone, Debug)]
pub struct NewAttachment {
    pub sha256: String,
    pub file_name: String,
    pub title: String,
    pub mime: String,
    pub size: i64,
}

/// Everything needed to store a new revision of a document.
#[derive(Clone, Debug)]
pub struct NewRevision {
    pub slug: String,
    pub is_original: bool,
    pub meta: DocMeta,
    pub body: String,
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub sections: Vec<TextSection>,
    pub links: Vec<String>,
    pub attachments: Vec<NewAttachment>,
    pub content_hash: String,
    pub source_path: Option<String>,
    /// Set by the importer: the file hash it compares against next time.
    pub import_hash: Option<String>,
    pub author_id: Option<i64>,
    pub message: String,
}

/// What the importer needs to know about an existing document.
#[derive(Clone, Debug)]
pub struct ImportedDocument {
    pub id: i64,
    pub slug: String,
    pub language: Lang,
    pub kind: Kind,
    pub status: Status,
    /// `None` for documents created in the portal rather than imported.
    pub source_path: Option<String>,
    pub import_hash: Option<String>,
}

/// SQL list of enum codes. Only ever called with codes of closed enums, never user input,
/// because sqlx's `Any` driver cannot bind a list.
pub(super) fn code_list<'a>(codes: impl IntoIterator<Item = &'a str>) -> String {
    let quoted: Vec<String> = codes
        .into_iter()
        .inspect(|c| debug_assert!(c.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')))
        .map(|c| format!("'{c}'"))
        .collect();
    if quoted.is_empty() { "''".to_string() } else { quoted.join(", ") }
}

impl Store {
    /// Published documents the given visibilities may read, optionally of one kind, newest first.
    pub async fn published_documents(
        &self,
        visibilities: &[Visibility],
        kind: Option<Kind>,
    ) -> Result<Vec<DocumentRow>, sqlx::Error> {
        let mut sql = format!(
            "SELECT {DOCUMENT_COLUMNS} FROM documents WHERE status = 'published' AND visibility IN ({})",
            code_list(visibilities.iter().map(|v| v.code()))
        );
        if let Some(kind) = kind {
            sql.push_str(&format!(" AND kind = '{}'", kind.code()));
        }
        sql.push_str(" ORDER BY date DESC, title ASC");
        let rows = sqlx::query(&sql).fetch_all(self.pool()).await?;
        rows.iter().map(document_from_row).collect()
    }

    /// Published versions of the given translation sets that the visibilities may read.
    pub async fn published_by_slugs(
        &self,
        visibilities: &[Visibility],
        slugs: &[String],
    ) -> Result<Vec<DocumentRow>, sqlx::Error> {
        if slugs.is_empty() {
            return Ok(Vec::new());
        }
        let placeholders: Vec<String> = (1..=slugs.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT {DOCUMENT_COLUMNS} FROM documents WHERE status = 'published' AND visibility IN ({}) \
             AND slug IN ({}) ORDER BY date DESC, title ASC",
            code_list(visibilities.iter().map(|v| v.code())),
            placeholders.join(", ")
        );
        let mut q = sqlx::query(&sql);
        for s in slugs {
            q = q.bind(s.clone());
        }
        let rows = q.fetch_all(self.pool()).await?;
        rows.iter().map(document_from_row).collect()
    }

    /// The summaries of documents, by id (what list cards show beside the in-memory library).
    pub async fn summaries(&self, ids: &[i64]) -> Result<HashMap<i64, String>, sqlx::Error> {
        let mut out = HashMap::new();
        for chunk in ids.chunks(500) {
            let placeholders: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let sql = format!("SELECT id, summary FROM documents WHERE id IN ({})", placeholders.join(", "));
            let mut q = sqlx::query(&sql);
            for id in chunk {
                q = q.bind(*id);
            }
            for row in q.fetch_all(self.pool()).await? {
                out.insert(row.try_get("id")?, row.try_get("summary")?);
            }
        }
        Ok(out)
    }

    /// Every value of a facet among the given documents, with the documents carrying it.
    pub async fn facets_of(&self, ids: &[i64]) -> Result<HashMap<i64, Facets>, sqlx::Error> {
        let mut out: HashMap<i64, Facets> = HashMap::new();
        // Chunked so the parameter count stays far below every backend's limit.
        for chunk in ids.chunks(500) {
            let placeholders: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let sql = format!(
                "SELECT document_id, facet, value FROM document_facets WHERE document_id IN ({}) \
                 ORDER BY document_id, facet, position",
                placeholders.join(", ")
            );
            let mut q = sqlx::query(&sql);
            for id in chunk {
                q = q.bind(*id);
            }
            for row in q.fetch_all(self.pool()).await? {
                let id: i64 = row.try_get("document_id")?;
                let facet: String = row.try_get("facet")?;
                let value: String = row.try_get("value")?;
                let f = out.entry(id).or_default();
                match facet.as_str() {
                    "country" => f.countries.push(value),
                    "area" => f.areas.push(value),
                    "tag" => f.tags.push(value),
                    "author" => f.authors.push(value),
                    _ => {}
                }
            }
        }
        Ok(out)
    }

    /// Slugs of the published documents whose body links to `slug`.
    pub async fn slugs_linking_to(&self, slug: &str) -> Result<Vec<String>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT DISTINCT d.slug AS slug FROM document_links l JOIN documents d ON d.id = l.document_id \
             WHERE l.target_slug = $1 AND d.status = 'published' AND d.slug <> $1",
        )
        .bind(slug.to_string())
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(|r| r.try_get("slug")).collect()
    }

    pub async fn revision(&self, id: i64) -> Result<Option<RevisionRow>, sqlx::Error> {
        let row = sqlx::query("SELECT * FROM revisions WHERE id = $1").bind(id).fetch_optional(self.pool()).await?;
        row.as_ref().map(revision_from_row).transpose()
    }

    pub async fn attachments_of_revision(&self, revision_id: i64) -> Result<Vec<AttachmentRow>, sqlx::Error> {
        let rows = sqlx::query("SELECT * FROM attachments WHERE revision_id = $1 ORDER BY position")
            .bind(revision_id)
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(attachment_from_row).collect()
    }

    /// An attachment with the document it belongs to.
    pub async fn attachment(&self, id: i64) -> Result<Option<(AttachmentRow, DocumentRow)>, sqlx::Error> {
        let Some(row) =
            sqlx::query("SELECT * FROM attachments WHERE id = $1").bind(id).fetch_optional(self.pool()).await?
        else {
            return Ok(None);
        };
        let attachment = attachment_from_row(&row)?;
        let doc = sqlx::query(&format!(
            "SELECT {DOCUMENT_COLUMNS} FROM documents WHERE id = (SELECT document_id FROM revisions WHERE id = $1)"
        ))
        .bind(attachment.revision_id)
        .fetch_optional(self.pool())
        .await?;
        match doc {
            Some(doc) => Ok(Some((attachment, document_from_row(&doc)?))),
            None => Ok(None),
        }
    }

    /// Every document, as the importer compares them with the files.
    pub async fn import_state(&self) -> Result<Vec<ImportedDocument>, sqlx::Error> {
        use futures_util::TryStreamExt;
        // Streamed: with many documents, holding every row at once would cost far more memory
        // than what is kept of each (the portal imports at every start).
        let mut out = Vec::new();
        let mut rows = sqlx::query("SELECT id, slug, language, kind, status, source_path, import_hash FROM documents")
            .fetch(self.pool());
        while let Some(row) = rows.try_next().await? {
            let language: String = row.try_get("language")?;
            let status: String = row.try_get("status")?;
            let kind: String = row.try_get("kind")?;
            out.push(ImportedDocument {
                id: row.try_get("id")?,
                slug: row.try_get("slug")?,
                language: Lang::from_code(&language).unwrap_or(Lang::En),
                kind: Kind::from_code(&kind).unwrap_or(Kind::Resource),
                status: Status::from_code(&status).unwrap_or(Status::Archived),
                source_path: row.try_get("source_path")?,
                import_hash: row.try_get("import_hash")?,
            });
        }
        Ok(out)
    }

    /// Slugs and kinds of every document that is not archived: what `doc:` links may target.
    pub async fn live_slugs(&self) -> Result<HashMap<String, Kind>, sqlx::Error> {
        let rows = sqlx::query("SELECT DISTINCT slug, kind FROM documents WHERE status <> 'archived'")
            .fetch_all(self.pool())
            .await?;
        let mut out = HashMap::new();
        for row in rows {
            let kind: String = row.try_get("kind")?;
            if let Some(kind) = Kind::from_code(&kind) {
                out.insert(row.try_get("slug")?, kind);
            }
        }
        Ok(out)
    }

    /// Slugs and kinds of published documents the given visibilities may read: what a member's
    /// `doc:` links may target (a link to anything else stays text, as if it did not exist).
    pub async fn readable_slugs(&self, visibilities: &[Visibility]) -> Result<HashMap<String, Kind>, sqlx::Error> {
        let sql = format!(
            "SELECT DISTINCT slug, kind FROM documents WHERE status = 'published' AND visibility IN ({})",
            code_list(visibilities.iter().map(|v| v.code()))
        );
        let rows = sqlx::query(&sql).fetch_all(self.pool()).await?;
        let mut out = HashMap::new();
        for row in rows {
            let kind: String = row.try_get("kind")?;
            if let Some(kind) = Kind::from_code(&kind) {
                out.insert(row.try_get("slug")?, kind);
            }
        }
        Ok(out)
    }

    /// The published revisions of the original of a translation set, oldest first: what a
    /// translation's `translated_from` is measured against.
    pub async fn original_history(&self, slug: &str) -> Result<Vec<PublishedRevision>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT r.id, r.number, r.content_hash, r.published_at, d.id AS document_id FROM revisions r \
             JOIN documents d ON d.id = r.document_id \
             WHERE d.slug = $1 AND d.is_original = 1 AND r.published_at IS NOT NULL ORDER BY r.number",
        )
        .bind(slug.to_string())
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(PublishedRevision {
                    id: r.try_get("id")?,
                    document_id: r.try_get("document_id")?,
                    number: r.try_get("number")?,
                    content_hash: r.try_get("content_hash")?,
                    published_at: r.try_get("published_at")?,
                })
            })
            .collect()
    }

    /// Stores `rev` as the newest revision of its document (created when new) and publishes it.
    /// Returns the document id.
    pub async fn publish_revision(&self, rev: &NewRevision) -> Result<i64, sqlx::Error> {
        let mut w = self.begin_write().await?;
        let tx = &mut w.tx;
        let now = now();
        let m = &rev.meta;
        let existing = sqlx::query("SELECT id FROM documents WHERE slug = $1 AND language = $2")
            .bind(rev.slug.clone())
            .bind(m.language.code())
            .fetch_optional(&mut **tx)
            .await?;
        let doc_id: i64 = match existing {
            Some(row) => row.try_get("id")?,
            None => sqlx::query(
                "INSERT INTO documents (slug, language, kind, is_original, status, visibility, title, summary, \
                 date, source_path, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, 'draft', $5, $6, $7, $8, $9, $10, $10) RETURNING id",
            )
            .bind(rev.slug.clone())
            .bind(m.language.code())
            .bind(m.kind.code())
            .bind(rev.is_original as i64)
            .bind(m.visibility.code())
            .bind(m.title.clone())
            .bind(m.summary.clone())
            .bind(m.date.clone())
            .bind(rev.source_path.clone())
            .bind(now)
            .fetch_one(&mut **tx)
            .await?
            .try_get("id")?,
        };
        let rev_id = insert_revision(tx, doc_id, rev, now).await?;
        let import = rev.source_path.as_deref().zip(rev.import_hash.as_deref());
        publish_current(tx, doc_id, rev_id, m, &rev.links, import, now).await?;
        // The content folder wins over unpublished work in the browser (which stays in the history).
        sqlx::query(
            "UPDATE documents SET is_original = $1, pending = NULL, submitted_by = NULL, submitted_at = NULL WHERE id = $2",
        )
        .bind(rev.is_original as i64)
        .bind(doc_id)
            .execute(&mut **tx)
            .await?;
        w.commit().await?;
        self.library_changed();
        Ok(doc_id)
    }

    /// Archives a document: it disappears from every list, page, feed and search.
    pub async fn archive_document(&self, id: i64) -> Result<(), sqlx::Error> {
        let mut w = self.begin_write().await?;
        let now = now();
        sqlx::query("UPDATE documents SET status = 'archived', updated_at = $1 WHERE id = $2")
            .bind(now)
            .bind(id)
            .execute(&mut *w.tx)
            .await?;
        record_change(&mut w.tx, id, now).await?;
        w.commit().await?;
        self.library_changed();
        Ok(())
    }
}

/// What the search index reads.
impl Store {
    /// The newest entry of the change log (0 when empty).
    pub async fn max_change_seq(&self) -> Result<i64, sqlx::Error> {
        sqlx::query("SELECT COALESCE(MAX(seq), 0) AS seq FROM changes").fetch_one(self.pool()).await?.try_get("seq")
    }

    /// Documents changed after `seq`.
    pub async fn changed_since(&self, seq: i64) -> Result<Vec<i64>, sqlx::Error> {
        let rows = sqlx::query("SELECT DISTINCT document_id FROM changes WHERE seq > $1")
            .bind(seq)
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(|r| r.try_get("document_id")).collect()
    }

    /// Ids of every published document.
    pub async fn published_ids(&self) -> Result<Vec<i64>, sqlx::Error> {
        let rows = sqlx::query("SELECT id FROM documents WHERE status = 'published' ORDER BY id")
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(|r| r.try_get("id")).collect()
    }

    /// The published ones among `ids`, with their published revision.
    pub async fn published_with_revisions(&self, ids: &[i64]) -> Result<Vec<(DocumentRow, RevisionRow)>, sqlx::Error> {
        let mut out = Vec::new();
        for chunk in ids.chunks(500) {
            let placeholders: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let sql = format!(
                "SELECT {DOCUMENT_COLUMNS} FROM documents WHERE status = 'published' AND id IN ({})",
                placeholders.join(", ")
            );
            let mut q = sqlx::query(&sql);
            for id in chunk {
                q = q.bind(*id);
            }
            let docs: Vec<DocumentRow> =
                q.fetch_all(self.pool()).await?.iter().map(document_from_row).collect::<Result<_, _>>()?;
            let rev_ids: Vec<i64> = docs.iter().filter_map(|d| d.published_revision_id).collect();
            if rev_ids.is_empty() {
                continue;
            }
            let placeholders: Vec<String> = (1..=rev_ids.len()).map(|i| format!("${i}")).collect();
            let sql = format!("SELECT * FROM revisions WHERE id IN ({})", placeholders.join(", "));
            let mut q = sqlx::query(&sql);
            for id in &rev_ids {
                q = q.bind(*id);
            }
            let mut revs: HashMap<i64, RevisionRow> = HashMap::new();
            for row in q.fetch_all(self.pool()).await? {
                let r = revision_from_row(&row)?;
                revs.insert(r.id, r);
            }
            for d in docs {
                if let Some(r) = d.published_revision_id.and_then(|id| revs.remove(&id)) {
                    out.push((d, r));
                }
            }
        }
        Ok(out)
    }
}

/// Makes `rev_id` the published revision of `doc_id`: the document's listing columns, facets
/// and links follow it, and a change is logged for the search index. `import` (source path and
/// file hash) is given when the revision came from the content folder.
pub(super) async fn publish_current(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    doc_id: i64,
    rev_id: i64,
    m: &DocMeta,
    links: &[String],
    import: Option<(&str, &str)>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE documents SET kind = $1, status = 'published', visibility = $2, title = $3, summary = $4, date = $5, \
         current_revision_id = $6, published_revision_id = $6, updated_at = $7, \
         source_path = COALESCE($8, source_path), import_hash = COALESCE($9, import_hash) WHERE id = $10",
    )
    .bind(m.kind.code())
    .bind(m.visibility.code())
    .bind(m.title.clone())
    .bind(m.summary.clone())
    .bind(m.date.clone())
    .bind(rev_id)
    .bind(now)
    .bind(import.map(|(p, _)| p.to_string()))
    .bind(import.map(|(_, h)| h.to_string()))
    .bind(doc_id)
    .execute(&mut **tx)
    .await?;
    sqlx::query("UPDATE revisions SET published_at = $1 WHERE id = $2 AND published_at IS NULL")
        .bind(now)
        .bind(rev_id)
        .execute(&mut **tx)
        .await?;
    replace_facets(tx, doc_id, m).await?;
    sqlx::query("DELETE FROM document_links WHERE document_id = $1").bind(doc_id).execute(&mut **tx).await?;
    let mut links = links.to_vec();
    links.sort();
    links.dedup();
    for target in links {
        sqlx::query("INSERT INTO document_links (document_id, target_slug) VALUES ($1, $2)")
            .bind(doc_id)
            .bind(target)
            .execute(&mut **tx)
            .await?;
    }
    record_change(tx, doc_id, now).await
}

async fn replace_facets(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    doc_id: i64,
    m: &DocMeta,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM document_facets WHERE document_id = $1").bind(doc_id).execute(&mut **tx).await?;
    let groups: [(&str, &Vec<String>); 4] =
        [("country", &m.countries), ("area", &m.areas), ("tag", &m.tags), ("author", &m.authors)];
    for (facet, values) in groups {
        let mut seen = std::collections::HashSet::new();
        for (position, value) in values.iter().enumerate() {
            if !seen.insert(value) {
                continue;
            }
            sqlx::query("INSERT INTO document_facets (document_id, facet, value, position) VALUES ($1, $2, $3, $4)")
                .bind(doc_id)
                .bind(facet)
                .bind(value.clone())
                .bind(position as i64)
                .execute(&mut **tx)
                .await?;
        }
    }
    Ok(())
}

async fn record_change(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    doc_id: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO changes (document_id, at) VALUES ($1, $2)")
        .bind(doc_id)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Inserts a revision (number one past the last) with its attachments.
pub(super) async fn insert_revision(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    doc_id: i64,
    rev: &NewRevision,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let number: i64 = sqlx::query("SELECT COALESCE(MAX(number), 0) + 1 AS n FROM revisions WHERE document_id = $1")
        .bind(doc_id)
        .fetch_one(&mut **tx)
        .await?
        .try_get("n")?;
    let rev_id: i64 = sqlx::query(
        "INSERT INTO revisions (document_id, number, meta, body, html, toc, sections, content_hash, author_id, \
         message, created_at, links) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
    )
    .bind(doc_id)
    .bind(number)
    .bind(serde_json::to_string(&rev.meta).unwrap_or_default())
    .bind(rev.body.clone())
    .bind(rev.html.clone())
    .bind(serde_json::to_string(&rev.toc).unwrap_or_default())
    .bind(serde_json::to_string(&rev.sections).unwrap_or_default())
    .bind(rev.content_hash.clone())
    .bind(rev.author_id)
    .bind(rev.message.clone())
    .bind(now)
    .bind(serde_json::to_string(&rev.links).unwrap_or_default())
    .fetch_one(&mut **tx)
    .await?
    .try_get("id")?;
    for (position, a) in rev.attachments.iter().enumerate() {
        sqlx::query(
            "INSERT INTO attachments (revision_id, position, sha256, file_name, title, mime, size) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(rev_id)
        .bind(position as i64)
        .bind(a.sha256.clone())
        .bind(a.file_name.clone())
        .bind(a.title.clone())
        .bind(a.mime.clone())
        .bind(a.size)
        .execute(&mut **tx)
        .await?;
    }
    Ok(rev_id)
}
