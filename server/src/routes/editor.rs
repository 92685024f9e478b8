//! The editors' pages: dashboard, editing (with preview, save, submit), review, attachments,
//! history, diffs and restore. Everything is a form with redirect-after-post; the live preview
//! is the one enhancement that needs JavaScript. The rules (who may review, states, what an
//! attachment change does) are `publishing`'s; these handlers extract, call it, and render.

use app::i18n::msg::Msg;
use app::i18n::ui;
use app::model::{ActivityRow, AgendaRow, EditorForm, EditorPage, EventRows, Kind, Lang, Visibility};
use app::pages::editor::{DashboardPage, DiffPage, EditorPageView, HistoryPage, ReviewPageView};
use axum::Router;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use leptos::prelude::*;
use serde::Deserialize;

use crate::auth::Session;
use crate::error::{Error, Result};
use crate::publishing::{self, MAX_UPLOAD_BYTES, Saved, Submitted, views};
use crate::state::AppState;
use crate::web::{Form, PageContext, PageLang, Staff, Writer, answer, page};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/{lang}/editor", get(dashboard))
        .route("/{lang}/editor/new", get(new_form).post(save_new))
        .route("/{lang}/editor/{id}", get(edit_form).post(save_existing))
        .route("/{lang}/editor/{id}/submit", post(submit))
        .route("/{lang}/editor/{id}/review", get(review_page).post(review))
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

#[derive(Deserialize)]
struct Id {
    id: i64,
}

#[derive(Deserialize)]
struct IdAttachment {
    id: i64,
    attachment: i64,
}

#[derive(Deserialize)]
struct IdNumber {
    id: i64,
    number: i64,
}

/// To a document's editor page with a notice.
fn to_editor(lang: Lang, id: i64, notice: &str) -> Response {
    Redirect::to(&format!("/{lang}/editor/{id}?notice={notice}")).into_response()
}

async fn dashboard(State(state): State<AppState>, ctx: PageContext, Staff(_): Staff) -> Result<Response> {
    let lang = ctx.lang;
    let (work, documents) = views::dashboard(&state.store, ctx.clock()).await?;
    Ok(page(&state, &ctx, ctx.private_meta(ui(lang).editor, "/editor"), move || {
        view! { <DashboardPage lang work documents/> }
    }))
}

/// The editor page, rendered.
fn render(state: &AppState, ctx: &PageContext, data: EditorPage) -> Response {
    let lang = ctx.lang;
    let title = if data.form.title.is_empty() { ui(lang).new_document.to_string() } else { data.form.title.clone() };
    let path = match data.form.document_id {
        Some(id) => format!("/editor/{id}"),
        None => "/editor/new".into(),
    };
    let csrf = ctx.csrf.clone();
    page(state, ctx, ctx.private_meta(title, path), move || view! { <EditorPageView lang page=data csrf/> })
}

/// The editor page of a document's working revision, with what the page should add.
async fn document_page(
    state: &AppState,
    ctx: &PageContext,
    session: &Session,
    id: i64,
    extra: EditorPage,
) -> Result<Response> {
    let data = views::document_page(&state.store, session, ctx.clock(), id, extra).await?;
    Ok(render(state, ctx, data))
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
    Writer(session): Writer,
    Query(q): Query<NewQuery>,
) -> Result<Response> {
    let kind = q.kind.as_deref().and_then(Kind::from_code).unwrap_or(Kind::Lesson);
    let language = q.language.as_deref().and_then(Lang::from_code).unwrap_or(ctx.lang);
    let form = match q.translation_of.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(original) => publishing::translation_form(&state.store, original, language, &session.user.name).await?,
        None => publishing::new_form(kind, language, &session.user.name),
    };
    let data =
        views::editor_page(&state.store, &session, ctx.clock(), EditorPage { form, ..Default::default() }).await?;
    Ok(render(&state, &ctx, data))
}

#[derive(Deserialize)]
struct NoticeQuery {
    notice: Option<String>,
}

/// The flash a redirect's `?notice=` names.
fn notice(code: &str) -> Msg {
    match code {
        "saved" => Msg::DraftSaved,
        "submitted" => Msg::Submitted,
        "approved" => Msg::Approved,
        "returned" => Msg::Returned,
        "attached" => Msg::FileAttached,
        "removed" => Msg::AttachmentRemoved,
        "restored" => Msg::RevisionRestored,
        _ => Msg::Done,
    }
}

