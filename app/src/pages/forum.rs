//! The general forum, the discussion below each document, thread pages and the edit page.

use leptos::prelude::*;

use crate::components::forms::{FormError, Hidden};
use crate::components::pager::Pager;
use crate::i18n::ui;
use crate::islands::thread::ThreadPosts;
use crate::model::{Lang, PostAction, ThreadPage, ThreadSummary};

/// A list of threads with their counts and flags.
#[component]
pub fn ThreadList(lang: Lang, threads: Vec<ThreadSummary>) -> AnyView {
    let t = ui(lang);
    if threads.is_empty() {
        return view! { <p class="empty">{t.no_threads}</p> }.into_any();
    }
    let items = threads
        .into_iter()
        .map(|th| {
            let flags = (th.pinned || th.locked).then(|| {
                view! {
                    <span class="flags">
                        {th.pinned.then(|| view! { <span class="flag">{t.pinned}</span> })}
                        {th.locked.then(|| view! { <span class="flag">{t.locked}</span> })}
                    </span>
                }
            });
            let unread = th
                .unread
                .filter(|n| *n > 0)
                .map(|n| view! { <span class="count unread">{crate::i18n::count(lang, n as u64, &t.n_new)}</span> });
            view! {
                <li class="thread-row">
                    <a href=format!("/{lang}/threads/{}", th.id) class="thread-title">{th.title.clone()}</a>
                    {flags}
                    {unread}
                    <p class="card-meta">
                        <span>{th.author.clone()}</span>
                        <span>{crate::i18n::count(lang, th.replies as u64, &t.n_replies)}</span>
                        <span>{th.last_activity.clone()}</span>
                    </p>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="thread-list">{items}</ul> }.into_any()
}

/// The form that starts a thread (on the forum, or about a document).
#[component]
pub fn NewThreadForm(
    lang: Lang,
    csrf: String,
    doc: Option<String>,
    error: Option<String>,
    title: String,
    body: String,
) -> AnyView {
    let t = ui(lang);
    view! {
        <section class="new-thread" aria-labelledby="new-thread-title">
            <h2 id="new-thread-title">{t.new_thread}</h2>
            <FormError error/>
            <form method="post" action=format!("/{lang}/threads") class="stack-form">
                <Hidden name="csrf" value=csrf/>
                {doc.map(|d| view! { <Hidden name="doc" value=d/> })}
                <label for="thread-title">{t.thread_title}</label>
                <input id="thread-title" name="title" required maxlength="200" value=title/>
                <label for="thread-body">{t.message}</label>
                <textarea id="thread-body" name="body" required rows="6" maxlength="20000">{body}</textarea>
                <p class="hint">{t.markdown_hint}</p>
                <button type="submit">{t.start_thread}</button>
            </form>
        </section>
    }
    .into_any()
}

#[component]
pub fn ForumPage(
    lang: Lang,
    threads: Vec<ThreadSummary>,
    csrf: String,
    error: Option<String>,
    title: String,
    body: String,
) -> AnyView {
    let t = ui(lang);
    view! {
        <div class="forum-page">
            <h1>{t.forum}</h1>
            <p class="lead">{t.forum_intro}</p>
            <ThreadList lang threads/>
            <NewThreadForm lang csrf doc=None error title body/>
        </div>
    }
    .into_any()
}

/// The discussion below a document: its threads and a form to start one, or an invitation to
/// sign in.
#[component]
pub fn DocDiscussion(lang: Lang, slug: String, threads: Option<Vec<ThreadSummary>>, csrf: String) -> AnyView {
    let t = ui(lang);
    let inner = match threads {
        None => view! {
            <p>
                <a href=format!("/{lang}/login?next={}", crate::model::encode_component(&format!("/{lang}/doc/{slug}")))>
                    {t.discussion_sign_in}
                </a>
            </p>
        }
        .into_any(),
        Some(threads) => view! {
            <ThreadList lang threads/>
            <NewThreadForm lang csrf doc=Some(slug.clone()) error=None title=String::new() body=String::new()/>
        }
        .into_any(),
    };
    view! {
        <section class="doc-discussion" aria-labelledby="discussion-title" lang=lang.code()>
            <h2 id="discussion-title">{t.discussion}</h2>
            {inner}
        </section>
    }
    .into_any()
}

/// A thread: its posts (an island, so replying and editing happen in place once hydrated) and
/// the moderators' controls.
#[component]
pub fn ThreadPageView(
    lang: Lang,
    page: ThreadPage,
    csrf: String,
    error: Option<String>,
    notice: Option<String>,
    draft: String,
    reply_to: Option<i64>,
) -> AnyView {
    let t = ui(lang);
    let th = page.thread.clone();
    let about = page.doc_title.clone().zip(th.doc.clone()).map(|(title, slug)| {
        view! { <p class="eyebrow">{format!("{} ", t.about_document)}<a href=format!("/{lang}/doc/{slug}")>{title}</a></p> }
    });
    let crumb = match &th.doc {
        Some(slug) => format!("/{lang}/doc/{slug}#discussion-title"),
        None => format!("/{lang}/forum"),
    };
    let pages = {
        let id = th.id;
        move |n: u32| format!("/{lang}/threads/{id}?page={n}")
    };
    let mod_tools = page.moderator.then(|| {
        let id = th.id;
        let (lock_path, lock_label) = if th.locked { ("unlock", t.unlock) } else { ("lock", t.lock) };
        let (pin_path, pin_label) = if th.pinned { ("unpin", t.unpin) } else { ("pin", t.pin) };
        view! {
            <div class="mod-tools" role="group" aria-label=t.moderation>
                <crate::components::forms::ActionButton action=format!("/{lang}/moderation/threads/{id}/{lock_path}") csrf=csrf.clone() label=lock_label/>
                <crate::components::forms::ActionButton action=format!("/{lang}/moderation/threads/{id}/{pin_path}") csrf=csrf.clone() label=pin_label/>
            </div>
        }
    });
    // Following is a plain form (no island): it works the same with JavaScript off.
    let follow = {
        let (value, label) = if page.following { ("0", t.unfollow_thread) } else { ("1", t.follow_thread) };
        view! {
            <form method="post" action=format!("/{lang}/threads/{}/follow", th.id) class="inline-form" id="follow">
                <input type="hidden" name="csrf" value=csrf.clone()/>
                <input type="hidden" name="follow" value=value/>
                <button type="submit" class="link-button">{label}</button>
            </form>
        }
    };
    view! {
        <div class="thread-page">
            <nav class="breadcrumb" aria-label=t.breadcrumb><a href=crumb>{t.discussion}</a></nav>
            {notice.map(|n| view! { <p class="notice" role="status">{n}</p> })}
            {about}
            <h1>{th.title.clone()}</h1>
            <p class="card-meta">
                {th.pinned.then(|| view! { <span class="flag">{t.pinned}</span> })}
                {th.locked.then(|| view! { <span class="flag">{t.locked}</span> })}
                <a href=page.feed_url.clone() class="feed-link">{t.feed}</a>
                {follow}
            </p>
            {mod_tools}
            <Pager lang page=page.page page_count=page.page_count href=pages/>
            <ThreadPosts lang page=page.clone() csrf error draft reply_to/>
            <Pager lang page=page.page page_count=page.page_count href=pages/>
        </div>
    }
    .into_any()
}

/// The page of one action on one post (report, delete, hide): the post, then the form. Kept
/// off the thread page so a long thread carries no form per post.
#[component]
pub fn PostActionPage(
    lang: Lang,
    post: crate::model::PostView,
    thread_id: i64,
    thread_title: String,
    action: PostAction,
    csrf: String,
    error: Option<String>,
) -> AnyView {
    let t = ui(lang);
    let id = post.id;
    let back = format!("/{lang}/threads/{thread_id}#post-{id}");
    let (heading, form) = match action {
        PostAction::Report => (
            t.report,
            view! {
                <form method="post" action=format!("/{lang}/posts/{id}/report") class="stack-form">
                    <Hidden name="csrf" value=csrf/>
                    <label for="reason">{t.report_reason}</label>
                    <textarea id="reason" name="reason" rows="4" required maxlength="1000"></textarea>
                    <button type="submit">{t.report}</button>
                </form>
            }
            .into_any(),
        ),
        PostAction::Delete => (
            t.delete,
            view! {
                <p>{t.delete_confirm}</p>
                <form method="post" action=format!("/{lang}/posts/{id}/delete") class="stack-form">
                    <Hidden name="csrf" value=csrf/>
                    <button type="submit" class="danger">{t.delete}</button>
                </form>
            }
            .into_any(),
        ),
        PostAction::Moderate { hidden } => {
            let (path, label) = if hidden { ("unhide", t.unhide) } else { ("hide", t.hide) };
            (
                t.moderate_post,
                view! {
                    <form method="post" action=format!("/{lang}/moderation/posts/{id}/{path}") class="stack-form">
                        <Hidden name="csrf" value=csrf/>
                        <button type="submit">{label}</button>
                    </form>
                }
                .into_any(),
            )
        }
    };
    view! {
        <div class="form-page">
            <nav class="breadcrumb" aria-label=t.breadcrumb><a href=back.clone()>{thread_title}</a></nav>
            <h1>{heading}</h1>
            <article class="post">
                <header class="post-meta">
                    <strong>{post.author.clone()}</strong>
                    <time>{post.created_at.clone()}</time>
                </header>
                <div class="prose post-body" inner_html=post.html.clone()></div>
            </article>
            <FormError error/>
            {form}
            <p><a href=back>{t.back_to_thread}</a></p>
        </div>
    }
    .into_any()
}

/// The page that edits a post without JavaScript.
#[component]
pub fn EditPostPage(
    lang: Lang,
    post_id: i64,
    thread_id: i64,
    source: String,
    csrf: String,
    error: Option<String>,
) -> AnyView {
    let t = ui(lang);
    view! {
        <div class="form-page">
            <h1>{t.edit}</h1>
            <FormError error/>
            <form method="post" action=format!("/{lang}/posts/{post_id}/edit") class="stack-form">
                <Hidden name="csrf" value=csrf/>
                <label for="edit-body">{t.message}</label>
                <textarea id="edit-body" name="body" required rows="10" maxlength="20000">{source}</textarea>
                <p class="hint">{t.markdown_hint}</p>
                <button type="submit">{t.save}</button>
                " "
                <a href=format!("/{lang}/threads/{thread_id}#post-{post_id}")>{t.cancel}</a>
            </form>
        </div>
    }
    .into_any()
}
