//! Changing a workplan activity's status from the workplan page: a new published revision of
//! the workplan with the status changed and a dated progress entry (the note), by its author,
//! audited. Status updates are operational facts, not new content, so they do not go through
//! review; a workplan with a draft in progress is changed in that draft instead, so nobody's
//! unpublished work is overtaken.

use app::i18n::msg::Msg;
use app::model::{ActivityStatus, AuditAction, Lang, ProgressEntry};

use super::draft::{build, form_from};
use super::may_edit;
use crate::audit::{self, Detail, Target};
use crate::auth::Session;
use crate::db::Store;
use crate::error::{Error, Result};
use crate::search::SearchIndex;

/// The flash a workplan page shows after the status form sent the reader back to it
/// (`?notice=status`).
pub fn flash(code: &str) -> Option<Msg> {
    (code == "status").then_some(Msg::StatusChanged)
}

/// The longest progress note, in characters.
pub const MAX_NOTE_CHARS: usize = 300;

/// What the status form sends.
pub struct StatusChange<'a> {
    pub slug: &'a str,
    pub language: Lang,
    pub activity: &'a str,
    pub status: &'a str,
    pub note: &'a str,
}

/// Publishes the workplan with the activity's new status and progress note.
///
/// # Errors
/// `Forbidden` for non-editors, `NotFound` for no such published workplan, `BadRequest` for an
/// unknown activity or status or a note too long, `Conflict` while a draft is in progress.
pub async fn change_status(
    store: &Store,
    search: &SearchIndex,
    session: &Session,
    change: StatusChange<'_>,
) -> Result<()> {
    if !may_edit(session) {
        return Err(Error::Forbidden);
    }
    let doc = store.document_by_key(change.slug, change.language).await?.ok_or(Error::NotFound)?;
    let published = doc.published_revision_id.ok_or(Error::NotFound)?;
    if doc.current_revision_id != Some(published) {
        return Err(Error::Conflict(Msg::WorkplanHasDraft));
    }
    let status = ActivityStatus::from_code(change.status).ok_or_else(|| {
        Error::BadRequest(Msg::UnknownValue {
            name: "status".into(),
            value: change.status.into(),
            expected: ActivityStatus::ALL.map(|s| s.code()).join(", "),
        })
    })?;
    let note = change.note.trim();
    if note.chars().count() > MAX_NOTE_CHARS {
        return Err(Error::BadRequest(Msg::NoteTooLong { max: MAX_NOTE_CHARS }));
    }
    let mut rev = store.revision(published).await?.ok_or(Error::NotFound)?;
    let activity = rev
        .meta
        .activities
        .iter_mut()
        .find(|a| a.id == change.activity)
        .ok_or_else(|| Error::BadRequest(Msg::NoSuchActivity { id: change.activity.into() }))?;
    let before = activity.status;
    activity.status = status;
    activity.progress.push(ProgressEntry {
        date: crate::dates::iso_date(crate::db::now()),
        status,
        note: note.to_string(),
    });
    let summary = format!(
        "{}: {} → {}{}",
        activity.id,
        before.code(),
        status.code(),
        if note.is_empty() { String::new() } else { format!(" ({note})") }
    );

    let mut form = form_from(doc.id, &rev, &doc.slug);
    form.base_revision = Some(published);
    form.message = summary.clone();
    let attachments = store.carried_attachments(published).await?;
    let built = build(store, &form, session, attachments).await?;
    store.publish_revision(&built.revision).await?;
    let target = Target::Document { id: doc.id, slug: Some(&doc.slug) };
    audit::record(store, Some(session.user.id), AuditAction::ActivityStatus, target, Detail::Text(&summary)).await?;
    search.sync().await.map_err(Error::Internal)?;
    Ok(())
}