async fn edit_form(
    State(state): State<AppState>,
    ctx: PageContext,
    Staff(session): Staff,
    Path(Id { id }): Path<Id>,
    Query(q): Query<NoticeQuery>,
) -> Result<Response> {
    let notice = q.notice.as_deref().map(|n| notice(n).text(ctx.lang));
    document_page(&state, &ctx, &session, id, EditorPage { notice, ..Default::default() }).await
}

/// The form as posted.
#[derive(Deserialize, Default)]
struct Fields {
    #[serde(default)]
    base_revision: String,
    #[serde(default)]
    translation_of: String,
    #[serde(default)]
    translated_from: String,
    #[serde(default)]
    up_to_date: Option<String>,
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
    event_date: String,
    #[serde(default)]
    event_start: String,
    #[serde(default)]
    event_end: String,
    #[serde(default)]
    event_time_zone: String,
    #[serde(default)]
    event_organisers: String,
    #[serde(default)]
    event_institutions: String,
    #[serde(default)]
    event_recording: String,
    // One value per row, in row order (every row posts each of its fields).
    #[serde(default)]
    agenda_title: Vec<String>,
    #[serde(default)]
    agenda_start: Vec<String>,
    #[serde(default)]
    agenda_end: Vec<String>,
    #[serde(default)]
    agenda_presenter: Vec<String>,
    #[serde(default)]
    agenda_organisation: Vec<String>,
    #[serde(default)]
    agenda_summary: Vec<String>,
    #[serde(default)]
    activity_id: Vec<String>,
    #[serde(default)]
    activity_title: Vec<String>,
    #[serde(default)]
    activity_area: Vec<String>,
    #[serde(default)]
    activity_lead: Vec<String>,
    #[serde(default)]
    activity_partners: Vec<String>,
    #[serde(default)]
    activity_start: Vec<String>,
    #[serde(default)]
    activity_end: Vec<String>,
    #[serde(default)]
    activity_status: Vec<String>,
    #[serde(default)]
    activity_outputs: Vec<String>,
    #[serde(default)]
    activity_indicators: Vec<String>,
    #[serde(default)]
    activity_depends_on: Vec<String>,
    #[serde(default)]
    activity_evidence: Vec<String>,
    #[serde(default)]
    message: String,
    #[serde(default)]
    action: String,
}

/// Row `i` of a column of row fields ("" past its end).
fn cell(column: &[String], i: usize) -> String {
    column.get(i).map(|v| v.trim().to_string()).unwrap_or_default()
}

impl Fields {
    fn event_rows(&self) -> EventRows {
        let rows = self.agenda_title.len().max(self.agenda_start.len());
        EventRows {
            date: self.event_date.trim().to_string(),
            start: self.event_start.trim().to_string(),
            end: self.event_end.trim().to_string(),
            time_zone: self.event_time_zone.trim().to_string(),
            organisers: self.event_organisers.trim().to_string(),
            institutions: self.event_institutions.trim().to_string(),
            recording: self.event_recording.trim().to_string(),
            agenda: (0..rows)
                .map(|i| AgendaRow {
                    title: cell(&self.agenda_title, i),
                    start: cell(&self.agenda_start, i),
                    end: cell(&self.agenda_end, i),
                    presenter: cell(&self.agenda_presenter, i),
                    organisation: cell(&self.agenda_organisation, i),
                    summary: cell(&self.agenda_summary, i),
                })
                .filter(|r| !r.is_empty())
                .collect(),
        }
    }

    fn activity_rows(&self) -> Vec<ActivityRow> {
        let rows = self.activity_id.len().max(self.activity_title.len());
        (0..rows)
            .map(|i| ActivityRow {
                id: cell(&self.activity_id, i),
                title: cell(&self.activity_title, i),
                area: cell(&self.activity_area, i),
                lead: cell(&self.activity_lead, i),
                partners: cell(&self.activity_partners, i),
                start: cell(&self.activity_start, i),
                end: cell(&self.activity_end, i),
                status: cell(&self.activity_status, i),
                outputs: cell(&self.activity_outputs, i),
                indicators: cell(&self.activity_indicators, i),
                depends_on: cell(&self.activity_depends_on, i),
                evidence: cell(&self.activity_evidence, i),
                progress: Vec::new(),
            })
            .filter(|r| !r.is_empty())
            .collect()
    }

