//! A section page: the documents of one kind, filterable by language, country and area.

use leptos::prelude::*;

use crate::components::section_browser::SectionBrowser;
use crate::i18n::{section_intro, section_label, ui};
use crate::model::{Lang, Section, SectionList};

#[component]
pub fn SectionPage(lang: Lang, list: SectionList) -> AnyView {
    let section = list.section;
    view! {
        <div class="section-page">
            <h1>{section_label(lang, section)}</h1>
            <p class="lead">{section_intro(lang, section)}</p>
            {(section == Section::Webinars).then(|| view! {
                <p class="calendar-link"><a href="/feeds/webinars.ics" type="text/calendar">{ui(lang).subscribe_webinars}</a></p>
            })}
            <SectionBrowser lang list/>
        </div>
    }
    .into_any()
}
