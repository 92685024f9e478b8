//! The editors' pages: dashboard, editing (with preview, save, submit), review, attachments,
//! history, diffs and restore. Everything is a form with redirect-after-post; the live preview
//! is the one enhancement that needs JavaScript.

use crate::routes::form::Form;
use app::model::{
    ConfirmedView, EditorForm, EditorPage, HistoryLine, Kind, Lang, Named, ReviewView, Visibility, WorkLine,
};
use app::pages::editor::{DashboardPage, DiffPage, EditorPageView, HistoryPage};
use axum::Router;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use leptos::prelude::*;
use serde::Deserialize;

use crate::auth::{Member, Session};
use crate::catalog::Catalog;
use crate::discussion::format_time;
use crate::error::{Error, Result};
use crate::publishing::{self, MAX_UPLOAD_BYTES, Saved, Submitted};
use crate::routes::account::parse_lang;
use crate::routes::pages::{PageContext, page};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/{lang}/editor", get(dashboard))
        .route("/{lang}/editor/new", get(new_form).post(save_new))
        .route("/{lang}/editor/{id}", get(edit_form).post(save_existing))
        .route("/{lang}/editor/{id}/submit", post(submit))
        .route("/{lang}/editor/{id}/review", post(review))
        .route("/{lang}/editor/{id}/archive", post(archive))
        .route(
            "/{lang}/editor/{id}/attachments",
            post(upload).layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES + 1024 * 1024)),
        )
        .route("/{lang}/editor/{id}/attachments/{attachment}/remove", post(remove_attachment))
        .route("/{lang}/editor/{id}/history", get(history))
        .route("/{lang}/editor/{id}/diff", get(diff))
        .route("/{lang}/editor/{id}/restore/{number}", post(restore))
}

fn require_editor(session: &Session) -> Result<()> {
    if publishing::may_edit(session) { Ok(()) } else { Err(Error::Forbidden) }
}

fn require_staff(session: &Session) -> Result<()> {
    if publishing::may_review(session) { Ok(()) } else { Err(Error::Forbidden) }
}

async fn dashboard(
    State(state): State<AppState>,
    ctx: PageContext,
    Member(session): Member,
    Path(lang): Path<String>,
) -> Result<Response> {
    let lang = parse_lang(&lang)?;
    require_staff(&session)?;
    let work = state
        .store
        .work_items()
        .await?
        .into_iter()
        .map(|w| WorkLine {
            document_id: w.document.id,
            title: if w.working_title.is_empty() { w.document.title.clone() } else { w.working_title },
            kind: w.document.kind,
            language: w.document.language,
            state: w.pending,
            updated: format_time(w.updated_at),
        })
        .collect();
    let documents = state
        .store
        .editable_documents(None)
        .await?
        .into_iter()
        .filter(|d| d.status == crate::document::Status::Published)
        .map(|d| WorkLine {
            document_id: d.id,
            title: d.title,
            kind: d.kind,
            language: d.language,
            state: "published".into(),
            updated: format_time(d.updated_at),
        })
        .collect();
    let mut meta = ctx.meta(lang, app::i18n::ui(lang).editor, "/editor");
    meta.noindex = true;
    Ok(page(&state, &ctx, meta, move || view! { <DashboardPage lang work documents/> }))
}

/// Area choices in the reader's language.
async fn area_choices(state: &AppState, session: &Session, lang: Lang) -> Result<Vec<Named>> {
    let mut areas: Vec<Named> = Catalog::new(&state.store, &session.viewer())
        .area_titles(lang)
        .await?
        .into_iter()
        .map(|(slug, title)| Named { slug, title })
        .collect();
    areas.sort_by(|a, b| a.title.cmp(&b.title));
    Ok(areas)
}