    fn form(self, document_id: Option<i64>, lang: Lang) -> EditorForm {
        let (event, activities) = (self.event_rows(), self.activity_rows());
        EditorForm {
            document_id,
            base_revision: self.base_revision.trim().parse().ok(),
            slug: self.slug.trim().to_string(),
            translation_of: self.translation_of.trim().to_string(),
            translated_from: self.translated_from.trim().to_string(),
            up_to_date: self.up_to_date.is_some(),
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
            event,
            activities,
            message: self.message,
        }
    }
}

async fn save_new(
    State(state): State<AppState>,
    ctx: PageContext,
    Writer(session): Writer,
    Form(f): Form<Fields>,
) -> Result<Response> {
    let action = f.action.clone();
    save_or_preview(&state, &ctx, &session, f.form(None, ctx.lang), &action).await
}

async fn save_existing(
    State(state): State<AppState>,
    ctx: PageContext,
    Writer(session): Writer,
    Path(Id { id }): Path<Id>,
    Form(f): Form<Fields>,
) -> Result<Response> {
    state.store.document(id).await?.ok_or(Error::NotFound)?;
    let action = f.action.clone();
    save_or_preview(&state, &ctx, &session, f.form(Some(id), ctx.lang), &action).await
}

/// Preview, save, or save and submit. A refused save comes back with everything typed.
async fn save_or_preview(
    state: &AppState,
    ctx: &PageContext,
    session: &Session,
    form: EditorForm,
    action: &str,
) -> Result<Response> {
    let lang = ctx.lang;
    if action == "preview" {
        let preview_html = Some(publishing::preview(&state.store, session, &form.body, lang).await?);
        let data = views::editor_page(
            &state.store,
            session,
            ctx.clock(),
            EditorPage { form, preview_html, ..Default::default() },
        )
        .await?;
        return Ok(render(state, ctx, data));
    }
    let outcome = publishing::save(&state.store, session, &form).await;
    answer(
        outcome,
        async |saved| match saved {
            Saved::Ok { document_id, .. } if action == "submit" => {
                submit_flow(state, ctx, session, document_id, &[]).await
            }
            Saved::Ok { document_id, warnings } if warnings.is_empty() => Ok(to_editor(lang, document_id, "saved")),
            // Saved, with something to fix: stay on the page and say what.
            Saved::Ok { document_id, warnings } => {
                let warnings = warnings.iter().map(|w| w.text(lang)).collect();
                let extra = EditorPage { warnings, notice: Some(Msg::DraftSaved.text(lang)), ..Default::default() };
                document_page(state, ctx, session, document_id, extra).await
            }
            Saved::Conflict(conflict, current) => {
                let mut form = form.clone();
                // Saving again from here knowingly builds on their version.
                form.base_revision = Some(current);
                let data = EditorPage { form, conflict: Some(conflict), ..Default::default() };
                let mut res = render(state, ctx, views::editor_page(&state.store, session, ctx.clock(), data).await?);
                *res.status_mut() = StatusCode::CONFLICT;
                Ok(res)
            }
        },
        async |e| {
            let data = EditorPage { form: form.clone(), errors: vec![e.message(ctx.lang)], ..Default::default() };
            Ok(render(state, ctx, views::editor_page(&state.store, session, ctx.clock(), data).await?))
        },
    )
    .await
}

