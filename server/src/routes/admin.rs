//! Administration pages: accounts (roles, disabling, reset links), invitations, the audit log.

use crate::routes::form::Form;
use app::model::Role;
use app::pages::admin::{AuditLine, AuditPage, InvitationsPage, UserLine, UsersPage};
use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{get, post};
use leptos::prelude::*;
use serde::Deserialize;

use crate::accounts;
use crate::auth::{Member, Session};
use crate::discussion::format_time;
use crate::error::{Error, Result};
use crate::routes::account::parse_lang;
use crate::routes::pages::{PageContext, page};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/{lang}/admin/users", get(users))
        .route("/{lang}/admin/users/{id}/{action}", post(user_action))
        .route("/{lang}/admin/invitations", get(invitations).post(create_invitation))
        .route("/{lang}/admin/audit", get(audit))
}

async fn users_page(
    state: &AppState,
    ctx: &PageContext,
    lang: app::model::Lang,
    notice: Option<String>,
    error: Option<String>,
) -> Result<Response> {
    let users = state
        .store
        .users()
        .await?
        .into_iter()
        .map(|u| UserLine {
            id: u.id,
            name: u.name,
            email: u.email,
            role: u.role,
            disabled: u.disabled,
            last_login: u.last_login_at.map(format_time).unwrap_or_default(),
        })
        .collect();
    let csrf = ctx.csrf.clone();
    let mut meta = ctx.meta(lang, app::i18n::ui(lang).users, "/admin/users");
    meta.noindex = true;
    Ok(page(state, ctx, meta, move || view! { <UsersPage lang users csrf notice error/> }))
}

async fn users(
    State(state): State<AppState>,
    ctx: PageContext,
    Member(session): Member,
    Path(lang): Path<String>,
) -> Result<Response> {
    let lang = parse_lang(&lang)?;
    session.require(Role::Admin)?;
    users_page(&state, &ctx, lang, None, None).await
}

#[derive(Deserialize)]
struct RoleForm {
    #[serde(default)]
    role: String,
}

async fn user_action(
    State(state): State<AppState>,
    ctx: PageContext,
    Member(session): Member,
    Path((lang, id, action)): Path<(String, i64, String)>,
    Form(f): Form<RoleForm>,
) -> Result<Response> {
    let lang = parse_lang(&lang)?;
    session.require(Role::Admin)?;
    let t = app::i18n::ui(lang);
    let outcome: Result<String> = match action.as_str() {
        "role" => {
            let role = Role::from_code(&f.role).ok_or_else(|| Error::BadRequest("Unknown role.".into()))?;
            accounts::set_role(&state.store, &session, id, role).await.map(|_| t.change_role.to_string())
        }
        "disable" => accounts::set_disabled(&state.store, &session, id, true).await.map(|_| t.disabled.to_string()),
        "enable" => accounts::set_disabled(&state.store, &session, id, false).await.map(|_| t.enable.to_string()),
        "reset" => accounts::issue_reset(&state.store, &session, id)
            .await
            .map(|token| format!("{}: {}/{lang}/reset/{token}", t.reset_link, state.settings.base_url)),
        _ => return Err(Error::NotFound),
    };
    match outcome {
        Ok(notice) => users_page(&state, &ctx, lang, Some(notice), None).await,
        Err(e) if e.status().is_client_error() => {
            let status = e.status();
            let mut res = users_page(&state, &ctx, lang, None, Some(e.public_message())).await?;
            *res.status_mut() = status;
            Ok(res)
        }
        Err(e) => Err(e),
    }
}

/// Roles a member may invite to.
fn invitable(session: &Session) -> Vec<Role> {
    Role::ALL.into_iter().filter(|r| accounts::may_invite(session.user.role, *r)).collect()
}

async fn invitations(
    State(state): State<AppState>,
    ctx: PageContext,
    Member(session): Member,
    Path(lang): Path<String>,
) -> Result<Response> {
    let lang = parse_lang(&lang)?;
    let allowed = invitable(&session);
    if allowed.is_empty() {
        return Err(Error::Forbidden);
    }
    let csrf = ctx.csrf.clone();
    let mut meta = ctx.meta(lang, app::i18n::ui(lang).invite_someone, "/admin/invitations");
    meta.noindex = true;
    Ok(page(&state, &ctx, meta, move || view! { <InvitationsPage lang csrf allowed link=None error=None/> }))
}

#[derive(Deserialize)]
struct InvitationForm {
    role: String,
    #[serde(default)]
    days: String,
}

async fn create_invitation(
    State(state): State<AppState>,
    ctx: PageContext,
    Member(session): Member,
    Path(lang): Path<String>,
    Form(f): Form<InvitationForm>,
) -> Result<Response> {
    let lang = parse_lang(&lang)?;
    let allowed = invitable(&session);
    let role = Role::from_code(&f.role).ok_or_else(|| Error::BadRequest("Unknown role.".into()))?;
    let days = f.days.trim().parse::<i64>().unwrap_or(7);
    let (link, error, status) = match accounts::invite(&state.store, Some(&session), role, days).await {
        Ok(token) => (Some(format!("{}/{lang}/invite/{token}", state.settings.base_url)), None, None),
        Err(e) if e.status().is_client_error() => (None, Some(e.public_message()), Some(e.status())),
        Err(e) => return Err(e),
    };
    let csrf = ctx.csrf.clone();
    let mut meta = ctx.meta(lang, app::i18n::ui(lang).invite_someone, "/admin/invitations");
    meta.noindex = true;
    let mut res = page(&state, &ctx, meta, move || view! { <InvitationsPage lang csrf allowed link error/> });
    if let Some(s) = status {
        *res.status_mut() = s;
    }
    Ok(res)
}

async fn audit(
    State(state): State<AppState>,
    ctx: PageContext,
    Member(session): Member,
    Path(lang): Path<String>,
) -> Result<Response> {
    let lang = parse_lang(&lang)?;
    session.require(Role::Admin)?;
    let entries = state
        .store
        .audit_log(500)
        .await?
        .into_iter()
        .map(|a| AuditLine {
            when: format_time(a.at),
            who: a.actor.unwrap_or_else(|| "command line".into()),
            what: a.action,
            target: a.target,
            detail: a.detail,
        })
        .collect();
    let mut meta = ctx.meta(lang, app::i18n::ui(lang).audit_log, "/admin/audit");
    meta.noindex = true;
    Ok(page(&state, &ctx, meta, move || view! { <AuditPage lang entries/> }))
}
