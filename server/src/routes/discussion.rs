//! Discussion pages and their forms: the forum, threads, replies, edits, deletes, reports and
//! moderation. Each form posts and redirects back to the thread (post-redirect-get); a refused
//! post comes back with its message and the text that was typed.

use crate::routes::form::Form;
use app::model::{Lang, PostAction, PostState, Role};
use app::pages::admin::{ModerationPage, ReportLine};
use app::pages::forum::{EditPostPage, ForumPage, PostActionPage, ThreadPageView};
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use leptos::prelude::*;
use serde::Deserialize;

use crate::auth::{Member, Session};
use crate::discussion::{self, Moderation};
use crate::error::{Error, Result};
use crate::routes::account::parse_lang;
use crate::routes::pages::{PageContext, page};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/{lang}/forum", get(forum))
        .route("/{lang}/threads", post(new_thread))
        .route("/{lang}/threads/{id}", get(thread))
        .route("/{lang}/threads/{id}/reply", post(reply))
        .route("/{lang}/posts/{id}/edit", get(edit_form).post(edit))
        .route("/{lang}/posts/{id}/delete", get(delete_form).post(delete))
        .route("/{lang}/posts/{id}/report", get(report_form).post(report))
        .route("/{lang}/moderation", get(queue))
        .route("/{lang}/moderation/posts/{id}", get(moderate_post_form))
        .route("/{lang}/moderation/posts/{id}/{action}", post(moderate_post))
        .route("/{lang}/moderation/threads/{id}/{action}", post(moderate_thread))
}

async fn forum(
    State(state): State<AppState>,
    ctx: PageContext,
    Member(session): Member,
    Path(lang): Path<String>,
) -> Result<Response> {
    let lang = parse_lang(&lang)?;
    let threads = discussion::threads(&state.store, &session, None).await?;
    let csrf = ctx.csrf.clone();
    let meta = ctx.meta(lang, app::i18n::ui(lang).forum, "/forum");
    Ok(page(&state, &ctx, meta, move || {
        view! { <ForumPage lang threads csrf error=None title=String::new() body=String::new()/> }
    }))
}

#[derive(Deserialize)]
struct NewThreadForm {
    #[serde(default)]
    doc: Option<String>,
    title: String,
    body: String,
}

