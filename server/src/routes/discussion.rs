//! Discussion pages and their forms: the forum, threads, replies, edits, deletes, reports and
//! moderation. Each form posts and redirects back to the post (post-redirect-get); a refused
//! post comes back with its message and the text that was typed.

use app::i18n::msg::Msg;
use app::i18n::ui;
use app::model::{PostAction, ReportLine};
use app::pages::admin::ModerationPage;
use app::pages::forum::{EditPostPage, ForumPage, PostActionPage, ThreadPageView};
use axum::Router;
use axum::extract::{MatchedPath, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use leptos::prelude::*;
use serde::Deserialize;

use crate::auth::{Member, Session};
use crate::discussion::{self, Moderation};
use crate::error::{Error, Result};
use crate::state::AppState;
use crate::web::{Form, Moderator, PageContext, PageLang, answer, page};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/{lang}/forum", get(forum))
        .route("/{lang}/threads", post(new_thread))
        .route("/{lang}/threads/{id}", get(thread))
        .route("/{lang}/threads/{id}/reply", post(reply))
        .route("/{lang}/posts/{id}/edit", get(edit_form).post(edit))
        .route("/{lang}/posts/{id}/delete", get(post_action_form).post(delete))
        .route("/{lang}/posts/{id}/report", get(post_action_form).post(report))
        .route("/{lang}/moderation", get(queue))
        .route("/{lang}/moderation/posts/{id}", get(moderate_post_form))
        .route("/{lang}/moderation/posts/{id}/{action}", post(moderate_post))
        .route("/{lang}/moderation/threads/{id}/{action}", post(moderate_thread))
}

#[derive(Deserialize)]
struct Id {
    id: i64,
}

#[derive(Deserialize)]
struct IdAction {
    id: i64,
    action: String,
}

/// Back to a post, on the page of its thread where it is.
async fn to_post(state: &AppState, lang: app::model::Lang, thread: i64, post: i64) -> Result<Response> {
    Ok(Redirect::to(&discussion::post_address(&state.store, lang, thread, post).await?).into_response())
}

/// The forum with the new-thread form (empty, or as refused).
async fn forum_page(
    state: &AppState,
    ctx: &PageContext,
    session: &Session,
    error: Option<String>,
    title: String,
    body: String,
) -> Result<Response> {
    let lang = ctx.lang;
    let threads = discussion::threads(&state.store, session, None, ctx.clock()).await?;
    let csrf = ctx.csrf.clone();
    Ok(page(state, ctx, ctx.meta(ui(lang).forum, "/forum"), move || {
        view! { <ForumPage lang threads csrf error title body/> }
    }))
}

async fn forum(State(state): State<AppState>, ctx: PageContext, Member(session): Member) -> Result<Response> {
    forum_page(&state, &ctx, &session, None, String::new(), String::new()).await
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
    Form(f): Form<NewThreadForm>,
) -> Result<Response> {
    let doc = f.doc.as_deref().filter(|d| !d.is_empty());
    let outcome = discussion::start(&state.store, &session, doc, &f.title, &f.body).await;
    answer(
        outcome,
        async |id| Ok(Redirect::to(&format!("/{}/threads/{id}", ctx.lang)).into_response()),
        // Back to the forum with the message and everything typed.
        async |e| forum_page(&state, &ctx, &session, Some(e.message(ctx.lang)), f.title.clone(), f.body.clone()).await,
    )
    .await
}

#[derive(Deserialize)]
struct ThreadQuery {
    reply_to: Option<i64>,
    page: Option<i64>,
    notice: Option<String>,
}

/// What the reply form shows again: empty on a first visit, the refused text and why after a
/// failed post (so nothing typed is lost).
#[derive(Default)]
struct ReplyDraft {
    error: Option<String>,
    /// What a form just did ("report received").
    notice: Option<String>,
    body: String,
    reply_to: Option<i64>,
    page: Option<i64>,
}

async fn thread_page(
    state: &AppState,
    ctx: &PageContext,
    session: &Session,
    id: i64,
    ReplyDraft { error, notice, body: draft, reply_to, page: number }: ReplyDraft,
) -> Result<Response> {
    let lang = ctx.lang;
    // Without a page, the last one: where replies appear.
    let number = number.unwrap_or(i64::MAX);
    let data = discussion::page(&state.store, session, id, number, ctx.clock(), &state.settings.base_url).await?;
    let csrf = ctx.csrf.clone();
    let meta = ctx.private_meta(data.thread.title.clone(), format!("/threads/{id}"));
    Ok(page(state, ctx, meta, move || view! { <ThreadPageView lang page=data csrf error notice draft reply_to/> }))
}

async fn thread(
    State(state): State<AppState>,
    ctx: PageContext,
    Member(session): Member,
    Path(Id { id }): Path<Id>,
    Query(q): Query<ThreadQuery>,
) -> Result<Response> {
    let notice = (q.notice.as_deref() == Some("reported")).then(|| Msg::Reported.text(ctx.lang));
    let draft = ReplyDraft { reply_to: q.reply_to, page: Some(q.page.unwrap_or(1)), notice, ..Default::default() };
    thread_page(&state, &ctx, &session, id, draft).await
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
    Path(Id { id }): Path<Id>,
    Form(f): Form<ReplyForm>,
) -> Result<Response> {
    let reply_to = f.reply_to.trim().parse::<i64>().ok();
    let outcome = discussion::reply(&state.store, &session, id, &f.body, reply_to).await;
    answer(
        outcome,
        async |post| to_post(&state, ctx.lang, id, post.id).await,
        async |e| {
            let draft = ReplyDraft {
                error: Some(e.message(ctx.lang)),
                body: f.body.clone(),
                reply_to,
                page: None,
                notice: None,
            };
            thread_page(&state, &ctx, &session, id, draft).await
        },
    )
    .await
}

