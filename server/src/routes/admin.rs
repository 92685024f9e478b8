//! Administration pages: accounts (roles, disabling, reset links), invitations, the audit log.

use app::i18n::msg::Msg;
use app::i18n::ui;
use app::model::{Role, UserLine};
use app::pages::admin::{AuditPage, InvitationsPage, UsersPage};
use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{get, post};
use leptos::prelude::*;
use serde::Deserialize;

use crate::accounts;
use crate::auth::Member;
use crate::error::{Error, Result};
use crate::state::AppState;
use crate::web::{Admin, Form, PageContext, answer, page};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/{lang}/admin/users", get(users))
        .route("/{lang}/admin/users/{id}/{action}", post(user_action))
        .route("/{lang}/admin/invitations", get(invitations).post(create_invitation))
        .route("/{lang}/admin/invitations/{id}/revoke", post(revoke_invitation))
        .route("/{lang}/admin/audit", get(audit))
}

async fn users_page(
    state: &AppState,
    ctx: &PageContext,
    notice: Option<String>,
    error: Option<String>,
) -> Result<Response> {
    let lang = ctx.lang;
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
            last_login: u.last_login_at.map(|t| ctx.clock().time(t)).unwrap_or_default(),
        })
        .collect();
    let csrf = ctx.csrf.clone();
    let mail_status = mail_status(state, lang).await?;
    Ok(page(state, ctx, ctx.private_meta(ui(lang).users, "/admin/users"), move || {
        view! { <UsersPage lang users csrf notice error mail_status/> }
    }))
}

/// What the admin pages say of e-mail: off, or what the outbox holds.
async fn mail_status(state: &AppState, lang: app::model::Lang) -> Result<String> {
    let t = ui(lang);
    if !state.mail.is_on() {
        return Ok(t.mail_is_off.to_string());
    }
    let (pending, sent, failed) = state.store.outbox_counts().await?;
    let (pending, sent, failed) = (pending.to_string(), sent.to_string(), failed.to_string());
    Ok(app::i18n::fill(t.mail_status, &[("pending", &pending), ("sent", &sent), ("failed", &failed)]))
}

async fn users(State(state): State<AppState>, ctx: PageContext, Admin(_): Admin) -> Result<Response> {
    users_page(&state, &ctx, None, None).await
}

#[derive(Deserialize)]
struct UserAction {
    id: i64,
    action: String,
}

#[derive(Deserialize)]
struct RoleForm {
    #[serde(default)]
    role: String,
}

async fn user_action(
    State(state): State<AppState>,
    ctx: PageContext,
    Admin(session): Admin,
    Path(UserAction { id, action }): Path<UserAction>,
    Form(f): Form<RoleForm>,
) -> Result<Response> {
    let (lang, t) = (ctx.lang, ui(ctx.lang));
    let outcome: Result<String> = match action.as_str() {
        "role" => match Role::from_code(&f.role) {
            Some(role) => accounts::set_role(&state.store, &session, id, role).await.map(|_| t.change_role.to_string()),
            None => Err(Error::BadRequest(Msg::UnknownRole)),
        },
        "disable" => accounts::set_disabled(&state.store, &session, id, true).await.map(|_| t.disabled.to_string()),
        "enable" => accounts::set_disabled(&state.store, &session, id, false).await.map(|_| t.enable.to_string()),
        "two-factor-reset" => {
            accounts::second_step::reset(&state.store, &session, id).await.map(|_| t.reset_two_factor.to_string())
        }
        // With e-mail on, the link goes to the member only; without, the admin passes it on.
        "reset" => match accounts::issue_reset(&state.store, &session, id).await {
            Ok(token) if state.mail.is_on() => {
                state.mail.reset(&state.store, id, &token).await.map_err(Error::Internal)?;
                Ok(t.reset_mailed.to_string())
            }
            Ok(token) => Ok(format!("{}: {}/{lang}/reset/{token}", t.reset_link, state.settings.base_url)),
            Err(e) => Err(e),
        },
        _ => return Err(Error::NotFound),
    };
    answer(
        outcome,
        async |notice| users_page(&state, &ctx, Some(notice), None).await,
        async |e| users_page(&state, &ctx, None, Some(e.message(ctx.lang))).await,
    )
    .await
}

/// Roles a member may invite to; none means the page is not theirs.
fn invitable(role: Role) -> Vec<Role> {
    Role::ALL.into_iter().filter(|r| accounts::may_invite(role, *r)).collect()
}

/// Whose pending invitations a member sees and may revoke: an admin everyone's, an editor
/// their own.
fn invitations_of(session: &crate::auth::Session) -> Option<i64> {
    (!session.is(Role::Admin)).then_some(session.user.id)
}

