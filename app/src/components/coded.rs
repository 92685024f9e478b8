//! Messages that quote what someone typed or a field's name between backquotes (`title`,
//! `2019-13-01`): the quoted parts are shown as code, so they read as values, not as words of
//! the reader's language.

use leptos::prelude::*;

/// `text` with every `backquoted` part in `<code>`.
pub fn coded(text: &str) -> impl IntoView + use<> {
    text.split('`')
        .enumerate()
        .map(|(i, part)| {
            let part = part.to_string();
            if i % 2 == 1 { view! { <code>{part}</code> }.into_any() } else { part.into_any() }
        })
        .collect_view()
}
