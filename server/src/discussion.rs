//! Discussion: threads on documents and in the forum, replies, edits, soft deletes, reports
//! and moderation, with their permission rules and limits. Pages, the API, server functions
//! and feeds all come through here.
//!
//! Reading rule: discussions belong to the closed community, so only signed-in members read
//! them, and a thread on a document only those who may read the document.

use app::model::AuditAction;

use crate::audit::{self, Detail, Target};
use app::i18n::msg::Msg;
use app::model::{Lang, PostState, PostView, Role, ThreadPage, ThreadSummary};

use crate::auth::Session;
use crate::catalog::Catalog;
use crate::content::markdown;
use crate::dates::Clock;
use crate::db::{PostRow, Store, ThreadFlag, ThreadRow};
use crate::document::localise_html;
use crate::error::{Error, Result};
use crate::limits::{Limit, Place, Taken};

/// The longest post, in characters.
pub const MAX_BODY_CHARS: usize = 20_000;
/// The longest thread title.
pub const MAX_TITLE_CHARS: usize = 200;
/// Posts shown on one page of a thread (and one page of the API).
pub const POSTS_PER_PAGE: i64 = 50;
/// The longest report reason.
pub const MAX_REASON_CHARS: usize = 1_000;
/// Posting limits per account.
pub const POSTS_PER_MINUTE: Limit = Limit { name: "post-minute", max: 5, window: 60 };
pub const POSTS_PER_HOUR: Limit = Limit { name: "post-hour", max: 60, window: 3600 };

/// A moderator's action.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Moderation {
    Hide(i64),
    Unhide(i64),
    Lock(i64),
    Unlock(i64),
    Pin(i64),
    Unpin(i64),
    /// Closes a post's reports, leaving the post as it is.
    Dismiss(i64),
}

fn check_body(body: &str) -> Result<()> {
    let n = body.trim().chars().count();
    if n == 0 {
        return Err(Error::BadRequest(Msg::EmptyPost));
    }
    if n > MAX_BODY_CHARS {
        return Err(Error::TooLarge(Msg::PostTooLong { max: MAX_BODY_CHARS, n }));
    }
    Ok(())
}

fn check_title(title: &str) -> Result<()> {
    let n = title.trim().chars().count();
    if n == 0 || n > MAX_TITLE_CHARS {
        return Err(Error::BadRequest(Msg::TitleLength { max: MAX_TITLE_CHARS }));
    }
    Ok(())
}

/// Places for one post within the posting limits, taken before the post is written, so a
/// stuck script or an angry moment cannot flood a thread, however many requests run at once.
/// Give them back if the post is not stored after all.
async fn take_post_places(store: &Store, session: &Session) -> Result<Vec<Place>> {
    let key = session.user.id.to_string();
    let mut places = Vec::new();
    for (limit, msg) in [
        (POSTS_PER_MINUTE, Msg::PostsPerMinute { max: POSTS_PER_MINUTE.max }),
        (POSTS_PER_HOUR, Msg::PostsPerHour { max: POSTS_PER_HOUR.max }),
    ] {
        match limit.take(store, &key).await? {
            Taken::Granted(p) => places.push(p),
            Taken::Refused { retry_after } => {
                give_back(store, places).await?;
                return Err(Error::TooManyRequests { msg, retry_after });
            }
        }
    }
    Ok(places)
}

async fn give_back(store: &Store, places: Vec<Place>) -> Result<()> {
    for p in places {
        p.give_back(store).await?;
    }
    Ok(())
}

/// Renders a post with the document renderer (same Markdown, same sanitiser, `doc:` links).
/// Links resolve only to documents the author may read: a link to anything else stays text,
/// exactly as a link to a missing document, so posting cannot reveal what exists.
async fn render(store: &Store, session: &Session, body: &str) -> Result<String> {
    let slugs = store.readable_slugs(session.viewer().visibilities()).await?;
    Ok(markdown::render_html(body, &slugs))
}

/// Fails with `NotFound` unless the member may read the document a thread is about.
async fn check_document(store: &Store, session: &Session, slug: &str) -> Result<()> {
    Catalog::new(store, &session.viewer()).set(slug).await.map(|_| ())
}

/// A thread the member may read; `NotFound` otherwise (its existence is not revealed).
pub async fn readable_thread(store: &Store, session: &Session, id: i64) -> Result<ThreadRow> {
    let thread = store.thread(id).await?.ok_or(Error::NotFound)?;
    if let Some(slug) = &thread.doc_slug {
        check_document(store, session, slug).await?;
    }
    Ok(thread)
}

