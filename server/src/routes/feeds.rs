//! Atom feeds of a thread and of a document's discussion, for members only. Feed readers
//! carry no cookies, so a member's feed addresses hold their private feed key; the same
//! permission rules as the pages apply to whoever the key (or session) belongs to.

use app::model::{Lang, PostState};
use atom_syndication::{Content, Entry, Feed, Link, Person, Text};
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;

use crate::auth::Session;
use crate::db::{PostRow, ThreadRow};
use crate::discussion;
use crate::error::{Error, Result};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/feeds/threads/{file}", get(thread_feed)).route("/feeds/docs/{file}", get(doc_feed))
}

#[derive(Deserialize)]
struct KeyQuery {
    key: Option<String>,
}

/// The member a feed request is for: the session, else the feed key. Anyone else gets a 404.
async fn reader(state: &AppState, session: Option<axum::Extension<Session>>, key: Option<String>) -> Result<Session> {
    if let Some(axum::Extension(s)) = session {
        return Ok(s);
    }
    let key = key.filter(|k| !k.is_empty()).ok_or(Error::NotFound)?;
    let user = state.store.user_by_feed_token(&key).await?.ok_or(Error::NotFound)?;
    Ok(Session { user, csrf: String::new(), token_hash: String::new(), unread: 0 })
}

fn rfc3339(unix: i64) -> atom_syndication::FixedDateTime {
    chrono::DateTime::from_timestamp(unix, 0).unwrap_or_default().fixed_offset()
}

fn entry(state: &AppState, thread: &ThreadRow, post: &PostRow, session: &Session) -> Entry {
    let view = discussion::post_view(post, session, crate::dates::Clock::new(Lang::En, None));
    let html = match view.state {
        PostState::Deleted => "<p>This post was deleted by its author.</p>".to_string(),
        PostState::Hidden if view.html.is_empty() => "<p>This post was hidden by a moderator.</p>".to_string(),
        _ => view.html,
    };
    let url = format!("{}/en/threads/{}#post-{}", state.settings.base_url, thread.id, post.id);
    Entry {
        id: url.clone(),
        title: Text::plain(format!("{} — {}", thread.title, post.author_name)),
        updated: rfc3339(post.edited_at.unwrap_or(post.created_at)),
        published: Some(rfc3339(post.created_at)),
        authors: vec![Person { name: post.author_name.clone(), ..Default::default() }],
        links: vec![Link { href: url, rel: "alternate".into(), ..Default::default() }],
        content: Some(Content { value: Some(html), content_type: Some("html".into()), ..Default::default() }),
        ..Default::default()
    }
}

fn atom(feed: Feed) -> Response {
    let mut res = feed.to_string().into_response();
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/atom+xml; charset=utf-8"));
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
    res
}

/// Entries in a feed: the newest posts.
const FEED_ENTRIES: i64 = 100;

fn feed_id(file: &str) -> Result<&str> {
    file.strip_suffix(".atom").ok_or(Error::NotFound)
}

async fn thread_feed(
    State(state): State<AppState>,
    session: Option<axum::Extension<Session>>,
    Path(file): Path<String>,
    Query(q): Query<KeyQuery>,
) -> Result<Response> {
    let id: i64 = feed_id(&file)?.parse().map_err(|_| Error::NotFound)?;
    let member = reader(&state, session, q.key).await?;
    let thread = discussion::readable_thread(&state.store, &member, id).await?;
    // Feed readers want what is new: the latest posts, newest first.
    let posts = state.store.latest_posts(id, FEED_ENTRIES).await?;
    let entries: Vec<Entry> = posts.iter().map(|p| entry(&state, &thread, p, &member)).collect();
    Ok(atom(Feed {
        id: format!("{}/en/threads/{id}", state.settings.base_url),
        title: Text::plain(thread.title.clone()),
        updated: rfc3339(thread.last_activity_at),
        links: vec![Link { href: format!("{}/en/threads/{id}", state.settings.base_url), ..Default::default() }],
        entries,
        ..Default::default()
    }))
}

async fn doc_feed(
    State(state): State<AppState>,
    session: Option<axum::Extension<Session>>,
    Path(file): Path<String>,
    Query(q): Query<KeyQuery>,
) -> Result<Response> {
    let slug = feed_id(&file)?.to_string();
    let member = reader(&state, session, q.key).await?;
    let threads = state.store.threads(Some(&slug)).await?;
    // Checks the member may read the document (NotFound otherwise).
    discussion::readable_threads(&state.store, &member, Some(&slug)).await?;
    let mut entries = Vec::new();
    let mut updated = 0;
    for t in &threads {
        updated = updated.max(t.last_activity_at);
        for p in state.store.latest_posts(t.id, FEED_ENTRIES).await? {
            entries.push((p.created_at, entry(&state, t, &p, &member)));
        }
    }
    entries.sort_by_key(|e| std::cmp::Reverse(e.0));
    Ok(atom(Feed {
        id: format!("{}/en/doc/{slug}#discussion", state.settings.base_url),
        title: Text::plain(format!("Discussion: {slug}")),
        updated: rfc3339(updated),
        links: vec![Link { href: format!("{}/en/doc/{slug}", state.settings.base_url), ..Default::default() }],
        entries: entries.into_iter().map(|(_, e)| e).take(FEED_ENTRIES as usize).collect(),
        ..Default::default()
    }))
}
