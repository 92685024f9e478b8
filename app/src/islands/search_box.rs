//! The search box in every page's header.
//!
//! Server-rendered it is a plain GET form to `/{lang}/search`. Hydrated it also suggests
//! titles and sections as you type (debounced), as an ARIA combobox: arrow keys move through
//! the suggestions, Enter opens the chosen one, Escape closes the list, and a polite live
//! region says how many there are.

use std::time::Duration;

use leptos::ev::{FocusEvent, KeyboardEvent};
use leptos::prelude::*;

use super::island_words;
use crate::api::search_suggest;
use crate::model::{Lang, Suggestion};

/// Milliseconds of quiet typing before suggestions are fetched.
const DEBOUNCE_MS: u64 = 200;

island_words!(
    /// What the search box says, besides the kind names and counts below.
    SearchWords { search_label, search_placeholder, suggestions, search }
);

/// The most suggestions the server sends (the count read to screen readers is made for each).
const MAX_SUGGESTIONS: usize = 8;

/// The "N suggestions" phrases read to screen readers, in the page's language: `0[n]` says
/// "n suggestions". A plain list of strings, read by the same deserialiser as the words.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct SearchLabels(Vec<String>);

impl SearchLabels {
    pub fn new(lang: Lang) -> SearchLabels {
        let t = crate::i18n::ui(lang);
        SearchLabels((0..=MAX_SUGGESTIONS as u64).map(|n| crate::i18n::count(lang, n, &t.n_suggestions)).collect())
    }

    fn count(&self, n: usize) -> String {
        self.0.get(n).cloned().unwrap_or_default()
    }
}

#[island]
pub fn SearchBox(lang: Lang, words: SearchWords, labels: SearchLabels, value: String) -> impl IntoView {
    let t = words.into_static(lang);
    let labels = StoredValue::new(labels);
    // The options as the server rendered them ([`SuggestionOptions`]), and how many.
    let (items, set_items) = signal((0usize, String::new()));
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
            set_items.set((0, String::new()));
            set_open.set(false);
            return;
        }
        let handle = set_timeout_with_handle(
            move || {
                leptos::task::spawn_local(async move {
                    if let Ok(html) = search_suggest(lang, text).await
                        && latest.get_value() == n
                    {
                        let count = html.matches("<li").count();
                        set_open.set(count > 0);
                        set_items.set((count, html));
                    }
                });
            },
            Duration::from_millis(DEBOUNCE_MS),
        )
        .ok();
        timer.set_value(handle);
    };
    let on_keydown = move |ev: KeyboardEvent| {
        let count = items.with_untracked(|i| i.0);
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
                if let Some(url) = active.get_untracked().and_then(option_url) {
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
    // The chosen option is marked on the server-rendered list.
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| mark_active(active.get()));
    view! {
        <form class="search-form" role="search" action=format!("/{lang}/search") method="get" on:focusout=on_focusout>
            <label for="site-search" class="visually-hidden">{t.search_label.as_str()}</label>
            <div class="combobox">
                <input
                    id="site-search"
                    type="search"
                    name="q"
                    value=value
                    placeholder=t.search_placeholder.as_str()
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
                <ul
                    id="site-search-list"
                    role="listbox"
                    aria-label=t.suggestions.as_str()
                    hidden=move || !open.get()
                    inner_html=move || items.with(|i| i.1.clone())
                ></ul>
            </div>
            <button type="submit">{t.search.as_str()}</button>
            <p class="visually-hidden" role="status" aria-live="polite">
                {move || if open.get() { labels.with_value(|l| l.count(items.with(|i| i.0))) } else { String::new() }}
            </p>
        </form>
    }
}

/// The options of a list of suggestions, as the search box shows them (rendered on the server
/// and put into the list as they are, so the browser needs no code to draw them).
#[component]
pub fn SuggestionOptions(lang: Lang, items: Vec<Suggestion>) -> impl IntoView {
    items
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            view! {
                <li role="option" id=format!("site-search-opt-{i}") aria-selected="false" lang=s.language.code()>
                    <a href=s.url.clone() tabindex="-1">
                        <span class="suggestion-title">{s.title.clone()}</span>
                        {s.section.clone().map(|sec| view! { <span class="suggestion-section">{sec}</span> })}
                        <span class="suggestion-kind" lang=lang.code()>{crate::i18n::kind_label(lang, s.kind)}</span>
                    </a>
                </li>
            }
        })
        .collect_view()
}

/// The address of option `i` of the list.
fn option_url(i: usize) -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        let link = document().query_selector(&format!("#site-search-opt-{i} a")).ok()??;
        link.get_attribute("href")
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = i;
        None
    }
}

#[cfg(feature = "hydrate")]
fn mark_active(active: Option<usize>) {
    let mut i = 0;
    while let Some(option) = document().get_element_by_id(&format!("site-search-opt-{i}")) {
        let _ = option.set_attribute("aria-selected", if active == Some(i) { "true" } else { "false" });
        i += 1;
    }
}

#[cfg(feature = "hydrate")]
fn go_to(url: &str) {
    let _ = window().location().set_href(url);
}

#[cfg(not(feature = "hydrate"))]
fn go_to(_url: &str) {}