pub fn summary(t: &ThreadRow, unread: Option<i64>, clock: Clock) -> ThreadSummary {
    ThreadSummary {
        id: t.id,
        title: t.title.clone(),
        doc: t.doc_slug.clone(),
        author: t.author_name.clone(),
        replies: t.replies.max(0),
        last_activity: clock.time(t.last_activity_at),
        locked: t.locked,
        pinned: t.pinned,
        unread,
    }
}

/// Threads on a document (or the forum) the member may read.
pub async fn readable_threads(store: &Store, session: &Session, doc_slug: Option<&str>) -> Result<Vec<ThreadRow>> {
    if let Some(slug) = doc_slug {
        check_document(store, session, slug).await?;
    }
    Ok(store.threads(doc_slug).await?)
}

/// [`readable_threads`], as lists show them.
pub async fn threads(
    store: &Store,
    session: &Session,
    doc_slug: Option<&str>,
    clock: Clock,
) -> Result<Vec<ThreadSummary>> {
    Ok(readable_threads(store, session, doc_slug).await?.iter().map(|t| summary(t, None, clock)).collect())
}

/// The threads on a document whose page was just made for this member (which proves they may
/// read it), as lists show them: [`threads`] without checking the document again.
pub async fn threads_on_shown_document(store: &Store, slug: &str, clock: Clock) -> Result<Vec<ThreadSummary>> {
    Ok(store.threads(Some(slug)).await?.iter().map(|t| summary(t, None, clock)).collect())
}

/// Starts a thread; returns its id.
pub async fn start(store: &Store, session: &Session, doc_slug: Option<&str>, title: &str, body: &str) -> Result<i64> {
    check_title(title)?;
    check_body(body)?;
    if let Some(slug) = doc_slug {
        check_document(store, session, slug).await?;
    }
    let html = render(store, session, body).await?;
    let places = take_post_places(store, session).await?;
    match store.create_thread(doc_slug, title.trim(), session.user.id, body, &html).await {
        Ok((thread, post)) => {
            if let (Some(t), Some(p)) = (store.thread(thread).await?, store.post(post).await?) {
                notify_post(store, session, &t, &p).await?;
            }
            Ok(thread)
        }
        Err(e) => {
            give_back(store, places).await?;
            Err(e.into())
        }
    }
}

/// Replies in a thread (optionally to one of its posts).
pub async fn reply(
    store: &Store,
    session: &Session,
    thread_id: i64,
    body: &str,
    reply_to: Option<i64>,
) -> Result<PostRow> {
    let thread = readable_thread(store, session, thread_id).await?;
    if thread.locked {
        return Err(Error::Conflict(Msg::ThreadLocked));
    }
    check_body(body)?;
    if let Some(parent) = reply_to {
        // One answer for a post elsewhere and a post that does not exist: a post in a thread
        // the member cannot read must not be revealed.
        let in_thread = store.post(parent).await?.is_some_and(|p| p.thread_id == thread_id);
        if !in_thread {
            return Err(Error::BadRequest(Msg::ReplyToMissing));
        }
    }
    let html = render(store, session, body).await?;
    let places = take_post_places(store, session).await?;
    match store.add_post(thread_id, session.user.id, reply_to, body, &html).await {
        Ok(Some(post)) => {
            notify_post(store, session, &thread, &post).await?;
            Ok(post)
        }
        outcome => {
            give_back(store, places).await?;
            outcome?;
            Err(Error::Conflict(Msg::ThreadLocked))
        }
    }
}

/// Tells those a new post concerns (see [`crate::notify`]).
async fn notify_post(store: &Store, session: &Session, thread: &ThreadRow, post: &PostRow) -> Result<()> {
    let address = post_address(store, Lang::En, thread.id, post.id).await?;
    crate::notify::posted(store, session, thread, post, &address).await;
    Ok(())
}

/// A post the member may act on as its author.
async fn own_post(store: &Store, session: &Session, post_id: i64) -> Result<(PostRow, ThreadRow)> {
    let post = store.post(post_id).await?.ok_or(Error::NotFound)?;
    let thread = readable_thread(store, session, post.thread_id).await?;
    if post.author_id != session.user.id {
        return Err(Error::Forbidden);
    }
    Ok((post, thread))
}

