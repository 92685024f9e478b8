//! Account pages: sign in and out, invitations, password changes and resets, "my threads".
//! Every form posts and redirects; a refused form comes back with its message and what was
//! typed (never the password).

use app::i18n::format::{default_zone, zone_name};
use app::i18n::msg::Msg;
use app::i18n::ui;
use app::model::{Lang, Named, Role};
use app::pages::account::{AccountPage, FormState, InvitePage, LoginPage, MyThreadsPage, ResetPage};
use app::pages::notifications::{MailChoicesView, MailSection};
use app::pages::two_factor::TwoFactorSection;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use leptos::prelude::*;
use serde::Deserialize;

use crate::accounts::{self, Attempt};
use crate::auth::tokens::hash_token;
use crate::auth::{DEVICE_COOKIE, Member, SESSION_COOKIE, cookie};
use crate::error::{Error, Result};
use crate::state::AppState;
use crate::web::{Form, PageContext, PeerAddr, answer, client_address, page, proceed};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/{lang}/login", get(login_form).post(login))
        .route("/{lang}/logout", post(logout))
        .route("/{lang}/account", get(account))
        .route("/{lang}/account/password", post(change_password))
        .route("/{lang}/account/time-zone", post(set_time_zone))
        .route("/{lang}/account/profile", post(set_profile))
        .route("/{lang}/invite/{token}", get(invite_form).post(accept_invite))
        .route("/{lang}/reset/{token}", get(reset_form).post(reset))
        .route("/{lang}/my-threads", get(my_threads))
}

#[derive(Deserialize)]
struct TokenParam {
    token: String,
}

/// Where to go after signing in: only a path on this site.
fn safe_next(next: &str, lang: Lang) -> String {
    let ok = next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') && !next.contains("://");
    if ok { next.to_string() } else { format!("/{lang}/") }
}

/// A form with a message and what was typed (never a password).
fn form_state(ctx: &PageContext, error: Option<String>, values: Vec<(&str, String)>) -> FormState {
    FormState { csrf: ctx.csrf.clone(), error, values: values.into_iter().map(|(k, v)| (k.to_string(), v)).collect() }
}

#[derive(Deserialize)]
struct NextQuery {
    next: Option<String>,
}

fn login_page(state: &AppState, ctx: &PageContext, form: FormState, next: String) -> Response {
    let lang = ctx.lang;
    page(state, ctx, ctx.private_meta(ui(lang).sign_in, "/login"), move || view! { <LoginPage lang form next/> })
}

async fn login_form(State(state): State<AppState>, ctx: PageContext, Query(q): Query<NextQuery>) -> Result<Response> {
    let next = safe_next(q.next.as_deref().unwrap_or(""), ctx.lang);
    if ctx.session.is_some() {
        return Ok(Redirect::to(&next).into_response());
    }
    Ok(login_page(&state, &ctx, form_state(&ctx, None, vec![]), next))
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
    Form(f): Form<LoginForm>,
) -> Result<Response> {
    let address = client_address(&state, &headers, peer);
    let device = ctx.jar.get(DEVICE_COOKIE).map(|c| c.value().to_string());
    let next = safe_next(&f.next, ctx.lang);
    let attempt =
        Attempt { email: &f.email, password: &f.password, address: &address, device: device.as_deref(), next: &next };
    let outcome = accounts::sign_in(&state.store, &state.passwords, attempt).await;
    answer(
        outcome,
        async |outcome| {
            if let Some(old) = &ctx.session {
                let _ = state.store.delete_session(&old.token_hash).await;
            }
            Ok(proceed(&state, ctx.lang, outcome, &next))
        },
        async |e| {
            let message = match e {
                Error::Unauthorized => Msg::WrongCredentials.text(ctx.lang),
                other => other.message(ctx.lang),
            };
            let form = form_state(&ctx, Some(message), vec![("email", f.email.clone())]);
            Ok(login_page(&state, &ctx, form, f.next.clone()))
        },
    )
    .await
}