fn edit_page(
    state: &AppState,
    ctx: &PageContext,
    post_id: i64,
    thread_id: i64,
    source: String,
    error: Option<String>,
) -> Response {
    let (lang, csrf) = (ctx.lang, ctx.csrf.clone());
    page(state, ctx, ctx.private_meta(ui(lang).edit, format!("/posts/{post_id}/edit")), move || {
        view! { <EditPostPage lang post_id thread_id source csrf error/> }
    })
}

async fn edit_form(
    State(state): State<AppState>,
    ctx: PageContext,
    Member(session): Member,
    Path(Id { id }): Path<Id>,
) -> Result<Response> {
    let (post, _) = discussion::own_visible_post(&state.store, &session, id).await?;
    Ok(edit_page(&state, &ctx, id, post.thread_id, post.body, None))
}

#[derive(Deserialize)]
struct EditForm {
    body: String,
}

async fn edit(
    State(state): State<AppState>,
    ctx: PageContext,
    Member(session): Member,
    Path(Id { id }): Path<Id>,
    Form(f): Form<EditForm>,
) -> Result<Response> {
    let outcome = discussion::edit(&state.store, &session, id, &f.body).await;
    answer(
        outcome,
        async |post| to_post(&state, ctx.lang, post.thread_id, id).await,
        async |e| {
            let thread_id = state.store.post(id).await?.map(|p| p.thread_id).unwrap_or_default();
            Ok(edit_page(&state, &ctx, id, thread_id, f.body.clone(), Some(e.message(ctx.lang))))
        },
    )
    .await
}

/// The confirmation page of an action on a post: the post, then the form that does it.
async fn post_action_page(
    state: &AppState,
    ctx: &PageContext,
    session: &Session,
    id: i64,
    action: PostAction,
) -> Result<Response> {
    let lang = ctx.lang;
    let (post, thread) = discussion::post_for_action(&state.store, session, id, action).await?;
    let action = match action {
        PostAction::Moderate { .. } => PostAction::Moderate { hidden: post.state == app::model::PostState::Hidden },
        other => other,
    };
    let post = discussion::post_view(&post, session, ctx.clock());
    let (csrf, thread_id, thread_title) = (ctx.csrf.clone(), thread.id, thread.title.clone());
    let meta = ctx.private_meta(thread.title, format!("/posts/{id}"));
    Ok(page(state, ctx, meta, move || {
        view! { <PostActionPage lang post thread_id thread_title action csrf error=None/> }
    }))
}

/// The confirmation page of `delete` or `report`, whichever the address ends with.
async fn post_action_form(
    State(state): State<AppState>,
    ctx: PageContext,
    Member(session): Member,
    Path(Id { id }): Path<Id>,
    path: MatchedPath,
) -> Result<Response> {
    let action = if path.as_str().ends_with("/delete") { PostAction::Delete } else { PostAction::Report };
    post_action_page(&state, &ctx, &session, id, action).await
}

async fn moderate_post_form(
    State(state): State<AppState>,
    ctx: PageContext,
    Member(session): Member,
    Path(Id { id }): Path<Id>,
) -> Result<Response> {
    post_action_page(&state, &ctx, &session, id, PostAction::Moderate { hidden: false }).await
}

async fn delete(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Member(session): Member,
    Path(Id { id }): Path<Id>,
) -> Result<Response> {
    let thread = discussion::delete(&state.store, &session, id).await?;
    to_post(&state, lang, thread, id).await
}

#[derive(Deserialize)]
struct ReportForm {
    reason: String,
}

async fn report(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Member(session): Member,
    Path(Id { id }): Path<Id>,
    Form(f): Form<ReportForm>,
) -> Result<Response> {
    let thread = discussion::report(&state.store, &session, id, &f.reason).await?;
    // Back to the post, saying the report was received.
    let address = discussion::post_address(&state.store, lang, thread, id).await?;
    let address = match address.split_once('#') {
        Some((path, anchor)) if path.contains('?') => format!("{path}&notice=reported#{anchor}"),
        Some((path, anchor)) => format!("{path}?notice=reported#{anchor}"),
        None => address,
    };
    Ok(Redirect::to(&address).into_response())
}

async fn queue(State(state): State<AppState>, ctx: PageContext, Moderator(_): Moderator) -> Result<Response> {
    let lang = ctx.lang;
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
            when: ctx.clock().time(r.created_at),
        })
        .collect();
    let csrf = ctx.csrf.clone();
    Ok(page(&state, &ctx, ctx.private_meta(ui(lang).moderation, "/moderation"), move || {
        view! { <ModerationPage lang reports csrf/> }
    }))
}

async fn moderate_post(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Member(session): Member,
    Path(IdAction { id, action }): Path<IdAction>,
) -> Result<Response> {
    let action = match action.as_str() {
        "hide" => Moderation::Hide(id),
        "unhide" => Moderation::Unhide(id),
        "dismiss" => Moderation::Dismiss(id),
        _ => return Err(Error::NotFound),
    };
    let dismissed = matches!(action, Moderation::Dismiss(_));
    let thread = discussion::moderate(&state.store, &session, action).await?;
    if dismissed {
        // Dismissing happens in the queue: back to what is left in it.
        return Ok(Redirect::to(&format!("/{lang}/moderation")).into_response());
    }
    to_post(&state, lang, thread, id).await
}

async fn moderate_thread(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Member(session): Member,
    Path(IdAction { id, action }): Path<IdAction>,
) -> Result<Response> {
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
