//! A thread's posts with the reply form.
//!
//! The posts are plain HTML rendered on the server ([`PostItem`]). Without JavaScript, replying
//! is a form that posts and redirects back, and the other actions (edit, delete, report,
//! moderation) are links to a page with their form, so a long thread carries no form per post.
//!
//! The island is the reply form alone ([`ReplyForm`]). Hydrated, it replies in place, and it
//! takes over the "Reply" and "Edit" links of the list: the server functions answer with the
//! post rendered by the same [`PostItem`], which is put into the list as it is. So no post
//! rendering, and no post data, ships to the browser.

use leptos::prelude::*;

use super::island_words;
use crate::i18n::ui;
use crate::model::{Lang, PostState, PostView, ThreadPage};

island_words!(
    /// What the reply form (and the edit box it opens) says.
    ReplyWords { message, save, cancel, reply, reply_to, markdown_hint, post_reply }
);

/// The posts of one page of a thread, and the reply form.
#[component]
pub fn ThreadPosts(
    lang: Lang,
    page: ThreadPage,
    csrf: String,
    error: Option<String>,
    draft: String,
    reply_to: Option<i64>,
) -> impl IntoView {
    let can_reply = page.can_reply;
    let moderator = page.moderator;
    let reply_to_author = reply_to.and_then(|r| page.posts.iter().find(|p| p.id == r).map(|p| p.author.clone()));
    let posts = page.posts.into_iter().map(|post| view! { <PostItem lang post can_reply moderator/> }).collect_view();
    // Where no reply may be written (the thread was locked meanwhile), the refusal shows with
    // the text typed, to copy.
    let refusal = (!can_reply).then(|| error.clone()).flatten().map(|e| {
        let t = ui(lang);
        let kept = (!draft.is_empty()).then(|| {
            view! {
                <label for="kept-draft">{t.message}</label>
                <textarea id="kept-draft" rows="5" readonly>{draft.clone()}</textarea>
            }
        });
        view! {
            <p class="form-error" role="alert">{e}</p>
            {kept}
        }
    });
    let form = can_reply.then(|| {
        view! {
            <ReplyForm
                lang
                words=ReplyWords::new(lang)
                thread_id=page.thread.id
                csrf
                error
                draft
                reply_to
                reply_to_author
            />
        }
    });
    view! {
        <div class="thread-posts">
            {refusal}
            <ol class="posts" aria-live="polite">{posts}</ol>
            {form}
        </div>
    }
}

/// One post as a list item: what the thread page shows, and what the server functions send
/// back to the reply form after a reply or an edit.
#[component]
pub fn PostItem(lang: Lang, post: PostView, can_reply: bool, moderator: bool) -> impl IntoView {
    let t = ui(lang);
    let p = post;
    let id = p.id;
    let state = p.state;
    let has_html = !p.html.is_empty();
    let body = match state {
        PostState::Deleted => view! { <p class="placeholder">{t.deleted_placeholder}</p> }.into_any(),
        PostState::Hidden if !has_html => view! { <p class="placeholder">{t.hidden_placeholder}</p> }.into_any(),
        _ => view! { <div class="prose post-body" inner_html=p.html.clone()></div> }.into_any(),
    };
    let reply_link = (can_reply && state != PostState::Deleted).then(|| {
        view! {
            <a href=format!("?reply_to={id}#reply") class="post-action" data-reply=id data-author=p.author.clone()>
                {t.reply}
            </a>
        }
    });
    let own_actions = (p.mine && state == PostState::Visible).then(|| {
        view! {
            <a href=format!("/{lang}/posts/{id}/edit") class="post-action" data-edit=id data-source=p.source.clone()>
                {t.edit}
            </a>
            <a href=format!("/{lang}/posts/{id}/delete") class="post-action">{t.delete}</a>
        }
    });
    let report = (!p.mine && state == PostState::Visible)
        .then(|| view! { <a href=format!("/{lang}/posts/{id}/report") class="post-action">{t.report}</a> });
    let moderation = (moderator && state != PostState::Deleted).then(|| {
        let label = if state == PostState::Hidden { t.unhide } else { t.hide };
        view! { <a href=format!("/{lang}/moderation/posts/{id}") class="post-action">{label}</a> }
    });
    let marker = (state == PostState::Hidden && has_html)
        .then(|| view! { <span class="flag flag-hidden">{t.hidden_marker}</span> });
    let in_reply = p.reply_to.map(|r| {
        view! {
            <a href=format!("#post-{r}") class="in-reply">
                {format!("{} {}", t.reply_to, p.reply_to_author.clone().unwrap_or_default())}
            </a>
        }
    });
    view! {
        <li>
            <article id=format!("post-{id}") class="post" class:post-hidden=state == PostState::Hidden>
                <header class="post-meta">
                    <strong>{p.author.clone()}</strong>
                    {(!p.author_about.is_empty()).then(|| view! { <span class="author-about">{p.author_about.clone()}</span> })}
                    <time>{p.created_at.clone()}</time>
                    {p.edited.then(|| view! { <span class="edited">{format!("({})", t.edited)}</span> })}
                    {marker}
                    {in_reply}
                </header>
                {body}
                <footer class="post-actions">{reply_link}{own_actions}{report}{moderation}</footer>
            </article>
        </li>
    }
}

