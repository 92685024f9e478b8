//! The home page: what the partnership is, the latest documents, the sections, the areas.

use leptos::prelude::*;

use crate::components::doc_card::CardList;
use crate::i18n::{section_intro, section_label, ui};
use crate::model::{HomeData, Lang};

#[component]
pub fn HomePage(lang: Lang, data: HomeData) -> AnyView {
    let t = ui(lang);
    let intro = data.overview.map(|o| {
        let href = o.href(lang);
        view! {
            <section class="intro" aria-labelledby="intro-title" lang=o.language.code()>
                <crate::components::seed_head::SeedHead/>
                <div class="intro-text">
                    <h1 id="intro-title">{o.title.clone()}</h1>
                    <p class="lead">{o.summary.clone()}</p>
                    <p><a class="button" href=href>{t.read_more}</a></p>
                </div>
            </section>
        }
    });
    let sections = data
        .sections
        .into_iter()
        .map(|(s, count)| {
            view! {
                <li class="section-tile">
                    <a href=format!("/{lang}/{}", s.path())>
                        <span class="tile-title">{section_label(lang, s)}</span>
                        <span class="count">{count}</span>
                    </a>
                    <p>{section_intro(lang, s)}</p>
                </li>
            }
        })
        .collect_view();
    let areas = data
        .areas
        .into_iter()
        .map(|a| {
            let href = a.href(lang);
            view! {
                <li lang=a.language.code()>
                    <a href=href>{a.title.clone()}</a>
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="home">
            <p class="tagline">{t.tagline}</p>
            {intro}
            <section aria-labelledby="latest-title">
                <h2 id="latest-title">{t.latest}</h2>
                <CardList cards=data.latest reader=lang/>
            </section>
            <section aria-labelledby="sections-title">
                <h2 id="sections-title">{t.sections}</h2>
                <ul class="section-tiles">{sections}</ul>
            </section>
            <section aria-labelledby="areas-title">
                <h2 id="areas-title">{t.exchange_areas}</h2>
                <ul class="area-list">{areas}</ul>
            </section>
        </div>
    }
    .into_any()
}
