//! The page for an address that leads nowhere, and the one for an unexpected failure.

use leptos::prelude::*;

use crate::i18n::{section_label, ui};
use crate::model::{Lang, Section};

#[component]
pub fn NotFoundPage(lang: Lang, path: String) -> AnyView {
    let t = ui(lang);
    let sections = Section::ALL
        .into_iter()
        .map(|s| view! { <li><a href=format!("/{lang}/{}", s.path())>{section_label(lang, s)}</a></li> })
        .collect_view();
    view! {
        <div class="error-page">
            <h1>{t.not_found_title}</h1>
            <p>{t.not_found_text}</p>
            // Existence must not leak, so every 404 says this, whether or not the page exists.
            <p class="sign-in-hint">
                <a href=format!("/{lang}/login?next={}", crate::model::encode_component(&format!("/{lang}{path}")))>
                    {t.sign_in_to_see_more}
                </a>
            </p>
            <ul>
                <li><a href=format!("/{lang}/")>{t.home}</a></li>
                {sections}
            </ul>
        </div>
    }
    .into_any()
}

#[component]
pub fn ErrorPage(lang: Lang, message: Option<String>) -> AnyView {
    let t = ui(lang);
    view! {
        <div class="error-page">
            <h1>{t.error_title}</h1>
            <p>{crate::components::coded::coded(&message.unwrap_or_else(|| t.error_text.to_string()))}</p>
            <p><a href=format!("/{lang}/")>{t.home}</a></p>
        </div>
    }
    .into_any()
}