/// A post the member may act on with `action` (the page that asks for confirmation shows it).
///
/// # Errors
/// `NotFound` for a post in a thread the member cannot read, `Forbidden` when the action is
/// not theirs to take, `Conflict` when the post is no longer visible.
pub async fn post_for_action(
    store: &Store,
    session: &Session,
    post_id: i64,
    action: app::model::PostAction,
) -> Result<(PostRow, ThreadRow)> {
    use app::model::PostAction;
    let post = store.post(post_id).await?.ok_or(Error::NotFound)?;
    let thread = readable_thread(store, session, post.thread_id).await?;
    let state = post.state;
    let mine = post.author_id == session.user.id;
    match action {
        PostAction::Delete if !mine => return Err(Error::Forbidden),
        PostAction::Report if mine => return Err(Error::Forbidden),
        PostAction::Moderate { .. } => session.require(Role::Moderator)?,
        _ => {}
    }
    if state == PostState::Deleted || (state == PostState::Hidden && !matches!(action, PostAction::Moderate { .. })) {
        return Err(Error::Conflict(Msg::PostNotShown));
    }
    Ok((post, thread))
}

/// One's own post that can still be edited (its edit page).
///
/// # Errors
/// `NotFound` for a post in a thread the member cannot read, `Forbidden` for someone else's
/// post or one no longer shown.
pub async fn own_visible_post(store: &Store, session: &Session, post_id: i64) -> Result<(PostRow, ThreadRow)> {
    let (post, thread) = own_post(store, session, post_id).await?;
    if post.state != PostState::Visible {
        return Err(Error::Forbidden);
    }
    Ok((post, thread))
}

/// Edits one's own post (marked edited).
pub async fn edit(store: &Store, session: &Session, post_id: i64, body: &str) -> Result<PostRow> {
    let (post, thread) = own_post(store, session, post_id).await?;
    if post.state != PostState::Visible {
        return Err(Error::Conflict(Msg::PostNotEditable));
    }
    if thread.locked {
        return Err(Error::Conflict(Msg::ThreadLocked));
    }
    check_body(body)?;
    let html = render(store, session, body).await?;
    store.edit_post(post_id, body, &html).await?;
    store.post(post_id).await?.ok_or(Error::NotFound)
}

/// Deletes one's own post: a placeholder stays, so the thread still reads.
pub async fn delete(store: &Store, session: &Session, post_id: i64) -> Result<i64> {
    let (post, _) = own_post(store, session, post_id).await?;
    store.set_post_state(post_id, PostState::Deleted).await?;
    Ok(post.thread_id)
}

/// Reports a post to the moderators.
pub async fn report(store: &Store, session: &Session, post_id: i64, reason: &str) -> Result<i64> {
    let post = store.post(post_id).await?.ok_or(Error::NotFound)?;
    readable_thread(store, session, post.thread_id).await?;
    let n = reason.trim().chars().count();
    if n == 0 || n > MAX_REASON_CHARS {
        return Err(Error::BadRequest(Msg::ReasonLength { max: MAX_REASON_CHARS }));
    }
    store.report_post(post_id, session.user.id, reason.trim()).await?;
    Ok(post.thread_id)
}

/// A moderator's action, written to the audit log; returns the thread concerned.
pub async fn moderate(store: &Store, session: &Session, action: Moderation) -> Result<i64> {
    session.require(Role::Moderator)?;
    let (thread_id, what, post_author) = match action {
        Moderation::Hide(id) | Moderation::Unhide(id) => {
            let post = store.post(id).await?.ok_or(Error::NotFound)?;
            let hide = matches!(action, Moderation::Hide(_));
            if post.state == PostState::Deleted {
                return Err(Error::Conflict(Msg::PostDeletedByAuthor));
            }
            store.set_post_state(id, if hide { PostState::Hidden } else { PostState::Visible }).await?;
            store.resolve_reports(id, session.user.id).await?;
            (
                post.thread_id,
                if hide { AuditAction::PostHide } else { AuditAction::PostUnhide },
                Some((id, post.author_name)),
            )
        }
        Moderation::Dismiss(id) => {
            let post = store.post(id).await?.ok_or(Error::NotFound)?;
            store.resolve_reports(id, session.user.id).await?;
            (post.thread_id, AuditAction::ReportDismiss, Some((id, post.author_name)))
        }
        Moderation::Lock(id) | Moderation::Unlock(id) => {
            store.thread(id).await?.ok_or(Error::NotFound)?;
            let lock = matches!(action, Moderation::Lock(_));
            store.set_thread_flag(id, ThreadFlag::Locked, lock).await?;
            (id, if lock { AuditAction::ThreadLock } else { AuditAction::ThreadUnlock }, None)
        }
        Moderation::Pin(id) | Moderation::Unpin(id) => {
            store.thread(id).await?.ok_or(Error::NotFound)?;
            let pin = matches!(action, Moderation::Pin(_));
            store.set_thread_flag(id, ThreadFlag::Pinned, pin).await?;
            (id, if pin { AuditAction::ThreadPin } else { AuditAction::ThreadUnpin }, None)
        }
    };
    let target = match &post_author {
        Some((id, author)) => Target::Post { id: *id, author },
        None => Target::Thread(thread_id),
    };
    audit::record(store, Some(session.user.id), what, target, Detail::Text("")).await?;
    Ok(thread_id)
}