/// The reply form; hydrated, it replies and edits in place.
#[island]
pub fn ReplyForm(
    lang: Lang,
    words: ReplyWords,
    thread_id: i64,
    csrf: String,
    error: Option<String>,
    draft: String,
    reply_to: Option<i64>,
    reply_to_author: Option<String>,
) -> impl IntoView {
    let t = words.into_static(lang);
    let (error, set_error) = signal(error);
    let (reply_to, set_reply_to) = signal(reply_to.map(|id| (id, reply_to_author.unwrap_or_default())));
    let (busy, set_busy) = signal(false);
    let text = NodeRef::<leptos::html::Textarea>::new();

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(area) = text.get_untracked() else { return };
        let body = area.value();
        set_busy.set(true);
        leptos::task::spawn_local(async move {
            match crate::api::reply_in_thread(lang, thread_id, body, reply_to.get_untracked().map(|r| r.0)).await {
                Ok(html) => {
                    dom::append_post(&html);
                    area.set_value("");
                    set_reply_to.set(None);
                    set_error.set(None);
                }
                Err(e) => set_error.set(Some(e.message)),
            }
            set_busy.set(false);
        });
    };

    // The list's "Reply" and "Edit" links, and the edit boxes they open.
    #[cfg(feature = "hydrate")]
    {
        let clicks = window_event_listener(leptos::ev::click, move |ev| {
            if let Some((id, author)) = dom::reply_link(&ev) {
                ev.prevent_default();
                set_reply_to.set(Some((id, author)));
                if let Some(area) = text.get_untracked() {
                    let _ = area.focus();
                }
            } else if dom::edit_link(&ev, t) || dom::cancel_edit(&ev) {
                ev.prevent_default();
            }
        });
        let submits = window_event_listener(leptos::ev::submit, move |ev| {
            let Some((id, body)) = dom::edit_submitted(&ev) else { return };
            ev.prevent_default();
            leptos::task::spawn_local(async move {
                match crate::api::edit_post_body(lang, id, body).await {
                    Ok(html) => dom::replace_post(id, &html),
                    Err(e) => set_error.set(Some(e.message)),
                }
            });
        });
        on_cleanup(move || {
            clicks.remove();
            submits.remove();
        });
    }

    let replying_to = move || {
        reply_to.get().map(|(_, author)| {
            view! {
                <p class="replying-to">
                    {format!("{} {author} ", t.reply_to)}
                    <button type="button" class="link-button" on:click=move |_| set_reply_to.set(None)>
                        {t.cancel.as_str()}
                    </button>
                </p>
            }
        })
    };
    view! {
        {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        <form
            method="post"
            action=format!("/{lang}/threads/{thread_id}/reply")
            class="stack-form reply-form"
            id="reply"
            on:submit=submit
        >
            <input type="hidden" name="csrf" value=csrf/>
            <input type="hidden" name="reply_to" value=move || reply_to.get().map(|r| r.0.to_string()).unwrap_or_default()/>
            <h2>{t.reply.as_str()}</h2>
            {replying_to}
            <label for="reply-body">{t.message.as_str()}</label>
            <textarea id="reply-body" name="body" rows="5" required maxlength="20000" node_ref=text>
                {draft}
            </textarea>
            <p class="hint">{t.markdown_hint.as_str()}</p>
            <button type="submit" disabled=move || busy.get()>{t.post_reply.as_str()}</button>
        </form>
    }
}

