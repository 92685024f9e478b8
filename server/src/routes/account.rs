//! Account pages: sign in and out, invitations, password changes and resets, "my threads".
//! Every form posts and redirects; a refused form comes back with its message and what was
//! typed (never the password).

use std::net::SocketAddr;

use crate::routes::form::Form;
use app::model::Lang;
use app::pages::account::{AccountPage, FormState, InvitePage, LoginPage, MyThreadsPage, ResetPage};
use axum::Router;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use leptos::prelude::*;
use serde::Deserialize;

use crate::accounts::{self, Attempt, DEVICE_SECONDS, NewSession};
use crate::auth::tokens::hash_token;
use crate::auth::{DEVICE_COOKIE, Member, SESSION_COOKIE, SESSION_SECONDS, cookie};
use crate::error::{Error, Result};
use crate::routes::pages::{PageContext, page};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/{lang}/login", get(login_form).post(login))
        .route("/{lang}/logout", post(logout))
        .route("/{lang}/account", get(account))
        .route("/{lang}/account/password", post(change_password))
        .route("/{lang}/invite/{token}", get(invite_form).post(accept_invite))
        .route("/{lang}/reset/{token}", get(reset_form).post(reset))
        .route("/{lang}/my-threads", get(my_threads))
}

pub fn parse_lang(code: &str) -> Result<Lang> {
    Lang::from_code(code).ok_or(Error::NotFound)
}

/// The socket peer of the request, when the server recorded it.
pub struct PeerAddr(pub Option<SocketAddr>);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for PeerAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _state: &S,
    ) -> std::result::Result<Self, Self::Rejection> {
        Ok(PeerAddr(parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0)))
    }
}

/// The client's address for throttling: the socket's peer, or (behind a trusted proxy) the
/// first address of `X-Forwarded-For`.
pub fn client_address(state: &AppState, headers: &HeaderMap, peer: Option<SocketAddr>) -> String {
    if state.settings.trust_proxy
        && let Some(forwarded) = headers.get("x-forwarded-for").and_then(|v| v.to_str().ok())
        && let Some(first) = forwarded.split(',').next()
    {
        return first.trim().to_string();
    }
    peer.map(|p| p.ip().to_string()).unwrap_or_else(|| "unknown".into())
}

/// Where to go after signing in: only a path on this site.
fn safe_next(next: &str, lang: Lang) -> String {
    let ok = next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') && !next.contains("://");
    if ok { next.to_string() } else { format!("/{lang}/") }
}

/// Sets the session cookie and goes on.
pub fn signed_in(state: &AppState, session: NewSession, to: &str) -> Response {
    let mut res = Redirect::to(to).into_response();
    set_session_cookies(state, &mut res, session);
    res
}