/// The editor page for a form, with the document's state, attachments and reviews.
async fn editor_page(state: &AppState, session: &Session, lang: Lang, mut page_data: EditorPage) -> Result<EditorPage> {
    page_data.area_choices = area_choices(state, session, lang).await?;
    page_data.can_edit = publishing::may_edit(session);
    if let Some(id) = page_data.form.document_id {
        let doc = state.store.document(id).await?.ok_or(Error::NotFound)?;
        let wf = state.store.workflow(id).await?;
        page_data.state = if doc.status == crate::document::Status::Archived {
            "archived".into()
        } else {
            wf.pending.clone().unwrap_or_else(|| "published".into())
        };
        page_data.can_review = publishing::may_review(session) && wf.submitted_by != Some(session.user.id);
        if let Some(rev) = doc.current_revision_id {
            page_data.attachments = publishing::attachment_infos(&state.store, rev).await?;
            if wf.pending.as_deref() == Some("review") {
                page_data.confirmed = state
                    .store
                    .privacy_confirmations(rev)
                    .await?
                    .into_iter()
                    .map(|c| ConfirmedView {
                        kind: c.kind,
                        excerpt: c.excerpt,
                        line: c.line,
                        confirmed_by: c.confirmed_by,
                    })
                    .collect();
            }
        }
        page_data.reviews = state
            .store
            .reviews(id)
            .await?
            .into_iter()
            .map(|r| ReviewView {
                reviewer: r.reviewer,
                decision: r.decision,
                comment: r.comment,
                when: format_time(r.at),
            })
            .collect();
        if doc.published_revision_id.is_some() && doc.status == crate::document::Status::Published {
            page_data.public_url = Some(format!("/{lang}/doc/{}", doc.slug));
        }
    } else {
        page_data.state = "new".into();
    }
    Ok(page_data)
}

fn render(state: &AppState, ctx: &PageContext, lang: Lang, data: EditorPage) -> Response {
    let title =
        if data.form.title.is_empty() { app::i18n::ui(lang).new_document.to_string() } else { data.form.title.clone() };
    let path = match data.form.document_id {
        Some(id) => format!("/editor/{id}"),
        None => "/editor/new".into(),
    };
    let mut meta = ctx.meta(lang, title, path);
    meta.noindex = true;
    let csrf = ctx.csrf.clone();
    page(state, ctx, meta, move || view! { <EditorPageView lang page=data csrf/> })
}

#[derive(Deserialize)]
struct NewQuery {
    kind: Option<String>,
    language: Option<String>,
    translation_of: Option<String>,
}

async fn new_form(
    State(state): State<AppState>,
    ctx: PageContext,
    Member(session): Member,
    Path(lang): Path<String>,
    Query(q): Query<NewQuery>,
) -> Result<Response> {
    let lang = parse_lang(&lang)?;
    require_editor(&session)?;
    let kind = q.kind.as_deref().and_then(Kind::from_code).unwrap_or(Kind::Lesson);
    let language = q.language.as_deref().and_then(Lang::from_code).unwrap_or(lang);
    let form = publishing::new_form(kind, language, q.translation_of.as_deref().unwrap_or(""), &session.user.name);
    let data = editor_page(&state, &session, lang, EditorPage { form, ..Default::default() }).await?;
    Ok(render(&state, &ctx, lang, data))
}

async fn edit_form(
    State(state): State<AppState>,
    ctx: PageContext,
    Member(session): Member,
    Path((lang, id)): Path<(String, i64)>,
    Query(q): Query<NoticeQuery>,
) -> Result<Response> {
    let lang = parse_lang(&lang)?;
    require_staff(&session)?;
    let doc = state.store.document(id).await?.ok_or(Error::NotFound)?;
    let rev = state.store.revision(doc.current_revision_id.ok_or(Error::NotFound)?).await?.ok_or(Error::NotFound)?;
    let form = publishing::form_from(id, &rev, &doc.slug);
    let notice = q.notice.as_deref().map(|n| notice_text(lang, n));
    let data = editor_page(&state, &session, lang, EditorPage { form, notice, ..Default::default() }).await?;
    Ok(render(&state, &ctx, lang, data))
}

#[derive(Deserialize)]
struct NoticeQuery {
    notice: Option<String>,
}

fn notice_text(_lang: Lang, code: &str) -> String {
    match code {
        "saved" => "Draft saved.",
        "submitted" => "Submitted for review. Another editor, a moderator or an admin will review it.",
        "approved" => "Approved and published. It is in the lists and in search now.",
        "returned" => "Sent back to its authors with your comment.",
        "attached" => "File attached (a new draft revision).",
        "removed" => "Attachment removed (a new draft revision).",
        "restored" => "The old revision is now the working copy (as a new revision).",
        _ => "Done.",
    }
    .to_string()
}

/// The form as posted.
#[derive(Deserialize, Default)]
struct Fields {
    #[serde(default)]
    base_revision: String,
    #[serde(default)]
    translation_of: String,
    #[serde(default)]
    slug: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    language: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    authors: String,
    #[serde(default)]
    countries: Vec<String>,
    #[serde(default)]
    areas: Vec<String>,
    #[serde(default)]
    tags: String,
    #[serde(default)]
    visibility: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    structured: String,
    #[serde(default)]
    message: String,
    #[serde(default)]
    action: String,
}

