//! The search page: results grouped by translation set, facets with counts, pagination, and
//! helpful empty states. Plain links and a GET form: it needs no JavaScript.

use leptos::prelude::*;

use crate::i18n::{kind_label, language_name, ui};
use crate::model::{FacetValue, Kind, Lang, SearchHit, SearchQuery, SearchResults};

#[component]
pub fn SearchPage(lang: Lang, results: SearchResults) -> AnyView {
    let t = ui(lang);
    let q = results.query.clone();
    let href = move |query: &SearchQuery| format!("/{lang}/search{}", query.query_string());
    let facet = |title: &'static str,
                 values: Vec<FacetValue>,
                 selected: Option<String>,
                 set: fn(&SearchQuery, Option<String>) -> SearchQuery| {
        if values.is_empty() && selected.is_none() {
            return None;
        }
        let q = q.clone();
        let items = values
            .into_iter()
            .map(|v| {
                let is_current = selected.as_deref() == Some(v.value.as_str());
                let target = if is_current { set(&q, None) } else { set(&q, Some(v.value.clone())) };
                view! {
                    <li>
                        <a href=href(&SearchQuery { page: 0, ..target }) aria-current=is_current.then_some("true")>
                            {v.label}
                            <span class="count">{v.count}</span>
                        </a>
                    </li>
                }
            })
            .collect_view();
        Some(view! {
            <div class="facet-group">
                <h3>{title}</h3>
                <ul class="chips">{items}</ul>
            </div>
        })
    };
    let f = results.facets.clone();
    // Folded behind "Filters" so the results come first on a phone; open while one is chosen.
    let facets = (results.total > 0 || q.has_filters()).then(|| {
        view! {
            <details class="facets" open=q.has_filters()>
                <summary>{t.filters}</summary>
                <h2 id="refine-title" class="visually-hidden">{t.refine}</h2>
                {facet(t.kind, f.kind, q.kind.map(|k| k.code().to_string()), |q, v| SearchQuery { kind: v.and_then(|v| Kind::from_code(&v)), ..q.clone() })}
                {facet(t.language, f.language, q.language.map(|l| l.code().to_string()), |q, v| SearchQuery { language: v.and_then(|v| Lang::from_code(&v)), ..q.clone() })}
                {facet(t.filter_country, f.country, q.country.clone(), |q, v| SearchQuery { country: v, ..q.clone() })}
                {facet(t.filter_area, f.area, q.area.clone(), |q, v| SearchQuery { area: v, ..q.clone() })}
                {facet(t.year, f.year, q.year.map(|y| y.to_string()), |q, v| SearchQuery { year: v.and_then(|v| v.parse().ok()), ..q.clone() })}
            </details>
        }
    });
    let hidden_filters = {
        let mut v = Vec::new();
        if let Some(k) = q.kind {
            v.push(("kind", k.code().to_string()));
        }
        if let Some(l) = q.language {
            v.push(("language", l.code().to_string()));
        }
        if let Some(c) = &q.country {
            v.push(("country", c.clone()));
        }
        if let Some(a) = &q.area {
            v.push(("area", a.clone()));
        }
        if let Some(y) = q.year {
            v.push(("year", y.to_string()));
        }
        v.into_iter().map(|(name, value)| view! { <input type="hidden" name=name value=value/> }).collect_view()
    };
    let ignored = (!results.ignored_words.is_empty()).then(|| {
        view! { <p class="notice">{format!("{} ", t.not_found_words)}<s>{results.ignored_words.join(" ")}</s></p> }
    });
    let empty = (results.total == 0 && !q.q.trim().is_empty()).then(|| {
        let suggestion = results.suggestion.clone().map(|s| {
            let target = SearchQuery { q: s.clone(), page: 0, ..q.clone() };
            view! { <p class="did-you-mean">{format!("{} ", t.did_you_mean)}<a href=href(&target)>{s}</a>"?"</p> }
        });
        let removed = (!results.removed_by.is_empty()).then(|| {
            let items = results
                .removed_by
                .iter()
                .map(|r| view! { <li><a href=href(&r.without)>{r.label.clone()}<span class="count">{r.count}</span></a></li> })
                .collect_view();
            view! {
                <p>{t.filters_removed}</p>
                <ul class="chips removed-filters">{items}</ul>
            }
        });
        view! {
            <div class="empty">
                <p><strong>{t.no_results}</strong></p>
                {suggestion}
                {removed}
            </div>
        }
    });
    let page = q.page.max(1);
    let pager = (results.page_count > 1).then(|| {
        let prev = (page > 1).then(
            || view! { <a href=href(&SearchQuery { page: page - 1, ..q.clone() }) rel="prev">{t.page_previous}</a> },
        );
        let next = (page < results.page_count)
            .then(|| view! { <a href=href(&SearchQuery { page: page + 1, ..q.clone() }) rel="next">{t.page_next}</a> });
        view! {
            <nav class="pager" aria-label=t.pages_nav>
                {prev}
                <span>{format!("{page} {} {}", t.page_of, results.page_count)}</span>
                {next}
            </nav>
        }
    });
    let hits = results.hits.into_iter().map(|h| view! { <HitView lang hit=h/> }).collect_view();
    let count = (!q.q.trim().is_empty()).then(|| {
        view! { <p class="result-count" role="status">{crate::i18n::count_documents(lang, results.total)}</p> }
    });
    let showing_for = results.showing_for.clone().map(|corrected| {
        view! { <p class="showing-for">{format!("{} ", t.showing_results_for)}<strong>{corrected}</strong></p> }
    });
    let start_here = (!results.starting_points.is_empty()).then(|| {
        view! {
            <section class="start-here" aria-labelledby="start-here">
                <h2 id="start-here">{t.start_here}</h2>
                <crate::components::doc_card::CardList cards=results.starting_points.clone() reader=lang/>
            </section>
        }
    });
    let blank = q.q.trim().is_empty();
    view! {
        <div class="search-page">
            <h1>{t.search_results}</h1>
            <form class="search-form search-form-large" role="search" action=format!("/{lang}/search") method="get">
                <label for="search-page-q" class="visually-hidden">{t.search_label}</label>
                <input id="search-page-q" type="search" name="q" value=q.q.clone() maxlength="300"/>
                {hidden_filters}
                <button type="submit">{t.search}</button>
            </form>
            {blank.then(|| view! { <p class="search-hint">{t.search_hint}</p> })}
            <section class="results" aria-label=t.search_results>
                {count}
                {showing_for}
                {ignored}
                {empty}
                {facets}
                <ol class="hits">{hits}</ol>
                {pager}
            </section>
            {(!blank).then(|| view! {
                <details class="search-how">
                    <summary>{t.search_how}</summary>
                    <p class="search-hint">{t.search_hint}</p>
                </details>
            })}
            {start_here}
        </div>
    }
    .into_any()
}

