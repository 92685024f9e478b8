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
    Ok(page(state, ctx, ctx.private_meta(ui(lang).users, "/admin/users"), move || {
        view! { <UsersPage lang users csrf notice error/> }
    }))
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
        "reset" => accounts::issue_reset(&state.store, &session, id)
            .await
            .map(|token| format!("{}: {}/{lang}/reset/{token}", t.reset_link, state.settings.base_url)),
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

fn invitations_page(
    state: &AppState,
    ctx: &PageContext,
    allowed: Vec<Role>,
    link: Option<String>,
    error: Option<String>,
) -> Response {
    let (lang, csrf) = (ctx.lang, ctx.csrf.clone());
    page(state, ctx, ctx.private_meta(ui(lang).invite_someone, "/admin/invitations"), move || {
        view! { <InvitationsPage lang csrf allowed link error/> }
    })
}

async fn invitations(State(state): State<AppState>, ctx: PageContext, Member(session): Member) -> Result<Response> {
    let allowed = invitable(session.user.role);
    if allowed.is_empty() {
        return Err(Error::Forbidden);
    }
    Ok(invitations_page(&state, &ctx, allowed, None, None))
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
    Form(f): Form<InvitationForm>,
) -> Result<Response> {
    let allowed = invitable(session.user.role);
    let role = Role::from_code(&f.role).ok_or_else(|| Error::BadRequest(Msg::UnknownRole))?;
    let days = f.days.trim().parse::<i64>().unwrap_or(7);
    let outcome = accounts::invite(&state.store, Some(&session), role, days).await;
    answer(
        outcome,
        async |token| {
            let link = format!("{}/{}/invite/{token}", state.settings.base_url, ctx.lang);
            Ok(invitations_page(&state, &ctx, allowed.clone(), Some(link), None))
        },
        async |e| Ok(invitations_page(&state, &ctx, allowed.clone(), None, Some(e.message(ctx.lang)))),
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
