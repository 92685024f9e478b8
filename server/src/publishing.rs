//! Publishing from the browser: turning the editor's form into a revision (with the same
//! validation as a file's front matter and the same renderer as imports), saving drafts with
//! conflict detection, the personal-data check before review, review decisions, attachments,
//! history, diffs and restoring.

use app::model::{AttachmentInfo, ConflictView, DiffLine, EditorForm, FindingView, Kind, Lang, Role, Visibility};
use sha2::{Digest, Sha256};

use crate::auth::Session;
use crate::blobs::BlobStore;
use crate::content::front_matter::{self, ActivityFields, EventFields, FrontMatter, PathInfo};
use crate::content::markdown;
use crate::db::{ConfirmedFinding, NewAttachment, NewRevision, RevisionRow, SaveOutcome, Store};
use crate::error::{Error, Result};
use crate::privacy;

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

/// Whether a member may write in the editor (editors and admins).
pub fn may_edit(session: &Session) -> bool {
    session.is(Role::Editor)
}

/// Whether a member may review (editors, moderators, admins).
pub fn may_review(session: &Session) -> bool {
    session.is(Role::Editor) || session.is(Role::Moderator)
}

/// The headings staff are expected to fill, per kind.
pub fn template(kind: Kind) -> &'static str {
    match kind {
        Kind::Lesson => {
            "## Context\n\nWhat was done, where and with whom (no names of survivors, no identifying details).\n\n\
             ## What worked\n\n\n\n## What we would change\n\n\n\n## Recommendations\n\n\n\n## Related documents\n\n"
        }
        Kind::CaseStudy => {
            "## Summary\n\n\n\n## Background\n\n\n\n## How it works\n\n\n\n## Strengths and challenges\n\n\n\n\
             ## Relevance for the partnership\n\n\n\n## Related documents\n\n"
        }
        Kind::Webinar => {
            "## About the webinar\n\n\n\n## What was presented\n\n\n\n## Materials\n\n\n\n## Questions and answers\n\n"
        }
        Kind::Workplan => {
            "## About this workplan\n\n\n\n## Activities\n\nThe activities are listed in the structured data below.\n"
        }
        Kind::Resource | Kind::Area => "",
    }
}

/// The structured parts of webinars and workplans, written as YAML in the editor.
#[derive(serde::Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Structured {
    #[serde(default)]
    event: Option<EventFields>,
    #[serde(default)]
    activities: Vec<ActivityFields>,
}

fn lines(s: &str) -> Vec<String> {
    s.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect()
}

fn comma_list(s: &str) -> Vec<String> {
    s.split([',', '\n']).map(str::trim).filter(|t| !t.is_empty()).map(str::to_string).collect()
}

/// A revision built from the form, with the warnings rendering gave (missing link targets).
pub struct Built {
    pub slug: String,
    pub is_original: bool,
    pub revision: NewRevision,
    pub warnings: Vec<String>,
}