impl Fields {
    fn form(self, document_id: Option<i64>, lang: Lang) -> EditorForm {
        EditorForm {
            document_id,
            base_revision: self.base_revision.trim().parse().ok(),
            slug: self.slug.trim().to_string(),
            translation_of: self.translation_of.trim().to_string(),
            title: self.title,
            kind: Kind::from_code(&self.kind),
            language: Lang::from_code(&self.language).unwrap_or(lang),
            summary: self.summary,
            date: self.date,
            authors: self.authors,
            countries: self.countries,
            areas: self.areas,
            tags: self.tags,
            visibility: Visibility::from_code(&self.visibility).unwrap_or(Visibility::Partners),
            body: self.body,
            structured: self.structured,
            message: self.message,
        }
    }
}

async fn save_new(
    State(state): State<AppState>,
    ctx: PageContext,
    Member(session): Member,
    Path(lang): Path<String>,
    Form(f): Form<Fields>,
) -> Result<Response> {
    let lang = parse_lang(&lang)?;
    let action = f.action.clone();
    save_or_preview(&state, &ctx, &session, lang, f.form(None, lang), &action).await
}

async fn save_existing(
    State(state): State<AppState>,
    ctx: PageContext,
    Member(session): Member,
    Path((lang, id)): Path<(String, i64)>,
    Form(f): Form<Fields>,
) -> Result<Response> {
    let lang = parse_lang(&lang)?;
    state.store.document(id).await?.ok_or(Error::NotFound)?;
    let action = f.action.clone();
    save_or_preview(&state, &ctx, &session, lang, f.form(Some(id), lang), &action).await
}

/// Preview, save, or save and submit. A refused save comes back with everything typed.
async fn save_or_preview(
    state: &AppState,
    ctx: &PageContext,
    session: &Session,
    lang: Lang,
    form: EditorForm,
    action: &str,
) -> Result<Response> {
    require_editor(session)?;
    if action == "preview" {
        let slugs = state.store.live_slugs().await?;
        let html = crate::content::markdown::render(&form.body, &|s| slugs.get(s).copied()).html;
        let preview_html = Some(crate::document::localise_html(&html, lang));
        let data = editor_page(state, session, lang, EditorPage { form, preview_html, ..Default::default() }).await?;
        return Ok(render(state, ctx, lang, data));
    }
    match publishing::save(&state.store, session, &form).await {
        Ok(Saved::Ok { document_id, warnings }) => {
            if action == "submit" {
                return submit_flow(state, ctx, session, lang, document_id, &[]).await;
            }
            if warnings.is_empty() {
                Ok(Redirect::to(&format!("/{lang}/editor/{document_id}?notice=saved")).into_response())
            } else {
                // Saved, with something to fix: stay on the page and say what.
                let doc = state.store.document(document_id).await?.ok_or(Error::NotFound)?;
                let rev =
                    state.store.revision(doc.current_revision_id.unwrap_or_default()).await?.ok_or(Error::NotFound)?;
                let data = EditorPage {
                    form: publishing::form_from(document_id, &rev, &doc.slug),
                    warnings,
                    notice: Some(notice_text(lang, "saved")),
                    ..Default::default()
                };
                Ok(render(state, ctx, lang, editor_page(state, session, lang, data).await?))
            }
        }
        Ok(Saved::Conflict(conflict, current)) => {
            let mut form = form;
            // Saving again from here knowingly builds on their version.
            form.base_revision = Some(current);
            let data = EditorPage { form, conflict: Some(conflict), ..Default::default() };
            let mut res = render(state, ctx, lang, editor_page(state, session, lang, data).await?);
            *res.status_mut() = axum::http::StatusCode::CONFLICT;
            Ok(res)
        }
        Err(e) if e.status().is_client_error() && e.status() != axum::http::StatusCode::NOT_FOUND => {
            let status = e.status();
            let data = EditorPage { form, errors: vec![e.public_message()], ..Default::default() };
            let mut res = render(state, ctx, lang, editor_page(state, session, lang, data).await?);
            *res.status_mut() = status;
            Ok(res)
        }
        Err(e) => Err(e),
    }
}

