//! Notifications: the member's list, their e-mail choices on the account page, and the page
//! an unsubscribe link opens. Plain forms: they work without JavaScript.

use leptos::prelude::*;

use crate::components::forms::Hidden;
use crate::i18n::ui;
use crate::model::Lang;

/// One notification as the list shows it.
#[derive(Clone, Debug)]
pub struct NotificationLine {
    /// reply | mention | review | approved | returned
    pub kind: String,
    pub actor: String,
    pub title: String,
    /// Where it leads, with the language.
    pub href: String,
    pub when: String,
    pub unread: bool,
}

fn what(lang: Lang, kind: &str) -> &'static str {
    let t = ui(lang);
    match kind {
        "reply" => t.notif_reply,
        "mention" => t.notif_mention,
        "review" => t.notif_review,
        "approved" => t.notif_approved,
        _ => t.notif_returned,
    }
}

#[component]
pub fn NotificationsPage(lang: Lang, csrf: String, lines: Vec<NotificationLine>) -> AnyView {
    let t = ui(lang);
    let any_unread = lines.iter().any(|l| l.unread);
    let list = if lines.is_empty() {
        view! { <p>{t.no_notifications}</p> }.into_any()
    } else {
        let items = lines
            .into_iter()
            .map(|l| {
                let class = if l.unread { "notification unread" } else { "notification" };
                view! {
                    <li class=class>
                        {l.unread.then(|| view! { <span class="badge">{t.unread}</span>" "})}
                        <strong>{l.actor}</strong>" "{what(lang, &l.kind)}" "
                        <a href=l.href>{l.title}</a>
                        <span class="meta">" · "{l.when}</span>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="notifications">{items}</ul> }.into_any()
    };
    view! {
        <div class="form-page">
            <h1>{t.notifications}</h1>
            {list}
            {any_unread.then(|| view! {
                <form method="post" action=format!("/{lang}/notifications/read") class="stack-form">
                    <Hidden name="csrf" value=csrf.clone()/>
                    <button type="submit">{t.mark_all_read}</button>
                </form>
            })}
            <p class="hint"><a href=format!("/{lang}/account#mail")>{t.mail_title}</a></p>
        </div>
    }
    .into_any()
}

/// A member's e-mail choices as the form shows them.
#[derive(Clone, Debug)]
pub struct MailChoicesView {
    pub replies: bool,
    pub reviews: bool,
    pub mentions: bool,
    /// off | daily | weekly
    pub digest: String,
    pub language: Lang,
    /// Whether the portal sends e-mail at all.
    pub mail_on: bool,
    pub saved: bool,
}

/// The account page's e-mail section.
#[component]
pub fn MailSection(lang: Lang, csrf: String, choices: MailChoicesView) -> AnyView {
    let t = ui(lang);
    let check = |name: &'static str, label: &'static str, on: bool| {
        view! {
            <label class="check">
                <input type="checkbox" name=name value="1" checked=on/>" "{label}
            </label>
        }
    };
    let digest = choices.digest.clone();
    let digests = [("off", t.digest_off), ("daily", t.digest_daily), ("weekly", t.digest_weekly)]
        .into_iter()
        .map(|(code, label)| view! { <option value=code selected=digest == code>{label}</option> })
        .collect_view();
    let languages = crate::components::forms::language_options(lang, Some(choices.language));
    view! {
        <div class="form-page">
            <h2 id="mail">{t.mail_title}</h2>
            {choices.saved.then(|| view! { <p class="notice" role="status">{t.choices_saved}</p> })}
            {(!choices.mail_on).then(|| view! { <p class="hint">{t.mail_off_note}</p> })}
            <p>{t.mail_intro}</p>
            <form method="post" action=format!("/{lang}/account/mail") class="stack-form">
                <Hidden name="csrf" value=csrf/>
                {check("replies", t.mail_replies, choices.replies)}
                {check("reviews", t.mail_reviews, choices.reviews)}
                {check("mentions", t.mail_mentions, choices.mentions)}
                <label for="digest">{t.digest_label}</label>
                <select id="digest" name="digest">{digests}</select>
                <label for="mail-language">{t.mail_language}</label>
                <select id="mail-language" name="language">{languages}</select>
                <button type="submit">{t.save}</button>
            </form>
        </div>
    }
    .into_any()
}

/// What an unsubscribe link stops: the name of the kind.
pub fn kind_name(lang: Lang, kind: &str) -> &'static str {
    let t = ui(lang);
    match kind {
        "replies" => t.mail_replies,
        "reviews" => t.mail_reviews,
        "mentions" => t.mail_mentions,
        "digest" => t.digest_label,
        _ => t.all_mail,
    }
}

/// The page an unsubscribe link opens: one button (no sign-in), then a confirmation.
#[component]
pub fn UnsubscribePage(lang: Lang, key: String, kind: String, done: bool) -> AnyView {
    let t = ui(lang);
    let body = if done {
        view! {
            <p class="notice" role="status">{t.unsubscribed}</p>
            <p><a href=format!("/{lang}/account#mail")>{t.mail_title}</a></p>
        }
        .into_any()
    } else {
        let action = format!("/{lang}/unsubscribe/{key}?kind={kind}");
        view! {
            <p>{t.unsubscribe_confirm}</p>
            <p><strong>{kind_name(lang, &kind)}</strong></p>
            <form method="post" action=action class="stack-form">
                <button type="submit">{t.unsubscribe_button}</button>
            </form>
        }
        .into_any()
    };
    view! {
        <div class="form-page">
            <h1>{t.unsubscribe_title}</h1>
            {body}
        </div>
    }
    .into_any()
}
