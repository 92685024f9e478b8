//! `/api/v1/session` and `/api/v1/threads`: sessions, threads, posts. Same rules as the pages;
//! requests are JSON, and the CSRF layer refuses any whose `Origin` is another site.

use app::model::{Lang, Role};
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use super::{ApiJson, ApiPath, ApiQuery, ErrorBody};
use crate::accounts::{self, Attempt};
use crate::auth::{DEVICE_COOKIE, Member, SESSION_COOKIE, Session, cookie};
use crate::dates::{Clock, rfc3339};
use crate::db::PostRow;
use crate::discussion;
use crate::error::{ApiError, ApiResult, Error};
use crate::state::AppState;
use crate::web::{PeerAddr, client_address, set_session_cookies};
use app::i18n::msg::Msg;
use axum_extra::extract::CookieJar;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/session", post(create_session).delete(delete_session))
        .route("/threads", get(list_threads).post(create_thread))
        .route("/threads/{id}", get(thread))
        .route("/threads/{id}/posts", post(create_post))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct Credentials {
    email: String,
    password: String,
    /// The code from the authenticator app (or a recovery code), for accounts with a second
    /// factor.
    #[serde(default)]
    code: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct SessionUser {
    id: i64,
    name: String,
    role: Role,
}

/// The account a new session opens.
#[derive(Serialize, utoipa::ToSchema)]
pub struct NewSession {
    user: SessionUser,
}

/// Signs in: the answer sets the session cookie.
#[utoipa::path(
    post, path = "/session", tag = "discussion", request_body = Credentials,
    responses(
        (status = 201, description = "Signed in; the `sx_session` cookie is set", body = NewSession),
        (status = 400, description = "The body could not be read", body = ErrorBody),
        (status = 403, description = "Sent from another site", body = ErrorBody),
        (status = 415, description = "The body is not JSON", body = ErrorBody),
        (status = 401, description = "The e-mail address, the password or the code is not right, or the account needs a `code`", body = ErrorBody),
        (status = 409, description = "A staff account that has not set up its second factor (it does so in the browser)", body = ErrorBody),
        (status = 429, description = "Too many failed sign-ins (see Retry-After)", body = ErrorBody),
        (status = 503, description = "Too many sign-ins at once (see Retry-After)", body = ErrorBody),
    )
)]
pub async fn create_session(
    State(state): State<AppState>,
    PeerAddr(peer): PeerAddr,
    headers: HeaderMap,
    jar: CookieJar,
    ApiJson(c): ApiJson<Credentials>,
) -> ApiResult<Response> {
    let address = client_address(&state, &headers, peer);
    let device = jar.get(DEVICE_COOKIE).map(|c| c.value().to_string());
    let attempt =
        Attempt { email: &c.email, password: &c.password, address: &address, device: device.as_deref(), next: "/" };
    let s = match accounts::sign_in(&state.store, &state.passwords, attempt).await? {
        accounts::SignIn::Session(s) => *s,
        // Setting up needs the QR code page: the API does not hand out secrets.
        accounts::SignIn::SecondStep { setup: true, .. } => return Err(Error::Conflict(Msg::TwoFactorRequired).into()),
        accounts::SignIn::SecondStep { challenge, new_device, .. } => {
            let Some(code) = c.code.as_deref().filter(|c| !c.trim().is_empty()) else {
                state.store.delete_challenge(&crate::auth::tokens::hash_token(&challenge)).await?;
                return Err(Error::UnauthorizedWith(Msg::CodeRequired).into());
            };
            let (mut s, _) = match accounts::second_step::second_step(&state.store, &challenge, code).await {
                Ok(done) => done,
                Err(e) => {
                    state.store.delete_challenge(&crate::auth::tokens::hash_token(&challenge)).await?;
                    return Err(match e {
                        Error::BadRequest(Msg::WrongCode) => Error::UnauthorizedWith(Msg::WrongCode),
                        other => other,
                    }
                    .into());
                }
            };
            s.new_device = new_device;
            s
        }
    };
    let user = SessionUser { id: s.user.id, name: s.user.name.clone(), role: s.user.role };
    let mut res = (StatusCode::CREATED, Json(NewSession { user })).into_response();
    set_session_cookies(&state, &mut res, s);
    Ok(res)
}

/// Signs out: the session ends and its cookie is cleared.
#[utoipa::path(
    delete, path = "/session", tag = "discussion",
    responses(
        (status = 204, description = "Signed out"),
        (status = 403, description = "Sent from another site", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
    )
)]
pub async fn delete_session(State(state): State<AppState>, Member(session): Member) -> ApiResult<Response> {
    accounts::sign_out(&state.store, &session).await?;
    let mut res = StatusCode::NO_CONTENT.into_response();
    let c = cookie(SESSION_COOKIE, String::new(), Some(0), state.settings.secure_cookies);
    if let Ok(v) = HeaderValue::from_str(&c.to_string()) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(res)
}

/// A thread in a list.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ApiThread {
    id: i64,
    title: String,
    doc: Option<String>,
    author: String,
    replies: i64,
    /// RFC 3339, UTC.
    last_activity: String,
    locked: bool,
    pinned: bool,
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ThreadsQuery {
    /// A document's slug: its discussion. Without it, the general forum.
    doc: Option<String>,
}

