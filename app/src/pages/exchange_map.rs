//! The exchange map: exchange areas as rows against what the portal holds for each, every
//! count a link to the list it counts. An accessible table first; each cell's shade (a class,
//! so it prints and needs no script) shows where knowledge is rich and where it is missing.

use leptos::prelude::*;

use crate::i18n::ui;
use crate::model::{ExchangeMap, Lang, MapCell};

/// A cell's weight class, 0 (nothing) to 4 (the most on the map).
fn weight(count: u32, max: u32) -> String {
    let w = if count == 0 || max == 0 { 0 } else { 1 + (count * 3).div_ceil(max).min(3) };
    format!("map-cell w{w}")
}

/// One count, linked when there is something to see.
#[component]
pub fn MapCount(cell: MapCell, max: u32) -> impl IntoView {
    let class = weight(cell.count, max);
    view! {
        <td class=class>
            {if cell.count > 0 {
                view! { <a href=cell.href.clone()>{cell.count}</a> }.into_any()
            } else {
                view! { <span class="map-zero">"0"</span> }.into_any()
            }}
        </td>
    }
}

/// The table of the whole map.
#[component]
pub fn MapTable(lang: Lang, map: ExchangeMap) -> impl IntoView {
    let t = ui(lang);
    let head = map.columns.iter().map(|c| view! { <th scope="col">{c.clone()}</th> }).collect_view();
    let max = map.max;
    let rows = map
        .rows
        .into_iter()
        .map(|r| {
            let cells = r.cells.into_iter().map(|cell| view! { <MapCount cell max/> }).collect_view();
            view! {
                <tr>
                    <th scope="row"><a href=format!("/{lang}/areas/{}", r.area.slug)>{r.area.title.clone()}</a></th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll" tabindex="0">
            <table class="exchange-map">
                <caption class="visually-hidden">{t.map_title}</caption>
                <thead><tr><th scope="col">{t.map_area}</th>{head}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

#[component]
pub fn ExchangeMapPage(lang: Lang, map: ExchangeMap) -> impl IntoView {
    let t = ui(lang);
    view! {
        <div class="map-page">
            <h1>{t.map_title}</h1>
            <p class="lead">{t.map_intro}</p>
            <MapTable lang map/>
        </div>
    }
}