async fn submit_flow(
    state: &AppState,
    ctx: &PageContext,
    session: &Session,
    lang: Lang,
    id: i64,
    confirmed: &[String],
) -> Result<Response> {
    match publishing::submit(&state.store, session, id, confirmed).await? {
        Submitted::Ok => Ok(Redirect::to(&format!("/{lang}/editor/{id}?notice=submitted")).into_response()),
        Submitted::Findings(findings) => {
            let doc = state.store.document(id).await?.ok_or(Error::NotFound)?;
            let rev =
                state.store.revision(doc.current_revision_id.unwrap_or_default()).await?.ok_or(Error::NotFound)?;
            let data = EditorPage { form: publishing::form_from(id, &rev, &doc.slug), findings, ..Default::default() };
            let mut res = render(state, ctx, lang, editor_page(state, session, lang, data).await?);
            *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
    }
}

#[derive(Deserialize, Default)]
struct SubmitFields {
    #[serde(default)]
    confirm: Vec<String>,
}

async fn submit(
    State(state): State<AppState>,
    ctx: PageContext,
    Member(session): Member,
    Path((lang, id)): Path<(String, i64)>,
    Form(f): Form<SubmitFields>,
) -> Result<Response> {
    let lang = parse_lang(&lang)?;
    submit_flow(&state, &ctx, &session, lang, id, &f.confirm).await
}

#[derive(Deserialize)]
struct ReviewFields {
    decision: String,
    #[serde(default)]
    comment: String,
}

async fn review(
    State(state): State<AppState>,
    ctx: PageContext,
    Member(session): Member,
    Path((lang, id)): Path<(String, i64)>,
    Form(f): Form<ReviewFields>,
) -> Result<Response> {
    let lang = parse_lang(&lang)?;
    let approve = f.decision == "approve";
    match publishing::review(&state.store, &session, id, approve, &f.comment).await {
        Ok(()) => {
            // Published means searchable now, not within the next poll.
            state.search.sync().await.map_err(Error::Internal)?;
            let notice = if approve { "approved" } else { "returned" };
            Ok(Redirect::to(&format!("/{lang}/editor/{id}?notice={notice}")).into_response())
        }
        Err(e @ Error::BadRequest(_)) => {
            let doc = state.store.document(id).await?.ok_or(Error::NotFound)?;
            let rev =
                state.store.revision(doc.current_revision_id.unwrap_or_default()).await?.ok_or(Error::NotFound)?;
            let data = EditorPage {
                form: publishing::form_from(id, &rev, &doc.slug),
                errors: vec![e.public_message()],
                ..Default::default()
            };
            let mut res = render(&state, &ctx, lang, editor_page(&state, &session, lang, data).await?);
            *res.status_mut() = e.status();
            Ok(res)
        }
        Err(e) => Err(e),
    }
}

async fn archive(
    State(state): State<AppState>,
    Member(session): Member,
    Path((lang, id)): Path<(String, i64)>,
) -> Result<Response> {
    let lang = parse_lang(&lang)?;
    publishing::archive(&state.store, &session, id).await?;
    state.search.sync().await.map_err(Error::Internal)?;
    Ok(Redirect::to(&format!("/{lang}/editor")).into_response())
}

async fn upload(
    State(state): State<AppState>,
    Member(session): Member,
    Path((lang, id)): Path<(String, i64)>,
    mut multipart: Multipart,
) -> Result<Response> {
    let lang = parse_lang(&lang)?;
    require_editor(&session)?;
    let too_large = || {
        Error::TooLarge(format!(
            "The file is larger than {} MB, the most an attachment may be. Nothing was changed.",
            MAX_UPLOAD_BYTES / 1_048_576
        ))
    };
    let (mut file, mut title) = (None, String::new());
    while let Some(field) = multipart.next_field().await.map_err(|e| {
        if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
            too_large()
        } else {
            Error::BadRequest(e.body_text())
        }
    })? {
        match field.name() {
            Some("file") => {
                let name = field.file_name().unwrap_or("attachment").to_string();
                let bytes = field.bytes().await.map_err(|e| {
                    if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                        too_large()
                    } else {
                        Error::BadRequest(e.body_text())
                    }
                })?;
                file = Some((name, bytes));
            }
            Some("title") => title = field.text().await.unwrap_or_default(),
            _ => {}
        }
    }
    let (name, bytes) = file.ok_or_else(|| Error::BadRequest("Choose a file to attach.".into()))?;
    let doc = state.store.document(id).await?.ok_or(Error::NotFound)?;
    let base = doc.current_revision_id.ok_or(Error::NotFound)?;
    let attachment = publishing::store_upload(&state.blobs, &name, &title, &bytes).await?;
    let mut list = state.store.carried_attachments(base).await?;
    let message = format!("Attached {}", attachment.file_name);
    list.push(attachment);
    match publishing::change_attachments(&state.store, &session, id, base, list, &message).await? {
        Saved::Ok { .. } => Ok(Redirect::to(&format!("/{lang}/editor/{id}?notice=attached")).into_response()),
        Saved::Conflict(..) => {
            Err(Error::Conflict("The document changed while uploading; reload it and attach again.".into()))
        }
    }
}

