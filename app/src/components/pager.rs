//! "Previous · page 2 of 5 · Next" below a paged list.

use leptos::prelude::*;

use crate::i18n::ui;
use crate::model::Lang;

/// Links to the neighbouring pages; nothing when there is one page. `href` gives a page's address.
#[component]
pub fn Pager(lang: Lang, page: u32, page_count: u32, href: impl Fn(u32) -> String + 'static) -> impl IntoView {
    let t = ui(lang);
    (page_count > 1).then(|| {
        let prev = (page > 1).then(|| view! { <a href=href(page - 1) rel="prev">{t.page_previous}</a> });
        let next = (page < page_count).then(|| view! { <a href=href(page + 1) rel="next">{t.page_next}</a> });
        view! {
            <nav class="pager" aria-label=t.pages_nav>
                {prev}
                <span>{format!("{page} {} {page_count}", t.page_of)}</span>
                {next}
            </nav>
        }
    })
}