async fn submit_flow(
    state: &AppState,
    ctx: &PageContext,
    session: &Session,
    id: i64,
    confirmed: &[String],
) -> Result<Response> {
    match publishing::submit(&state.store, session, id, confirmed).await? {
        Submitted::Ok => Ok(to_editor(ctx.lang, id, "submitted")),
        Submitted::Findings(findings) => {
            let mut res = document_page(state, ctx, session, id, EditorPage { findings, ..Default::default() }).await?;
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
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
    Writer(session): Writer,
    Path(Id { id }): Path<Id>,
    Form(f): Form<SubmitFields>,
) -> Result<Response> {
    submit_flow(&state, &ctx, &session, id, &f.confirm).await
}

/// The reviewer's page of a submission.
async fn review_page(
    State(state): State<AppState>,
    ctx: PageContext,
    Staff(session): Staff,
    Path(Id { id }): Path<Id>,
) -> Result<Response> {
    let lang = ctx.lang;
    let data = views::review_page(&state.store, &session, ctx.clock(), id, lang).await?;
    let csrf = ctx.csrf.clone();
    let meta = ctx.private_meta(format!("{}: {}", ui(lang).review_page, data.title), format!("/editor/{id}/review"));
    Ok(page(&state, &ctx, meta, move || view! { <ReviewPageView lang page=data csrf/> }))
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
    Staff(session): Staff,
    Path(Id { id }): Path<Id>,
    Form(f): Form<ReviewFields>,
) -> Result<Response> {
    let approve = f.decision == "approve";
    let outcome = publishing::review(&state.store, &state.search, &session, id, approve, &f.comment).await;
    match outcome {
        Ok(()) => Ok(to_editor(ctx.lang, id, if approve { "approved" } else { "returned" })),
        Err(e @ Error::BadRequest(_)) => {
            let status = e.status();
            let mut res = document_page(
                &state,
                &ctx,
                &session,
                id,
                EditorPage { errors: vec![e.message(ctx.lang)], ..Default::default() },
            )
            .await?;
            *res.status_mut() = status;
            Ok(res)
        }
        Err(e) => Err(e),
    }
}

async fn archive(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Writer(session): Writer,
    Path(Id { id }): Path<Id>,
) -> Result<Response> {
    publishing::archive(&state.store, &state.search, &session, id).await?;
    Ok(Redirect::to(&format!("/{lang}/editor")).into_response())
}

fn too_large() -> Error {
    Error::TooLarge(Msg::UploadTooLarge { max: MAX_UPLOAD_BYTES / 1_048_576 })
}

fn multipart_error(e: axum::extract::multipart::MultipartError) -> Error {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        too_large()
    } else {
        Error::BadRequest(Msg::FormUnreadable { detail: e.body_text() })
    }
}

async fn upload(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Writer(session): Writer,
    Path(Id { id }): Path<Id>,
    mut multipart: Multipart,
) -> Result<Response> {
    let (mut file, mut title) = (None, String::new());
    while let Some(field) = multipart.next_field().await.map_err(multipart_error)? {
        match field.name() {
            Some("file") => {
                let name = field.file_name().unwrap_or("attachment").to_string();
                file = Some((name, field.bytes().await.map_err(multipart_error)?));
            }
            Some("title") => title = field.text().await.unwrap_or_default(),
            _ => {}
        }
    }
    let (name, bytes) = file.ok_or_else(|| Error::BadRequest(Msg::ChooseFile))?;
    publishing::attach(&state.store, &state.blobs, &session, id, &name, &title, &bytes).await?;
    Ok(to_editor(lang, id, "attached"))
}

async fn remove_attachment(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Writer(session): Writer,
    Path(IdAttachment { id, attachment }): Path<IdAttachment>,
) -> Result<Response> {
    publishing::detach(&state.store, &session, id, attachment).await?;
    Ok(to_editor(lang, id, "removed"))
}

async fn history(
    State(state): State<AppState>,
    ctx: PageContext,
    Staff(_): Staff,
    Path(Id { id }): Path<Id>,
) -> Result<Response> {
    let lang = ctx.lang;
    let (title, doc_lang, lines) = views::history(&state.store, id, ctx.clock()).await?;
    let csrf = ctx.csrf.clone();
    let meta = ctx.private_meta(format!("{}: {title}", ui(lang).history), format!("/editor/{id}/history"));
    Ok(page(&state, &ctx, meta, move || view! { <HistoryPage lang document_id=id title doc_lang lines csrf/> }))
}

#[derive(Deserialize)]
struct DiffQuery {
    a: Option<String>,
    b: Option<String>,
}

async fn diff(
    State(state): State<AppState>,
    ctx: PageContext,
    Staff(_): Staff,
    Path(Id { id }): Path<Id>,
    Query(q): Query<DiffQuery>,
) -> Result<Response> {
    let lang = ctx.lang;
    let number = |s: &Option<String>| {
        s.as_deref().and_then(|v| v.parse::<i64>().ok()).ok_or_else(|| Error::BadRequest(Msg::ChooseTwoRevisions))
    };
    let (a, b) = (number(&q.a)?, number(&q.b)?);
    let (title, doc_lang, lines) = views::diff(&state.store, id, a, b).await?;
    let meta = ctx.private_meta(format!("{title}: {a} → {b}"), format!("/editor/{id}/diff"));
    Ok(page(&state, &ctx, meta, move || view! { <DiffPage lang document_id=id title doc_lang a b lines/> }))
}

async fn restore(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Writer(session): Writer,
    Path(IdNumber { id, number }): Path<IdNumber>,
) -> Result<Response> {
    publishing::restore(&state.store, &session, id, number).await?;
    Ok(to_editor(lang, id, "restored"))
}
