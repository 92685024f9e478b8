//! Publishing from the browser: working revisions (drafts), submission, review, approval,
//! history and restore. Saving checks the revision the editor started from inside the write
//! transaction, so two editors saving one document can never overwrite each other silently.

use app::model::{Decision, Kind, Lang};
use sqlx::Row;

use super::documents::{DOCUMENT_COLUMNS, DocumentRow, NewAttachment, NewRevision, document_from_row, insert_revision};
use super::{Store, now};
use crate::document::{DocMeta, Pending, Status};

fn decode_pending(code: &str) -> Result<Pending, sqlx::Error> {
    Pending::from_code(code).ok_or_else(|| sqlx::Error::ColumnDecode {
        index: "pending".into(),
        source: format!("unknown state `{code}`").into(),
    })
}

/// The outcome of saving a working revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveOutcome {
    Saved {
        document_id: i64,
        revision_id: i64,
    },
    /// Someone saved since `base`: their revision is `current`.
    Conflict {
        current: i64,
    },
    /// A new document's slug and language are taken.
    SlugTaken,
}

/// A revision in a document's history.
#[derive(Clone, Debug)]
pub struct RevisionSummary {
    pub id: i64,
    pub number: i64,
    pub author: Option<String>,
    pub message: String,
    pub created_at: i64,
}

/// A review decision.
#[derive(Clone, Debug)]
pub struct ReviewRow {
    pub revision_id: i64,
    pub reviewer: String,
    pub decision: Decision,
    pub comment: String,
    pub at: i64,
}

/// A document with unpublished work, for the editors' dashboard.
#[derive(Clone, Debug)]
pub struct WorkItem {
    pub document: DocumentRow,
    pub pending: Pending,
    pub working_title: String,
    pub submitted_by: Option<i64>,
    pub updated_at: i64,
}

/// One version of a document as the translation desk sees it.
#[derive(Clone, Debug)]
pub struct DeskVersion {
    pub document: DocumentRow,
    pub pending: Option<Pending>,
    /// The published revision's metadata, when there is one.
    pub meta: Option<DocMeta>,
}

/// A personal-data finding its author confirmed (the excerpt is masked).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfirmedFinding {
    pub kind: String,
    pub excerpt: String,
    pub line: usize,
    pub confirmed_by: String,
}

/// What a document's working state is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Workflow {
    pub pending: Option<Pending>,
    pub submitted_by: Option<i64>,
}

impl Store {
    /// Saves a working revision. `document_id` is `None` for a new document; `base` is the
    /// revision the editor started from (`None` for a new document).
    pub async fn save_draft(
        &self,
        document_id: Option<i64>,
        base: Option<i64>,
        rev: &NewRevision,
    ) -> Result<SaveOutcome, sqlx::Error> {
        let mut w = self.begin_write().await?;
        let now = now();
        let m = &rev.meta;
        let doc_id = match document_id {
            Some(id) => id,
            None => {
                let taken = sqlx::query("SELECT id FROM documents WHERE slug = $1 AND language = $2")
                    .bind(rev.slug.clone())
                    .bind(m.language.code())
                    .fetch_optional(&mut *w.tx)
                    .await?;
                if taken.is_some() {
                    return Ok(SaveOutcome::SlugTaken);
                }
                sqlx::query(
                    "INSERT INTO documents (slug, language, kind, is_original, status, visibility, title, summary, date, \
                     created_at, updated_at, pending) VALUES ($1, $2, $3, $4, 'draft', $5, $6, $7, $8, $9, $9, 'draft') \
                     RETURNING id",
                )
                .bind(rev.slug.clone())
                .bind(m.language.code())
                .bind(m.kind.code())
                .bind(rev.is_original as i64)
                .bind(m.visibility.code())
                .bind(m.title.clone())
                .bind(m.summary.clone())
                .bind(m.date.clone())
                .bind(now)
                .fetch_one(&mut *w.tx)
                .await?
                .try_get("id")?
            }
        };
        let rev_id = insert_revision(&mut w.tx, doc_id, rev, now).await?;
        // The check that makes conflicts visible: only move forward from the revision the
        // editor saw.
        let moved = sqlx::query(
            "UPDATE documents SET current_revision_id = $1, pending = 'draft', submitted_by = NULL, submitted_at = NULL, \
             updated_at = $2 WHERE id = $3 AND ((current_revision_id IS NULL AND $4 = 0) OR current_revision_id = $4)",
        )
        .bind(rev_id)
        .bind(now)
        .bind(doc_id)
        .bind(base.unwrap_or(0))
        .execute(&mut *w.tx)
        .await?;
        if moved.rows_affected() != 1 {
            let current: Option<i64> = sqlx::query("SELECT current_revision_id FROM documents WHERE id = $1")
                .bind(doc_id)
                .fetch_optional(&mut *w.tx)
                .await?
                .and_then(|r| r.try_get("current_revision_id").ok());
            // Dropping the transaction rolls the revision back.
            return Ok(SaveOutcome::Conflict { current: current.unwrap_or(0) });
        }
        w.commit().await?;
        Ok(SaveOutcome::Saved { document_id: doc_id, revision_id: rev_id })
    }

