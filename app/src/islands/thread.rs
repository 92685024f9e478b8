//! A thread's posts with the reply form.
//!
//! Server-rendered, replying is a form that posts and redirects back; the other actions
//! (edit, delete, report, moderation) are links to a page with their form, so a long thread
//! carries no form per post. Hydrated, replying and editing one's own post happen in place
//! through server functions, without a reload.

use leptos::ev::{MouseEvent, SubmitEvent};
use leptos::prelude::*;

use crate::api::{edit_post_body, reply_in_thread};
use crate::i18n::ui;
use crate::model::{Lang, PostState, PostView, ThreadPage};

fn message(e: crate::api::FnError) -> String {
    e.message
}

#[island]
pub fn ThreadPosts(
    lang: Lang,
    page: ThreadPage,
    csrf: String,
    error: Option<String>,
    draft: String,
    reply_to: Option<i64>,
) -> impl IntoView {
    let t = ui(lang);
    let thread_id = page.thread.id;
    let moderator = page.moderator;
    let can_reply = page.can_reply;
    let (posts, set_posts) = signal(page.posts);
    let (error, set_error) = signal(error);
    let (draft, set_draft) = signal(draft);
    let (reply_to, set_reply_to) = signal(reply_to);
    let (editing, set_editing) = signal(None::<i64>);
    let (edit_text, set_edit_text) = signal(String::new());
    let (busy, set_busy) = signal(false);
    let csrf = StoredValue::new(csrf);

    let submit_reply = move |ev: SubmitEvent| {
        ev.prevent_default();
        let body = draft.get_untracked();
        set_busy.set(true);
        leptos::task::spawn_local(async move {
            match reply_in_thread(lang, thread_id, body, reply_to.get_untracked()).await {
                Ok(post) => {
                    set_posts.update(|p| p.push(post));
                    set_draft.set(String::new());
                    set_reply_to.set(None);
                    set_error.set(None);
                }
                Err(e) => set_error.set(Some(message(e))),
            }
            set_busy.set(false);
        });
    };

    let save_edit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(id) = editing.get_untracked() else { return };
        let body = edit_text.get_untracked();
        set_busy.set(true);
        leptos::task::spawn_local(async move {
            match edit_post_body(lang, id, body).await {
                Ok(post) => {
                    set_posts.update(|list| {
                        if let Some(p) = list.iter_mut().find(|p| p.id == post.id) {
                            *p = post;
                        }
                    });
                    set_editing.set(None);
                    set_error.set(None);
                }
                Err(e) => set_error.set(Some(message(e))),
            }
            set_busy.set(false);
        });
    };

    let post_view = move |p: PostView| {
        let id = p.id;
        let source = p.source.clone().unwrap_or_default();
        let state = p.state;
        let html = p.html.clone();
        let has_html = !html.is_empty();
        let body = move || {
            if editing.get() == Some(id) {
                view! {
                    <form class="stack-form edit-in-place" on:submit=save_edit>
                        <label for=format!("edit-{id}") class="visually-hidden">{t.message}</label>
                        <textarea
                            id=format!("edit-{id}")
                            rows="6"
                            maxlength="20000"
                            prop:value=move || edit_text.get()
                            on:input=move |ev| set_edit_text.set(event_target_value(&ev))
                        ></textarea>
                        <div>
                            <button type="submit" disabled=move || busy.get()>{t.save}</button>
                            " "
                            <button type="button" class="link-button" on:click=move |_| set_editing.set(None)>{t.cancel}</button>
                        </div>
                    </form>
                }
                .into_any()
            } else {
                match state {
                    PostState::Deleted => view! { <p class="placeholder">{t.deleted_placeholder}</p> }.into_any(),
                    PostState::Hidden if !has_html => {
                        view! { <p class="placeholder">{t.hidden_placeholder}</p> }.into_any()
                    }
                    _ => view! { <div class="prose post-body" inner_html=html.clone()></div> }.into_any(),
                }
            }
        };
        let reply_link = (can_reply && state != PostState::Deleted).then(|| {
            view! {
                <a
                    href=format!("?reply_to={id}#reply")
                    class="post-action"
                    on:click=move |ev: MouseEvent| {
                        ev.prevent_default();
                        set_reply_to.set(Some(id));
                        focus("reply-body");
                    }
                >
                    {t.reply}
                </a>
            }
        });
        let own_actions = (p.mine && state == PostState::Visible).then(|| {
            let source = source.clone();
            view! {
                <a
                    href=format!("/{lang}/posts/{id}/edit")
                    class="post-action"
                    on:click=move |ev: MouseEvent| {
                        ev.prevent_default();
                        set_edit_text.set(source.clone());
                        set_editing.set(Some(id));
                    }
                >
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
    };

    let reply_form = can_reply.then(|| {
        let replying_to = move || {
            reply_to.get().map(|r| {
                let author = posts.with(|ps| ps.iter().find(|p| p.id == r).map(|p| p.author.clone())).unwrap_or_default();
                view! {
                    <p class="replying-to">
                        {format!("{} {author} ", t.reply_to)}
                        <button type="button" class="link-button" on:click=move |_| set_reply_to.set(None)>{t.cancel}</button>
                    </p>
                }
            })
        };
        view! {
            <form
                method="post"
                action=format!("/{lang}/threads/{thread_id}/reply")
                class="stack-form reply-form"
                id="reply"
                on:submit=submit_reply
            >
                <input type="hidden" name="csrf" value=csrf.get_value()/>
                <input type="hidden" name="reply_to" value=move || reply_to.get().map(|r| r.to_string()).unwrap_or_default()/>
                <h2>{t.reply}</h2>
                {replying_to}
                <label for="reply-body">{t.message}</label>
                <textarea
                    id="reply-body"
                    name="body"
                    rows="5"
                    required
                    maxlength="20000"
                    prop:value=move || draft.get()
                    on:input=move |ev| set_draft.set(event_target_value(&ev))
                >
                    {draft.get_untracked()}
                </textarea>
                <p class="hint">{t.markdown_hint}</p>
                <button type="submit" disabled=move || busy.get()>{t.post_reply}</button>
            </form>
        }
    });

    view! {
        <div class="thread-posts">
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <ol class="posts" aria-live="polite">
                {move || posts.get().into_iter().map(post_view).collect_view()}
            </ol>
            {reply_form}
        </div>
    }
}

#[cfg(feature = "hydrate")]
fn focus(id: &str) {
    use leptos::wasm_bindgen::JsCast;
    if let Some(el) = document().get_element_by_id(id).and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok()) {
        let _ = el.focus();
    }
}

#[cfg(not(feature = "hydrate"))]
fn focus(_id: &str) {}
