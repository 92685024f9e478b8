//! Two-factor pages: the code after the password, the setup a staff account does at sign-in
//! (or a reader from their account page), the recovery codes shown once, and turning it off.
//! The rules are in `accounts::second_step`; every page here is `no-store`.

use app::i18n::ui;
use app::model::Lang;
use app::pages::account::FormState;
use app::pages::two_factor::{CodePage, RecoveryCodesPage, SetupPage, SetupView};
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use leptos::prelude::*;
use serde::Deserialize;

use crate::accounts::second_step;
use crate::auth::two_factor::readable_secret;
use crate::auth::{CHALLENGE_COOKIE, Member, cookie};
use crate::db::UserRow;
use crate::error::Result;
use crate::state::AppState;
use crate::web::{Form, PageContext, answer, page, set_session_cookies};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/{lang}/login/code", get(code_form).post(code))
        .route("/{lang}/login/setup", get(setup_form).post(setup))
        .route("/{lang}/account/two-factor", get(own_setup_form).post(own_setup))
        .route("/{lang}/account/two-factor/off", post(turn_off))
}

#[derive(Deserialize)]
struct CodeForm {
    #[serde(default)]
    code: String,
}

fn no_store(mut res: Response) -> Response {
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

fn form(ctx: &PageContext, error: Option<String>) -> FormState {
    FormState { csrf: ctx.csrf.clone(), error, values: Vec::new() }
}

/// The challenge cookie's value; without one, the second step starts again at sign-in.
fn challenge_of(ctx: &PageContext) -> Option<String> {
    ctx.jar.get(CHALLENGE_COOKIE).map(|c| c.value().to_string())
}

fn to_sign_in(lang: Lang) -> Response {
    Redirect::to(&format!("/{lang}/login")).into_response()
}

/// Clears the challenge cookie on an answer.
fn end_challenge(state: &AppState, res: &mut Response) {
    let gone = cookie(CHALLENGE_COOKIE, String::new(), Some(0), state.settings.secure_cookies);
    if let Ok(v) = HeaderValue::from_str(&gone.to_string()) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
}

fn code_page(state: &AppState, ctx: &PageContext, error: Option<String>) -> Response {
    let (lang, form) = (ctx.lang, form(ctx, error));
    no_store(page(state, ctx, ctx.private_meta(ui(lang).two_factor, "/login/code"), move || {
        view! { <CodePage lang form/> }
    }))
}

async fn code_form(State(state): State<AppState>, ctx: PageContext) -> Result<Response> {
    let Some(challenge) = challenge_of(&ctx) else { return Ok(to_sign_in(ctx.lang)) };
    if second_step::challenged(&state.store, &challenge).await.is_err() {
        return Ok(to_sign_in(ctx.lang));
    }
    Ok(code_page(&state, &ctx, None))
}

async fn code(State(state): State<AppState>, ctx: PageContext, Form(f): Form<CodeForm>) -> Result<Response> {
    let Some(challenge) = challenge_of(&ctx) else { return Ok(to_sign_in(ctx.lang)) };
    let outcome = second_step::second_step(&state.store, &challenge, &f.code).await;
    answer(
        outcome,
        async |(session, next)| {
            let mut res = Redirect::to(&next).into_response();
            set_session_cookies(&state, &mut res, session);
            end_challenge(&state, &mut res);
            Ok(res)
        },
        async |e| Ok(code_page(&state, &ctx, Some(e.message(ctx.lang)))),
    )
    .await
}

/// The setup page for `user` (its pending key, made now if none), posting to `action`.
async fn setup_page(
    state: &AppState,
    ctx: &PageContext,
    user: &UserRow,
    action: String,
    error: Option<String>,
) -> Result<Response> {
    let key = second_step::setup_key(&state.store, user).await?;
    let required = second_step::requires_two_factor(user.role);
    let (lang, form) = (ctx.lang, form(ctx, error));
    let setup = SetupView { qr_svg: key.qr_svg, secret: readable_secret(&key.secret), action, required };
    Ok(no_store(page(state, ctx, ctx.private_meta(ui(lang).setup_title, "/login/setup"), move || {
        view! { <SetupPage lang form setup/> }
    })))
}

fn recovery_page(state: &AppState, ctx: &PageContext, codes: Vec<String>, next: String) -> Response {
    let lang = ctx.lang;
    no_store(page(state, ctx, ctx.private_meta(ui(lang).recovery_title, "/login/setup"), move || {
        view! { <RecoveryCodesPage lang codes next/> }
    }))
}

async fn setup_form(State(state): State<AppState>, ctx: PageContext) -> Result<Response> {
    let Some(challenge) = challenge_of(&ctx) else { return Ok(to_sign_in(ctx.lang)) };
    let Ok((user, _)) = second_step::challenged(&state.store, &challenge).await else {
        return Ok(to_sign_in(ctx.lang));
    };
    setup_page(&state, &ctx, &user, format!("/{}/login/setup", ctx.lang), None).await
}

async fn setup(State(state): State<AppState>, ctx: PageContext, Form(f): Form<CodeForm>) -> Result<Response> {
    let Some(challenge) = challenge_of(&ctx) else { return Ok(to_sign_in(ctx.lang)) };
    let outcome = second_step::setup_at_sign_in(&state.store, &challenge, &f.code).await;
    answer(
        outcome,
        async |(session, next, codes)| {
            let mut res = recovery_page(&state, &ctx, codes, next);
            set_session_cookies(&state, &mut res, session);
            end_challenge(&state, &mut res);
            Ok(res)
        },
        async |e| {
            let (user, _) = second_step::challenged(&state.store, &challenge).await?;
            let action = format!("/{}/login/setup", ctx.lang);
            setup_page(&state, &ctx, &user, action, Some(e.message(ctx.lang))).await
        },
    )
    .await
}

/// A signed-in member sets up a second factor from their account page.
async fn own_setup_form(State(state): State<AppState>, ctx: PageContext, Member(session): Member) -> Result<Response> {
    if state.store.two_factor(session.user.id).await?.secret.is_some() {
        return Ok(Redirect::to(&format!("/{}/account#two-factor", ctx.lang)).into_response());
    }
    setup_page(&state, &ctx, &session.user, format!("/{}/account/two-factor", ctx.lang), None).await
}

async fn own_setup(
    State(state): State<AppState>,
    ctx: PageContext,
    Member(session): Member,
    Form(f): Form<CodeForm>,
) -> Result<Response> {
    let outcome = second_step::confirm_setup(&state.store, &session.user, &f.code).await;
    answer(
        outcome,
        async |codes| Ok(recovery_page(&state, &ctx, codes, format!("/{}/account#two-factor", ctx.lang))),
        async |e| {
            let action = format!("/{}/account/two-factor", ctx.lang);
            setup_page(&state, &ctx, &session.user, action, Some(e.message(ctx.lang))).await
        },
    )
    .await
}

async fn turn_off(
    State(state): State<AppState>,
    ctx: PageContext,
    Member(session): Member,
    Form(f): Form<CodeForm>,
) -> Result<Response> {
    second_step::turn_off(&state.store, &session, &f.code).await?;
    Ok(Redirect::to(&format!("/{}/account#two-factor", ctx.lang)).into_response())
}