/// The threads on a document, or of the forum.
#[utoipa::path(
    get, path = "/threads", tag = "discussion", params(ThreadsQuery),
    responses(
        (status = 200, description = "The threads, pinned first, then by last activity", body = Vec<ApiThread>),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such document, or not readable by the caller", body = ErrorBody),
    )
)]
pub async fn list_threads(
    State(state): State<AppState>,
    Member(session): Member,
    ApiQuery(q): ApiQuery<ThreadsQuery>,
) -> ApiResult<Json<Vec<ApiThread>>> {
    let doc = q.doc.as_deref().filter(|d| !d.is_empty());
    let threads = discussion::readable_threads(&state.store, &session, doc).await?;
    Ok(Json(
        threads
            .into_iter()
            .map(|t| ApiThread {
                id: t.id,
                title: t.title,
                doc: t.doc_slug,
                author: t.author_name,
                replies: t.replies.max(0),
                last_activity: rfc3339(t.last_activity_at),
                locked: t.locked,
                pinned: t.pinned,
            })
            .collect(),
    ))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct NewThread {
    /// The document the thread is about; none for the forum.
    doc: Option<String>,
    title: String,
    /// Markdown.
    body: String,
}

/// Starts a thread.
#[utoipa::path(
    post, path = "/threads", tag = "discussion", request_body = NewThread,
    responses(
        (status = 201, description = "The new thread", body = ApiThreadDetail),
        (status = 400, description = "A missing title or body, or an unreadable request", body = ErrorBody),
        (status = 403, description = "Sent from another site", body = ErrorBody),
        (status = 415, description = "The body is not JSON", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such document, or not readable by the caller", body = ErrorBody),
        (status = 413, description = "The post is too long", body = ErrorBody),
        (status = 429, description = "The posting limit (see Retry-After)", body = ErrorBody),
    )
)]
pub async fn create_thread(
    State(state): State<AppState>,
    Member(session): Member,
    ApiJson(t): ApiJson<NewThread>,
) -> ApiResult<Response> {
    let doc = t.doc.as_deref().filter(|d| !d.is_empty());
    let id = discussion::start(&state.store, &session, doc, &t.title, &t.body).await?;
    let thread = thread_json(&state, &session, id, 1).await?;
    Ok((StatusCode::CREATED, Json(thread)).into_response())
}

/// A post in the API: the page's view, with the state as a word.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ApiPost {
    id: i64,
    author: String,
    body_html: String,
    reply_to: Option<i64>,
    /// RFC 3339, UTC.
    created_at: String,
    /// RFC 3339, UTC.
    edited_at: Option<String>,
    state: app::model::PostState,
}

/// A post as the API gives it: what its page shows (English links), with machine times.
fn api_post(post: &PostRow, session: &Session) -> ApiPost {
    let v = discussion::post_view(post, session, Clock::new(Lang::En, None));
    ApiPost {
        id: v.id,
        author: v.author,
        body_html: v.html,
        reply_to: v.reply_to,
        created_at: rfc3339(post.created_at),
        edited_at: post.edited_at.map(rfc3339),
        state: v.state,
    }
}

/// A thread with one page of its posts.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ApiThreadDetail {
    id: i64,
    title: String,
    doc: Option<String>,
    locked: bool,
    pinned: bool,
    /// 1-based page of posts shown, of `page_count`; `discussion::POSTS_PER_PAGE` a page.
    page: i64,
    page_count: i64,
    posts: Vec<ApiPost>,
}

async fn thread_json(state: &AppState, session: &Session, id: i64, page: i64) -> Result<ApiThreadDetail, ApiError> {
    let (thread, page) = discussion::posts_page(&state.store, session, id, page).await?;
    let posts = page.posts.iter().map(|p| api_post(p, session)).collect();
    Ok(ApiThreadDetail {
        id: thread.id,
        title: thread.title,
        doc: thread.doc_slug,
        locked: thread.locked,
        pinned: thread.pinned,
        page: page.page,
        page_count: page.page_count,
        posts,
    })
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// 1-based; beyond the last page means the last.
    page: Option<i64>,
}

/// A thread with one page (50) of its posts.
#[utoipa::path(
    get, path = "/threads/{id}", tag = "discussion",
    params(("id" = i64, Path, description = "The thread"), PageQuery),
    responses(
        (status = 200, description = "The thread", body = ApiThreadDetail),
        (status = 400, description = "An id or page that is not a number", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such thread, or not readable by the caller", body = ErrorBody),
    )
)]
pub async fn thread(
    State(state): State<AppState>,
    Member(session): Member,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(q): ApiQuery<PageQuery>,
) -> ApiResult<Json<ApiThreadDetail>> {
    Ok(Json(thread_json(&state, &session, id, q.page.unwrap_or(1)).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct NewPost {
    /// Markdown.
    body: String,
    /// A post of the same thread this one answers.
    reply_to: Option<i64>,
}

/// Replies in a thread.
#[utoipa::path(
    post, path = "/threads/{id}/posts", tag = "discussion", request_body = NewPost,
    params(("id" = i64, Path, description = "The thread")),
    responses(
        (status = 201, description = "The new post", body = ApiPost),
        (status = 400, description = "An empty body, a reply to a post not in this thread, or an unreadable request", body = ErrorBody),
        (status = 403, description = "Sent from another site", body = ErrorBody),
        (status = 415, description = "The body is not JSON", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such thread, or not readable by the caller", body = ErrorBody),
        (status = 409, description = "The thread is locked", body = ErrorBody),
        (status = 413, description = "The post is too long", body = ErrorBody),
        (status = 429, description = "The posting limit (see Retry-After)", body = ErrorBody),
    )
)]
pub async fn create_post(
    State(state): State<AppState>,
    Member(session): Member,
    ApiPath(id): ApiPath<i64>,
    ApiJson(p): ApiJson<NewPost>,
) -> ApiResult<Response> {
    let post = discussion::reply(&state.store, &session, id, &p.body, p.reply_to).await?;
    let view = api_post(&post, &session);
    Ok((StatusCode::CREATED, Json(view)).into_response())
}