/// Validates the form like a file's front matter and renders the body like an import.
///
/// # Errors
/// `BadRequest` with the first problem, in words for the editor.
pub async fn build(
    store: &Store,
    form: &EditorForm,
    author: &Session,
    attachments: Vec<NewAttachment>,
) -> Result<Built> {
    let kind = form.kind.ok_or_else(|| Error::BadRequest("Choose what kind of document this is.".into()))?;
    let (slug, is_original) = match form.document_id {
        Some(id) => {
            let d = store.document(id).await?.ok_or(Error::NotFound)?;
            (d.slug, d.is_original)
        }
        None if !form.translation_of.trim().is_empty() => {
            let original = form.translation_of.trim().to_string();
            if !store.live_slugs().await?.contains_key(&original) {
                return Err(Error::BadRequest(format!("There is no document `{original}` to translate.")));
            }
            (original, false)
        }
        None => {
            let wanted = if form.slug.trim().is_empty() {
                markdown::anchor_id(&form.title)
            } else {
                form.slug.trim().to_string()
            };
            (wanted, true)
        }
    };
    let structured: Structured = if form.structured.trim().is_empty() {
        Structured::default()
    } else {
        serde_norway::from_str(&form.structured).map_err(|e| Error::BadRequest(format!("Structured data: {e}")))?
    };
    let fm = FrontMatter {
        title: form.title.clone(),
        kind,
        language: Some(form.language),
        slug: Some(slug.clone()),
        summary: Some(form.summary.clone()),
        date: Some(form.date.trim().to_string()).filter(|d| !d.is_empty()),
        authors: lines(&form.authors),
        countries: form.countries.clone(),
        areas: form.areas.clone(),
        tags: comma_list(&form.tags),
        visibility: Some(form.visibility),
        attachments: Vec::new(),
        event: structured.event,
        activities: structured.activities,
    };
    let info = PathInfo { slug: slug.clone(), language: Some(form.language) };
    let parsed = front_matter::validate(fm, &info, &|_| 0).map_err(|p| Error::BadRequest(p.message))?;
    let mut meta = parsed.meta;
    meta.attachments = attachments
        .iter()
        .map(|a| crate::document::AttachmentMeta { file: format!("files/{}", a.file_name), title: a.title.clone() })
        .collect();
    let slugs = store.live_slugs().await?;
    let mut warnings = Vec::new();
    for area in &meta.areas {
        if slugs.get(area) != Some(&Kind::Area) {
            warnings.push(format!("There is no exchange area `{area}`."));
        }
    }
    let mut known = slugs;
    known.insert(slug.clone(), kind);
    let rendered = markdown::render(&form.body, &|s| known.get(s).copied());
    warnings.extend(rendered.problems.iter().map(|(line, m)| format!("Line {line}: {m}")));
    let mut h = Sha256::new();
    h.update(form.body.as_bytes());
    h.update(serde_json::to_vec(&meta).unwrap_or_default());
    for a in &attachments {
        h.update(a.sha256.as_bytes());
    }
    let message = if form.message.trim().is_empty() {
        "Edited in the portal".to_string()
    } else {
        form.message.trim().to_string()
    };
    Ok(Built {
        slug: slug.clone(),
        is_original,
        revision: NewRevision {
            slug,
            is_original,
            meta,
            body: form.body.clone(),
            html: rendered.html,
            toc: rendered.toc,
            sections: rendered.sections,
            links: rendered.links,
            attachments,
            content_hash: hex::encode(h.finalize()),
            source_path: None,
            import_hash: None,
            author_id: Some(author.user.id),
            message,
        },
        warnings,
    })
}

/// The outcome of saving from the editor.
pub enum Saved {
    Ok { document_id: i64, warnings: Vec<String> },
    Conflict(ConflictView, i64),
}

/// Saves a working revision (a draft), refusing to overwrite a revision saved meanwhile.
pub async fn save(store: &Store, session: &Session, form: &EditorForm) -> Result<Saved> {
    if !may_edit(session) {
        return Err(Error::Forbidden);
    }
    // Attachments carry over from the revision the editor started from.
    let attachments = match form.base_revision {
        Some(base) => store.carried_attachments(base).await?,
        None => Vec::new(),
    };
    let built = build(store, form, session, attachments).await?;
    match store.save_draft(form.document_id, form.base_revision, &built.revision).await? {
        SaveOutcome::Saved { document_id, .. } => {
            store
                .audit(
                    Some(session.user.id),
                    "document.save",
                    &format!("document {document_id} ({})", built.slug),
                    &built.revision.message,
                )
                .await?;
            Ok(Saved::Ok { document_id, warnings: built.warnings })
        }
        SaveOutcome::SlugTaken => Err(Error::Conflict(format!(
            "A document `{}` in this language already exists. Choose another address (slug), or edit that document.",
            built.slug
        ))),
        SaveOutcome::Conflict { current } => {
            let theirs = store.revision(current).await?.ok_or(Error::NotFound)?;
            let author = match theirs.author_id {
                Some(id) => store.user(id).await?.map(|u| u.name).unwrap_or_default(),
                None => "the content folder".into(),
            };
            Ok(Saved::Conflict(
                ConflictView {
                    theirs_author: author,
                    diff: diff_text(&theirs.body, &form.body),
                    theirs_body: theirs.body,
                },
                current,
            ))
        }
    }
}

/// What a submission found.
pub enum Submitted {
    Ok,
    Findings(Vec<FindingView>),
}