#[component]
fn HitView(lang: Lang, hit: SearchHit) -> AnyView {
    let t = ui(lang);
    let section = hit.section.clone().map(|s| {
        view! { <span>{format!("{}: ", t.section_label)}<a href=hit.matched_url.clone() lang=hit.matched_language.code()>{s}</a></span> }
    });
    let matched = (hit.matched_language != hit.language).then(|| {
        view! {
            <p class="matched-in">
                {format!("{} ", t.matched_in)}
                <a href=hit.matched_url.clone() lang=hit.matched_language.code() hreflang=hit.matched_language.code()>
                    {hit.matched_language.native_name()}
                </a>
            </p>
        }
    });
    let others = (!hit.translations.is_empty()).then(|| {
        let links = hit
            .translations
            .iter()
            .map(|v| {
                view! {
                    <li><a href=v.url.clone() lang=v.language.code() hreflang=v.language.code()>{v.language.native_name()}</a></li>
                }
            })
            .collect_view();
        view! {
            <div class="translations">
                <span>{format!("{}: ", t.other_languages)}</span>
                <ul class="inline-list">{links}</ul>
            </div>
        }
    });
    view! {
        <li class="hit">
            <h2 class="hit-title" lang=hit.language.code()><a href=hit.url.clone()>{hit.title.clone()}</a></h2>
            <p class="card-meta">
                <span class="kind-badge">{kind_label(lang, hit.kind)}</span>
                <span>{language_name(lang, hit.language)}</span>
                {hit.date.clone().map(|d| {
                    let label = hit.date_label.clone().unwrap_or_else(|| d.clone());
                    view! { <time datetime=d>{label}</time> }
                })}
                {section}
            </p>
            <p class="snippet" lang=hit.matched_language.code() inner_html=hit.snippet_html.clone()></p>
            {matched}
            {others}
        </li>
    }
    .into_any()
}
