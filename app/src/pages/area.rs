//! An exchange area's page: what the area covers, then the documents and workplan activities
//! that belong to it.

use leptos::prelude::*;

use crate::components::doc_card::CardList;
use crate::i18n::{kind_label, ui};
use crate::model::{AreaPage, Kind, Lang};
use crate::pages::document::DocumentPage;

#[component]
pub fn AreaPageView(lang: Lang, page: AreaPage) -> AnyView {
    let t = ui(lang);
    let mut groups: Vec<(Kind, Vec<crate::model::DocCard>)> = Vec::new();
    for card in page.documents {
        match groups.iter_mut().find(|(k, _)| *k == card.kind) {
            Some((_, cards)) => cards.push(card),
            None => groups.push((card.kind, vec![card])),
        }
    }
    groups.sort_by_key(|(k, _)| *k);
    let groups = groups
        .into_iter()
        .map(|(kind, cards)| {
            view! {
                <h3>{kind_label(lang, kind)}</h3>
                <CardList cards reader=lang/>
            }
        })
        .collect_view();
    let activities = (!page.activities.is_empty()).then(|| {
        let items = page
            .activities
            .into_iter()
            .map(|(plan, a)| {
                let href = format!("{}#activity-{}", plan.href(lang), a.id.to_lowercase());
                // The activity and its workplan are in the workplan's language.
                let plan_lang = plan.language.code();
                view! {
                    <li>
                        <a href=href lang=plan_lang>{format!("{} {}", a.id, a.title)}</a>
                        " — "
                        <span class="file-meta" lang=plan_lang>{plan.title.clone()}</span>
                        <span class="file-meta">{format!(" ({} – {})", a.start, a.end)}</span>
                    </li>
                }
            })
            .collect_view();
        view! {
            <section aria-labelledby="area-activities" lang=lang.code()>
                <h2 id="area-activities">{t.workplan_activities}</h2>
                <ul>{items}</ul>
            </section>
        }
    });
    view! {
        <DocumentPage lang doc=page.doc/>
        <section class="area-documents" aria-labelledby="area-docs" lang=lang.code()>
            <h2 id="area-docs">{t.in_this_area}</h2>
            {groups}
        </section>
        {activities}
    }
    .into_any()
}
