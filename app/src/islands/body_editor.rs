//! The body of the editor with its preview. Without JavaScript the preview is rendered by the
//! server when the "Preview" button is pressed; hydrated, it follows the typing (debounced)
//! through a server function that uses the same renderer and sanitiser as published pages.

use std::time::Duration;

use leptos::prelude::*;

use super::island_words;
use crate::api::preview_markdown;
use crate::model::Lang;

island_words!(
    /// What the body editor says.
    EditorWords { body_label, markdown_hint, preview, preview_hint }
);

const DEBOUNCE_MS: u64 = 300;

#[island]
pub fn BodyEditor(lang: Lang, words: EditorWords, body: String, preview_html: Option<String>) -> impl IntoView {
    let t = words.into_static(lang);
    let (preview, set_preview) = signal(preview_html);
    let latest = StoredValue::new(0u64);
    let timer = StoredValue::new(None::<TimeoutHandle>);
    let on_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        if let Some(h) = timer.get_value() {
            h.clear();
        }
        let n = latest.get_value() + 1;
        latest.set_value(n);
        let handle = set_timeout_with_handle(
            move || {
                leptos::task::spawn_local(async move {
                    if let Ok(html) = preview_markdown(lang, text).await
                        && latest.get_value() == n
                    {
                        set_preview.set(Some(html));
                    }
                });
            },
            Duration::from_millis(DEBOUNCE_MS),
        )
        .ok();
        timer.set_value(handle);
    };
    view! {
        <div class="body-editor">
            <div class="body-input">
                <label for="body">{t.body_label.as_str()}</label>
                <textarea id="body" name="body" rows="24" on:input=on_input>{body}</textarea>
                <p class="hint">{t.markdown_hint.as_str()}</p>
            </div>
            <div class="body-preview" aria-live="polite">
                <h2 class="preview-title">{t.preview.as_str()}</h2>
                {move || match preview.get() {
                    Some(html) => view! { <div class="prose" inner_html=html></div> }.into_any(),
                    None => view! { <p class="hint">{t.preview_hint.as_str()}</p> }.into_any(),
                }}
            </div>
        </div>
    }
}