    /// Any document by id, whatever its state (editors' views).
    pub async fn document(&self, id: i64) -> Result<Option<DocumentRow>, sqlx::Error> {
        let row = sqlx::query(&format!("SELECT {DOCUMENT_COLUMNS} FROM documents WHERE id = $1"))
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(document_from_row).transpose()
    }

    /// Any version of a slug by language, whatever its state.
    pub async fn document_by_key(&self, slug: &str, language: Lang) -> Result<Option<DocumentRow>, sqlx::Error> {
        let row = sqlx::query(&format!("SELECT {DOCUMENT_COLUMNS} FROM documents WHERE slug = $1 AND language = $2"))
            .bind(slug.to_string())
            .bind(language.code())
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(document_from_row).transpose()
    }

    pub async fn workflow(&self, id: i64) -> Result<Workflow, sqlx::Error> {
        let row = sqlx::query("SELECT pending, submitted_by FROM documents WHERE id = $1")
            .bind(id)
            .fetch_one(self.pool())
            .await?;
        let pending: Option<String> = row.try_get("pending")?;
        Ok(Workflow {
            pending: pending.map(|p| decode_pending(&p)).transpose()?,
            submitted_by: row.try_get("submitted_by")?,
        })
    }

    /// A draft goes to review. Returns false when it was not a draft.
    pub async fn submit_for_review(&self, id: i64, by: i64) -> Result<bool, sqlx::Error> {
        let r = sqlx::query(
            "UPDATE documents SET pending = 'review', submitted_by = $1, submitted_at = $2 WHERE id = $3 AND pending = 'draft'",
        )
        .bind(by)
        .bind(now())
        .bind(id)
        .execute(self.pool())
        .await?;
        Ok(r.rows_affected() == 1)
    }

    /// A reviewer sends the working revision back to its authors with a comment.
    pub async fn return_to_draft(&self, id: i64, reviewer: i64, comment: &str) -> Result<bool, sqlx::Error> {
        let mut w = self.begin_write().await?;
        let Some(revision) = revision_in_review(&mut w.tx, id).await? else { return Ok(false) };
        sqlx::query("UPDATE documents SET pending = 'draft', submitted_by = NULL, submitted_at = NULL WHERE id = $1")
            .bind(id)
            .execute(&mut *w.tx)
            .await?;
        insert_review(&mut w.tx, id, revision, reviewer, Decision::Returned, comment).await?;
        w.commit().await?;
        Ok(true)
    }

    /// Publishes the working revision that is in review. Returns false when it was not in
    /// review (someone else decided first, or it was edited back to a draft).
    pub async fn approve(&self, id: i64, reviewer: i64, comment: &str) -> Result<bool, sqlx::Error> {
        let mut w = self.begin_write().await?;
        let Some(revision) = revision_in_review(&mut w.tx, id).await? else { return Ok(false) };
        let rev =
            sqlx::query("SELECT meta, links FROM revisions WHERE id = $1").bind(revision).fetch_one(&mut *w.tx).await?;
        let meta: DocMeta = serde_json::from_str(&rev.try_get::<String, _>("meta")?)
            .map_err(|e| sqlx::Error::ColumnDecode { index: "meta".into(), source: e.into() })?;
        let links: Vec<String> = serde_json::from_str(&rev.try_get::<String, _>("links")?).unwrap_or_default();
        super::documents::publish_current(&mut w.tx, id, revision, &meta, &links, None, now()).await?;
        sqlx::query("UPDATE documents SET pending = NULL, submitted_by = NULL, submitted_at = NULL WHERE id = $1")
            .bind(id)
            .execute(&mut *w.tx)
            .await?;
        insert_review(&mut w.tx, id, revision, reviewer, Decision::Approved, comment).await?;
        w.commit().await?;
        self.library_changed();
        Ok(true)
    }