/// Sends the working revision to review, after the personal-data check: each finding must be
/// fixed (and saved) or confirmed; confirmations go to the audit log.
pub async fn submit(store: &Store, session: &Session, document_id: i64, confirmed: &[String]) -> Result<Submitted> {
    if !may_edit(session) {
        return Err(Error::Forbidden);
    }
    let doc = store.document(document_id).await?.ok_or(Error::NotFound)?;
    let rev = store.revision(doc.current_revision_id.ok_or(Error::NotFound)?).await?.ok_or(Error::NotFound)?;
    let text = format!("{}\n{}\n{}", rev.meta.title, rev.meta.summary, rev.body);
    let findings = privacy::scan(&text);
    let open: Vec<FindingView> = findings
        .iter()
        .filter(|f| !confirmed.contains(&f.fingerprint))
        .map(|f| FindingView {
            fingerprint: f.fingerprint.clone(),
            kind: f.kind.into(),
            excerpt: f.excerpt.clone(),
            line: f.line,
        })
        .collect();
    if !open.is_empty() {
        return Ok(Submitted::Findings(open));
    }
    for f in &findings {
        let confirmed = ConfirmedFinding {
            kind: f.kind.into(),
            excerpt: f.excerpt.clone(),
            line: f.line,
            confirmed_by: String::new(),
        };
        store.add_privacy_confirmation(document_id, rev.id, &confirmed, session.user.id).await?;
        store
            .audit(
                Some(session.user.id),
                "privacy.confirm",
                &format!("document {document_id} ({})", doc.slug),
                &format!("{}: {}", f.kind, f.excerpt),
            )
            .await?;
    }
    if !store.submit_for_review(document_id, session.user.id).await? {
        return Err(Error::Conflict("Only a draft can be submitted for review.".into()));
    }
    store
        .audit(Some(session.user.id), "document.submit", &format!("document {document_id} ({})", doc.slug), "")
        .await?;
    Ok(Submitted::Ok)
}

/// A reviewer approves (publishes) or returns the working revision. Nobody approves their own
/// submission.
pub async fn review(store: &Store, session: &Session, document_id: i64, approve: bool, comment: &str) -> Result<()> {
    if !may_review(session) {
        return Err(Error::Forbidden);
    }
    let wf = store.workflow(document_id).await?;
    if wf.pending.as_deref() != Some("review") {
        return Err(Error::Conflict("This document is not waiting for review.".into()));
    }
    if wf.submitted_by == Some(session.user.id) {
        return Err(Error::ForbiddenWith(
            "You submitted this document; another editor, a moderator or an admin reviews it.".into(),
        ));
    }
    if !approve && comment.trim().is_empty() {
        return Err(Error::BadRequest("Say what should change when sending a document back.".into()));
    }
    let done = if approve {
        store.approve(document_id, session.user.id, comment.trim()).await?
    } else {
        store.return_to_draft(document_id, session.user.id, comment.trim()).await?
    };
    if !done {
        return Err(Error::Conflict("Someone else decided on this document first.".into()));
    }
    let action = if approve { "document.approve" } else { "document.return" };
    store.audit(Some(session.user.id), action, &format!("document {document_id}"), comment.trim()).await?;
    Ok(())
}

/// Archives a document (it leaves every page, list, feed and search).
pub async fn archive(store: &Store, session: &Session, document_id: i64) -> Result<()> {
    if !may_edit(session) {
        return Err(Error::Forbidden);
    }
    store.archive_document(document_id).await?;
    store.audit(Some(session.user.id), "document.archive", &format!("document {document_id}"), "").await?;
    Ok(())
}

/// The editor's form filled from a stored revision.
pub fn form_from(doc_id: i64, rev: &RevisionRow, slug: &str) -> EditorForm {
    let m = &rev.meta;
    #[derive(serde::Serialize)]
    struct StructuredOut<'a> {
        #[serde(skip_serializing_if = "Option::is_none")]
        event: Option<&'a app::model::EventInfo>,
        #[serde(skip_serializing_if = "<[app::model::Activity]>::is_empty")]
        activities: &'a [app::model::Activity],
    }
    let structured = if m.event.is_some() || !m.activities.is_empty() {
        serde_norway::to_string(&StructuredOut { event: m.event.as_ref(), activities: &m.activities })
            .unwrap_or_default()
    } else {
        String::new()
    };
    EditorForm {
        document_id: Some(doc_id),
        base_revision: Some(rev.id),
        slug: slug.to_string(),
        translation_of: String::new(),
        title: m.title.clone(),
        kind: Some(m.kind),
        language: m.language,
        summary: m.summary.clone(),
        date: m.date.clone().unwrap_or_default(),
        authors: m.authors.join("\n"),
        countries: m.countries.clone(),
        areas: m.areas.clone(),
        tags: m.tags.join(", "),
        visibility: m.visibility,
        body: rev.body.clone(),
        structured,
        message: String::new(),
    }
}

