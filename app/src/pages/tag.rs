//! A tag's page: every document carrying it.

use leptos::prelude::*;

use crate::components::doc_card::CardList;
use crate::components::pager::Pager;
use crate::i18n::ui;
use crate::model::{Lang, Named, TagPage};

#[component]
pub fn TagPageView(lang: Lang, page: TagPage) -> AnyView {
    let t = ui(lang);
    let base = format!("/{lang}/tags/{}", crate::model::encode_component(&page.tag.slug));
    let href = move |n: u32| if n > 1 { format!("{base}?page={n}") } else { base.clone() };
    view! {
        <div class="tag-page">
            <p class="eyebrow">{t.tag}</p>
            <h1>{format!("#{}", page.tag.title)}</h1>
            <p class="result-count">{crate::i18n::count_documents(lang, page.total)}</p>
            <CardList cards=page.documents reader=lang top=true/>
            <Pager lang page=page.page page_count=page.page_count href/>
        </div>
    }
    .into_any()
}

/// Every tag with how many documents carry it.
#[component]
pub fn TagIndexPage(lang: Lang, tags: Vec<(Named, u32)>) -> AnyView {
    let t = ui(lang);
    let items = tags
        .into_iter()
        .map(|(tag, n)| {
            view! {
                <li>
                    <a href=format!("/{lang}/tags/{}", crate::model::encode_component(&tag.slug))>
                        {format!("#{}", tag.title)}
                        <span class="count">{n}</span>
                    </a>
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="tag-page">
            <h1>{t.all_tags}</h1>
            <ul class="chips">{items}</ul>
        </div>
    }
    .into_any()
}
