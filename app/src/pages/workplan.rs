//! A workplan's working view: the timeline (an SVG Gantt chart drawn by the server), the same
//! activities as a table for screen readers, and one card per activity with its dependencies,
//! evidence, history and, for editors, a form to change its status (no JavaScript needed).

use leptos::prelude::*;

use crate::i18n::{fill, status_label, ui};
use crate::model::{Activity, ActivityStatus, Lang, WorkplanView};

fn lookup<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a String> {
    pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

/// The timeline, the table and the activity cards of a workplan page.
#[component]
pub fn WorkplanSection(
    lang: Lang,
    doc_lang: Lang,
    slug: String,
    activities: Vec<Activity>,
    view: WorkplanView,
) -> AnyView {
    let t = ui(lang);
    let dl = doc_lang.code();
    let area_name = |a: &str| lookup(&view.area_names, a).cloned().unwrap_or_else(|| a.to_string());
    let period = |i: usize| view.periods.get(i).cloned().unwrap_or_default();
    let rows = activities
        .iter()
        .enumerate()
        .map(|(i, a)| {
            view! {
                <tr>
                    <th scope="row"><a href=format!("#{}", a.anchor())>{a.id.clone()}</a></th>
                    <td lang=dl>{a.title.clone()}</td>
                    <td>{area_name(&a.area)}</td>
                    <td>{period(i)}</td>
                    <td>{status_label(lang, a.status)}</td>
                    <td lang=dl>{a.lead.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    let cards = activities
        .iter()
        .enumerate()
        .map(|(i, a)| {
            view! {
                <ActivityCard
                    lang
                    doc_lang
                    slug=slug.clone()
                    activity=a.clone()
                    period=period(i)
                    area_name=area_name(&a.area)
                    view=view.clone()
                />
            }
        })
        .collect_view();
    view! {
        <section class="activities" aria-labelledby="activities-title" lang=lang.code()>
            <h2 id="activities-title">{t.activities}</h2>
            <figure class="timeline">
                <div class="timeline-scroll" tabindex="0" aria-describedby="activity-table-caption" inner_html=view.timeline_svg.clone()></div>
                <figcaption class="timeline-legend">
                    {ActivityStatus::ALL.map(|s| view! {
                        <span class=format!("legend status-{}", s.code())>{status_label(lang, s)}</span>
                    }).to_vec()}
                    <span class="legend legend-today">{t.today}</span>
                </figcaption>
            </figure>
            // A table is as wide as its content whatever its width says: the wrapper hides it.
            <div class="visually-hidden">
            <table class="activity-table">
                <caption id="activity-table-caption">{t.activity_table}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t.activity_number}</th>
                        <th scope="col">{t.activity_title}</th>
                        <th scope="col">{t.filter_area}</th>
                        <th scope="col">{t.period}</th>
                        <th scope="col">{t.status}</th>
                        <th scope="col">{t.lead}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            </div>
            <p class="csv-link"><a href=view.csv_href.clone() download="">{t.download_csv}</a></p>
            <ol class="activity-list">{cards}</ol>
        </section>
    }
    .into_any()
}

/// One activity: its facts, what it waits for, what came out of it, its history, and the
/// status form for editors.
#[component]
fn ActivityCard(
    lang: Lang,
    doc_lang: Lang,
    slug: String,
    activity: Activity,
    period: String,
    area_name: String,
    view: WorkplanView,
) -> impl IntoView {
    let t = ui(lang);
    let dl = doc_lang.code();
    let a = activity;
    let delayed = a.delayed(&view.this_month);
    let list = |items: &[String]| items.iter().map(|o| view! { <li lang=dl>{o.clone()}</li> }).collect_view();
    let outputs =
        (!a.outputs.is_empty()).then(|| view! { <div><dt>{t.outputs}</dt><dd><ul>{list(&a.outputs)}</ul></dd></div> });
    let indicators = (!a.indicators.is_empty())
        .then(|| view! { <div><dt>{t.indicators}</dt><dd><ul>{list(&a.indicators)}</ul></dd></div> });
    let depends = (!a.depends_on.is_empty()).then(|| {
        let links = a
            .depends_on
            .iter()
            .map(|d| view! { <li><a href=format!("#activity-{}", d.to_lowercase())>{d.clone()}</a></li> })
            .collect_view();
        view! { <div><dt>{t.depends_on}</dt><dd><ul class="inline-list">{links}</ul></dd></div> }
    });
    let evidence = (!a.evidence.is_empty()).then(|| {
        let links = a
            .evidence
            .iter()
            .filter_map(|s| view.evidence_titles.iter().find(|(k, _, _)| k == s))
            .map(|(s, title, l)| {
                view! { <li><a href=format!("/{lang}/doc/{s}") lang=l.code()>{title.clone()}</a></li> }
            })
            .collect_view();
        view! { <div><dt>{t.evidence}</dt><dd><ul>{links}</ul></dd></div> }
    });
    let history = lookup_history(&view.histories, &a.id).filter(|h| !h.is_empty()).map(|lines| {
        let items = lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view();
        view! { <div><dt>{t.history_title}</dt><dd><ul class="history">{items}</ul></dd></div> }
    });
    let form = view.can_update.then(|| {
        let options = ActivityStatus::ALL
            .map(|s| view! { <option value=s.code() selected=s == a.status>{status_label(lang, s)}</option> })
            .to_vec();
        let status_id = format!("status-{}", a.id.to_lowercase());
        let note_id = format!("note-{}", a.id.to_lowercase());
        view! {
            <form class="status-form" method="post" action=format!("/{lang}/doc/{slug}/activities/{}", a.id)>
                <input type="hidden" name="csrf" value=view.csrf.clone()/>
                <fieldset>
                    <legend>{t.change_status}</legend>
                    <label for=status_id.clone()>{t.status}</label>
                    <select id=status_id name="status">{options}</select>
                    <label for=note_id.clone()>{t.progress_note}</label>
                    <input id=note_id type="text" name="note" maxlength="300"/>
                    <button type="submit">{t.save_status}</button>
                </fieldset>
            </form>
        }
    });
    view! {
        <li class="activity" id=a.anchor()>
            <h3 lang=dl>
                <span class="activity-id">{a.id.clone()}</span>
                " "
                {a.title.clone()}
            </h3>
            {delayed.then(|| view! { <p class="flag-delayed" role="note">{t.delayed}</p> })}
            <dl class="doc-meta">
                <div><dt>{t.status}</dt><dd><span class=format!("status status-{}", a.status.code())>{status_label(lang, a.status)}</span></dd></div>
                <div><dt>{t.period}</dt><dd><time datetime=a.start.clone()>{period}</time></dd></div>
                <div><dt>{t.filter_area}</dt><dd><a href=format!("/{lang}/areas/{}", a.area)>{area_name}</a></dd></div>
                <div><dt>{t.lead}</dt><dd lang=dl>{a.lead.clone()}</dd></div>
                {(!a.partners.is_empty()).then(|| view! { <div><dt>{t.partners}</dt><dd lang=dl>{a.partners.join("; ")}</dd></div> })}
                {depends}
                {outputs}
                {indicators}
                {evidence}
                {history}
            </dl>
            {form}
        </li>
    }
}

fn lookup_history(histories: &[(String, Vec<String>)], id: &str) -> Option<Vec<String>> {
    histories.iter().find(|(k, _)| k == id).map(|(_, v)| v.clone())
}

/// "In progress since 12 March 2026" in the reader's words, from labels the server wrote.
pub fn since(lang: Lang, status: ActivityStatus, date_label: &str) -> String {
    fill(ui(lang).progress_since, &[("status", status_label(lang, status)), ("date", date_label)])
}