async fn invitations_page(
    state: &AppState,
    ctx: &PageContext,
    session: &crate::auth::Session,
    allowed: Vec<Role>,
    link: Option<String>,
    error: Option<String>,
) -> Result<Response> {
    let (lang, csrf) = (ctx.lang, ctx.csrf.clone());
    let clock = ctx.clock();
    let pending = state
        .store
        .pending_invitations(invitations_of(session))
        .await?
        .into_iter()
        .map(|p| app::model::PendingLine {
            id: p.token_hash,
            role: p.role,
            created: clock.time(p.created_at),
            expires: clock.time(p.expires_at),
            created_by: p.created_by.unwrap_or_else(|| ui(lang).command_line.into()),
        })
        .collect();
    let mail_status = mail_status(state, lang).await?;
    let mail_on = state.mail.is_on();
    Ok(page(state, ctx, ctx.private_meta(ui(lang).invite_someone, "/admin/invitations"), move || {
        view! { <InvitationsPage lang csrf allowed link error pending mail_status mail_on/> }
    }))
}

async fn invitations(State(state): State<AppState>, ctx: PageContext, Member(session): Member) -> Result<Response> {
    let allowed = invitable(session.user.role);
    if allowed.is_empty() {
        return Err(Error::Forbidden);
    }
    invitations_page(&state, &ctx, &session, allowed, None, None).await
}

#[derive(Deserialize)]
struct HashParam {
    id: String,
}

/// Ends a pending invitation (its link stops working at once), audited.
async fn revoke_invitation(
    State(state): State<AppState>,
    ctx: PageContext,
    Member(session): Member,
    Path(HashParam { id }): Path<HashParam>,
) -> Result<Response> {
    if invitable(session.user.role).is_empty() {
        return Err(Error::Forbidden);
    }
    if !state.store.revoke_invitation(&id, invitations_of(&session)).await? {
        return Err(Error::NotFound);
    }
    let short: String = id.chars().take(12).collect();
    crate::audit::record(
        &state.store,
        Some(session.user.id),
        app::model::AuditAction::InvitationRevoke,
        crate::audit::Target::User { id: session.user.id, name: &session.user.name },
        crate::audit::Detail::Text(&short),
    )
    .await?;
    Ok(axum::response::IntoResponse::into_response(axum::response::Redirect::to(&format!(
        "/{}/admin/invitations",
        ctx.lang
    ))))
}

#[derive(Deserialize)]
struct InvitationForm {
    role: String,
    #[serde(default)]
    days: String,
    /// With e-mail on: where to send the link (optional), and in which language.
    #[serde(default)]
    email: String,
    #[serde(default)]
    language: String,
}

async fn create_invitation(
    State(state): State<AppState>,
    ctx: PageContext,
    Member(session): Member,
    Form(f): Form<InvitationForm>,
) -> Result<Response> {
    let allowed = invitable(session.user.role);
    let role = Role::from_code(&f.role).ok_or_else(|| Error::BadRequest(Msg::UnknownRole))?;
    let days = f.days.trim().parse::<i64>().unwrap_or(7);
    if state.mail.is_on() && !f.email.trim().is_empty() && !crate::mail::valid_address(f.email.trim()) {
        let error = Some(Msg::InvalidEmail.text(ctx.lang));
        let mut res = invitations_page(&state, &ctx, &session, allowed, None, error).await?;
        *res.status_mut() = axum::http::StatusCode::BAD_REQUEST;
        return Ok(res);
    }
    let outcome = accounts::invite(&state.store, Some(&session), role, days).await;
    answer(
        outcome,
        async |token| {
            let to = f.email.trim();
            if state.mail.is_on() && !to.is_empty() {
                let lang = app::model::Lang::from_code(&f.language).unwrap_or(ctx.lang);
                state.mail.invitation(&state.store, to, lang, role, days, &token).await.map_err(Error::Internal)?;
            }
            let link = format!("{}/{}/invite/{token}", state.settings.base_url, ctx.lang);
            invitations_page(&state, &ctx, &session, allowed.clone(), Some(link), None).await
        },
        async |e| invitations_page(&state, &ctx, &session, allowed.clone(), None, Some(e.message(ctx.lang))).await,
    )
    .await
}

async fn audit(State(state): State<AppState>, ctx: PageContext, Admin(_): Admin) -> Result<Response> {
    let lang = ctx.lang;
    let entries = state.store.audit_log(500).await?.into_iter().map(|a| crate::audit::line(a, ctx.clock())).collect();
    Ok(page(&state, &ctx, ctx.private_meta(ui(lang).audit_log, "/admin/audit"), move || {
        view! { <AuditPage lang entries/> }
    }))
}