/// A new document's form: the kind's template, the editor as author.
pub fn new_form(kind: Kind, language: Lang, translation_of: &str, author: &str) -> EditorForm {
    EditorForm {
        kind: Some(kind),
        language,
        translation_of: translation_of.to_string(),
        authors: author.to_string(),
        body: template(kind).to_string(),
        visibility: Visibility::Partners,
        date: time::OffsetDateTime::now_utc().date().to_string(),
        ..Default::default()
    }
}

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
        return Err(Error::TooLarge(format!(
            "The file is {:.1} MB; attachments may be at most {} MB.",
            bytes.len() as f64 / 1_048_576.0,
            MAX_UPLOAD_BYTES / 1_048_576
        )));
    }
    if bytes.is_empty() {
        return Err(Error::BadRequest("The file is empty.".into()));
    }
    let crate::attachments::Inspection { mime, problem } = crate::attachments::inspect(bytes, file_name);
    if let Some(problem) = problem {
        return Err(Error::BadRequest(format!("This file cannot be attached: {problem}. Nothing was changed.")));
    }
    if !ALLOWED_TYPES.iter().any(|(m, _)| *m == mime) {
        let allowed: Vec<&str> = ALLOWED_TYPES.iter().map(|(_, n)| *n).collect();
        return Err(Error::BadRequest(format!(
            "This file's content is {mime}, which cannot be attached (whatever its name says). Allowed: {}.",
            allowed.join(", ")
        )));
    }
    let sha256 = blobs.put(bytes).await?;
    let file_name = clean_file_name(file_name);
    let title = if title.trim().is_empty() { file_name.clone() } else { title.trim().chars().take(200).collect() };
    Ok(NewAttachment { sha256, file_name, title, mime, size: bytes.len() as i64 })
}

/// A new working revision equal to `base` but with other attachments.
pub async fn change_attachments(
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
        SaveOutcome::SlugTaken => Err(Error::Conflict("The document changed; reload it.".into())),
    }
}

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
            store
                .audit(Some(session.user.id), "document.restore", &format!("document {document_id}"), &form.message)
                .await?;
            Ok(())
        }
        _ => Err(Error::Conflict("The document changed while restoring; try again.".into())),
    }
}

/// The text a revision diff compares: its front matter, then its body.
pub fn comparable(rev: &RevisionRow) -> String {
    format!("{}---\n{}", front_matter::to_yaml(&rev.meta, None, None), rev.body)
}

/// A line diff (the `similar` crate), as lines a page can show.
pub fn diff_text(old: &str, new: &str) -> Vec<DiffLine> {
    similar::TextDiff::from_lines(old, new)
        .iter_all_changes()
        .map(|c| DiffLine {
            sign: match c.tag() {
                similar::ChangeTag::Delete => '-',
                similar::ChangeTag::Insert => '+',
                similar::ChangeTag::Equal => ' ',
            },
            text: c.value().trim_end_matches('\n').to_string(),
        })
        .collect()
}

/// Attachments of a revision, as pages list them.
pub async fn attachment_infos(store: &Store, revision_id: i64) -> Result<Vec<AttachmentInfo>> {
    Ok(store
        .attachments_of_revision(revision_id)
        .await?
        .into_iter()
        .map(|a| AttachmentInfo { id: a.id, title: a.title, file_name: a.file_name, mime: a.mime, size: a.size })
        .collect())
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

    #[test]
    fn diffs_mark_lines() {
        let d = diff_text("a\nb\nc\n", "a\nB\nc\n");
        let signs: String = d.iter().map(|l| l.sign).collect();
        assert_eq!(signs, " -+ ");
        assert_eq!(d[2].text, "B");
    }
}