async fn new_thread(
    State(state): State<AppState>,
    ctx: PageContext,
    Member(session): Member,
    Path(lang): Path<String>,
    Form(f): Form<NewThreadForm>,
) -> Result<Response> {
    let lang = parse_lang(&lang)?;
    let doc = f.doc.as_deref().filter(|d| !d.is_empty());
    match discussion::start(&state.store, &session, doc, &f.title, &f.body).await {
        Ok(id) => Ok(Redirect::to(&format!("/{lang}/threads/{id}")).into_response()),
        Err(e) if e.status().is_client_error() && e.status() != axum::http::StatusCode::NOT_FOUND => {
            // Back to the forum with the message and everything typed.
            let threads = discussion::threads(&state.store, &session, None).await?;
            let (csrf, error, title, body) = (ctx.csrf.clone(), Some(e.public_message()), f.title, f.body);
            let meta = ctx.meta(lang, app::i18n::ui(lang).forum, "/forum");
            let mut res = page(&state, &ctx, meta, move || view! { <ForumPage lang threads csrf error title body/> });
            *res.status_mut() = e.status();
            Ok(res)
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
struct ThreadQuery {
    reply_to: Option<i64>,
    page: Option<i64>,
}

/// What the reply form shows again: empty on a first visit, the refused text and why after a
/// failed post (so nothing typed is lost).
#[derive(Default)]
struct ReplyDraft {
    error: Option<String>,
    body: String,
    reply_to: Option<i64>,
    page: Option<i64>,
}

async fn thread_page(
    state: &AppState,
    ctx: &PageContext,
    session: &Session,
    lang: Lang,
    id: i64,
    ReplyDraft { error, body: draft, reply_to, page: number }: ReplyDraft,
) -> Result<Response> {
    // Without a page, the last one: where replies appear.
    let number = number.unwrap_or(i64::MAX);
    let data = discussion::page(&state.store, session, id, number, lang, &state.settings.base_url).await?;
    let csrf = ctx.csrf.clone();
    let mut meta = ctx.meta(lang, data.thread.title.clone(), format!("/threads/{id}"));
    meta.noindex = true;
    Ok(page(state, ctx, meta, move || view! { <ThreadPageView lang page=data csrf error draft reply_to/> }))
}

async fn thread(
    State(state): State<AppState>,
    ctx: PageContext,
    Member(session): Member,
    Path((lang, id)): Path<(String, i64)>,
    Query(q): Query<ThreadQuery>,
) -> Result<Response> {
    let lang = parse_lang(&lang)?;
    let draft = ReplyDraft { reply_to: q.reply_to, page: Some(q.page.unwrap_or(1)), ..Default::default() };
    thread_page(&state, &ctx, &session, lang, id, draft).await
}

#[derive(Deserialize)]
struct ReplyForm {
    body: String,
    #[serde(default)]
    reply_to: String,
}

async fn reply(
    State(state): State<AppState>,
    ctx: PageContext,
    Member(session): Member,
    Path((lang, id)): Path<(String, i64)>,
    Form(f): Form<ReplyForm>,
) -> Result<Response> {
    let lang = parse_lang(&lang)?;
    let reply_to = f.reply_to.trim().parse::<i64>().ok();
    match discussion::reply(&state.store, &session, id, &f.body, reply_to).await {
        Ok(post) => Ok(Redirect::to(&discussion::post_address(&state.store, lang, id, post.id).await?).into_response()),
        Err(e) if e.status().is_client_error() && e.status() != axum::http::StatusCode::NOT_FOUND => {
            let status = e.status();
            let mut res = thread_page(
                &state,
                &ctx,
                &session,
                lang,
                id,
                ReplyDraft { error: Some(e.public_message()), body: f.body, reply_to, page: None },
            )
            .await?;
            *res.status_mut() = status;
            Ok(res)
        }
        Err(e) => Err(e),
    }
}

async fn edit_form(
    State(state): State<AppState>,
    ctx: PageContext,
    Member(session): Member,
    Path((lang, id)): Path<(String, i64)>,
) -> Result<Response> {
    let lang = parse_lang(&lang)?;
    let post = state.store.post(id).await?.ok_or(Error::NotFound)?;
    discussion::readable_thread(&state.store, &session, post.thread_id).await?;
    if post.author_id != session.user.id || PostState::from_code(&post.state) != PostState::Visible {
        return Err(Error::Forbidden);
    }
    let (csrf, thread_id, source) = (ctx.csrf.clone(), post.thread_id, post.body);
    let mut meta = ctx.meta(lang, app::i18n::ui(lang).edit, format!("/posts/{id}/edit"));
    meta.noindex = true;
    Ok(page(&state, &ctx, meta, move || view! { <EditPostPage lang post_id=id thread_id source csrf error=None/> }))
}

#[derive(Deserialize)]
struct EditForm {
    body: String,
}

async fn edit(
    State(state): State<AppState>,
    ctx: PageContext,
    Member(session): Member,
    Path((lang, id)): Path<(String, i64)>,
    Form(f): Form<EditForm>,
) -> Result<Response> {
    let lang = parse_lang(&lang)?;
    match discussion::edit(&state.store, &session, id, &f.body).await {
        Ok(post) => {
            Ok(Redirect::to(&discussion::post_address(&state.store, lang, post.thread_id, id).await?).into_response())
        }
        Err(e) if matches!(e, Error::BadRequest(_) | Error::TooLarge(_)) => {
            let thread_id = state.store.post(id).await?.map(|p| p.thread_id).unwrap_or_default();
            let (csrf, error, source, status) = (ctx.csrf.clone(), Some(e.public_message()), f.body, e.status());
            let meta = ctx.meta(lang, app::i18n::ui(lang).edit, format!("/posts/{id}/edit"));
            let mut res =
                page(&state, &ctx, meta, move || view! { <EditPostPage lang post_id=id thread_id source csrf error/> });
            *res.status_mut() = status;
            Ok(res)
        }
        Err(e) => Err(e),
    }
}

/// The confirmation page of an action on a post: the post, then the form that does it.
async fn post_action_page(
    state: &AppState,
    ctx: &PageContext,
    session: &Session,
    lang: Lang,
    id: i64,
    action: PostAction,
) -> Result<Response> {
    let (post, thread) = discussion::post_for_action(&state.store, session, id, action).await?;
    let action = match action {
        PostAction::Moderate { .. } => PostAction::Moderate { hidden: post.state == PostState::Hidden.code() },
        other => other,
    };
    let post = discussion::post_view(&post, session, lang);
    let (csrf, thread_id, thread_title) = (ctx.csrf.clone(), thread.id, thread.title.clone());
    let mut meta = ctx.meta(lang, thread.title, format!("/posts/{id}"));
    meta.noindex = true;
    Ok(page(state, ctx, meta, move || {
        view! { <PostActionPage lang post thread_id thread_title action csrf error=None/> }
    }))
}

async fn delete_form(
    State(state): State<AppState>,
    ctx: PageContext,
    Member(session): Member,
    Path((lang, id)): Path<(String, i64)>,
) -> Result<Response> {
    let lang = parse_lang(&lang)?;
    post_action_page(&state, &ctx, &session, lang, id, PostAction::Delete).await
}

async fn report_form(
    State(state): State<AppState>,
    ctx: PageContext,
    Member(session): Member,
    Path((lang, id)): Path<(String, i64)>,
) -> Result<Response> {
    let lang = parse_lang(&lang)?;
    post_action_page(&state, &ctx, &session, lang, id, PostAction::Report).await
}

async fn moderate_post_form(
    State(state): State<AppState>,
    ctx: PageContext,
    Member(session): Member,
    Path((lang, id)): Path<(String, i64)>,
) -> Result<Response> {
    let lang = parse_lang(&lang)?;
    post_action_page(&state, &ctx, &session, lang, id, PostAction::Moderate { hidden: false }).await
}

async fn delete(
    State(state): State<AppState>,
    Member(session): Member,
    Path((lang, id)): Path<(String, i64)>,
) -> Result<Response> {
    let lang = parse_lang(&lang)?;
    let thread = discussion::delete(&state.store, &session, id).await?;
    Ok(Redirect::to(&discussion::post_address(&state.store, lang, thread, id).await?).into_response())
}

#[derive(Deserialize)]
struct ReportForm {
    reason: String,
}

async fn report(
    State(state): State<AppState>,
    Member(session): Member,
    Path((lang, id)): Path<(String, i64)>,
    Form(f): Form<ReportForm>,
) -> Result<Response> {
    let lang = parse_lang(&lang)?;
    let thread = discussion::report(&state.store, &session, id, &f.reason).await?;
    Ok(Redirect::to(&discussion::post_address(&state.store, lang, thread, id).await?).into_response())
}

async fn queue(
    State(state): State<AppState>,
    ctx: PageContext,
    Member(session): Member,
    Path(lang): Path<String>,
) -> Result<Response> {
    let lang = parse_lang(&lang)?;
    session.require(Role::Moderator)?;
    let reports = state
        .store
        .open_reports()
        .await?
        .into_iter()
        .map(|r| ReportLine {
            post_id: r.post.id,
            thread_id: r.post.thread_id,
            thread_title: r.thread_title,
            author: r.post.author_name,
            html: crate::document::localise_html(&r.post.html, lang),
            state: r.post.state,
            reporter: r.reporter_name,
            reason: r.reason,
            when: discussion::format_time(r.created_at),
        })
        .collect();
    let csrf = ctx.csrf.clone();
    let mut meta = ctx.meta(lang, app::i18n::ui(lang).moderation, "/moderation");
    meta.noindex = true;
    Ok(page(&state, &ctx, meta, move || view! { <ModerationPage lang reports csrf/> }))
}

async fn moderate_post(
    State(state): State<AppState>,
    Member(session): Member,
    Path((lang, id, action)): Path<(String, i64, String)>,
) -> Result<Response> {
    let lang = parse_lang(&lang)?;
    let action = match action.as_str() {
        "hide" => Moderation::Hide(id),
        "unhide" => Moderation::Unhide(id),
        _ => return Err(Error::NotFound),
    };
    let thread = discussion::moderate(&state.store, &session, action).await?;
    Ok(Redirect::to(&discussion::post_address(&state.store, lang, thread, id).await?).into_response())
}

async fn moderate_thread(
    State(state): State<AppState>,
    Member(session): Member,
    Path((lang, id, action)): Path<(String, i64, String)>,
) -> Result<Response> {
    let lang = parse_lang(&lang)?;
    let action = match action.as_str() {
        "lock" => Moderation::Lock(id),
        "unlock" => Moderation::Unlock(id),
        "pin" => Moderation::Pin(id),
        "unpin" => Moderation::Unpin(id),
        _ => return Err(Error::NotFound),
    };
    let thread = discussion::moderate(&state.store, &session, action).await?;
    Ok(Redirect::to(&format!("/{lang}/threads/{thread}")).into_response())
}
