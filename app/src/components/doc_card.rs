//! A document as one entry of a list: title, kind, date, countries, summary, languages.

use leptos::prelude::*;

use crate::i18n::{country_label, kind_label, language_name};
use crate::model::{DocCard, Lang};

/// One document in a list. `reader` is the language the reader browses in; `top` when the
/// list sits right under the page's title (its cards' titles are then second-level headings,
/// so heading levels never skip one); `no_date` when the list does not show dates.
#[component]
pub fn DocCardView(
    card: DocCard,
    reader: Lang,
    #[prop(optional)] top: bool,
    #[prop(optional)] no_date: bool,
) -> AnyView {
    let href = card.href(reader);
    let other_langs = card
        .translations
        .iter()
        .filter(|l| **l != card.language)
        .map(|l| {
            let code = l.code();
            view! { <abbr lang=code title=l.native_name()>{code.to_uppercase()}</abbr> }
        })
        .collect_view();
    let has_others = card.translations.iter().any(|l| *l != card.language);
    let countries = card.countries.iter().map(|c| country_label(reader, c)).collect::<Vec<_>>().join(", ");
    view! {
        <article class="card" lang=card.language.code()>
            {if top {
                view! { <h2 class="card-title"><a href=href>{card.title.clone()}</a></h2> }.into_any()
            } else {
                view! { <h3 class="card-title"><a href=href>{card.title.clone()}</a></h3> }.into_any()
            }}
            <p class="card-meta" lang=reader.code()>
                <span class=format!("kind-badge kind-{}", card.kind.code())>{kind_label(reader, card.kind)}</span>
                // Text in another language than the reader's says so, in the reader's words.
                {(card.language != reader)
                    .then(|| view! { <span class="lang-badge">{language_name(reader, card.language)}</span> })}
                {card.date.clone().filter(|_| !no_date).map(|d| {
                    let label = card.date_label.clone().unwrap_or_else(|| d.clone());
                    view! { <time datetime=d>{label}</time> }
                })}
                {(!countries.is_empty()).then(|| view! { <span>{countries}</span> })}
                {has_others.then(|| view! { <span class="card-langs">{other_langs}</span> })}
            </p>
            {(!card.summary.is_empty()).then(|| view! { <p class="card-summary">{card.summary.clone()}</p> })}
        </article>
    }
    .into_any()
}

/// A list of cards, or nothing.
#[component]
pub fn CardList(cards: Vec<DocCard>, reader: Lang, #[prop(optional)] top: bool) -> AnyView {
    // A date every card shares tells the reader nothing (the shipped library comes from one
    // source, so most documents carry its date): then no card repeats it. The document page
    // still gives its date.
    let no_date = cards.len() > 1 && cards.iter().all(|c| c.date.is_some() && c.date == cards[0].date);
    view! {
        <ul class="card-list">
            {cards
                .into_iter()
                .map(|card| view! { <li><DocCardView card reader top no_date/></li> })
                .collect_view()}
        </ul>
    }
    .into_any()
}
