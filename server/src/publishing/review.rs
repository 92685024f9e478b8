//! From draft to published: the personal-data check before review, the review decision, and
//! archiving. Publishing and archiving bring search up to date before they answer.

use app::model::AuditAction;

use crate::audit::{self, Detail, Target};
use app::i18n::msg::Msg;
use app::model::FindingView;

use super::{may_decide, may_edit, may_review};
use crate::auth::Session;
use crate::db::{ConfirmedFinding, Store};
use crate::document::Pending;
use crate::error::{Error, Result};
use crate::privacy;
use crate::search::SearchIndex;

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
    let mut findings = privacy::scan(&text);
    // Links to documents that do not exist would be published as plain text: each must be
    // fixed or confirmed like a finding, and the reviewer sees the confirmation.
    let slugs = store.live_slugs().await?;
    let rendered = crate::content::markdown::render(&rev.body, &|s| slugs.get(s).copied());
    for (line, problem) in &rendered.problems {
        if let Msg::MissingLink { slug } = problem {
            findings.push(privacy::Finding::missing_link(slug, *line));
        }
    }
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
        let target = Target::Document { id: document_id, slug: Some(&doc.slug) };
        let finding = format!("{}: {}", f.kind, f.excerpt);
        audit::record(store, Some(session.user.id), AuditAction::PrivacyConfirm, target, Detail::Text(&finding))
            .await?;
    }
    if !store.submit_for_review(document_id, session.user.id).await? {
        return Err(Error::Conflict(Msg::OnlyDraftSubmitted));
    }
    let target = Target::Document { id: document_id, slug: Some(&doc.slug) };
    audit::record(store, Some(session.user.id), AuditAction::DocumentSubmit, target, Detail::Text("")).await?;
    crate::notify::submitted(store, session, document_id, &rev.meta.title).await;
    Ok(Submitted::Ok)
}

/// A reviewer approves (publishes) or returns the working revision; nobody approves their own
/// submission ([`may_decide`]). A published document is in lists and search when this returns.
pub async fn review(
    store: &Store,
    search: &SearchIndex,
    session: &Session,
    document_id: i64,
    approve: bool,
    comment: &str,
) -> Result<()> {
    if !may_review(session) {
        return Err(Error::Forbidden);
    }
    let wf = store.workflow(document_id).await?;
    if wf.pending != Some(Pending::Review) {
        return Err(Error::Conflict(Msg::NotInReview));
    }
    if !may_decide(session, &wf) {
        return Err(Error::ForbiddenWith(Msg::OwnSubmission));
    }
    if !approve && comment.trim().is_empty() {
        return Err(Error::BadRequest(Msg::ReturnNeedsComment));
    }
    // Read before the decision: approving makes the working revision the published one.
    let title = working_title(store, document_id).await?;
    let done = if approve {
        store.approve(document_id, session.user.id, comment.trim()).await?
    } else {
        store.return_to_draft(document_id, session.user.id, comment.trim()).await?
    };
    if !done {
        return Err(Error::Conflict(Msg::DecidedMeanwhile));
    }
    let action = if approve { AuditAction::DocumentApprove } else { AuditAction::DocumentReturn };
    let target = Target::Document { id: document_id, slug: None };
    audit::record(store, Some(session.user.id), action, target, Detail::Text(comment.trim())).await?;
    if let Some(author) = wf.submitted_by {
        crate::notify::reviewed(store, session, document_id, &title, author, approve).await;
    }
    // Published means searchable now, not within the next poll.
    search.sync().await.map_err(Error::Internal)?;
    Ok(())
}

/// Archives a document: it leaves every page, list, feed and (when this returns) search.
pub async fn archive(store: &Store, search: &SearchIndex, session: &Session, document_id: i64) -> Result<()> {
    if !may_edit(session) {
        return Err(Error::Forbidden);
    }
    store.archive_document(document_id).await?;
    let target = Target::Document { id: document_id, slug: None };
    audit::record(store, Some(session.user.id), AuditAction::DocumentArchive, target, Detail::Text("")).await?;
    search.sync().await.map_err(Error::Internal)?;
    Ok(())
}

/// The title of a document's working revision (what a submission is called).
async fn working_title(store: &Store, document_id: i64) -> Result<String> {
    let doc = store.document(document_id).await?.ok_or(Error::NotFound)?;
    let rev = store.revision(doc.current_revision_id.ok_or(Error::NotFound)?).await?.ok_or(Error::NotFound)?;
    Ok(rev.meta.title)
}
