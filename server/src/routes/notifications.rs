//! Notification pages and forms: the member's list, their e-mail choices, following a
//! thread, and the unsubscribe links of e-mail (which work without signing in).

use app::i18n::ui;
use app::model::Lang;
use app::pages::notifications::{NotificationLine, NotificationsPage, UnsubscribePage};
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use leptos::prelude::*;
use serde::Deserialize;

use crate::auth::Member;
use crate::catalog::Catalog;
use crate::db::{Digest, MailChoices};
use crate::error::{Error, Result};
use crate::state::AppState;
use crate::web::{Form, PageContext, page};

/// How many notifications the list shows.
const SHOWN: i64 = 100;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/{lang}/notifications", get(list))
        .route("/{lang}/notifications/read", post(mark_read))
        .route("/{lang}/account/mail", post(set_choices))
        .route("/{lang}/threads/{id}/follow", post(follow))
        .route("/{lang}/unsubscribe/{key}", get(unsubscribe_form).post(unsubscribe))
}

async fn list(State(state): State<AppState>, ctx: PageContext, Member(session): Member) -> Result<Response> {
    let lang = ctx.lang;
    let clock = ctx.clock();
    let catalog = Catalog::new(&state.store, &ctx.viewer);
    let mut lines = Vec::new();
    for n in state.store.notifications(session.user.id, SHOWN).await? {
        // A document can have become unreadable to the member since (a role changed).
        if !catalog.may_read_about(n.doc_slug.as_deref()).await {
            continue;
        }
        lines.push(NotificationLine {
            kind: n.kind,
            actor: n.actor,
            title: n.title,
            href: format!("/{lang}{}", n.path),
            when: clock.time(n.created_at),
            unread: !n.read,
        });
    }
    let csrf = ctx.csrf.clone();
    Ok(page(&state, &ctx, ctx.private_meta(ui(lang).notifications, "/notifications"), move || {
        view! { <NotificationsPage lang csrf lines/> }
    }))
}

async fn mark_read(State(state): State<AppState>, ctx: PageContext, Member(session): Member) -> Result<Response> {
    state.store.mark_notifications_read(session.user.id).await?;
    Ok(Redirect::to(&format!("/{}/notifications", ctx.lang)).into_response())
}

#[derive(Deserialize)]
struct ChoicesForm {
    #[serde(default)]
    replies: Option<String>,
    #[serde(default)]
    reviews: Option<String>,
    #[serde(default)]
    mentions: Option<String>,
    #[serde(default)]
    digest: String,
    #[serde(default)]
    language: String,
}

async fn set_choices(
    State(state): State<AppState>,
    ctx: PageContext,
    Member(session): Member,
    Form(f): Form<ChoicesForm>,
) -> Result<Response> {
    let choices = MailChoices {
        replies: f.replies.is_some(),
        reviews: f.reviews.is_some(),
        mentions: f.mentions.is_some(),
        digest: Digest::from_code(&f.digest)
            .ok_or(Error::BadRequest(app::i18n::msg::Msg::FormUnreadable { detail: "digest".into() }))?,
        language: Some(Lang::from_code(&f.language).unwrap_or(ctx.lang)),
    };
    state.store.set_mail_choices(session.user.id, &choices).await?;
    Ok(Redirect::to(&format!("/{}/account?done=mail#mail", ctx.lang)).into_response())
}

#[derive(Deserialize)]
struct Id {
    id: i64,
}

#[derive(Deserialize)]
struct FollowForm {
    #[serde(default)]
    follow: String,
}

/// Follows a thread (its replies notify the member) or stops following it.
async fn follow(
    State(state): State<AppState>,
    ctx: PageContext,
    Member(session): Member,
    Path(Id { id }): Path<Id>,
    Form(f): Form<FollowForm>,
) -> Result<Response> {
    crate::discussion::readable_thread(&state.store, &session, id).await?;
    state.store.set_following(id, session.user.id, f.follow == "1").await?;
    Ok(Redirect::to(&format!("/{}/threads/{id}#follow", ctx.lang)).into_response())
}

#[derive(Deserialize)]
struct Key {
    key: String,
}

#[derive(Deserialize)]
struct KindQuery {
    #[serde(default)]
    kind: String,
}

/// What a link stops: one kind, or (anything else) all e-mail.
fn kind_of(kind: &str) -> &'static str {
    ["replies", "reviews", "mentions", "digest"].into_iter().find(|k| *k == kind).unwrap_or("all")
}

fn unsubscribe_page(state: &AppState, ctx: &PageContext, key: String, kind: &str, done: bool) -> Response {
    let lang = ctx.lang;
    let kind = kind.to_string();
    let meta = ctx.private_meta(ui(lang).unsubscribe_title, "/unsubscribe");
    page(state, ctx, meta, move || view! { <UnsubscribePage lang key kind done/> })
}

async fn unsubscribe_form(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(Key { key }): Path<Key>,
    Query(q): Query<KindQuery>,
) -> Result<Response> {
    state.store.recipient_by_unsubscribe_key(&key).await?.ok_or(Error::NotFound)?;
    Ok(unsubscribe_page(&state, &ctx, key, kind_of(&q.kind), false))
}

/// Stops e-mail of a kind. The key in the address is the only credential, as RFC 8058's
/// one-click unsubscribe needs (a mail program posts `List-Unsubscribe=One-Click` here), so
/// the CSRF guard lets this path through; it can only turn e-mail off.
async fn unsubscribe(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(Key { key }): Path<Key>,
    Query(q): Query<KindQuery>,
) -> Result<Response> {
    let r = state.store.recipient_by_unsubscribe_key(&key).await?.ok_or(Error::NotFound)?;
    let kind = kind_of(&q.kind);
    let mut c = r.choices.clone();
    let all = kind == "all";
    c.replies &= !(all || kind == "replies");
    c.reviews &= !(all || kind == "reviews");
    c.mentions &= !(all || kind == "mentions");
    if all || kind == "digest" {
        c.digest = Digest::Off;
    }
    state.store.set_mail_choices(r.id, &c).await?;
    Ok(unsubscribe_page(&state, &ctx, key, kind, true))
}