/// A post as this member sees it.
pub fn post_view(p: &PostRow, session: &Session, clock: Clock) -> PostView {
    let state = p.state;
    let moderator = session.is(Role::Moderator);
    let mine = p.author_id == session.user.id;
    let show = match state {
        PostState::Visible => true,
        PostState::Hidden => moderator,
        PostState::Deleted => false,
    };
    // "UNDP Kyrgyz Republic, Kyrgyz Republic · Moderator": who speaks for which institution;
    // a reader's role is the default and goes unsaid.
    let lang = clock.lang;
    let place = [p.author_organisation.clone(), p.author_country.as_deref().map(|c| app::i18n::country_label(lang, c))]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
    let role = (p.author_role != Role::Reader).then(|| app::i18n::role_label(lang, p.author_role).to_string());
    let author_about =
        [Some(place).filter(|s| !s.is_empty()), role].into_iter().flatten().collect::<Vec<_>>().join(" · ");
    PostView {
        id: p.id,
        author: p.author_name.clone(),
        author_about,
        html: if show { localise_html(&p.html, clock.lang) } else { String::new() },
        reply_to: p.reply_to,
        reply_to_author: p.reply_to_author.clone(),
        created_at: clock.time(p.created_at),
        edited: p.edited_at.is_some(),
        state,
        mine,
        source: (mine && state == PostState::Visible).then(|| p.body.clone()),
    }
}

/// One page of a thread's posts.
pub struct PostsPage {
    pub posts: Vec<PostRow>,
    /// 1-based, within `1..=page_count`.
    pub page: i64,
    pub page_count: i64,
}

/// Page `page` (1-based; out of range means the nearest) of a thread the member may read.
pub async fn posts_page(store: &Store, session: &Session, thread_id: i64, page: i64) -> Result<(ThreadRow, PostsPage)> {
    let thread = readable_thread(store, session, thread_id).await?;
    let total = store.post_count(thread_id).await?;
    let page_count = (total.max(1) + POSTS_PER_PAGE - 1) / POSTS_PER_PAGE;
    let page = page.clamp(1, page_count);
    let posts = store.posts_page(thread_id, (page - 1) * POSTS_PER_PAGE, POSTS_PER_PAGE).await?;
    Ok((thread, PostsPage { posts, page, page_count }))
}

/// The address of a post on its thread's pages, for redirects after posting or editing.
pub async fn post_address(store: &Store, lang: Lang, thread_id: i64, post_id: i64) -> Result<String> {
    let position = store.post_position(thread_id, post_id).await?;
    let page = (position.max(1) + POSTS_PER_PAGE - 1) / POSTS_PER_PAGE;
    let query = if page > 1 { format!("?page={page}") } else { String::new() };
    Ok(format!("/{lang}/threads/{thread_id}{query}#post-{post_id}"))
}

/// A thread page for a member; marks what it shows as seen.
pub async fn page(
    store: &Store,
    session: &Session,
    thread_id: i64,
    page: i64,
    clock: Clock,
    base_url: &str,
) -> Result<ThreadPage> {
    let lang = clock.lang;
    let (thread, PostsPage { posts, page, page_count }) = posts_page(store, session, thread_id, page).await?;
    if let Some(last) = posts.last() {
        store.mark_seen(session.user.id, thread_id, last.id).await?;
    }
    let doc_title = match &thread.doc_slug {
        Some(slug) => Some(Catalog::new(store, &session.viewer()).set(slug).await?.pick(lang).title.clone()),
        None => None,
    };
    let following = store.follows(thread_id, session.user.id).await?;
    Ok(ThreadPage {
        thread: summary(&thread, None, clock),
        doc_title,
        posts: posts.iter().map(|p| post_view(p, session, clock)).collect(),
        page: page as u32,
        page_count: page_count as u32,
        can_reply: !thread.locked,
        moderator: session.is(Role::Moderator),
        feed_url: format!("{base_url}/feeds/threads/{thread_id}.atom?key={}", session.user.feed_token),
        following,
    })
}

/// "My threads": threads the member wrote in, with new replies since their last visit.
pub async fn my_threads(store: &Store, session: &Session, clock: Clock) -> Result<Vec<ThreadSummary>> {
    let mut out = Vec::new();
    for (t, unread) in store.my_threads(session.user.id).await? {
        // A document may have become unreadable to the member since they wrote.
        if let Some(slug) = &t.doc_slug
            && check_document(store, session, slug).await.is_err()
        {
            continue;
        }
        out.push(summary(&t, Some(unread), clock));
    }
    Ok(out)
}
