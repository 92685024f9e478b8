//! The translation desk: every document in every language, with where each translation stands
//! against its original (missing, up to date, outdated and by how much, in progress), filtered
//! by language, kind and area with an ordinary GET form.

use leptos::prelude::*;

use crate::i18n::{count, fill, kind_label, translation_status_label, ui};
use crate::model::{DeskFilters, DeskRow, Kind, Lang, Named, TranslationCell, TranslationStatus};

#[component]
pub fn TranslationDeskPage(lang: Lang, rows: Vec<DeskRow>, filters: DeskFilters, areas: Vec<Named>) -> AnyView {
    let t = ui(lang);
    let columns: Vec<Lang> = Lang::ALL.into_iter().filter(|l| filters.language.is_none_or(|f| f == *l)).collect();
    let language_options = crate::components::forms::language_options(lang, filters.language);
    let kind_options = Kind::ALL
        .into_iter()
        .map(|k| view! { <option value=k.code() selected=filters.kind == Some(k)>{kind_label(lang, k)}</option> })
        .collect_view();
    let area_options = areas
        .into_iter()
        .map(|a| {
            let selected = filters.area.as_deref() == Some(a.slug.as_str());
            view! { <option value=a.slug selected=selected>{a.title}</option> }
        })
        .collect_view();
    // How many versions stand where, per language shown: the desk's answer at a glance.
    let summary = columns
        .iter()
        .map(|l| {
            let cells: Vec<&TranslationCell> =
                rows.iter().flat_map(|r| r.cells.iter()).filter(|c| c.language == *l).collect();
            let n = |s: TranslationStatus| cells.iter().filter(|c| c.status == s).count();
            let parts = [TranslationStatus::UpToDate, TranslationStatus::Outdated, TranslationStatus::Missing]
                .into_iter()
                .map(|s| format!("{} {}", translation_status_label(lang, s), n(s)))
                .collect::<Vec<_>>()
                .join(" · ");
            view! { <li><strong lang=l.code()>{l.native_name()}</strong>": "{parts}</li> }
        })
        .collect_view();
    let head = columns.iter().map(|l| view! { <th scope="col" lang=l.code()>{l.native_name()}</th> }).collect_view();
    let body = rows
        .iter()
        .map(|row| {
            let cells = row.cells.iter().map(|c| view! { <td><DeskCell lang row=row.clone() cell=c.clone()/></td> }).collect_view();
            let areas = row.areas.iter().map(|a| a.title.clone()).collect::<Vec<_>>().join(", ");
            view! {
                <tr>
                    <th scope="row">
                        <a href=format!("/{}/doc/{}", row.original_language, row.slug) lang=row.original_language.code()>
                            {row.title.clone()}
                        </a>
                        <span class="desk-meta">{kind_label(lang, row.kind)}{(!areas.is_empty()).then(|| format!(" · {areas}"))}</span>
                    </th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    let table = if rows.is_empty() {
        view! { <p class="empty">{t.no_desk_rows}</p> }.into_any()
    } else {
        view! {
            <div class="table-wrap">
                <table class="desk-table">
                    <thead><tr><th scope="col">{t.document_column}</th>{head}</tr></thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <div class="translation-desk">
            <p class="breadcrumb"><a href=format!("/{lang}/editor")>{t.editor}</a></p>
            <h1>{t.translation_desk}</h1>
            <p class="lead">{t.desk_intro}</p>
            <form method="get" action=format!("/{lang}/editor/translations") class="filter-form">
                <label for="desk-language">{t.language}</label>
                <select id="desk-language" name="language">
                    <option value="">{t.any}</option>
                    {language_options}
                </select>
                <label for="desk-kind">{t.kind}</label>
                <select id="desk-kind" name="kind">
                    <option value="">{t.any}</option>
                    {kind_options}
                </select>
                <label for="desk-area">{t.filter_area}</label>
                <select id="desk-area" name="area">
                    <option value="">{t.any}</option>
                    {area_options}
                </select>
                <button type="submit">{t.apply}</button>
            </form>
            <ul class="desk-summary">{summary}</ul>
            {table}
        </div>
    }
    .into_any()
}

/// One language of one document: its standing, and the way to work on it.
#[component]
fn DeskCell(lang: Lang, row: DeskRow, cell: TranslationCell) -> AnyView {
    let t = ui(lang);
    let label = translation_status_label(lang, cell.status);
    let detail = match (cell.status, &cell.since) {
        (TranslationStatus::Outdated, since) => {
            let mut parts = Vec::new();
            if cell.behind > 0 {
                parts.push(count(lang, cell.behind.into(), &t.n_versions_since));
            }
            if let Some(date) = since {
                parts.push(fill(t.original_updated_on, &[("date", date)]));
            }
            (!parts.is_empty()).then(|| parts.join(", "))
        }
        _ => None,
    };
    let action = match (cell.status, cell.document_id) {
        (TranslationStatus::Missing, _) => Some(
            view! {
                <a href=format!("/{lang}/editor/new?translation_of={}&language={}", row.slug, cell.language)>
                    {t.translate_action}
                </a>
            }
            .into_any(),
        ),
        (_, Some(id)) => Some(view! { <a href=format!("/{lang}/editor/{id}")>{t.edit}</a> }.into_any()),
        _ => None,
    };
    view! {
        <span class=format!("tr-status tr-{}", cell.status)>{label}</span>
        {detail.map(|d| view! { <span class="desk-detail">{d}</span> })}
        {action.map(|a| view! { <span class="desk-action">{a}</span> })}
    }
    .into_any()
}
