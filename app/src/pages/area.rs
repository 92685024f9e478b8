//! An exchange area's page: what the area covers, then the documents and workplan activities
//! that belong to it.

use leptos::prelude::*;

use crate::components::doc_card::CardList;
use crate::components::pager::Pager;
use crate::i18n::{kind_label, status_label, ui};
use crate::model::{AreaPage, Kind, Lang};
use crate::pages::document::DocumentPage;
use crate::pages::exchange_map::MapCount;

#[component]
pub fn AreaPageView(lang: Lang, page: AreaPage) -> AnyView {
    let t = ui(lang);
    let base = format!("/{lang}/areas/{}", page.doc.card.slug);
    let href = move |n: u32| if n > 1 { format!("{base}?page={n}#area-docs") } else { format!("{base}#area-docs") };
    let pager = view! { <Pager lang page=page.page page_count=page.page_count href/> };
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
            .map(|(plan, a, period)| {
                let href = format!("{}#{}", plan.href(lang), a.anchor());
                // The activity and its workplan are in the workplan's language.
                let plan_lang = plan.language.code();
                view! {
                    <li>
                        <a href=href lang=plan_lang>{format!("{} {}", a.id, a.title)}</a>
                        " "
                        <span class=format!("status status-{}", a.status.code())>{status_label(lang, a.status)}</span>
                        <span class="file-meta">" — "{period}</span>
                        <span class="file-meta" lang=plan_lang>{format!(" · {}", plan.title)}</span>
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
    let doc_lang = page.doc.card.language.code();
    let questions = (!page.open_questions.is_empty()).then(|| {
        let items = page.open_questions.iter().map(|q| view! { <li lang=doc_lang>{q.clone()}</li> }).collect_view();
        view! {
            <section class="open-questions" aria-labelledby="open-questions" lang=lang.code()>
                <h2 id="open-questions">{t.open_questions}</h2>
                <ul>{items}</ul>
            </section>
        }
    });
    let map = page.map.map(|(columns, row)| {
        let max = row.cells.iter().map(|c| c.count).max().unwrap_or(0);
        let cells = columns
            .into_iter()
            .zip(row.cells)
            .map(|(column, cell)| view! { <tr><th scope="row">{column}</th><MapCount cell max/></tr> })
            .collect_view();
        view! {
            <section class="area-map" aria-labelledby="area-map" lang=lang.code()>
                <h2 id="area-map">{t.map_title}</h2>
                <table class="exchange-map exchange-map-row"><tbody>{cells}</tbody></table>
                <p><a href=format!("/{lang}/map")>{t.map_link}</a></p>
            </section>
        }
    });
    view! {
        <DocumentPage lang doc=page.doc/>
        {questions}
        {map}
        <section class="area-documents" aria-labelledby="area-docs" lang=lang.code()>
            <h2 id="area-docs">{t.in_this_area}</h2>
            {groups}
            {pager}
        </section>
        {activities}
    }
    .into_any()
}
