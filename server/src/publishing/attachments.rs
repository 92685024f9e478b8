//! Attachments: uploads checked on their content and stored content-addressed, added to or
//! removed from a document as a new working revision.

use app::i18n::msg::{Bytes, Msg};

use super::draft::{Saved, build, form_from};
use super::may_edit;
use crate::auth::Session;
use crate::blobs::BlobStore;
use crate::db::{NewAttachment, SaveOutcome, Store};
use crate::error::{Error, Result};
use app::model::ConflictView;

/// The largest attachment uploaded through the editor.
pub const MAX_UPLOAD_BYTES: usize = 20 * 1024 * 1024;

/// What may be uploaded, judged from the content: slides, documents, spreadsheets, images.
pub const ALLOWED_TYPES: &[(&str, &str)] = &[
    ("application/pdf", "PDF"),
    ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word (DOCX)"),
    ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "PowerPoint (PPTX)"),
    ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel (XLSX)"),
    ("application/vnd.oasis.opendocument.text", "OpenDocument text"),
    ("application/vnd.oasis.opendocument.presentation", "OpenDocument presentation"),
    ("image/png", "PNG image"),
    ("image/jpeg", "JPEG image"),
    ("image/gif", "GIF image"),
    ("image/webp", "WebP image"),
];

/// Sanitises an uploaded file's name: no path, no control characters, at most 120 characters.
pub fn clean_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '<' | '>' | ':' | '*' | '?' | '|'))
        .take(120)
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_string();
    if cleaned.is_empty() { "attachment".into() } else { cleaned }
}

/// Checks an upload on its content and stores it; returns the attachment.
///
/// # Errors
/// `TooLarge` over the limit; `BadRequest` for a type that is not allowed (named).
pub async fn store_upload(blobs: &BlobStore, file_name: &str, title: &str, bytes: &[u8]) -> Result<NewAttachment> {
    if bytes.len() > MAX_UPLOAD_BYTES {
        let size = Bytes(bytes.len() as i64);
        return Err(Error::TooLarge(Msg::FileTooLarge { size, max: MAX_UPLOAD_BYTES / 1_048_576 }));
    }
    if bytes.is_empty() {
        return Err(Error::BadRequest(Msg::FileEmpty));
    }
    let crate::attachments::Inspection { mime, problem } = crate::attachments::inspect(bytes, file_name);
    if let Some(problem) = problem {
        return Err(Error::BadRequest(problem));
    }
    if !ALLOWED_TYPES.iter().any(|(m, _)| *m == mime) {
        let allowed: Vec<&str> = ALLOWED_TYPES.iter().map(|(_, n)| *n).collect();
        return Err(Error::BadRequest(Msg::FileTypeRefused { mime, allowed: allowed.join(", ") }));
    }
    let sha256 = blobs.put(bytes).await?;
    let file_name = clean_file_name(file_name);
    let title = if title.trim().is_empty() { file_name.clone() } else { title.trim().chars().take(200).collect() };
    Ok(NewAttachment { sha256, file_name, title, mime, size: bytes.len() as i64 })
}

/// Checks an upload and attaches it to the document's working revision (as a new revision).
///
/// # Errors
/// As [`store_upload`]; `Conflict` when someone saved the document meanwhile.
pub async fn attach(
    store: &Store,
    blobs: &BlobStore,
    session: &Session,
    document_id: i64,
    file_name: &str,
    title: &str,
    bytes: &[u8],
) -> Result<()> {
    if !may_edit(session) {
        return Err(Error::Forbidden);
    }
    let doc = store.document(document_id).await?.ok_or(Error::NotFound)?;
    let base = doc.current_revision_id.ok_or(Error::NotFound)?;
    let attachment = store_upload(blobs, file_name, title, bytes).await?;
    let mut list = store.carried_attachments(base).await?;
    let message = format!("Attached {}", attachment.file_name);
    list.push(attachment);
    match change_attachments(store, session, document_id, base, list, &message).await? {
        Saved::Ok { .. } => Ok(()),
        Saved::Conflict(..) => Err(Error::Conflict(Msg::DocumentChanged)),
    }
}

/// Removes an attachment from the document's working revision (as a new revision).
///
/// # Errors
/// `NotFound` for an attachment that is not on the working revision; `Conflict` when someone
/// saved the document meanwhile.
pub async fn detach(store: &Store, session: &Session, document_id: i64, attachment_id: i64) -> Result<()> {
    if !may_edit(session) {
        return Err(Error::Forbidden);
    }
    let doc = store.document(document_id).await?.ok_or(Error::NotFound)?;
    let base = doc.current_revision_id.ok_or(Error::NotFound)?;
    let current = store.attachments_of_revision(base).await?;
    let removed = current.iter().find(|a| a.id == attachment_id).ok_or(Error::NotFound)?.file_name.clone();
    let list = store.carried_attachments(base).await?;
    let keep: Vec<_> =
        list.into_iter().zip(current.iter()).filter(|(_, a)| a.id != attachment_id).map(|(n, _)| n).collect();
    match change_attachments(store, session, document_id, base, keep, &format!("Removed {removed}")).await? {
        Saved::Ok { .. } => Ok(()),
        Saved::Conflict(..) => Err(Error::Conflict(Msg::DocumentChanged)),
    }
}

/// A new working revision equal to `base` but with other attachments.
async fn change_attachments(
    store: &Store,
    session: &Session,
    document_id: i64,
    base: i64,
    attachments: Vec<NewAttachment>,
    message: &str,
) -> Result<Saved> {
    if !may_edit(session) {
        return Err(Error::Forbidden);
    }
    let doc = store.document(document_id).await?.ok_or(Error::NotFound)?;
    let rev = store.revision(base).await?.ok_or(Error::NotFound)?;
    if rev.document_id != document_id {
        return Err(Error::NotFound);
    }
    let mut form = form_from(document_id, &rev, &doc.slug);
    form.message = message.to_string();
    let built = build(store, &form, session, attachments).await?;
    match store.save_draft(Some(document_id), Some(base), &built.revision).await? {
        SaveOutcome::Saved { document_id, .. } => Ok(Saved::Ok { document_id, warnings: built.warnings }),
        SaveOutcome::Conflict { current } => {
            let theirs = store.revision(current).await?.ok_or(Error::NotFound)?;
            Ok(Saved::Conflict(
                ConflictView { theirs_author: String::new(), diff: Vec::new(), theirs_body: theirs.body },
                current,
            ))
        }
        SaveOutcome::SlugTaken => Err(Error::Conflict(Msg::DocumentChanged)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_cleaned() {
        assert_eq!(clean_file_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_file_name("C:\\Users\\x\\Slides: final?.pptx"), "Slides final.pptx");
        assert_eq!(clean_file_name(".hidden"), "hidden");
        assert_eq!(clean_file_name("\u{0}"), "attachment");
    }
}
