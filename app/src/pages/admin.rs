//! Administration: accounts, invitations, the audit log, and the moderation queue.

use leptos::prelude::*;

use crate::components::forms::{ActionButton, FormError, Hidden};
use crate::i18n::{role_label, ui};
use crate::model::{AuditLine, Lang, PostState, ReportLine, Role, UserLine};

fn role_options(lang: Lang, selected: Role, allowed: &[Role]) -> impl IntoView {
    allowed
        .iter()
        .map(|r| view! { <option value=r.code() selected=*r == selected>{role_label(lang, *r)}</option> })
        .collect_view()
}

#[component]
pub fn UsersPage(
    lang: Lang,
    users: Vec<UserLine>,
    csrf: String,
    notice: Option<String>,
    error: Option<String>,
    /// Whether e-mail is on, and what the outbox holds (or that it is off).
    mail_status: String,
) -> AnyView {
    let t = ui(lang);
    let rows = users
        .into_iter()
        .map(|u| {
            let id = u.id;
            let toggle = if u.disabled { ("enable", t.enable) } else { ("disable", t.disable) };
            view! {
                <tr class:disabled=u.disabled>
                    <td data-label=t.col_name>{u.name.clone()}{u.disabled.then(|| view! { <span class="flag">{t.disabled}</span> })}</td>
                    <td data-label=t.email>{u.email.clone()}</td>
                    <td data-label=t.role>
                        <form method="post" action=format!("/{lang}/admin/users/{id}/role") class="inline-form">
                            <Hidden name="csrf" value=csrf.clone()/>
                            <label for=format!("role-{id}") class="visually-hidden">{t.role}</label>
                            <select id=format!("role-{id}") name="role">{role_options(lang, u.role, &Role::ALL)}</select>
                            <button type="submit" class="link-button">{t.change_role}</button>
                        </form>
                    </td>
                    <td data-label=t.col_last_sign_in>{u.last_login.clone()}</td>
                    <td class="actions" data-label=t.col_actions>
                        <ActionButton action=format!("/{lang}/admin/users/{id}/{}", toggle.0) csrf=csrf.clone() label=toggle.1/>
                        <ActionButton action=format!("/{lang}/admin/users/{id}/reset") csrf=csrf.clone() label=t.reset_link/>
                        <ActionButton action=format!("/{lang}/admin/users/{id}/two-factor-reset") csrf=csrf.clone() label=t.reset_two_factor/>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="admin-page">
            <h1>{t.users}</h1>
            <p class="hint mail-status">{mail_status}</p>
            {notice.map(|n| view! { <p class="notice" role="status">{n}</p> })}
            <FormError error/>
            <div class="table-wrap">
                <table class="stacked-table">
                    <thead><tr><th scope="col">{t.col_name}</th><th scope="col">{t.email}</th><th scope="col">{t.role}</th><th scope="col">{t.col_last_sign_in}</th><th scope="col">{t.col_actions}</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </div>
    }
    .into_any()
}

#[component]
pub fn InvitationsPage(
    lang: Lang,
    csrf: String,
    allowed: Vec<Role>,
    link: Option<String>,
    error: Option<String>,
    pending: Vec<crate::model::PendingLine>,
    /// Whether e-mail is on, and what the outbox holds (or that it is off).
    mail_status: String,
    mail_on: bool,
) -> AnyView {
    let t = ui(lang);
    let link = link.map(|l| {
        view! {
            <div class="notice" role="status">
                <p><strong><label for="invitation-link">{t.invitation_link}</label></strong></p>
                // A read-only field: one tap selects the whole link to copy, no script needed;
                // the boot script adds a "Copy" button beside it.
                <p>
                    <input id="invitation-link" class="copy" type="text" readonly value=l data-copy=t.copy data-copied=t.copied/>
                </p>
                <p>{t.copy_hint}</p>
                <p>{t.link_once}</p>
            </div>
        }
    });
    let pending_list = if pending.is_empty() {
        view! { <p>{t.no_pending}</p> }.into_any()
    } else {
        let rows = pending
            .into_iter()
            .map(|p| {
                view! {
                    <tr>
                        <td data-label=t.role>{crate::i18n::role_label(lang, p.role)}</td>
                        <td data-label=t.col_created>{p.created.clone()}</td>
                        <td data-label=t.col_expires>{p.expires.clone()}</td>
                        <td data-label=t.col_by>{p.created_by.clone()}</td>
                        <td data-label=t.col_actions>
                            <ActionButton action=format!("/{lang}/admin/invitations/{}/revoke", p.id) csrf=csrf.clone() label=t.revoke/>
                        </td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-wrap">
                <table class="stacked-table">
                    <thead><tr>
                        <th scope="col">{t.role}</th><th scope="col">{t.col_created}</th><th scope="col">{t.col_expires}</th>
                        <th scope="col">{t.col_by}</th><th scope="col">{t.col_actions}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <div class="form-page">
            <h1>{t.invite_someone}</h1>
            <p class="hint mail-status">{mail_status}</p>
            {link}
            <FormError error/>
            <form method="post" action=format!("/{lang}/admin/invitations") class="stack-form">
                <Hidden name="csrf" value=csrf/>
                <label for="role">{t.role}</label>
                <select id="role" name="role">{role_options(lang, Role::Reader, &allowed)}</select>
                <label for="days">{t.valid_days}</label>
                <input id="days" name="days" type="number" min="1" max="90" value="7"/>
                {mail_on.then(|| view! {
                    <label for="invite-email">{t.invite_email}</label>
                    <input id="invite-email" name="email" type="email" autocomplete="off" maxlength="254"/>
                    <label for="invite-language">{t.invite_language}</label>
                    <select id="invite-language" name="language">
                        {crate::components::forms::language_options(lang, Some(lang))}
                    </select>
                })}
                <button type="submit">{t.create_invitation}</button>
            </form>
            <h2>{t.pending_invitations}</h2>
            {pending_list}
        </div>
    }
    .into_any()
}

#[component]
pub fn AuditPage(lang: Lang, entries: Vec<AuditLine>) -> AnyView {
    let t = ui(lang);
    let rows = entries
        .into_iter()
        .map(|e| {
            view! {
                <tr><td>{e.when}</td><td>{e.who}</td><td title=e.code>{e.what}</td><td>{e.target}</td><td>{e.detail}</td></tr>
            }
        })
        .collect_view();
    view! {
        <div class="admin-page">
            <h1>{t.audit_log}</h1>
            <div class="table-wrap">
                <table>
                    <thead><tr><th>{t.when}</th><th>{t.who}</th><th>{t.what}</th><th>{t.target}</th><th scope="col">{t.col_details}</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </div>
    }
    .into_any()
}

#[component]
pub fn ModerationPage(lang: Lang, reports: Vec<ReportLine>, csrf: String) -> AnyView {
    let t = ui(lang);
    let items = if reports.is_empty() {
        view! { <p class="empty">{t.no_reports}</p> }.into_any()
    } else {
        reports
            .into_iter()
            .map(|r| {
                let id = r.post_id;
                let (path, label) = if r.state == PostState::Hidden { ("unhide", t.unhide) } else { ("hide", t.hide) };
                view! {
                    <article class="post report-item">
                        <header class="post-meta">
                            <a href=format!("/{lang}/threads/{}#post-{id}", r.thread_id)>{r.thread_title.clone()}</a>
                            <strong>{r.author.clone()}</strong>
                        </header>
                        <div class="prose post-body" inner_html=r.html.clone()></div>
                        <p class="hint">{format!("{} {} ({}): {}", t.reported_by, r.reporter, r.when, r.reason)}</p>
                        <div class="report-actions">
                            <ActionButton action=format!("/{lang}/moderation/posts/{id}/{path}") csrf=csrf.clone() label/>
                            <ActionButton action=format!("/{lang}/moderation/posts/{id}/dismiss") csrf=csrf.clone() label=t.dismiss_report/>
                        </div>
                    </article>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <div class="admin-page">
            <h1>{t.open_reports}</h1>
            {items}
        </div>
    }
    .into_any()
}
