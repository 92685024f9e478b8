//! The filterable list of a section page: plain links (`?language=ru&area=...`) and a pager.
//! It is not an island: every filter is a page of its own, answered from the page cache, so
//! no list code or interface words ship to the browser for it.

use leptos::prelude::*;

use crate::components::doc_card::CardList;
use crate::i18n::ui;
use crate::model::{FacetValue, Lang, ListFilters, Section, SectionList};

#[component]
pub fn SectionBrowser(lang: Lang, list: SectionList) -> impl IntoView {
    let section = list.section;
    let link = move |label: String, count: Option<u32>, target: ListFilters, current: bool| {
        let href = format!("/{lang}/{}{}", section.path(), target.query_string());
        view! {
            <a href=href aria-current=current.then_some("true")>
                {label}
                {count.map(|c| view! { <span class="count">{c}</span> })}
            </a>
        }
    };

    let facet_group = move |title: &'static str,
                            values: Vec<FacetValue>,
                            selected: Option<String>,
                            apply: fn(&ListFilters, Option<String>) -> ListFilters,
                            filters: ListFilters| {
        let t = ui(lang);
        let any = link(t.any.to_string(), None, apply(&filters, None), selected.is_none());
        let items = values
            .into_iter()
            .map(|v| {
                let current = selected.as_deref() == Some(v.value.as_str());
                let target = apply(&filters, Some(v.value.clone()));
                view! { <li>{link(v.label, Some(v.count), target, current)}</li> }
            })
            .collect_view();
        view! {
            <div class="facet" role="group" aria-label=title>
                <span class="facet-title">{title}</span>
                <ul class="chips">
                    <li>{any}</li>
                    {items}
                </ul>
            </div>
        }
    };

    {
        let d = list;
        let t = ui(lang);
        let f = d.filters.clone();
        let languages = facet_group(
            t.filter_language,
            d.languages.clone(),
            f.language.map(|l| l.code().to_string()),
            |f, v| ListFilters { language: v.and_then(|v| Lang::from_code(&v)), page: 0, ..f.clone() },
            f.clone(),
        );
        let countries = facet_group(
            t.filter_country,
            d.countries.clone(),
            f.country.clone(),
            |f, v| ListFilters { country: v, page: 0, ..f.clone() },
            f.clone(),
        );
        let areas = facet_group(
            t.filter_area,
            d.areas.clone(),
            f.area.clone(),
            |f, v| ListFilters { area: v, page: 0, ..f.clone() },
            f.clone(),
        );
        let has_filters = f.language.is_some() || f.country.is_some() || f.area.is_some();
        let clear = has_filters
            .then(|| view! { <p class="clear-filters">{link(t.clear_filters.into(), None, ListFilters::default(), false)}</p> });
        // One step to what the reader can read without translating, when the list mixes languages.
        let mixed = d.cards.iter().any(|c| c.language != lang)
            && d.languages.iter().any(|v| v.value == lang.code() && v.count > 0);
        let only_mine = (f.language.is_none() && mixed).then(|| {
            let target = ListFilters { language: Some(lang), page: 0, ..f.clone() };
            view! { <p class="only-mine">{link(t.only_my_language.into(), None, target, false)}</p> }
        });
        let page = f.page.max(1);
        let pager = (d.page_count > 1).then(|| {
            let prev = (page > 1).then(|| link(t.page_previous.into(), None, f.with_page(page - 1), false));
            let next = (page < d.page_count).then(|| link(t.page_next.into(), None, f.with_page(page + 1), false));
            view! {
                <nav class="pager" aria-label=t.pages_nav>
                    {prev}
                    <span>{format!("{page} {} {}", t.page_of, d.page_count)}</span>
                    {next}
                </nav>
            }
        });
        let list = if d.cards.is_empty() {
            view! { <p class="empty">{t.no_documents}</p> }.into_any()
        } else if d.section == Section::Webinars {
            // Upcoming webinars first (soonest first), then past ones (newest first).
            let (up, past) = d.cards.split_at((d.upcoming as usize).min(d.cards.len()));
            let (up, past) = (up.to_vec(), past.to_vec());
            view! {
                {(!up.is_empty()).then(|| view! {
                    <h2 class="list-heading">{t.upcoming_webinars}</h2>
                    <CardList cards=up reader=lang/>
                })}
                {(!past.is_empty()).then(|| view! {
                    <h2 class="list-heading">{t.past_webinars}</h2>
                    <CardList cards=past reader=lang/>
                })}
            }
            .into_any()
        } else {
            view! { <CardList cards=d.cards.clone() reader=lang top=true/> }.into_any()
        };
        view! {
            <div class="section-browser">
                // Folded behind "Filters" unless one is chosen: a short list is not buried.
                <details class="facets filters" open=has_filters>
                    <summary>{t.filters}</summary>
                    {languages}
                    {countries}
                    {areas}
                    {clear}
                </details>
                {only_mine}
                <p class="result-count" role="status" aria-live="polite">
                    {crate::i18n::count_documents(lang, d.total)}
                </p>
                {list}
                {pager}
            </div>
        }
    }
}
