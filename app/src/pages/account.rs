//! Signing in, accepting an invitation, resetting and changing a password, "my threads".

use leptos::prelude::*;

use crate::components::forms::{FormError, Hidden};
use crate::i18n::{role_label, ui};
use crate::model::{Lang, Role, ThreadSummary};
use crate::pages::forum::ThreadList;

/// What every form page gets back after a refused submission: the message and what was typed.
#[derive(Clone, Debug, Default)]
pub struct FormState {
    pub csrf: String,
    pub error: Option<String>,
    /// Values typed before (never passwords).
    pub values: Vec<(String, String)>,
}

impl FormState {
    pub fn value(&self, name: &str) -> String {
        self.values.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default()
    }
}

#[component]
pub fn LoginPage(lang: Lang, form: FormState, next: String) -> AnyView {
    let t = ui(lang);
    view! {
        <div class="form-page">
            <h1>{t.sign_in}</h1>
            <p>{t.sign_in_intro}</p>
            <FormError error=form.error.clone()/>
            <form method="post" action=format!("/{lang}/login") class="stack-form">
                <Hidden name="csrf" value=form.csrf.clone()/>
                <Hidden name="next" value=next/>
                <label for="email">{t.email}</label>
                <input id="email" name="email" type="email" autocomplete="username" required value=form.value("email")/>
                <label for="password">{t.password}</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required/>
                <button type="submit">{t.sign_in}</button>
            </form>
            <p class="hint">{t.sign_in_help}</p>
        </div>
    }
    .into_any()
}

#[component]
pub fn InvitePage(lang: Lang, token: String, role: Role, form: FormState) -> AnyView {
    let t = ui(lang);
    view! {
        <div class="form-page">
            <h1>{t.create_account}</h1>
            <p>{t.invitation_intro}</p>
            <p>{format!("{}: {}", t.role, role_label(lang, role))}</p>
            <FormError error=form.error.clone()/>
            <form method="post" action=format!("/{lang}/invite/{token}") class="stack-form">
                <Hidden name="csrf" value=form.csrf.clone()/>
                <label for="name">{t.name}</label>
                <input id="name" name="name" required maxlength="80" autocomplete="name" value=form.value("name")/>
                <label for="email">{t.email}</label>
                <input id="email" name="email" type="email" required autocomplete="username" value=form.value("email")/>
                <label for="password">{t.new_password}</label>
                <input id="password" name="password" type="password" required minlength="10" autocomplete="new-password"/>
                <button type="submit">{t.create_account}</button>
            </form>
        </div>
    }
    .into_any()
}

#[component]
pub fn ResetPage(lang: Lang, token: String, name: String, form: FormState) -> AnyView {
    let t = ui(lang);
    view! {
        <div class="form-page">
            <h1>{t.set_password}</h1>
            <p>{name}</p>
            <p>{t.reset_intro}</p>
            <FormError error=form.error.clone()/>
            <form method="post" action=format!("/{lang}/reset/{token}") class="stack-form">
                <Hidden name="csrf" value=form.csrf.clone()/>
                <label for="password">{t.new_password}</label>
                <input id="password" name="password" type="password" required minlength="10" autocomplete="new-password"/>
                <button type="submit">{t.set_password}</button>
            </form>
        </div>
    }
    .into_any()
}

/// What a member says about themselves next to their posts.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Profile {
    pub organisation: String,
    /// `KR`, `KG` or empty.
    pub country: String,
    /// The countries offered, with their names.
    pub countries: Vec<crate::model::Named>,
    pub saved: bool,
}

#[component]
pub fn AccountPage(
    lang: Lang,
    name: String,
    email: String,
    role: Role,
    form: FormState,
    done: bool,
    zones: Vec<crate::model::Named>,
    zone: String,
    default_zone: String,
    zone_saved: bool,
    profile: Profile,
) -> AnyView {
    let t = ui(lang);
    let options = zones
        .into_iter()
        .map(|z| view! { <option value=z.slug.clone() selected=z.slug == zone>{z.title}</option> })
        .collect_view();
    view! {
        <div class="form-page">
            <h1>{t.account}</h1>
            <dl class="doc-meta">
                <div><dt>{t.name}</dt><dd>{name}</dd></div>
                <div><dt>{t.email}</dt><dd>{email}</dd></div>
                <div><dt>{t.role}</dt><dd>{role_label(lang, role)}</dd></div>
            </dl>
            <h2>{t.change_password}</h2>
            {done.then(|| view! { <p class="notice" role="status">{t.password_changed}</p> })}
            <FormError error=form.error.clone()/>
            <form method="post" action=format!("/{lang}/account/password") class="stack-form">
                <Hidden name="csrf" value=form.csrf.clone()/>
                <label for="current">{t.current_password}</label>
                <input id="current" name="current" type="password" required autocomplete="current-password"/>
                <label for="new">{t.new_password}</label>
                <input id="new" name="new" type="password" required minlength="10" autocomplete="new-password"/>
                <button type="submit">{t.change_password}</button>
            </form>
            <h2 id="profile">{t.profile_title}</h2>
            {profile.saved.then(|| view! { <p class="notice" role="status">{t.profile_saved}</p> })}
            <form method="post" action=format!("/{lang}/account/profile") class="stack-form">
                <Hidden name="csrf" value=form.csrf.clone()/>
                <label for="organisation">{t.organisation_label}</label>
                <input id="organisation" name="organisation" maxlength="120" value=profile.organisation.clone()/>
                <label for="country">{t.country_label}</label>
                <select id="country" name="country">
                    <option value="" selected=profile.country.is_empty()>{t.not_said}</option>
                    {profile.countries.iter().map(|c| view! {
                        <option value=c.slug.clone() selected=c.slug == profile.country>{c.title.clone()}</option>
                    }).collect_view()}
                </select>
                <button type="submit">{t.save}</button>
            </form>
            <h2 id="time-zone">{t.time_zone}</h2>
            {zone_saved.then(|| view! { <p class="notice" role="status">{t.time_zone_saved}</p> })}
            <form method="post" action=format!("/{lang}/account/time-zone") class="stack-form">
                <Hidden name="csrf" value=form.csrf.clone()/>
                <label for="zone">{t.time_zone}</label>
                <select id="zone" name="zone">
                    <option value="" selected=zone.is_empty()>{format!("{} ({default_zone})", t.time_zone_default)}</option>
                    {options}
                </select>
                <p class="hint">{t.time_zone_hint}</p>
                <button type="submit">{t.save}</button>
            </form>
        </div>
    }
    .into_any()
}

#[component]
pub fn MyThreadsPage(lang: Lang, threads: Vec<ThreadSummary>) -> AnyView {
    let t = ui(lang);
    view! {
        <div class="forum-page">
            <h1>{t.my_threads}</h1>
            <ThreadList lang threads/>
        </div>
    }
    .into_any()
}
