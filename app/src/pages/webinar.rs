//! A webinar's event block: upcoming or past, when in Bishkek and Seoul time side by side (and
//! the reader's own zone), a calendar file, organisers and institutions, the recording, and the
//! agenda with each item's times in the same zones.

use leptos::prelude::*;

use crate::i18n::ui;
use crate::model::{EventInfo, EventTimes, Lang};

#[component]
pub fn EventBlock(lang: Lang, doc_lang: Lang, event: EventInfo, times: EventTimes) -> AnyView {
    let t = ui(lang);
    let dl = doc_lang.code();
    let state = if times.upcoming {
        view! { <p class="event-state event-upcoming">{t.upcoming}</p> }
    } else {
        view! { <p class="event-state event-past">{t.past}</p> }
    };
    let when_rows = times
        .zones
        .iter()
        .zip(times.event.iter())
        .map(|(zone, when)| view! { <tr><th scope="row">{zone.clone()}</th><td>{when.clone()}</td></tr> })
        .collect_view();
    let timed_agenda = times.agenda.iter().any(|a| !a.is_empty());
    let item_text = |item: &crate::model::AgendaItem| {
        let who = match (&item.presenter, &item.organisation) {
            (Some(p), Some(o)) => Some(format!("{p}, {o}")),
            (Some(p), None) => Some(p.clone()),
            (None, Some(o)) => Some(o.clone()),
            (None, None) => None,
        };
        view! {
            <strong>{item.title.clone()}</strong>
            {who.map(|w| view! { <span class="presenter">" — "{w}</span> })}
            {item.summary.clone().map(|s| view! { <p>{s}</p> })}
        }
    };
    let agenda = (!event.agenda.is_empty()).then(|| {
        if timed_agenda {
            let head = times.zones.iter().map(|z| view! { <th scope="col">{z.clone()}</th> }).collect_view();
            let rows = event
                .agenda
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    let cells = times.agenda.get(i).cloned().unwrap_or_default();
                    let cells = if cells.is_empty() { vec![String::new(); times.zones.len()] } else { cells };
                    let utc = times.agenda_utc.get(i).cloned().flatten();
                    view! {
                        <tr data-start=utc.as_ref().map(|u| u.0.clone()) data-end=utc.as_ref().map(|u| u.1.clone())>
                            {cells.into_iter().map(|c| view! { <td class="agenda-time">{c}</td> }).collect_view()}
                            <td lang=dl>{item_text(item)}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <h3 id="agenda">{t.agenda}</h3>
                <div class="table-scroll" tabindex="0">
                    <table class="agenda-table">
                        <thead><tr>{head}<th scope="col">{t.agenda_item}</th></tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }
            .into_any()
        } else {
            let items = event.agenda.iter().map(|item| view! { <li lang=dl>{item_text(item)}</li> }).collect_view();
            view! {
                <h3 id="agenda">{t.agenda}</h3>
                <ol class="agenda">{items}</ol>
            }
            .into_any()
        }
    });
    let recording = event.recording.clone().map(|url| {
        view! { <div><dt>{t.recording}</dt><dd><a href=url.clone() rel="noreferrer noopener">{url.clone()}</a></dd></div> }
    });
    view! {
        <section class="event" aria-labelledby="event-title" lang=lang.code()>
            <h2 id="event-title">{t.event}</h2>
            {state}
            <table
                class="event-when"
                data-start=times.utc.as_ref().map(|u| u.0.clone())
                data-end=times.utc.as_ref().map(|u| u.1.clone())
                data-zones=times.zone_names.join(" ")
                data-own-label=t.your_time
            >
                <caption class="visually-hidden">{t.date}</caption>
                <tbody>{when_rows}</tbody>
            </table>
            {times.whole_day.then(|| view! { <p class="event-note">{t.whole_day}</p> })}
            <p class="calendar-link"><a href=times.ics_href.clone() type="text/calendar">{t.add_to_calendar}</a></p>
            <dl class="doc-meta">
                {(!event.organisers.is_empty()).then(|| view! {
                    <div><dt>{t.organisers}</dt><dd lang=dl>{event.organisers.join("; ")}</dd></div>
                })}
                {(!event.institutions.is_empty()).then(|| view! {
                    <div><dt>{t.institutions}</dt><dd lang=dl>{event.institutions.join("; ")}</dd></div>
                })}
                {recording}
            </dl>
            {agenda}
        </section>
    }
    .into_any()
}
