//! The search box in every page's header.
//!
//! Server-rendered it is a plain GET form to `/{lang}/search`. Hydrated it also suggests
//! titles and sections as you type (debounced), as an ARIA combobox: arrow keys move through
//! the suggestions, Enter opens the chosen one, Escape closes the list, and a polite live
//! region says how many there are.

use std::time::Duration;

use leptos::ev::{FocusEvent, KeyboardEvent};
use leptos::prelude::*;

use crate::api::search_suggest;
use crate::i18n::{kind_label, ui};
use crate::model::{Lang, Suggestion};

/// Milliseconds of quiet typing before suggestions are fetched.
const DEBOUNCE_MS: u64 = 200;

#[island]
pub fn SearchBox(lang: Lang, value: String) -> impl IntoView {
    let t = ui(lang);
    let (items, set_items) = signal(Vec::<Suggestion>::new());
    let (active, set_active) = signal(None::<usize>);
    let (open, set_open) = signal(false);
    // Only the answer to the latest keystroke may fill the list.
    let latest = StoredValue::new(0u64);
    let timer = StoredValue::new(None::<TimeoutHandle>);

    let close = move || {
        set_open.set(false);
        set_active.set(None);
    };
    let on_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        set_active.set(None);
        if let Some(h) = timer.get_value() {
            h.clear();
        }
        let n = latest.get_value() + 1;
        latest.set_value(n);
        if text.trim().chars().count() < 2 {
            set_items.set(Vec::new());
            set_open.set(false);
            return;
        }
        let handle = set_timeout_with_handle(
            move || {
                leptos::task::spawn_local(async move {
                    if let Ok(list) = search_suggest(lang, text).await
                        && latest.get_value() == n
                    {
                        set_open.set(!list.is_empty());
                        set_items.set(list);
                    }
                });
            },
            Duration::from_millis(DEBOUNCE_MS),
        )
        .ok();
        timer.set_value(handle);
    };
    let on_keydown = move |ev: KeyboardEvent| {
        let count = items.with_untracked(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" if count > 0 => {
                ev.prevent_default();
                set_open.set(true);
                set_active.update(|a| *a = Some(a.map_or(0, |i| (i + 1) % count)));
            }
            "ArrowUp" if count > 0 => {
                ev.prevent_default();
                set_open.set(true);
                set_active.update(|a| *a = Some(a.map_or(count - 1, |i| (i + count - 1) % count)));
            }
            "Enter" => {
                if let Some(url) =
                    active.get_untracked().and_then(|i| items.with_untracked(|v| v.get(i).map(|s| s.url.clone())))
                {
                    ev.prevent_default();
                    go_to(&url);
                }
            }
            "Escape" => close(),
            _ => {}
        }
    };
    // Leaving the box closes the list, a moment later so a click on a suggestion still lands.
    let on_focusout = move |_: FocusEvent| {
        set_timeout(close, Duration::from_millis(150));
    };
    let options = move || {
        items
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, s)| {
                let selected = move || (active.get() == Some(i)).to_string();
                view! {
                    <li role="option" id=format!("site-search-opt-{i}") aria-selected=selected lang=s.language.code()>
                        <a href=s.url.clone() tabindex="-1">
                            <span class="suggestion-title">{s.title.clone()}</span>
                            {s.section.clone().map(|sec| view! { <span class="suggestion-section">{sec}</span> })}
                            <span class="suggestion-kind" lang=lang.code()>{kind_label(lang, s.kind)}</span>
                        </a>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <form class="search-form" role="search" action=format!("/{lang}/search") method="get" on:focusout=on_focusout>
            <label for="site-search" class="visually-hidden">{t.search_label}</label>
            <div class="combobox">
                <input
                    id="site-search"
                    type="search"
                    name="q"
                    value=value
                    placeholder=t.search_placeholder
                    autocomplete="off"
                    maxlength="300"
                    role="combobox"
                    aria-autocomplete="list"
                    aria-controls="site-search-list"
                    aria-expanded=move || open.get().to_string()
                    aria-activedescendant=move || active.get().map(|i| format!("site-search-opt-{i}"))
                    on:input=on_input
                    on:keydown=on_keydown
                />
                <ul id="site-search-list" role="listbox" aria-label=t.suggestions hidden=move || !open.get()>
                    {options}
                </ul>
            </div>
            <button type="submit">{t.search}</button>
            <p class="visually-hidden" role="status" aria-live="polite">
                {move || if open.get() { crate::i18n::count(lang, items.with(Vec::len) as u64, &t.n_suggestions) } else { String::new() }}
            </p>
        </form>
    }
}

#[cfg(feature = "hydrate")]
fn go_to(url: &str) {
    let _ = window().location().set_href(url);
}

#[cfg(not(feature = "hydrate"))]
fn go_to(_url: &str) {}