/// The cookies of a new session: the session, and the device cookie of a browser that had none.
pub fn set_session_cookies(state: &AppState, res: &mut Response, session: NewSession) {
    let secure = state.settings.secure_cookies;
    let mut cookies = vec![cookie(SESSION_COOKIE, session.token, Some(SESSION_SECONDS), secure)];
    if let Some(device) = session.new_device {
        cookies.push(cookie(DEVICE_COOKIE, device, Some(DEVICE_SECONDS), secure));
    }
    for c in cookies {
        if let Ok(v) = HeaderValue::from_str(&c.to_string()) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
}

/// A form page answered with the status (and headers) of the error that refused it.
fn refused(res: Response, err: &Error) -> Response {
    let mut res = res;
    *res.status_mut() = err.status();
    err.decorate(&mut res);
    res
}

#[derive(Deserialize)]
struct NextQuery {
    next: Option<String>,
}

async fn login_form(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(lang): Path<String>,
    Query(q): Query<NextQuery>,
) -> Result<Response> {
    let lang = parse_lang(&lang)?;
    let next = safe_next(q.next.as_deref().unwrap_or(""), lang);
    if ctx.session.is_some() {
        return Ok(Redirect::to(&next).into_response());
    }
    let form = FormState { csrf: ctx.csrf.clone(), ..Default::default() };
    let mut meta = ctx.meta(lang, app::i18n::ui(lang).sign_in, "/login");
    meta.noindex = true;
    Ok(page(&state, &ctx, meta, move || view! { <LoginPage lang form next/> }))
}

#[derive(Deserialize)]
struct LoginForm {
    email: String,
    password: String,
    #[serde(default)]
    next: String,
}

async fn login(
    State(state): State<AppState>,
    ctx: PageContext,
    PeerAddr(peer): PeerAddr,
    headers: HeaderMap,
    Path(lang): Path<String>,
    Form(f): Form<LoginForm>,
) -> Result<Response> {
    let lang = parse_lang(&lang)?;
    let address = client_address(&state, &headers, peer);
    let device = ctx.jar.get(DEVICE_COOKIE).map(|c| c.value().to_string());
    let attempt = Attempt { email: &f.email, password: &f.password, address: &address, device: device.as_deref() };
    match accounts::sign_in(&state.store, &state.passwords, attempt).await {
        Ok(session) => {
            if let Some(old) = &ctx.session {
                let _ = state.store.delete_session(&old.token_hash).await;
            }
            Ok(signed_in(&state, session, &safe_next(&f.next, lang)))
        }
        Err(e) if e.status().is_client_error() => {
            let message = match &e {
                Error::Unauthorized => "The e-mail address or the password is not right.".to_string(),
                other => other.public_message(),
            };
            let form =
                FormState { csrf: ctx.csrf.clone(), error: Some(message), values: vec![("email".into(), f.email)] };
            let next = f.next;
            let mut meta = ctx.meta(lang, app::i18n::ui(lang).sign_in, "/login");
            meta.noindex = true;
            Ok(refused(page(&state, &ctx, meta, move || view! { <LoginPage lang form next/> }), &e))
        }
        Err(e) => Err(e),
    }
}

async fn logout(State(state): State<AppState>, ctx: PageContext, Path(lang): Path<String>) -> Result<Response> {
    let lang = parse_lang(&lang)?;
    if let Some(s) = &ctx.session {
        accounts::sign_out(&state.store, s).await?;
    }
    let mut res = Redirect::to(&format!("/{lang}/")).into_response();
    let c = cookie(SESSION_COOKIE, String::new(), Some(0), state.settings.secure_cookies);
    if let Ok(v) = HeaderValue::from_str(&c.to_string()) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(res)
}

#[derive(Deserialize)]
struct DoneQuery {
    done: Option<String>,
}

async fn account(
    State(state): State<AppState>,
    ctx: PageContext,
    Member(session): Member,
    Path(lang): Path<String>,
    Query(q): Query<DoneQuery>,
) -> Result<Response> {
    let lang = parse_lang(&lang)?;
    let form = FormState { csrf: ctx.csrf.clone(), ..Default::default() };
    let (name, email, role, done) = (session.user.name, session.user.email, session.user.role, q.done.is_some());
    let mut meta = ctx.meta(lang, app::i18n::ui(lang).account, "/account");
    meta.noindex = true;
    Ok(page(&state, &ctx, meta, move || view! { <AccountPage lang name email role form done/> }))
}

#[derive(Deserialize)]
struct PasswordForm {
    current: String,
    new: String,
}

async fn change_password(
    State(state): State<AppState>,
    ctx: PageContext,
    Member(session): Member,
    Path(lang): Path<String>,
    Form(f): Form<PasswordForm>,
) -> Result<Response> {
    let lang = parse_lang(&lang)?;
    match accounts::change_password(&state.store, &state.passwords, &session, &f.current, &f.new).await {
        Ok(()) => Ok(Redirect::to(&format!("/{lang}/account?done=1")).into_response()),
        Err(e) if e.status().is_client_error() => {
            let form = FormState { csrf: ctx.csrf.clone(), error: Some(e.public_message()), values: vec![] };
            let (name, email, role) = (session.user.name, session.user.email, session.user.role);
            let meta = ctx.meta(lang, app::i18n::ui(lang).account, "/account");
            Ok(refused(
                page(&state, &ctx, meta, move || view! { <AccountPage lang name email role form done=false/> }),
                &e,
            ))
        }
        Err(e) => Err(e),
    }
}

/// An invitation that can still be accepted, or a clear 404-like error page.
async fn usable_invitation(state: &AppState, token: &str) -> Result<app::model::Role> {
    let inv = state.store.invitation(&hash_token(token)).await?.ok_or(Error::NotFound)?;
    if inv.used || inv.expires_at <= crate::db::now() {
        return Err(Error::Conflict("This invitation has expired or was already used. Ask for a new one.".into()));
    }
    Ok(inv.role)
}

async fn invite_form(
    State(state): State<AppState>,
    ctx: PageContext,
    Path((lang, token)): Path<(String, String)>,
) -> Result<Response> {
    let lang = parse_lang(&lang)?;
    let role = usable_invitation(&state, &token).await?;
    let form = FormState { csrf: ctx.csrf.clone(), ..Default::default() };
    let mut meta = ctx.meta(lang, app::i18n::ui(lang).create_account, format!("/invite/{token}"));
    meta.noindex = true;
    Ok(page(&state, &ctx, meta, move || view! { <InvitePage lang token role form/> }))
}

#[derive(Deserialize)]
struct InviteForm {
    name: String,
    email: String,
    password: String,
}

async fn accept_invite(
    State(state): State<AppState>,
    ctx: PageContext,
    Path((lang, token)): Path<(String, String)>,
    Form(f): Form<InviteForm>,
) -> Result<Response> {
    let lang = parse_lang(&lang)?;
    let role = usable_invitation(&state, &token).await?;
    match accounts::accept_invitation(&state.store, &state.passwords, &token, &f.email, &f.name, &f.password).await {
        Ok(session) => Ok(signed_in(&state, session, &format!("/{lang}/"))),
        Err(e) if e.status().is_client_error() => {
            let form = FormState {
                csrf: ctx.csrf.clone(),
                error: Some(e.public_message()),
                values: vec![("name".into(), f.name), ("email".into(), f.email)],
            };
            let mut meta = ctx.meta(lang, app::i18n::ui(lang).create_account, format!("/invite/{token}"));
            meta.noindex = true;
            Ok(refused(page(&state, &ctx, meta, move || view! { <InvitePage lang token role form/> }), &e))
        }
        Err(e) => Err(e),
    }
}

async fn reset_form(
    State(state): State<AppState>,
    ctx: PageContext,
    Path((lang, token)): Path<(String, String)>,
) -> Result<Response> {
    let lang = parse_lang(&lang)?;
    let user =
        state.store.password_reset_user(&hash_token(&token)).await?.ok_or_else(|| {
            Error::Conflict("This reset link has expired or was already used. Ask for a new one.".into())
        })?;
    let form = FormState { csrf: ctx.csrf.clone(), ..Default::default() };
    let name = user.name;
    let mut meta = ctx.meta(lang, app::i18n::ui(lang).set_password, format!("/reset/{token}"));
    meta.noindex = true;
    Ok(page(&state, &ctx, meta, move || view! { <ResetPage lang token name form/> }))
}

#[derive(Deserialize)]
struct ResetForm {
    password: String,
}

async fn reset(
    State(state): State<AppState>,
    ctx: PageContext,
    Path((lang, token)): Path<(String, String)>,
    Form(f): Form<ResetForm>,
) -> Result<Response> {
    let lang = parse_lang(&lang)?;
    match accounts::use_reset(&state.store, &state.passwords, &token, &f.password).await {
        Ok(session) => Ok(signed_in(&state, session, &format!("/{lang}/account"))),
        Err(e @ Error::BadRequest(_)) => {
            let user = state.store.password_reset_user(&hash_token(&token)).await?.ok_or(Error::NotFound)?;
            let form = FormState { csrf: ctx.csrf.clone(), error: Some(e.public_message()), values: vec![] };
            let name = user.name;
            let meta = ctx.meta(lang, app::i18n::ui(lang).set_password, format!("/reset/{token}"));
            Ok(refused(page(&state, &ctx, meta, move || view! { <ResetPage lang token name form/> }), &e))
        }
        Err(e) => Err(e),
    }
}

async fn my_threads(
    State(state): State<AppState>,
    ctx: PageContext,
    Member(session): Member,
    Path(lang): Path<String>,
) -> Result<Response> {
    let lang = parse_lang(&lang)?;
    let threads = crate::discussion::my_threads(&state.store, &session).await?;
    let mut meta = ctx.meta(lang, app::i18n::ui(lang).my_threads, "/my-threads");
    meta.noindex = true;
    Ok(page(&state, &ctx, meta, move || view! { <MyThreadsPage lang threads/> }))
}