async fn remove_attachment(
    State(state): State<AppState>,
    Member(session): Member,
    Path((lang, id, attachment)): Path<(String, i64, i64)>,
) -> Result<Response> {
    let lang = parse_lang(&lang)?;
    require_editor(&session)?;
    let doc = state.store.document(id).await?.ok_or(Error::NotFound)?;
    let base = doc.current_revision_id.ok_or(Error::NotFound)?;
    let current = state.store.attachments_of_revision(base).await?;
    let removed = current.iter().find(|a| a.id == attachment).ok_or(Error::NotFound)?.file_name.clone();
    let list = state.store.carried_attachments(base).await?;
    let keep: Vec<_> =
        list.into_iter().zip(current.iter()).filter(|(_, a)| a.id != attachment).map(|(n, _)| n).collect();
    match publishing::change_attachments(&state.store, &session, id, base, keep, &format!("Removed {removed}")).await? {
        Saved::Ok { .. } => Ok(Redirect::to(&format!("/{lang}/editor/{id}?notice=removed")).into_response()),
        Saved::Conflict(..) => Err(Error::Conflict("The document changed meanwhile; reload it and try again.".into())),
    }
}

async fn history(
    State(state): State<AppState>,
    ctx: PageContext,
    Member(session): Member,
    Path((lang, id)): Path<(String, i64)>,
) -> Result<Response> {
    let lang = parse_lang(&lang)?;
    require_staff(&session)?;
    let doc = state.store.document(id).await?.ok_or(Error::NotFound)?;
    let lines = state
        .store
        .history(id)
        .await?
        .into_iter()
        .map(|r| HistoryLine {
            number: r.number,
            author: r.author.unwrap_or_else(|| "content folder".into()),
            message: r.message,
            when: format_time(r.created_at),
            published: doc.published_revision_id == Some(r.id),
            current: doc.current_revision_id == Some(r.id),
        })
        .collect();
    let (title, csrf) = (doc.title.clone(), ctx.csrf.clone());
    let mut meta = ctx.meta(lang, format!("{}: {title}", app::i18n::ui(lang).history), format!("/editor/{id}/history"));
    meta.noindex = true;
    Ok(page(&state, &ctx, meta, move || view! { <HistoryPage lang document_id=id title lines csrf/> }))
}

#[derive(Deserialize)]
struct DiffQuery {
    a: Option<String>,
    b: Option<String>,
}

async fn diff(
    State(state): State<AppState>,
    ctx: PageContext,
    Member(session): Member,
    Path((lang, id)): Path<(String, i64)>,
    Query(q): Query<DiffQuery>,
) -> Result<Response> {
    let lang = parse_lang(&lang)?;
    require_staff(&session)?;
    let doc = state.store.document(id).await?.ok_or(Error::NotFound)?;
    let number = |s: &Option<String>| {
        s.as_deref()
            .and_then(|v| v.parse::<i64>().ok())
            .ok_or_else(|| Error::BadRequest("Choose two revisions.".into()))
    };
    let (a, b) = (number(&q.a)?, number(&q.b)?);
    let ra = state.store.revision_by_number(id, a).await?.ok_or(Error::NotFound)?;
    let rb = state.store.revision_by_number(id, b).await?.ok_or(Error::NotFound)?;
    let lines = publishing::diff_text(&publishing::comparable(&ra), &publishing::comparable(&rb));
    let title = doc.title.clone();
    let mut meta = ctx.meta(lang, format!("{title}: {a} → {b}"), format!("/editor/{id}/diff"));
    meta.noindex = true;
    Ok(page(&state, &ctx, meta, move || view! { <DiffPage lang document_id=id title a b lines/> }))
}

async fn restore(
    State(state): State<AppState>,
    Member(session): Member,
    Path((lang, id, number)): Path<(String, i64, i64)>,
) -> Result<Response> {
    let lang = parse_lang(&lang)?;
    publishing::restore(&state.store, &session, id, number).await?;
    Ok(Redirect::to(&format!("/{lang}/editor/{id}?notice=restored")).into_response())
}