/// What the island does to the server-rendered list, with the browser's DOM.
#[cfg(feature = "hydrate")]
mod dom {
    use leptos::prelude::*;
    use leptos::wasm_bindgen::JsCast;
    use leptos::web_sys::{Element, Event, HtmlTextAreaElement};

    use super::ReplyWords;

    fn target(ev: &Event) -> Option<Element> {
        ev.target()?.dyn_into::<Element>().ok()
    }

    fn escape(s: &str) -> String {
        s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
    }

    pub fn append_post(html: &str) {
        if let Ok(Some(list)) = document().query_selector("ol.posts") {
            let _ = list.insert_adjacent_html("beforeend", html);
        }
    }

    pub fn replace_post(id: i64, html: &str) {
        if let Some(item) = document().get_element_by_id(&format!("post-{id}")).and_then(|a| a.parent_element()) {
            item.set_outer_html(html);
        }
    }

    /// A click on a post's "Reply": the post's id and author.
    pub fn reply_link(ev: &Event) -> Option<(i64, String)> {
        let link = target(ev)?.closest("a[data-reply]").ok()??;
        let id = link.get_attribute("data-reply")?.parse().ok()?;
        Some((id, link.get_attribute("data-author").unwrap_or_default()))
    }

    /// A click on "Edit" of one's own post: its body becomes an edit box (kept to cancel).
    pub fn edit_link(ev: &Event, t: &ReplyWords) -> bool {
        let Some(link) = target(ev).and_then(|e| e.closest("a[data-edit]").ok().flatten()) else { return false };
        let (Some(id), Some(source)) = (link.get_attribute("data-edit"), link.get_attribute("data-source")) else {
            return false;
        };
        let Ok(Some(body)) =
            link.closest("article").map(|a| a.and_then(|a| a.query_selector(".post-body").ok().flatten()))
        else {
            return false;
        };
        let kept = escape(&body.outer_html());
        body.set_outer_html(&format!(
            "<form class=\"stack-form edit-in-place\" data-post=\"{id}\" data-kept=\"{kept}\">\
             <label for=\"edit-{id}\" class=\"visually-hidden\">{message}</label>\
             <textarea id=\"edit-{id}\" rows=\"6\" maxlength=\"20000\">{source}</textarea>\
             <div><button type=\"submit\">{save}</button> \
             <button type=\"button\" class=\"link-button\" data-cancel-edit>{cancel}</button></div></form>",
            source = escape(&source),
            message = escape(&t.message),
            save = escape(&t.save),
            cancel = escape(&t.cancel),
        ));
        true
    }

    /// A click on an edit box's "Cancel": the body comes back as it was.
    pub fn cancel_edit(ev: &Event) -> bool {
        let Some(button) = target(ev).filter(|e| e.has_attribute("data-cancel-edit")) else { return false };
        let Ok(Some(form)) = button.closest("form.edit-in-place") else { return false };
        form.set_outer_html(&form.get_attribute("data-kept").unwrap_or_default());
        true
    }

    /// An edit box submitted: the post's id and the new text.
    pub fn edit_submitted(ev: &Event) -> Option<(i64, String)> {
        let form = target(ev)?.closest("form.edit-in-place").ok()??;
        let id = form.get_attribute("data-post")?.parse().ok()?;
        let area = form.query_selector("textarea").ok()??.dyn_into::<HtmlTextAreaElement>().ok()?;
        Some((id, area.value()))
    }
}

#[cfg(not(feature = "hydrate"))]
mod dom {
    pub fn append_post(_html: &str) {}
}