    /// Documents with unpublished work (drafts and reviews), newest first.
    pub async fn work_items(&self) -> Result<Vec<WorkItem>, sqlx::Error> {
        let rows = sqlx::query(&format!(
            "SELECT {DOCUMENT_COLUMNS}, pending, submitted_by, \
             (SELECT r.meta FROM revisions r WHERE r.id = documents.current_revision_id) AS working_meta \
             FROM documents WHERE pending IS NOT NULL AND status <> 'archived' ORDER BY updated_at DESC"
        ))
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                let meta: Option<String> = r.try_get("working_meta")?;
                let working_title =
                    meta.and_then(|m| serde_json::from_str::<DocMeta>(&m).ok()).map(|m| m.title).unwrap_or_default();
                let document = document_from_row(r)?;
                Ok(WorkItem {
                    updated_at: document.updated_at,
                    document,
                    pending: decode_pending(&r.try_get::<String, _>("pending")?)?,
                    working_title,
                    submitted_by: r.try_get("submitted_by")?,
                })
            })
            .collect()
    }

    /// Published documents, for the editors' list of what can be edited.
    pub async fn editable_documents(&self, kind: Option<Kind>) -> Result<Vec<DocumentRow>, sqlx::Error> {
        let mut sql = format!("SELECT {DOCUMENT_COLUMNS} FROM documents WHERE status <> 'archived'");
        if let Some(k) = kind {
            sql.push_str(&format!(" AND kind = '{}'", k.code()));
        }
        sql.push_str(" ORDER BY title");
        let rows = sqlx::query(&sql).fetch_all(self.pool()).await?;
        rows.iter().map(document_from_row).collect()
    }

    /// A document's revisions, newest first.
    pub async fn history(&self, document_id: i64) -> Result<Vec<RevisionSummary>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT r.id, r.number, u.name AS author, r.message, r.created_at FROM revisions r \
             LEFT JOIN users u ON u.id = r.author_id WHERE r.document_id = $1 ORDER BY r.number DESC",
        )
        .bind(document_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(RevisionSummary {
                    id: r.try_get("id")?,
                    number: r.try_get("number")?,
                    author: r.try_get("author")?,
                    message: r.try_get("message")?,
                    created_at: r.try_get("created_at")?,
                })
            })
            .collect()
    }

    pub async fn revision_by_number(
        &self,
        document_id: i64,
        number: i64,
    ) -> Result<Option<super::RevisionRow>, sqlx::Error> {
        let row = sqlx::query("SELECT id FROM revisions WHERE document_id = $1 AND number = $2")
            .bind(document_id)
            .bind(number)
            .fetch_optional(self.pool())
            .await?;
        match row {
            Some(r) => self.revision(r.try_get("id")?).await,
            None => Ok(None),
        }
    }

    pub async fn reviews(&self, document_id: i64) -> Result<Vec<ReviewRow>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT v.revision_id, u.name AS reviewer, v.decision, v.comment, v.at FROM reviews v \
             JOIN users u ON u.id = v.reviewer_id WHERE v.document_id = $1 ORDER BY v.id DESC",
        )
        .bind(document_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ReviewRow {
                    revision_id: r.try_get("revision_id")?,
                    reviewer: r.try_get("reviewer")?,
                    decision: {
                        let code: String = r.try_get("decision")?;
                        Decision::from_code(&code).ok_or_else(|| sqlx::Error::ColumnDecode {
                            index: "decision".into(),
                            source: format!("unknown decision `{code}`").into(),
                        })?
                    },
                    comment: r.try_get("comment")?,
                    at: r.try_get("at")?,
                })
            })
            .collect()
    }

    /// Records that the author confirmed a (masked) personal-data finding in a revision.
    pub async fn add_privacy_confirmation(
        &self,
        document_id: i64,
        revision_id: i64,
        finding: &ConfirmedFinding,
        by: i64,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO privacy_confirmations (document_id, revision_id, kind, excerpt, line, confirmed_by, at)              VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(document_id)
        .bind(revision_id)
        .bind(finding.kind.clone())
        .bind(finding.excerpt.clone())
        .bind(finding.line as i64)
        .bind(by)
        .bind(now())
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// The findings confirmed for a revision, in text order, with who confirmed them.
    pub async fn privacy_confirmations(&self, revision_id: i64) -> Result<Vec<ConfirmedFinding>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT c.kind, c.excerpt, c.line, u.name AS confirmed_by FROM privacy_confirmations c \
             LEFT JOIN users u ON u.id = c.confirmed_by WHERE c.revision_id = $1 ORDER BY c.line, c.id",
        )
        .bind(revision_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ConfirmedFinding {
                    kind: r.try_get("kind")?,
                    excerpt: r.try_get("excerpt")?,
                    line: r.try_get::<i64, _>("line")? as usize,
                    confirmed_by: r.try_get::<Option<String>, _>("confirmed_by")?.unwrap_or_default(),
                })
            })
            .collect()
    }

    /// The attachments of a revision, as new attachments (to carry them into the next one).
    pub async fn carried_attachments(&self, revision_id: i64) -> Result<Vec<NewAttachment>, sqlx::Error> {
        Ok(self
            .attachments_of_revision(revision_id)
            .await?
            .into_iter()
            .map(|a| NewAttachment {
                sha256: a.sha256,
                file_name: a.file_name,
                title: a.title,
                mime: a.mime,
                size: a.size,
            })
            .collect())
    }

    /// Every document that is not archived, with its working state and which version of its
    /// original its published revision follows (the translation desk).
    pub async fn desk_versions(&self) -> Result<Vec<DeskVersion>, sqlx::Error> {
        let rows = sqlx::query(&format!(
            "SELECT {DOCUMENT_COLUMNS}, pending, \
             (SELECT r.meta FROM revisions r WHERE r.id = documents.published_revision_id) AS published_meta \
             FROM documents WHERE status <> 'archived' ORDER BY slug, language"
        ))
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                let pending: Option<String> = r.try_get("pending")?;
                let meta: Option<String> = r.try_get("published_meta")?;
                Ok(DeskVersion {
                    document: document_from_row(r)?,
                    pending: pending.map(|p| decode_pending(&p)).transpose()?,
                    meta: meta.and_then(|m| serde_json::from_str(&m).ok()),
                })
            })
            .collect()
    }

    /// The published revisions of every original, oldest first, by slug.
    pub async fn original_histories(
        &self,
    ) -> Result<std::collections::HashMap<String, Vec<super::PublishedRevision>>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT d.slug, r.id, r.number, r.content_hash, r.published_at, d.id AS document_id FROM revisions r \
             JOIN documents d ON d.id = r.document_id \
             WHERE d.is_original = 1 AND r.published_at IS NOT NULL ORDER BY d.slug, r.number",
        )
        .fetch_all(self.pool())
        .await?;
        let mut out: std::collections::HashMap<String, Vec<super::PublishedRevision>> = Default::default();
        for r in &rows {
            out.entry(r.try_get("slug")?).or_default().push(super::PublishedRevision {
                id: r.try_get("id")?,
                document_id: r.try_get("document_id")?,
                number: r.try_get("number")?,
                content_hash: r.try_get("content_hash")?,
                published_at: r.try_get("published_at")?,
            });
        }
        Ok(out)
    }

    /// Every document's status, for the export.
    pub async fn exportable(&self) -> Result<Vec<DocumentRow>, sqlx::Error> {
        let rows = sqlx::query(&format!(
            "SELECT {DOCUMENT_COLUMNS} FROM documents WHERE status = '{}' ORDER BY slug, language",
            Status::Published.code()
        ))
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(document_from_row).collect()
    }
}

/// The working revision of a document that is in review (inside the deciding transaction).
async fn revision_in_review(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    id: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let row = sqlx::query("SELECT current_revision_id FROM documents WHERE id = $1 AND pending = 'review'")
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    row.map(|r| r.try_get("current_revision_id")).transpose()
}

async fn insert_review(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    doc: i64,
    revision: i64,
    reviewer: i64,
    decision: Decision,
    comment: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO reviews (document_id, revision_id, reviewer_id, decision, comment, at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(doc)
        .bind(revision)
        .bind(reviewer)
        .bind(decision.code())
        .bind(comment.to_string())
        .bind(now())
        .execute(&mut **tx)
        .await?;
    Ok(())
}