async fn logout(State(state): State<AppState>, ctx: PageContext) -> Result<Response> {
    if let Some(s) = &ctx.session {
        accounts::sign_out(&state.store, s).await?;
    }
    let mut res = Redirect::to(&format!("/{}/", ctx.lang)).into_response();
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

async fn account_page(
    state: &AppState,
    ctx: &PageContext,
    member: &crate::auth::Session,
    form: FormState,
    done: Option<&str>,
) -> Result<Response> {
    let lang = ctx.lang;
    let second = state.store.two_factor(member.user.id).await?;
    let (on, recovery_left) = (second.secret.is_some(), second.recovery_left);
    let mandatory = accounts::second_step::requires_two_factor(member.user.role);
    let csrf = form.csrf.clone();
    let (name, email, role): (String, String, Role) =
        (member.user.name.clone(), member.user.email.clone(), member.user.role);
    let zones: Vec<Named> =
        crate::dates::ZONES.iter().map(|z| Named { slug: z.name().to_string(), title: zone_name(*z, lang) }).collect();
    let zone = member.user.time_zone.clone().unwrap_or_default();
    let default_zone = zone_name(default_zone(lang), lang);
    let (password_changed, zone_saved) = (done == Some("password"), done == Some("zone"));
    let profile = app::pages::account::Profile {
        organisation: member.user.organisation.clone().unwrap_or_default(),
        country: member.user.country.clone().unwrap_or_default(),
        countries: accounts::PROFILE_COUNTRIES
            .iter()
            .map(|c| Named { slug: c.to_string(), title: app::i18n::country_label(lang, c) })
            .collect(),
        saved: done == Some("profile"),
    };
    let choices = match state.store.recipient(member.user.id).await? {
        Some(r) => MailChoicesView {
            replies: r.choices.replies,
            reviews: r.choices.reviews,
            mentions: r.choices.mentions,
            digest: r.choices.digest.code().to_string(),
            language: r.choices.language.unwrap_or(lang),
            mail_on: state.mail.is_on(),
            saved: done == Some("mail"),
        },
        None => return Err(Error::Unauthorized),
    };
    let mail_csrf = csrf.clone();
    Ok(page(state, ctx, ctx.private_meta(ui(lang).account, "/account"), move || {
        view! {
            <AccountPage lang name email role form done=password_changed zones zone default_zone zone_saved profile/>
            <MailSection lang csrf=mail_csrf choices/>
            <TwoFactorSection lang csrf on recovery_left mandatory/>
        }
    }))
}

async fn account(
    State(state): State<AppState>,
    ctx: PageContext,
    Member(session): Member,
    Query(q): Query<DoneQuery>,
) -> Result<Response> {
    account_page(&state, &ctx, &session, form_state(&ctx, None, vec![]), q.done.as_deref()).await
}

#[derive(Deserialize)]
struct ZoneForm {
    #[serde(default)]
    zone: String,
}

async fn set_time_zone(
    State(state): State<AppState>,
    ctx: PageContext,
    Member(session): Member,
    Form(f): Form<ZoneForm>,
) -> Result<Response> {
    accounts::set_time_zone(&state.store, &session, &f.zone).await?;
    Ok(Redirect::to(&format!("/{}/account?done=zone#time-zone", ctx.lang)).into_response())
}

#[derive(Deserialize)]
struct ProfileForm {
    #[serde(default)]
    organisation: String,
    #[serde(default)]
    country: String,
}

async fn set_profile(
    State(state): State<AppState>,
    ctx: PageContext,
    Member(session): Member,
    Form(f): Form<ProfileForm>,
) -> Result<Response> {
    accounts::set_profile(&state.store, &session, &f.organisation, &f.country).await?;
    Ok(Redirect::to(&format!("/{}/account?done=profile#profile", ctx.lang)).into_response())
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
    Form(f): Form<PasswordForm>,
) -> Result<Response> {
    let outcome = accounts::change_password(&state.store, &state.passwords, &session, &f.current, &f.new).await;
    answer(
        outcome,
        async |()| Ok(Redirect::to(&format!("/{}/account?done=password", ctx.lang)).into_response()),
        async |e| account_page(&state, &ctx, &session, form_state(&ctx, Some(e.message(ctx.lang)), vec![]), None).await,
    )
    .await
}

/// An invitation that can still be accepted, or a clear error page.
async fn usable_invitation(state: &AppState, token: &str) -> Result<Role> {
    let inv = state.store.invitation(&hash_token(token)).await?.ok_or(Error::NotFound)?;
    if inv.used || inv.expires_at <= crate::db::now() {
        return Err(Error::Conflict(Msg::InvitationUsed));
    }
    Ok(inv.role)
}

fn invite_page(state: &AppState, ctx: &PageContext, token: String, role: Role, form: FormState) -> Response {
    let lang = ctx.lang;
    let meta = ctx.private_meta(ui(lang).create_account, format!("/invite/{token}"));
    page(state, ctx, meta, move || view! { <InvitePage lang token role form/> })
}

async fn invite_form(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(TokenParam { token }): Path<TokenParam>,
) -> Result<Response> {
    let role = usable_invitation(&state, &token).await?;
    Ok(invite_page(&state, &ctx, token, role, form_state(&ctx, None, vec![])))
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
    Path(TokenParam { token }): Path<TokenParam>,
    Form(f): Form<InviteForm>,
) -> Result<Response> {
    let role = usable_invitation(&state, &token).await?;
    let home = format!("/{}/", ctx.lang);
    let applicant = accounts::Applicant { email: &f.email, name: &f.name, password: &f.password };
    let outcome =
        accounts::accept_invitation(&state.store, &state.passwords, &token, &applicant, &home, ctx.lang).await;
    answer(
        outcome,
        async |outcome| Ok(proceed(&state, ctx.lang, outcome, &home)),
        async |e| {
            let form =
                form_state(&ctx, Some(e.message(ctx.lang)), vec![("name", f.name.clone()), ("email", f.email.clone())]);
            Ok(invite_page(&state, &ctx, token.clone(), role, form))
        },
    )
    .await
}

fn reset_page(state: &AppState, ctx: &PageContext, token: String, name: String, form: FormState) -> Response {
    let lang = ctx.lang;
    let meta = ctx.private_meta(ui(lang).set_password, format!("/reset/{token}"));
    page(state, ctx, meta, move || view! { <ResetPage lang token name form/> })
}

/// The account a usable reset link is for, or a clear error page.
async fn reset_user(state: &AppState, token: &str) -> Result<crate::db::UserRow> {
    state.store.password_reset_user(&hash_token(token)).await?.ok_or_else(|| Error::Conflict(Msg::ResetLinkUsed))
}

async fn reset_form(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(TokenParam { token }): Path<TokenParam>,
) -> Result<Response> {
    let user = reset_user(&state, &token).await?;
    Ok(reset_page(&state, &ctx, token, user.name, form_state(&ctx, None, vec![])))
}

#[derive(Deserialize)]
struct ResetForm {
    password: String,
}

async fn reset(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(TokenParam { token }): Path<TokenParam>,
    Form(f): Form<ResetForm>,
) -> Result<Response> {
    let to = format!("/{}/account", ctx.lang);
    let outcome = accounts::use_reset(&state.store, &state.passwords, &token, &f.password, &to).await;
    answer(
        outcome,
        async |outcome| Ok(proceed(&state, ctx.lang, outcome, &to)),
        async |e| {
            let user = reset_user(&state, &token).await?;
            Ok(reset_page(&state, &ctx, token.clone(), user.name, form_state(&ctx, Some(e.message(ctx.lang)), vec![])))
        },
    )
    .await
}

async fn my_threads(State(state): State<AppState>, ctx: PageContext, Member(session): Member) -> Result<Response> {
    let lang = ctx.lang;
    let threads = crate::discussion::my_threads(&state.store, &session, ctx.clock()).await?;
    Ok(page(&state, &ctx, ctx.private_meta(ui(lang).my_threads, "/my-threads"), move || {
        view! { <MyThreadsPage lang threads/> }
    }))
}
