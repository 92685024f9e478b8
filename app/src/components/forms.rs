//! Small pieces of forms.

use leptos::prelude::*;

/// A hidden input (CSRF tokens, the address to return to).
#[component]
pub fn Hidden(name: &'static str, value: String) -> impl IntoView {
    view! { <input type="hidden" name=name value=value/> }
}

/// The four languages as a select's options, named in the page's language `lang`, with
/// `selected` chosen.
pub fn language_options(lang: crate::model::Lang, selected: Option<crate::model::Lang>) -> impl IntoView {
    crate::model::Lang::ALL
        .into_iter()
        .map(|l| view! { <option value=l.code() selected=selected == Some(l)>{crate::i18n::language_name(lang, l)}</option> })
        .collect_view()
}

/// The message of a refused submission, announced to screen readers.
#[component]
pub fn FormError(error: Option<String>) -> impl IntoView {
    error.map(|e| view! { <p class="form-error" role="alert">{super::coded::coded(&e)}</p> })
}

/// A button that posts a one-field form (hide, lock, delete...): works without JavaScript.
#[component]
pub fn ActionButton(
    action: String,
    csrf: String,
    label: &'static str,
    #[prop(optional)] class: &'static str,
) -> impl IntoView {
    view! {
        <form method="post" action=action class="inline-form">
            <input type="hidden" name="csrf" value=csrf/>
            <button type="submit" class=format!("link-button {class}")>{label}</button>
        </form>
    }
}
