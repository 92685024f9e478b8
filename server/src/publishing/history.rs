//! Restoring an old revision of a document as a new one, so nothing is lost.

use app::model::AuditAction;

use super::draft::{build, form_from};
use super::may_edit;
use crate::audit::{self, Detail, Target};
use crate::auth::Session;
use crate::db::{SaveOutcome, Store};
use crate::error::{Error, Result};
use app::i18n::msg::Msg;

/// Makes an old revision the working one again (as a new revision, so nothing is lost).
pub async fn restore(store: &Store, session: &Session, document_id: i64, number: i64) -> Result<()> {
    if !may_edit(session) {
        return Err(Error::Forbidden);
    }
    let doc = store.document(document_id).await?.ok_or(Error::NotFound)?;
    let old = store.revision_by_number(document_id, number).await?.ok_or(Error::NotFound)?;
    let mut form = form_from(document_id, &old, &doc.slug);
    form.base_revision = doc.current_revision_id;
    form.message = format!("Restored revision {number}");
    let attachments = store.carried_attachments(old.id).await?;
    let built = build(store, &form, session, attachments).await?;
    match store.save_draft(Some(document_id), doc.current_revision_id, &built.revision).await? {
        SaveOutcome::Saved { .. } => {
            let target = Target::Document { id: document_id, slug: Some(&built.slug) };
            let detail = Detail::Text(&form.message);
            audit::record(store, Some(session.user.id), AuditAction::DocumentRestore, target, detail).await?;
            Ok(())
        }
        _ => Err(Error::Conflict(Msg::DocumentChanged)),
    }
}
